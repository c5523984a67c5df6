import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { encodeBatch, FEATURE_SCHEMA_VERSION } from "../features";
import { scoreCandidates } from "../ranker";
import { buildArtifact, buildReferenceProfile, loadModel, type Precision, type ReadFile } from "./index";
import { exportModel } from "./node";
import { testRanker, testRequest } from "./testRanker";

/** Export → tf.io decode → model/'s real `scoreCandidates` gives the in-memory scores, per precision. */
const { config, params } = testRanker(7);
const requests = [testRequest(1, 500), testRequest(2, 500), testRequest(3, 37)];
const score = (p: typeof params) =>
  requests.map((req) => scoreCandidates(p, config, encodeBatch(req, config)));
const reference = score(params);

const base = {
  config,
  metrics: { "ndcg@10": 0.05 },
  referenceProfile: buildReferenceProfile(
    reference[0],
    requests[0].candidates.map((c) => c.features ?? {}),
  ),
};

function memoryReader(files: { path: string; data: Uint8Array }[]): ReadFile {
  const byPath = new Map(files.map((f) => [f.path, f.data]));
  return async (path) => {
    const data = byPath.get(path);
    if (!data) throw new Error(`no file ${path}`);
    return data.slice().buffer;
  };
}

function worstGap(scores: Float32Array[]): number {
  let worst = 0;
  scores.forEach((s, r) => {
    for (let i = 0; i < s.length; i++) worst = Math.max(worst, Math.abs(s[i] - reference[r][i]));
  });
  return worst;
}

// Stated tolerances on probabilities. fp32 is bit-exact. fp16 moves each stored weight by ≤ 2^-11 relative
// and int8 by ≤ scale / 2 (≈ 0.004 for N(0, 0.3²) weights); through this ranker that moved no probability
// by more than 6e-5 (fp16) and 4e-3 (int8) when measured, so the bounds below leave an ~8× / 2.5× margin.
const tolerance: Record<Precision, number> = { fp32: 0, fp16: 5e-4, int8: 1e-2 };

describe("export → load → scoreCandidates", () => {
  for (const precision of ["fp32", "fp16", "int8"] as const) {
    it(`gives the in-memory scores within ${tolerance[precision]} at ${precision}`, async () => {
      const { manifest, files } = await buildArtifact({
        ...base,
        params,
        version: `t-${precision}`,
        precision,
      });
      const loaded = await loadModel(manifest, memoryReader(files));
      expect(Object.keys(loaded.params).sort()).toEqual(Object.keys(params).sort());
      for (const [name, t] of Object.entries(params)) expect(loaded.params[name].shape).toEqual(t.shape);
      expect(loaded.config).toEqual(config);
      expect(worstGap(score(loaded.params))).toBeLessThanOrEqual(tolerance[precision]);
      tf.dispose(Object.values(loaded.params));
    });
  }

  it("keeps tensors under 1024 elements in fp32 and quantizes the large ones", async () => {
    const { manifest } = await buildArtifact({ ...base, params, version: "t", precision: "int8" });
    for (const w of manifest.weightsManifest[0].weights) {
      const size = w.shape.reduce((a, b) => a * b, 1);
      expect(w.quantization?.dtype, w.name).toBe(size >= 1024 ? "uint8" : undefined);
    }
    const kept = manifest.weightsManifest[0].weights.filter((w) => !w.quantization).map((w) => w.name);
    expect(kept).toContain("output/bias");
  });

  it("shrinks int8 ≥ 3.5× and fp16 ≥ 1.9× against fp32", async () => {
    const bytes = async (precision: Precision) =>
      (await buildArtifact({ ...base, params, version: "t", precision })).manifest.weights.bytes;
    const fp32 = await bytes("fp32");
    expect(fp32 / (await bytes("fp16"))).toBeGreaterThanOrEqual(1.9);
    expect(fp32 / (await bytes("int8"))).toBeGreaterThanOrEqual(3.5);
  });

  it("splits the weights into shards that decode as one stream", async () => {
    const { manifest, files } = await buildArtifact({
      ...base,
      params,
      version: "s",
      precision: "fp16",
      shardBytes: 20_000,
    });
    expect(files.length).toBeGreaterThan(2);
    expect(files.every((f) => f.data.length <= 20_000)).toBe(true);
    const loaded = await loadModel(manifest, memoryReader(files));
    expect(worstGap(score(loaded.params))).toBeLessThanOrEqual(tolerance.fp16);
    tf.dispose(Object.values(loaded.params));
  });

  it("writes the same bytes for the same params and createdAt, whatever the key order", async () => {
    const createdAt = "2026-01-01T00:00:00.000Z";
    const a = await buildArtifact({ ...base, params, version: "r", precision: "int8", createdAt });
    const reversed = Object.fromEntries(Object.entries(params).reverse());
    const b = await buildArtifact({ ...base, params: reversed, version: "r", precision: "int8", createdAt });
    expect(b.manifest).toEqual(a.manifest);
  });
});

describe("loadModel integrity checks", () => {
  it("refuses a weights file whose sha256 does not match, naming the file", async () => {
    const { manifest, files } = await buildArtifact({ ...base, params, version: "bad", precision: "int8" });
    const tampered = files.map((f) => ({ ...f, data: f.data.slice() }));
    tampered[0].data[100] ^= 0xff;
    await expect(loadModel(manifest, memoryReader(tampered))).rejects.toThrow(
      /group1-shard1of1\.bin: sha256 mismatch/,
    );
  });

  it("hashes a one-file model's bytes once: that file's digest is the whole weights' digest", async () => {
    const { manifest, files } = await buildArtifact({ ...base, params, version: "one", precision: "int8" });
    expect(files).toHaveLength(1);
    const digest = vi.spyOn(globalThis.crypto.subtle, "digest");
    try {
      tf.dispose(Object.values((await loadModel(manifest, memoryReader(files))).params));
      expect(digest).toHaveBeenCalledTimes(1);
    } finally {
      digest.mockRestore();
    }
  });

  it("still checks a one-file model's whole-weights sha256, and hashes the whole of a sharded one", async () => {
    const one = await buildArtifact({ ...base, params, version: "one", precision: "int8" });
    const wrong = { ...one.manifest, weights: { ...one.manifest.weights, sha256: "0".repeat(64) } };
    await expect(loadModel(wrong, memoryReader(one.files))).rejects.toThrow(/weights sha256 mismatch/);
    const sharded = await buildArtifact({
      ...base,
      params,
      version: "s",
      precision: "fp32",
      shardBytes: 20_000,
    });
    expect(sharded.files.length).toBeGreaterThan(1);
    const digest = vi.spyOn(globalThis.crypto.subtle, "digest");
    try {
      tf.dispose(Object.values((await loadModel(sharded.manifest, memoryReader(sharded.files))).params));
      expect(digest).toHaveBeenCalledTimes(sharded.files.length + 1);
    } finally {
      digest.mockRestore();
    }
  });

  it("refuses a truncated file before hashing it", async () => {
    const { manifest, files } = await buildArtifact({ ...base, params, version: "bad", precision: "int8" });
    const short = [{ path: files[0].path, data: files[0].data.subarray(0, 10) }];
    await expect(loadModel(manifest, memoryReader(short))).rejects.toThrow(/expected \d+ bytes, got 10/);
  });

  it("refuses a model made for another feature schema", async () => {
    const { manifest, files } = await buildArtifact({ ...base, params, version: "v", precision: "fp32" });
    await expect(loadModel(manifest, memoryReader(files), { featureSchemaVersion: 99 })).rejects.toThrow(
      new RegExp(`feature schema ${FEATURE_SCHEMA_VERSION}, this code expects 99`),
    );
  });

  it("refuses an invalid manifest without reading any file", async () => {
    let reads = 0;
    const reader: ReadFile = async () => {
      reads++;
      return new ArrayBuffer(0);
    };
    await expect(loadModel({ version: "x" }, reader)).rejects.toThrow(/invalid manifest/);
    expect(reads).toBe(0);
  });
});

describe("exportModel", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("writes a folder that loads from disk and removes stale shards of an earlier export", async () => {
    const outDir = await mkdtemp(join(tmpdir(), "artifact-"));
    dirs.push(outDir);
    await exportModel({ ...base, params, version: "d1", precision: "fp32", shardBytes: 50_000, outDir });
    const manifest = await exportModel({ ...base, params, version: "d1", precision: "int8", outDir });
    const onDisk = JSON.parse(await readFile(join(outDir, "manifest.json"), "utf8"));
    expect(onDisk).toEqual(manifest);
    expect((await readdir(outDir)).sort()).toEqual(["group1-shard1of1.bin", "manifest.json"]);
    const loaded = await loadModel(
      onDisk,
      async (p) => new Uint8Array(await readFile(join(outDir, p))).buffer,
    );
    expect(worstGap(score(loaded.params))).toBeLessThanOrEqual(tolerance.int8);
    tf.dispose(Object.values(loaded.params));
  });

  it("refuses NaN weights and writes nothing", async () => {
    const parent = await mkdtemp(join(tmpdir(), "artifact-"));
    dirs.push(parent);
    const outDir = join(parent, "out");
    const bad = { ...params, broken: tf.tensor1d([1, Number.NaN]) };
    await expect(
      exportModel({ ...base, params: bad, version: "n", precision: "fp32", outDir }),
    ).rejects.toThrow(/broken\[1\] = NaN/);
    await expect(stat(outDir)).rejects.toThrow(/ENOENT/);
  });
});
