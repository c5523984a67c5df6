import { beforeEach, describe, expect, it } from "vitest";
import { MAX_UPLOAD_BYTES } from "../registry";
import {
  CI_TOKEN,
  call,
  declaringBytes,
  errorCode,
  makeArtifact,
  OPS_TOKEN,
  registryState,
  resetRegistry,
  setRollout,
  upload,
  uploadForm,
} from "./registryTestKit";

beforeEach(resetRegistry);

/** Runs a request that must be refused and checks that D1, R2 and the audit log did not change. */
async function refusedWithoutChange(request: () => Promise<Response>, status: number, code: string) {
  const before = await registryState();
  const res = await request();
  expect(res.status).toBe(status);
  expect(await errorCode(res)).toBe(code);
  expect(await registryState()).toEqual(before);
}

async function publish(version: string, shardBytes = 256) {
  const res = await upload(version, uploadForm(await makeArtifact(version, shardBytes)));
  expect(res.status).toBe(201);
}

describe("admin auth", () => {
  it("closes every admin route without a token or with a bad one", async () => {
    await publish("v0");
    const routes: [string, string][] = [
      ["GET", "/v1/admin/rollout"],
      ["GET", "/v1/admin/audit"],
      ["GET", "/v1/admin/models"],
      ["POST", "/v1/admin/rollout/promote"],
      ["POST", "/v1/admin/rollout/rollback"],
      ["GET", "/v1/admin/catalog/anything"],
    ];
    for (const [method, path] of routes) {
      await refusedWithoutChange(() => call(path, { method }), 401, "missing_token");
      await refusedWithoutChange(() => call(path, { method, token: "not-a-token" }), 401, "bad_token");
    }
    const artifact = await makeArtifact("v1");
    await refusedWithoutChange(() => upload("v1", uploadForm(artifact), "nope"), 401, "bad_token");
    await refusedWithoutChange(
      () => call("/v1/admin/rollout", { method: "PUT", body: JSON.stringify({ live: "v0" }) }),
      401,
      "missing_token",
    );
  });
});

describe("PUT /v1/admin/models/:version", () => {
  it("stores a version: 201, R2 objects under models/<version>/, one audit row by the token's label", async () => {
    const artifact = await makeArtifact("v1");
    const res = await upload("v1", uploadForm(artifact), CI_TOKEN);
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      version: "v1",
      uploadedBy: "ci",
      bytes: artifact.manifestText.length + 256,
    });
    const state = await registryState();
    expect(state.versions).toEqual([expect.objectContaining({ version: "v1", status: "ready" })]);
    expect(state.r2).toEqual([
      `models/v1/group1-shard1of1.bin:256`,
      `models/v1/manifest.json:${artifact.manifestText.length}`,
    ]);
    const audit = (await (await call("/v1/admin/audit", { token: OPS_TOKEN })).json()) as {
      entries: unknown[];
    };
    expect(audit.entries).toEqual([
      expect.objectContaining({ actor: "ci", action: "model.upload", target: "v1" }),
    ]);
  });

  it("answers 200 and writes nothing for a byte-identical re-upload", async () => {
    const artifact = await makeArtifact("v1");
    expect((await upload("v1", uploadForm(artifact))).status).toBe(201);
    const before = await registryState();
    const again = await upload("v1", uploadForm(artifact));
    expect(again.status).toBe(200);
    expect(await registryState()).toEqual(before);
  });

  it("refuses the same version with other bytes with 409 (versions are immutable)", async () => {
    await publish("v1", 256);
    await refusedWithoutChange(
      async () => upload("v1", uploadForm(await makeArtifact("v1", 300))),
      409,
      "version_exists",
    );
  });

  it("refuses a sha256 mismatch", async () => {
    const artifact = await makeArtifact("v2");
    artifact.files[0].data = artifact.files[0].data.map((b, i) => (i === 3 ? b ^ 1 : b));
    await refusedWithoutChange(() => upload("v2", uploadForm(artifact)), 400, "sha256_mismatch");
  });

  it("refuses a size mismatch, a missing file, an unlisted part and a missing manifest", async () => {
    const artifact = await makeArtifact("v2");
    const short = { ...artifact, files: [{ ...artifact.files[0], data: artifact.files[0].data.slice(1) }] };
    await refusedWithoutChange(() => upload("v2", uploadForm(short)), 400, "size_mismatch");
    await refusedWithoutChange(
      () => upload("v2", uploadForm({ ...artifact, files: [] })),
      400,
      "missing_file",
    );
    const extra = uploadForm(artifact);
    extra.append("evil.bin", new Blob([new Uint8Array(4)]), "evil.bin");
    await refusedWithoutChange(() => upload("v2", extra), 400, "unexpected_part");
    const noManifest = new FormData();
    noManifest.append(artifact.files[0].path, new Blob([artifact.files[0].data]), "x.bin");
    await refusedWithoutChange(() => upload("v2", noManifest), 400, "missing_manifest");
  });

  it("refuses manifests that fail validation: bad JSON, version mismatch, traversal, absolute path, bad sha256", async () => {
    const artifact = await makeArtifact("v2");
    const withFiles = (files: unknown) =>
      JSON.stringify({ ...artifact.manifest, files, weightsManifest: [] });
    const file = artifact.files[0];
    const sha = (artifact.manifest.files as { sha256: string }[])[0].sha256;
    const cases: [string, string][] = [
      ["{not json", "bad_manifest"],
      [JSON.stringify({ ...artifact.manifest, version: "v3" }), "version_mismatch"],
      [withFiles([{ path: `../${file.path}`, sha256: sha, bytes: 256 }]), "bad_manifest"],
      [withFiles([{ path: `/${file.path}`, sha256: sha, bytes: 256 }]), "bad_manifest"],
      [withFiles([{ path: file.path, sha256: "1234", bytes: 256 }]), "bad_manifest"],
      [JSON.stringify({ ...artifact.manifest, files: undefined }), "bad_manifest"],
    ];
    for (const [manifestText, code] of cases) {
      await refusedWithoutChange(() => upload("v2", uploadForm(artifact, manifestText)), 400, code);
    }
  });

  it("refuses a bad version in the URL and a body that is not multipart", async () => {
    const artifact = await makeArtifact("v2");
    await refusedWithoutChange(() => upload("-v2", uploadForm(artifact)), 400, "bad_version");
    await refusedWithoutChange(
      () => call("/v1/admin/models/v2", { method: "PUT", body: artifact.manifestText, token: OPS_TOKEN }),
      400,
      "bad_content_type",
    );
  });

  it("refuses an upload over 32 MiB with 413, whether the body or the manifest's total is too big", async () => {
    const artifact = await makeArtifact("big");
    const form = uploadForm(artifact);
    form.append("padding.bin", new Blob([new Uint8Array(MAX_UPLOAD_BYTES)]), "padding.bin");
    await refusedWithoutChange(() => upload("big", form), 413, "payload_too_large");
    const declared = JSON.stringify(declaringBytes(artifact.manifest, MAX_UPLOAD_BYTES));
    await refusedWithoutChange(() => upload("big", uploadForm(artifact, declared)), 413, "payload_too_large");
  });
});

describe("rollout", () => {
  it("sets live, starts a canary, promotes and rolls back, auditing each action with the token's label", async () => {
    await publish("v1");
    await publish("v2");
    const auditBefore = (await registryState()).audit;

    const live = await setRollout({ live: "v1" });
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({
      live: "v1",
      canary: null,
      canaryPercent: 0,
      previousLive: null,
    });

    const canary = await setRollout({ live: "v1", canary: "v2", canaryPercent: 10 }, CI_TOKEN);
    expect(await canary.json()).toMatchObject({
      live: "v1",
      canary: "v2",
      canaryPercent: 10,
      updatedBy: "ci",
    });

    const promoted = await call("/v1/admin/rollout/promote", { method: "POST", token: OPS_TOKEN });
    expect(await promoted.json()).toMatchObject({
      live: "v2",
      canary: null,
      canaryPercent: 0,
      previousLive: "v1",
    });

    const rolledBack = await call("/v1/admin/rollout/rollback", { method: "POST", token: OPS_TOKEN });
    expect(await rolledBack.json()).toMatchObject({ live: "v1", canary: null, previousLive: null });

    const read = await call("/v1/admin/rollout", { token: OPS_TOKEN });
    expect(await read.json()).toMatchObject({ live: "v1", canary: null, revision: 4 });

    const audit = (await (await call("/v1/admin/audit?limit=4", { token: OPS_TOKEN })).json()) as {
      entries: {
        id: number;
        actor: string;
        action: string;
        target: string;
        detail: Record<string, unknown>;
      }[];
    };
    expect((await registryState()).audit).toBe(auditBefore + 4);
    expect(audit.entries.map((e) => [e.actor, e.action, e.target])).toEqual([
      ["ops", "rollout.rollback", "v1"],
      ["ops", "rollout.promote", "v2"],
      ["ci", "rollout.set", "v1"],
      ["ops", "rollout.set", "v1"],
    ]);
    expect(audit.entries[1].detail).toEqual({
      before: { live: "v1", canary: "v2", canaryPercent: 10 },
      after: { live: "v2", canary: null, canaryPercent: 0 },
    });
    const older = (await (
      await call(`/v1/admin/audit?limit=10&before=${audit.entries[1].id}`, { token: OPS_TOKEN })
    ).json()) as {
      entries: { action: string }[];
    };
    expect(older.entries.map((e) => e.action)).toEqual([
      "rollout.set",
      "rollout.set",
      "model.upload",
      "model.upload",
    ]);
  });

  it("renews the bucket salt for a new canary and keeps it while the same canary ramps", async () => {
    await publish("v1");
    await publish("v2");
    await publish("v3");
    const salt = async () =>
      ((await (await call("/v1/admin/rollout", { token: OPS_TOKEN })).json()) as { salt: string }).salt;
    await setRollout({ live: "v1", canary: "v2", canaryPercent: 5 });
    const first = await salt();
    await setRollout({ live: "v1", canary: "v2", canaryPercent: 20 });
    expect(await salt()).toBe(first);
    await setRollout({ live: "v1", canary: "v3", canaryPercent: 20 });
    expect(await salt()).not.toBe(first);
  });

  it("refuses an unknown version with 404 and changes nothing", async () => {
    await publish("v1");
    await refusedWithoutChange(() => setRollout({ live: "nope" }), 404, "unknown_version");
    await refusedWithoutChange(
      () => setRollout({ live: "v1", canary: "nope", canaryPercent: 5 }),
      404,
      "unknown_version",
    );
  });

  it("refuses promote without a canary and rollback without a previous live version with 409", async () => {
    await refusedWithoutChange(
      () => call("/v1/admin/rollout/promote", { method: "POST", token: OPS_TOKEN }),
      409,
      "no_canary",
    );
    await refusedWithoutChange(
      () => call("/v1/admin/rollout/rollback", { method: "POST", token: OPS_TOKEN }),
      409,
      "no_previous",
    );
    await publish("v1");
    expect((await setRollout({ live: "v1" })).status).toBe(200);
    await refusedWithoutChange(
      () => call("/v1/admin/rollout/rollback", { method: "POST", token: OPS_TOKEN }),
      409,
      "no_previous",
    );
  });

  it("refuses malformed rollout bodies with 400", async () => {
    await publish("v1");
    await publish("v2");
    const bad: unknown[] = [
      {},
      { live: 3 },
      { live: "v1", canary: "v2" },
      { live: "v1", canaryPercent: 10 },
      { live: "v1", canary: "v2", canaryPercent: 150 },
      { live: "v1", canary: "v2", canaryPercent: -1 },
      { live: "v1", canary: "v1", canaryPercent: 10 },
      { live: "v1", extra: true },
    ];
    for (const body of bad) await refusedWithoutChange(() => setRollout(body), 400, "bad_rollout");
    await refusedWithoutChange(
      () => call("/v1/admin/rollout", { method: "PUT", body: "{nope", token: OPS_TOKEN }),
      400,
      "bad_json",
    );
    await refusedWithoutChange(
      () =>
        call("/v1/admin/rollout", {
          method: "PUT",
          body: JSON.stringify({ live: "v1", pad: "x".repeat(5000) }),
          token: OPS_TOKEN,
        }),
      413,
      "payload_too_large",
    );
  });
});

describe("GET /v1/admin/audit and /v1/admin/models", () => {
  it("validates limit and before", async () => {
    for (const query of ["limit=0", "limit=501", "limit=abc", "limit=1e2", "before=0", "before=x"]) {
      const res = await call(`/v1/admin/audit?${query}`, { token: OPS_TOKEN });
      expect(res.status).toBe(400);
    }
  });

  it("lists published versions newest first", async () => {
    await publish("v1");
    await publish("v2");
    const res = await call("/v1/admin/models", { token: OPS_TOKEN });
    const body = (await res.json()) as { versions: { version: string }[] };
    expect(body.versions.map((v) => v.version).sort()).toEqual(["v1", "v2"]);
  });
});
