import { resolve } from "node:path";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { decodeModel } from "../../model/artifact/loadModel.ts";
import { encodeBatch } from "../../model/features/index.ts";
import {
  foldConstants,
  preferredGather,
  type RankerConfig,
  scoreCandidates,
} from "../../model/ranker/index.ts";
import { BackendModel, checkFiles } from "./BackendModel";
import { dummyBatch } from "./dummyBatch";
import { demoLoadRequest } from "./testDemoModel";

setWasmPaths(`${resolve(import.meta.dirname, "../../node_modules/@tensorflow/tfjs-backend-wasm/dist")}/`);

/** A request with a history, so that every embedding table is read. */
const request = { ...dummyBatch(37), history: [1, 2, 3], historyCategories: [["warm-up"], [], ["warm-up"]] };

describe.each(["cpu", "wasm"])("BackendModel on %s", (backend) => {
  it("holds no tensor of the item embedding, and ranks as the weights all as tensors do", async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const load = await demoLoadRequest(backend as "cpu" | "wasm");
    const files = checkFiles(load.version, JSON.parse(new TextDecoder().decode(load.manifest)), load.files);
    const config = (await files.checked).manifest.architecture as unknown as RankerConfig;
    const embeddingBytes = config.itemBuckets * config.embeddingDim * 4;

    const bytesBefore = tf.memory().numBytes;
    const model = await BackendModel.load(files);
    const held = tf.memory().numBytes - bytesBefore;
    const scores = await model.score(request);
    model.dispose();
    // Every other weight (about 20,000 floats of the demo model) fits well under the embedding's bytes.
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(embeddingBytes);

    // The path before: every weight a tensor, the host gather reading the tables back from them.
    const all = decodeModel(await files.checked);
    expect(all.params.itemEmbedding.size * 4).toBe(embeddingBytes);
    const params = foldConstants(all.params, config);
    const expected = scoreCandidates(params, config, encodeBatch(request, config), preferredGather(params));
    for (const t of Object.values(params)) t.dispose();
    expect(Array.from(scores)).toEqual(Array.from(expected.subarray(0, scores.length)));
  });
});
