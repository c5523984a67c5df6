import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { buildArtifact, exportModel, loadModel, type Manifest, type Precision, type ReadFile } from "./index";

/**
 * Export → tf.io decode → the same scores as in memory. The params and the tiny forward pass below are
 * synthetic stand-ins shaped like the ranker (an item table, an MLP); `ranker.test.ts` in this folder
 * repeats the check with model/'s real `scoreCandidates`.
 */
const ITEMS = 600;
const DIM = 16;

function syntheticParams(): Record<string, tf.Tensor> {
  return tf.tidy(() => ({
    itemEmbedding: tf.randomNormal([ITEMS, DIM], 0, 0.3, "float32", 7),
    "mlp/w1": tf.randomNormal([2 * DIM, 64], 0, 0.25, "float32", 8),
    "mlp/b1": tf.randomNormal([64], 0, 0.1, "float32", 9),
    "mlp/w2": tf.randomNormal([64, 1], 0, 0.2, "float32", 10),
    "mlp/b2": tf.scalar(-0.3),
  }));
}

/** score(history, candidate) = sigmoid(relu([mean(history emb), candidate emb] · W1 + b1) · W2 + b2). */
function score(params: Record<string, tf.Tensor>, history: number[], candidates: number[]): Float32Array {
  return tf.tidy(() => {
    const emb = params.itemEmbedding as tf.Tensor2D;
    const user = tf.mean(tf.gather(emb, history), 0, true).tile([candidates.length, 1]);
    const x = tf.concat([user, tf.gather(emb, candidates)], 1);
    const h = tf.relu(tf.add(tf.matMul(x, params["mlp/w1"] as tf.Tensor2D), params["mlp/b1"]));
    return tf.sigmoid(tf.add(tf.matMul(h, params["mlp/w2"] as tf.Tensor2D), params["mlp/b2"])).dataSync();
  }) as Float32Array;
}

const base = {
  config: { dim: DIM, items: ITEMS },
  featureSchemaVersion: 1,
  metrics: { "ndcg@10": 0.05 },
  referenceProfile: { n: 0, score: {}, features: {} },
};

function memoryReader(files: { path: string; data: Uint8Array }[]): ReadFile {
  const byPath = new Map(files.map((f) => [f.path, f.data]));
  return async (path) => {
    const data = byPath.get(path);
    if (!data) throw new Error(`no file ${path}`);
    return data.slice().buffer;
  };
}

const params = syntheticParams();
const history = [3, 17, 250, 599];
const candidates = Array.from({ length: 500 }, (_, i) => (i * 7) % ITEMS);
const reference = score(params, history, candidates);

// Tolerances on probabilities: fp32 is bit-exact; fp16 moves each weight by ≤ 2^-11 relative and int8 by
// ≤ scale / 2 (~0.004 for these tables), which through this MLP moves a sigmoid output by far less than 0.01.
const tolerance: Record<Precision, number> = { fp32: 0, fp16: 5e-4, int8: 1e-2 };

describe("export → load → score", () => {
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
      const scores = score(loaded.params, history, candidates);
      let worst = 0;
      for (let i = 0; i < scores.length; i++) worst = Math.max(worst, Math.abs(scores[i] - reference[i]));
      expect(worst).toBeLessThanOrEqual(tolerance[precision]);
      expect(loaded.config).toEqual(base.config);
      tf.dispose(Object.values(loaded.params));
    });
  }

  it("keeps tensors under the size threshold in fp32 and quantizes the large ones", async () => {
    const { manifest } = await buildArtifact({ ...base, params, version: "t", precision: "int8" });
    const q = Object.fromEntries(
      manifest.weightsManifest[0].weights.map((w) => [w.name, w.quantization?.dtype]),
    );
    expect(q).toEqual({
      itemEmbedding: "uint8",
      "mlp/b1": undefined,
      "mlp/b2": undefined,
      "mlp/w1": "uint8",
      "mlp/w2": undefined,
    });
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
      shardBytes: 4000,
    });
    expect(files.length).toBeGreaterThan(2);
    expect(files.every((f) => f.data.length <= 4000)).toBe(true);
    const loaded = await loadModel(manifest, memoryReader(files));
    const scores = score(loaded.params, history, candidates);
    expect(Math.max(...scores.map((s, i) => Math.abs(s - reference[i])))).toBeLessThanOrEqual(tolerance.fp16);
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

  it("refuses a truncated file before hashing it", async () => {
    const { manifest, files } = await buildArtifact({ ...base, params, version: "bad", precision: "int8" });
    const short = [{ path: files[0].path, data: files[0].data.subarray(0, 10) }];
    await expect(loadModel(manifest, memoryReader(short))).rejects.toThrow(/expected \d+ bytes, got 10/);
  });

  it("refuses a manifest for another feature schema", async () => {
    const { manifest, files } = await buildArtifact({ ...base, params, version: "v", precision: "fp32" });
    await expect(loadModel(manifest, memoryReader(files), { featureSchemaVersion: 2 })).rejects.toThrow(
      /feature schema 1, this code expects 2/,
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
    await exportModel({ ...base, params, version: "d1", precision: "fp32", shardBytes: 10_000, outDir });
    const manifest: Manifest = await exportModel({
      ...base,
      params,
      version: "d1",
      precision: "int8",
      outDir,
    });
    const onDisk = JSON.parse(await readFile(join(outDir, "manifest.json"), "utf8"));
    expect(onDisk).toEqual(manifest);
    const { readdir } = await import("node:fs/promises");
    expect((await readdir(outDir)).sort()).toEqual(["group1-shard1of1.bin", "manifest.json"]);
    const loaded = await loadModel(
      onDisk,
      async (p) => new Uint8Array(await readFile(join(outDir, p))).buffer,
    );
    const scores = score(loaded.params, history, candidates);
    expect(Math.max(...scores.map((s, i) => Math.abs(s - reference[i])))).toBeLessThanOrEqual(tolerance.int8);
  });

  it("refuses NaN weights and writes nothing", async () => {
    const outDir = join(await mkdtemp(join(tmpdir(), "artifact-")), "out");
    dirs.push(outDir);
    const bad = { ...params, broken: tf.tensor1d([1, Number.NaN]) };
    await expect(
      exportModel({ ...base, params: bad, version: "n", precision: "fp32", outDir }),
    ).rejects.toThrow(/broken\[1\] = NaN/);
    const { stat } = await import("node:fs/promises");
    await expect(stat(outDir)).rejects.toThrow(/ENOENT/);
  });
});
