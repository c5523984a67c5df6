import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { EMBEDDING_TABLES } from "../ranker/index.ts";
import { buildArtifact, buildReferenceProfile, type Precision } from "./index";
import { checkModel, decodeModel } from "./loadModel";
import { readArtifactDir } from "./node";
import { testRanker } from "./testRanker";

/** A checked model from an artifact's files in memory. */
async function checked(manifest: unknown, files: { path: string; data: Uint8Array }[]) {
  const byPath = new Map(files.map((f) => [f.path, f.data.slice().buffer]));
  return checkModel(manifest, async (path) => byPath.get(path)!);
}

/** A small ranker's artifact at `precision`, every weight quantized (no minimum size). */
async function testArtifact(precision: Precision) {
  const { config, params } = testRanker(5, { hiddenUnits: [8] });
  const { manifest, files } = await buildArtifact({
    params,
    config,
    version: `h-${precision}`,
    precision,
    minQuantizeElements: 0,
    metrics: {},
    referenceProfile: buildReferenceProfile(new Float32Array([0.2, 0.5]), [{}, {}]),
  });
  return checked(manifest, files);
}

async function demoArtifact() {
  const { manifest, files } = await readArtifactDir(resolve(import.meta.dirname, "../artifacts/demo"));
  return checked(manifest, files);
}

describe("decodeModel with weights kept on the host", () => {
  const cases: [string, () => ReturnType<typeof checked>][] = [
    ...(["fp32", "fp16", "int8"] as const).map(
      (p) => [p, () => testArtifact(p)] as [string, () => ReturnType<typeof checked>],
    ),
    ["the committed demo model", demoArtifact],
  ];
  it.each(cases)("gives tfjs' values to the bit, and no tensor of them (%s)", async (_, make) => {
    const model = await make();
    const tensors = decodeModel(model);
    const bytesBefore = tf.memory().numBytes;
    const split = decodeModel(model, EMBEDDING_TABLES);
    for (const name of EMBEDDING_TABLES) {
      expect(split.params[name]).toBeUndefined();
      expect(split.host[name].shape).toEqual(tensors.params[name].shape);
      expect(Array.from(split.host[name].values)).toEqual(Array.from(tensors.params[name].dataSync()));
    }
    for (const [name, t] of Object.entries(split.params)) {
      expect(Array.from(t.dataSync())).toEqual(Array.from(tensors.params[name].dataSync()));
    }
    expect(Object.keys(split.params).length + EMBEDDING_TABLES.length).toBe(
      Object.keys(tensors.params).length,
    );
    const tableBytes = EMBEDDING_TABLES.reduce((n, name) => n + tensors.params[name].size * 4, 0);
    expect(tf.memory().numBytes - bytesBefore).toBe(
      Object.values(tensors.params).reduce((n, t) => n + t.size * 4, 0) - tableBytes,
    );
    for (const t of [...Object.values(tensors.params), ...Object.values(split.params)]) t.dispose();
  });
});
