import { resolve } from "node:path";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { decodeModel } from "../../model/artifact/loadModel.ts";
import { sha256Hex } from "../../model/artifact/sha256.ts";
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

/** The demo model's files checked, and its scores loaded from the bytes (the load every visit ran before). */
async function fromBytes(backend: string) {
  expect(await tf.setBackend(backend)).toBe(true);
  const load = await demoLoadRequest(backend as "cpu" | "wasm");
  const manifest = JSON.parse(new TextDecoder().decode(load.manifest));
  const model = await BackendModel.load(checkFiles(load.version, manifest, load.files));
  const scores = await model.score(request);
  const record = model.takePrepared();
  model.dispose();
  return { load, manifest, scores, record };
}

describe.each(["cpu", "wasm"])("BackendModel with prepared weights on %s", (backend) => {
  it("takes a matching record without reading the int8 bytes, and ranks as the bytes do", async () => {
    const { load, manifest, scores, record } = await fromBytes(backend);
    expect(record?.values.length).toBe(214_075);
    const files = checkFiles(load.version, manifest, load.files, record);
    // The bytes passed their sha256; zeroed now, a decode of them would give other weights and scores.
    for (const buffer of (await files.checked).buffers.values()) new Uint8Array(buffer).fill(0);
    const model = await BackendModel.load(files);
    expect(model.weightsFrom).toBe("prepared");
    expect(model.takePrepared(), "nothing decoded, nothing to keep").toBeUndefined();
    expect(Array.from(await model.score(request))).toEqual(Array.from(scores));
    model.dispose();
  });

  it("ignores a corrupt, truncated or other-format record: decodes the bytes and ranks the same", async () => {
    const { load, manifest, scores, record } = await fromBytes(backend);
    if (!record) throw new Error("no record from the bytes");
    const withValue = (i: number, x: number) => {
      const values = record.values.slice();
      values[i] = x;
      return { ...record, values };
    };
    const bad: [string, unknown][] = [
      ["a NaN", withValue(7, Number.NaN)],
      ["an Infinity", withValue(record.values.length - 1, Number.POSITIVE_INFINITY)],
      ["truncated", { ...record, values: record.values.subarray(0, record.values.length - 16) }],
      ["an older format", { ...record, format: record.format - 1 }],
      ["a newer format", { ...record, format: record.format + 1 }],
      ["names out of order", { ...record, names: [...record.names].reverse() }],
      ["values as an array", { ...record, values: Array.from(record.values.subarray(0, 10)) }],
      ["not a record", "prepared"],
    ];
    for (const [what, prepared] of bad) {
      const model = await BackendModel.load(checkFiles(load.version, manifest, load.files, prepared));
      expect(model.weightsFrom, what).toBe("bytes");
      expect(Array.from(await model.score(request)), what).toEqual(Array.from(scores));
      model.dispose();
    }
  });

  it("does not take an earlier version's record for new weights", async () => {
    const { load, manifest, scores, record } = await fromBytes(backend);
    // A new version: the same architecture and sizes, one weight byte changed, its sha256s renewed.
    const [path, bytes] = Object.entries(load.files)[0];
    const changed = new Uint8Array(bytes.slice(0));
    changed[changed.length - 1] ^= 0x01;
    const digest = await sha256Hex(changed);
    const next = structuredClone(manifest);
    next.version = `${manifest.version}-next`;
    next.files[0].sha256 = digest;
    next.weights.sha256 = digest;
    const expected = await BackendModel.load(
      checkFiles(next.version, next, { [path]: changed.slice().buffer }),
    );
    const nextScores = await expected.score(request);
    expected.dispose();
    expect(Array.from(nextScores), "the new weights score differently").not.toEqual(Array.from(scores));

    const model = await BackendModel.load(checkFiles(next.version, next, { [path]: changed.buffer }, record));
    expect(model.weightsFrom).toBe("bytes");
    expect(Array.from(await model.score(request))).toEqual(Array.from(nextScores));
    model.dispose();
  });
});
