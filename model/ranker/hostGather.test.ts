import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it, vi } from "vitest";
import { encodeBatch } from "../features/encodeBatch";
import { defaultConfig } from "./defaultConfig";
import { hostGather, preferredGather } from "./hostGather";
import { initParams } from "./initParams";
import { scoreCandidates } from "./scoreCandidates";

setWasmPaths(`${resolve(import.meta.dirname, "../../node_modules/@tensorflow/tfjs-backend-wasm/dist")}/`);
await tf.setBackend("cpu"); // registering wasm made it the default; the other tests run on cpu

describe("hostGather", () => {
  const config = defaultConfig(["retrievalScore", "ctx.sessionCount"], {
    itemBuckets: 64,
    categoryBuckets: 16,
  });
  const params = initParams(config, 3);

  it("copies the same rows as tf.gather, bit for bit", () => {
    const ids = tf.tensor1d([0, 5, 63, 5, 1], "int32");
    const expected = tf.gather(params.itemEmbedding, ids);
    const got = hostGather(params)(params.itemEmbedding, ids);
    expect(got.shape).toEqual([5, config.embeddingDim]);
    expect(Array.from(got.dataSync())).toEqual(Array.from(expected.dataSync()));
  });

  it("gives the same scores as the default gather", () => {
    const input = {
      history: [3, 9, 3],
      historyCategories: [["Nails"], ["Hair", "Care"], ["Nails"]],
      candidates: [
        { id: 9, categories: ["Hair"], features: { retrievalScore: 2 } },
        { id: 40, categories: [], features: { retrievalScore: 1 } },
        { id: 1234, features: { retrievalScore: 0.5 } },
      ],
    };
    const encoded = encodeBatch(input, config);
    const plain = scoreCandidates(params, config, encoded);
    const host = scoreCandidates(params, config, encoded, hostGather(params));
    expect(Array.from(host)).toEqual(Array.from(plain));
  });

  it("scores each request as a fresh gather does while it remembers the last history and candidates", () => {
    const gather = hostGather(params);
    const request = (history: number[], ids: number[], categories: string[]) => ({
      history,
      historyCategories: history.map(() => [categories[0]]),
      candidates: ids.map((id, i) => ({ id, categories, features: { retrievalScore: i } })),
    });
    // The same candidates with another history, other candidates with the same history, one candidate's
    // category changed (the same item ids), then the first request again.
    const requests = [
      request([3, 9], [9, 40, 1234], ["Hair"]),
      request([3, 9, 12], [9, 40, 1234], ["Hair"]),
      request([3, 9, 12], [9, 41, 1234], ["Hair"]),
      request([3, 9, 12], [9, 41, 1234], ["Nails"]),
      request([3, 9], [9, 40, 1234], ["Hair"]),
    ];
    for (const input of requests) {
      const encoded = encodeBatch(input, config);
      const fresh = scoreCandidates(params, config, encoded, hostGather(params));
      expect(Array.from(scoreCandidates(params, config, encoded, gather))).toEqual(Array.from(fresh));
    }
  });

  it("embeds slots as the graph's gathers, concat and weighted product do (zero weights skipped)", () => {
    const parts = [
      { table: "itemEmbedding", ids: tf.tensor2d([[5], [0], [63]], [3, 1], "int32") },
      {
        table: "categoryEmbedding",
        ids: tf.tensor2d(
          [
            [1, 2],
            [0, 0],
            [15, 0],
          ],
          [3, 2],
          "int32",
        ),
      },
    ];
    const weights = tf.tensor3d([1, 0.5, 0.5, 0, 0, 0, 1, 1, 0], [3, 1, 3]);
    const rows = tf.concat(
      parts.map((p) => tf.gather(params[p.table], p.ids)),
      1,
    );
    const expected = tf.reshape(tf.matMul(weights, rows), [3, config.embeddingDim]).dataSync();
    const got = hostGather(params).embedSlots?.(parts, weights);
    expect(got?.shape).toEqual([3, config.embeddingDim]);
    const gap = Math.max(...Array.from(got!.dataSync(), (v, i) => Math.abs(v - expected[i])));
    expect(gap).toBeLessThan(1e-7);
    // A table it holds no copy of: the forward pass takes the graph's way.
    expect(hostGather(params).embedSlots?.([{ table: "wide", ids: parts[0].ids }], weights)).toBeUndefined();
  });

  it("scores without uploading the slots' ids and weights, which it reads on the host", () => {
    const input = {
      history: [3, 9, 3],
      historyCategories: [["Nails"], ["Hair", "Care"], ["Nails"]],
      candidates: [9, 40, 1234, 7].map((id) => ({
        id,
        categories: ["Hair"],
        features: { retrievalScore: 1 },
      })),
    };
    const encoded = encodeBatch(input, config);
    const backend = tf.backend();
    const written: string[] = [];
    const original = backend.write.bind(backend);
    const write = vi.spyOn(backend, "write").mockImplementation((values, shape, dtype) => {
      written.push(`${dtype} [${shape}]`);
      return original(values, shape, dtype);
    });
    try {
      scoreCandidates(params, config, encoded, hostGather(params));
    } finally {
      write.mockRestore();
    }
    const C = config.maxCategories;
    // Ids are the only int32 values; the slots' weights are [S, 1, R] (4 candidates; 3 history positions).
    expect(written.filter((w) => w.startsWith("int32"))).toEqual([]);
    expect(written).not.toContain(`float32 [4,1,${1 + C}]`);
    expect(written).not.toContain(`float32 [3,1,${2 + C}]`);
    expect(written.length).toBeGreaterThan(0);
  });

  it.each(["wasm", "cpu"])(
    "hands its kept rows to the %s backend uncopied only where the backend copies them",
    async (name) => {
      const before = tf.getBackend();
      expect(await tf.setBackend(name)).toBe(true);
      const D = config.embeddingDim;
      const gather = hostGather(params);
      const ids = { values: Int32Array.of(3, 9), shape: [2, 1], dtype: "int32" as const };
      const weights = { values: Float32Array.of(1, 1), shape: [2, 1, 1], dtype: "float32" as const };
      const backend = tf.backend();
      const handed: unknown[] = [];
      const original = backend.write.bind(backend);
      const write = vi.spyOn(backend, "write").mockImplementation((values, shape, dtype) => {
        if (`${shape}` === `2,${D}`) handed.push(values);
        return original(values, shape, dtype);
      });
      try {
        // The second call finds the first one's rows (the same ids and weights).
        const [first, second] = [0, 1].map(
          () => gather.embedSlots!([{ table: "itemEmbedding", ids }], weights)!,
        );
        expect(handed).toHaveLength(2);
        // wasm copies a new tensor's values into its memory; cpu keeps the array, so each gets its own.
        expect(handed[0] === handed[1]).toBe(name === "wasm");
        expect(Array.from(second.dataSync())).toEqual(Array.from(first.dataSync()));
      } finally {
        write.mockRestore();
        await tf.setBackend(before);
      }
    },
  );

  it("uploads the slots' ids and weights when its embedSlots declines them", () => {
    const encoded = encodeBatch({ history: [3, 9], candidates: [{ id: 9 }, { id: 40 }] }, config);
    const declining = Object.assign(hostGather(params), { embedSlots: () => undefined });
    const plain = scoreCandidates(params, config, encoded);
    expect(Array.from(scoreCandidates(params, config, encoded, declining))).toEqual(Array.from(plain));
  });

  it("refuses an id outside the table, as tf.gather does", () => {
    const gather = hostGather(params);
    expect(() => gather(params.categoryEmbedding, tf.tensor1d([16], "int32"))).toThrow(
      /outside the table's 16 rows/,
    );
    expect(() => gather(params.categoryEmbedding, tf.tensor1d([-1], "int32"))).toThrow(/outside/);
  });

  it("leaves other tensors to tf.gather", () => {
    const other = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expect(Array.from(hostGather(params)(other, tf.tensor1d([1], "int32")).dataSync())).toEqual([3, 4]);
  });

  it("is preferred on wasm and cpu only", () => {
    expect(preferredGather(params, "cpu")).toBeTypeOf("function");
    expect(preferredGather(params, "wasm")).toBeTypeOf("function");
    expect(preferredGather(params, "webgl")).toBeUndefined();
    expect(preferredGather(params, "webgpu")).toBeUndefined();
  });
});
