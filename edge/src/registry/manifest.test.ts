import { describe, expect, it } from "vitest";
import { isSafeArtifactPath, MAX_UPLOAD_BYTES, parseManifest } from "./manifest";

const SHA = "a".repeat(64);
const manifest = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: "ranker",
    version: "v1",
    files: [{ path: "group1-shard1of1.bin", sha256: SHA, bytes: 10 }],
    weightsManifest: [{ paths: ["group1-shard1of1.bin"], weights: [] }],
    metrics: { ndcg10: 0.1 },
    ...over,
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
  it("accepts a well-formed manifest and keeps unknown fields", () => {
    const check = parseManifest(manifest(), "v1");
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.manifest.metrics).toEqual({ ndcg10: 0.1 });
  });

  const refused: [string, string, string][] = [
    ["not JSON", "{", "bad_manifest"],
    ["an array", "[]", "bad_manifest"],
    ["no version", manifest({ version: undefined }), "bad_manifest"],
    ["another version than the URL", manifest({ version: "v2" }), "version_mismatch"],
    ["no files", manifest({ files: [] }), "bad_manifest"],
    ["a bad sha256", manifest({ files: [{ path: "a.bin", sha256: "XYZ", bytes: 1 }] }), "bad_manifest"],
    [
      "an uppercase sha256",
      manifest({ files: [{ path: "a.bin", sha256: "A".repeat(64), bytes: 1 }] }),
      "bad_manifest",
    ],
    ["negative bytes", manifest({ files: [{ path: "a.bin", sha256: SHA, bytes: -1 }] }), "bad_manifest"],
    ["a traversal path", manifest({ files: [{ path: "../x", sha256: SHA, bytes: 1 }] }), "bad_manifest"],
    ["an absolute path", manifest({ files: [{ path: "/etc/x", sha256: SHA, bytes: 1 }] }), "bad_manifest"],
    [
      "a file named manifest.json",
      manifest({ files: [{ path: "manifest.json", sha256: SHA, bytes: 1 }] }),
      "bad_manifest",
    ],
    [
      "a duplicate path",
      manifest({
        files: [
          { path: "a.bin", sha256: SHA, bytes: 1 },
          { path: "a.bin", sha256: SHA, bytes: 1 },
        ],
        weightsManifest: [],
      }),
      "bad_manifest",
    ],
    [
      "a weights shard missing from files",
      manifest({ weightsManifest: [{ paths: ["other.bin"] }] }),
      "bad_manifest",
    ],
  ];
  it.each(refused)("refuses %s with 400", (_what, text, code) => {
    const check = parseManifest(text, "v1");
    expect(check).toMatchObject({ ok: false, status: 400, code });
  });

  it("refuses a declared total over the upload limit with 413", () => {
    const check = parseManifest(
      manifest({ files: [{ path: "group1-shard1of1.bin", sha256: SHA, bytes: MAX_UPLOAD_BYTES }] }),
      "v1",
    );
    expect(check).toMatchObject({ ok: false, status: 413, code: "payload_too_large" });
  });
});
