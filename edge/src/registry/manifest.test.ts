import { beforeAll, describe, expect, it } from "vitest";
import { declaringBytes, makeArtifact } from "../routes/registryTestKit";
import { isSafeArtifactPath, MAX_UPLOAD_BYTES, parseManifest } from "./manifest";

let base: Record<string, unknown>;
beforeAll(async () => {
  base = (await makeArtifact("v1")).manifest;
});
const manifest = (over: Record<string, unknown> = {}) => JSON.stringify({ ...base, ...over });
const file = (over: Record<string, unknown>) => ({
  files: [{ ...(base.files as object[])[0], ...over }],
});

describe("isSafeArtifactPath", () => {
  it.each(["a.bin", "weights/group1-shard1of1.bin", "x_y-z.json"])("accepts %s", (p) => {
    expect(isSafeArtifactPath(p)).toBe(true);
  });
  it.each(["", "../x", "a/../b", "./a", "/abs", "a//b", "a\\b", "a b", "%2e%2e/x", "a/", "x".repeat(201)])(
    "rejects %j",
    (p) => {
      expect(isSafeArtifactPath(p)).toBe(false);
    },
  );
});

describe("parseManifest", () => {
  it("accepts a manifest that the browser's strict schema accepts", () => {
    const check = parseManifest(manifest(), "v1");
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.manifest.metrics).toEqual({ ndcg10: 0.03 });
  });

  // Each of these used to pass the registry's loose schema, and every browser then refused the model.
  const browserRefuses: [string, () => Record<string, unknown>][] = [
    ["an unknown top-level key", () => ({ extra: 1 })],
    ["no reference profile", () => ({ referenceProfile: undefined })],
    ["no feature schema version", () => ({ featureSchemaVersion: undefined })],
    ["a weights manifest that does not match the file sizes", () => file({ bytes: 255 })],
    ["a file path with a folder", () => file({ path: "weights/a.bin" })],
    ["a version longer than reports may name (41 characters)", () => ({ version: "v".repeat(41) })],
  ];
  it.each(browserRefuses)("refuses %s, as the browser does", (_what, overFn) => {
    const over = overFn();
    const version = typeof over.version === "string" ? over.version : "v1";
    expect(parseManifest(manifest(over), version)).toMatchObject({
      ok: false,
      status: 400,
      code: "bad_manifest",
    });
  });

  const refused: [string, () => string, string][] = [
    ["not JSON", () => "{", "bad_manifest"],
    ["an array", () => "[]", "bad_manifest"],
    ["no version", () => manifest({ version: undefined }), "bad_manifest"],
    ["another version than the URL", () => manifest({ version: "v2" }), "version_mismatch"],
    ["no files", () => manifest({ files: [] }), "bad_manifest"],
    ["a bad sha256", () => manifest(file({ sha256: "XYZ" })), "bad_manifest"],
    ["an uppercase sha256", () => manifest(file({ sha256: "A".repeat(64) })), "bad_manifest"],
    ["negative bytes", () => manifest(file({ bytes: -1 })), "bad_manifest"],
    ["a traversal path", () => manifest(file({ path: "../x" })), "bad_manifest"],
    ["an absolute path", () => manifest(file({ path: "/etc/x" })), "bad_manifest"],
    ["a file named manifest.json", () => manifest(file({ path: "manifest.json" })), "bad_manifest"],
    [
      "a duplicate path",
      () => manifest({ files: [(base.files as object[])[0], (base.files as object[])[0]] }),
      "bad_manifest",
    ],
  ];
  it.each(refused)("refuses %s with 400", (_what, text, code) => {
    const check = parseManifest(text(), "v1");
    expect(check).toMatchObject({ ok: false, status: 400, code });
  });

  it("refuses a declared total over the upload limit with 413", () => {
    const check = parseManifest(JSON.stringify(declaringBytes(base, MAX_UPLOAD_BYTES)), "v1");
    expect(check).toMatchObject({ ok: false, status: 413, code: "payload_too_large" });
  });
});
