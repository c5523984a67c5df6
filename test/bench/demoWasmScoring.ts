/**
 * What the Node benches of the scoring worker's path share (model-encode, model-kernels): the committed demo
 * model on the tfjs wasm backend, prepared as the worker prepares it (constants folded, the host gather),
 * and Beauty home candidates from the real generator with an 8-item history.
 * @example const { config, params, gather } = await demoModelOnWasm(); const list = beautyHome().candidatesOf(1000);
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { buildCandidateIndex, generateCandidates, indexLookups } from "../../edge/candidates/index.ts";
import { DEMO_INDEX_OPTIONS } from "../../edge/catalog/index.ts";
import { loadModel } from "../../model/artifact/loadModel.ts";
import type { Candidate } from "../../model/catalog/index.ts";
import { readBeauty } from "../../model/data/readDataset.ts";
import { foldConstants, hostGather, type RankerConfig } from "../../model/ranker/index.ts";

/** The demo model's weights on wasm with their per-model terms folded, and the host gather. */
export async function demoModelOnWasm() {
  setWasmPaths(`${resolve(import.meta.dirname, "../../node_modules/@tensorflow/tfjs-backend-wasm/dist")}/`);
  await tf.setBackend("wasm");
  const demo = resolve(import.meta.dirname, "../../model/artifacts/demo");
  const manifest = JSON.parse(readFileSync(join(demo, "manifest.json"), "utf8"));
  const loaded = await loadModel(manifest, async (p) => new Uint8Array(readFileSync(join(demo, p))).buffer);
  const config = loaded.config as unknown as RankerConfig;
  const params = foldConstants(loaded.params, config);
  return { config, params, gather: hostGather(params) };
}

/**
 * Beauty's 500 home candidates, `candidatesOf(n)` (1,000 = the 500 repeated with shifted ids, as the lab
 * page does), an 8-item history and its items' categories.
 */
export function beautyHome() {
  const { items, sequences } = readBeauty();
  const index = buildCandidateIndex(sequences, items, DEMO_INDEX_OPTIONS);
  const home = generateCandidates(
    { context: "home", limit: 500 },
    { ...indexLookups(index), search: () => [] },
  );
  const candidatesOf = (n: number): Candidate[] => {
    const list = home.slice(0, n);
    for (let round = 1; list.length < n; round++) {
      list.push(...home.slice(0, n - list.length).map((c) => ({ ...c, id: c.id + round * 100_000 })));
    }
    return list;
  };
  const categoriesOf = (ids: readonly number[]) => ids.map((id) => index.items.get(id)?.categories ?? []);
  return { candidatesOf, eightItems: sequences.find((s) => s.length >= 8)!.slice(0, 8), categoriesOf };
}
