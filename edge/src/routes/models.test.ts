import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { assignCohort, getRollout, sha256Hex } from "../registry";
import {
  call,
  errorCode,
  makeArtifact,
  OPS_TOKEN,
  registryState,
  resetRegistry,
  setRollout,
  type TestArtifact,
  upload,
  uploadForm,
} from "./registryTestKit";

type Assignment = {
  version: string;
  cohort: "live" | "canary";
  manifest: { url: string; sha256: string; bytes: number };
  files: { path: string; url: string; sha256: string; bytes: number }[];
};

beforeEach(resetRegistry);

async function publish(version: string): Promise<TestArtifact> {
  const artifact = await makeArtifact(version);
  expect((await upload(version, uploadForm(artifact))).status).toBe(201);
  return artifact;
}

const assignment = async (bucket: number) =>
  (await (await call(`/v1/model?bucket=${bucket}`)).json()) as Assignment;

describe("GET /v1/model", () => {
  it("answers 503 while no version is live", async () => {
    const res = await call("/v1/model?bucket=1");
    expect(res.status).toBe(503);
    expect(await errorCode(res)).toBe("no_live_model");
  });

  it("refuses buckets that are not integers in 0..9999 with 400", async () => {
    await publish("v1");
    await setRollout({ live: "v1" });
    for (const q of [
      "",
      "?bucket=",
      "?bucket=-1",
      "?bucket=10000",
      "?bucket=1.5",
      "?bucket=abc",
      "?bucket=1e3",
    ]) {
      const res = await call(`/v1/model${q}`);
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe("bad_bucket");
    }
  });

  it("assigns the live version with artifact URLs, sha256 and sizes that match what is served", async () => {
    const artifact = await publish("v1");
    await setRollout({ live: "v1" });
    const res = await call("/v1/model?bucket=42");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=30");
    const body = (await res.json()) as Assignment;
    expect(body).toEqual({
      version: "v1",
      cohort: "live",
      manifest: {
        url: "http://edge.test/v1/models/v1/manifest.json",
        sha256: await sha256Hex(new TextEncoder().encode(artifact.manifestText)),
        bytes: artifact.manifestText.length,
      },
      files: [
        {
          path: "group1-shard1of1.bin",
          url: "http://edge.test/v1/models/v1/group1-shard1of1.bin",
          sha256: await sha256Hex(artifact.files[0].data),
          bytes: 256,
        },
      ],
    });
    for (const ref of [body.manifest, ...body.files]) {
      const file = await call(new URL(ref.url).pathname);
      expect(file.status).toBe(200);
      const bytes = new Uint8Array(await file.arrayBuffer());
      expect(bytes.byteLength).toBe(ref.bytes);
      expect(await sha256Hex(bytes)).toBe(ref.sha256);
      expect(file.headers.get("ETag")).toBe(`"${ref.sha256}"`);
      expect(file.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    }
  });

  it("splits buckets between live and canary deterministically, matching the rollout's salt and percentage", async () => {
    await publish("v1");
    await publish("v2");
    await setRollout({ live: "v1", canary: "v2", canaryPercent: 10 });
    const { salt } = await getRollout(env);
    let canary = 0;
    const buckets = Array.from({ length: 200 }, (_, i) => i * 50 + (i % 50));
    for (const bucket of buckets) {
      const got = await assignment(bucket);
      const expected = assignCohort(bucket, salt, 10);
      expect(got.cohort).toBe(expected);
      expect(got.version).toBe(expected === "canary" ? "v2" : "v1");
      if (got.cohort === "canary") canary++;
    }
    expect(Math.abs((100 * canary) / buckets.length - 10)).toBeLessThan(7); // a 200-bucket sample of 10 % (sd 2.1 points)
    const again = await Promise.all(buckets.slice(0, 50).map(assignment));
    expect(again.map((a) => a.cohort)).toEqual(buckets.slice(0, 50).map((b) => assignCohort(b, salt, 10)));
  });

  it("moves every bucket to the new live version after promote and back after rollback", async () => {
    await publish("v1");
    await publish("v2");
    await setRollout({ live: "v1", canary: "v2", canaryPercent: 50 });
    await call("/v1/admin/rollout/promote", { method: "POST", token: OPS_TOKEN });
    const promoted = await Promise.all([0, 1, 2, 3, 9999].map(assignment));
    expect(new Set(promoted.map((a) => `${a.version}/${a.cohort}`))).toEqual(new Set(["v2/live"]));
    await call("/v1/admin/rollout/rollback", { method: "POST", token: OPS_TOKEN });
    const rolledBack = await Promise.all([0, 1, 2, 3, 9999].map(assignment));
    expect(new Set(rolledBack.map((a) => `${a.version}/${a.cohort}`))).toEqual(new Set(["v1/live"]));
  });
});

describe("GET /v1/models/:version/*", () => {
  it("answers 304 to a matching If-None-Match", async () => {
    await publish("v1");
    const first = await call("/v1/models/v1/group1-shard1of1.bin");
    const etag = first.headers.get("ETag") ?? "";
    await first.arrayBuffer();
    const res = await call("/v1/models/v1/group1-shard1of1.bin", { headers: { "If-None-Match": etag } });
    expect(res.status).toBe(304);
    expect(res.headers.get("ETag")).toBe(etag);
  });

  it("answers 404 for an unknown version or file and 400 for an unsafe path, changing nothing", async () => {
    await publish("v1");
    const before = await registryState();
    const cases: [string, number, string][] = [
      ["/v1/models/v9/manifest.json", 404, "unknown_version"],
      ["/v1/models/v1/nope.bin", 404, "unknown_artifact"],
      // URL parsing resolves an encoded "..", so this asks for version v2, which does not exist.
      ["/v1/models/v1/%2e%2e/v2/manifest.json", 404, "unknown_version"],
      ["/v1/models/v1/a%20b.bin", 400, "bad_path"],
      ["/v1/models/v1/..%5Cx", 400, "bad_path"],
      ["/v1/models/v1/a%2Fb", 404, "unknown_artifact"],
    ];
    for (const [path, status, code] of cases) {
      const res = await call(path);
      expect([path, res.status]).toEqual([path, status]);
      expect(await errorCode(res)).toBe(code);
    }
    expect(await registryState()).toEqual(before);
  });

  it("does not serve a version whose upload is still pending", async () => {
    await env.DB.prepare(
      "INSERT INTO model_versions (version, status, manifest, manifest_sha256, bytes, created_at, uploaded_by) VALUES ('p1', 'pending', '{\"files\":[]}', ?, 2, '2026-01-01', 'ops')",
    )
      .bind("0".repeat(64))
      .run();
    await env.MODELS.put("models/p1/manifest.json", "{}");
    expect((await call("/v1/models/p1/manifest.json")).status).toBe(404);
  });
});

describe("CORS on the public model routes", () => {
  it("echoes an allowed origin and sends no Access-Control-Allow-Origin to others", async () => {
    await publish("v1");
    await setRollout({ live: "v1" });
    const allowed = await call("/v1/model?bucket=1", { headers: { Origin: "http://localhost:8787" } });
    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:8787");
    expect(allowed.headers.get("Vary")).toContain("Origin");
    const other = await call("/v1/model?bucket=1", { headers: { Origin: "https://evil.example" } });
    expect(other.status).toBe(200);
    expect(other.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const artifact = await call("/v1/models/v1/manifest.json", {
      headers: { Origin: "http://localhost:5173" },
    });
    expect(artifact.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:5173");
    const error = await call("/v1/model?bucket=x", { headers: { Origin: "http://localhost:8787" } });
    expect(error.status).toBe(400);
    expect(error.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:8787");
  });

  it("answers preflights for allowed origins with 204", async () => {
    const res = await call("/v1/model?bucket=1", {
      method: "OPTIONS",
      headers: { Origin: "http://127.0.0.1:8787", "Access-Control-Request-Method": "GET" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("http://127.0.0.1:8787");
    expect(res.headers.get("Access-Control-Allow-Methods")).toBe("GET, HEAD, OPTIONS");
  });

  it("does not add CORS headers to the admin API", async () => {
    const res = await call("/v1/admin/rollout", {
      headers: { Origin: "http://localhost:8787" },
      token: OPS_TOKEN,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});
