import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { encodeBatch } from "../features";
import { scoreCandidates } from "../ranker";
import { loadModel } from "./index";
import { readArtifactDir } from "./node";
import { testRequest } from "./testRanker";

/**
 * The committed demo artifact (model/artifacts/demo, what `npm start` and the e2e harness publish):
 * valid, small, int8, loadable by this code's feature schema, and it scores without NaN.
 */
const dir = resolve(import.meta.dirname, "../artifacts/demo");

describe("model/artifacts/demo", () => {
  it("is a valid int8 artifact under 2 MB whose files match their sha256", async () => {
    const { manifest, files } = await readArtifactDir(dir);
    expect(manifest.precision).toBe("int8");
    const total = files.reduce((n, f) => n + f.data.length, 0);
    expect(total).toBe(manifest.weights.bytes);
    expect(total).toBeLessThan(2 * 1024 * 1024);
    expect(manifest.referenceProfile.n).toBeGreaterThan(0);
    expect(Object.keys(manifest.metrics).length).toBeGreaterThan(0);
  });

  it("loads and gives finite probabilities for 500 candidates", async () => {
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
    const { params, config } = await loadModel(
      manifest,
      async (p) => new Uint8Array(await readFile(join(dir, p))).buffer,
    );
    const scores = scoreCandidates(params, config, encodeBatch(testRequest(11, 500), config));
    expect(scores.length).toBe(500);
    expect(scores.every((s) => Number.isFinite(s) && s >= 0 && s <= 1)).toBe(true);
    expect(new Set(scores).size).toBeGreaterThan(100);
    tf.dispose(Object.values(params));
  });
});
