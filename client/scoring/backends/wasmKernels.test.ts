import { resolve } from "node:path";
// Node's build of tfjs-backend-wasm registers every kernel: the path runs, and the profile lists what it used.
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { buildArtifact, buildReferenceProfile, type Precision } from "../../../model/artifact/index.ts";
import { testRanker } from "../../../model/artifact/testRanker.ts";
import { encodeBatch } from "../../../model/features/index.ts";
import { forward, toTensors } from "../../../model/ranker/index.ts";
import { BackendModel, checkFiles } from "../BackendModel";
import { dummyBatch } from "../dummyBatch";
import { demoLoadRequest } from "../testDemoModel";
import { SCORING_KERNELS } from "./wasmKernels";

setWasmPaths(`${resolve(import.meta.dirname, "../../../node_modules/@tensorflow/tfjs-backend-wasm/dist")}/`);

/** Requests of every shape the forward pass branches on: no history, one item (no attention), several. */
const requests = [0, 1, 8].flatMap((items) =>
  [1, 37].map((n) => {
    const batch = dummyBatch(n);
    const history = Array.from({ length: items }, (_, i) => i + 1);
    return { ...batch, history, historyCategories: history.map(() => ["warm-up"]) };
  }),
);

/** Kernels (not ops) that `run` executed on the active backend. */
async function kernelsOf(run: () => Promise<void>): Promise<Set<string>> {
  const { kernelNames } = await tf.profile(run);
  return new Set(kernelNames.filter((name) => !name.endsWith("__op")));
}

/** What the worker runs on a model: decode and fold (BackendModel.load), then scoring with host gathers. */
async function workerPathKernels(version: string, manifest: unknown, files: Record<string, ArrayBuffer>) {
  let model: BackendModel | undefined;
  const used = await kernelsOf(async () => {
    model = await BackendModel.load(checkFiles(version, manifest, files));
    for (const request of requests) await model.score(request);
  });
  model?.dispose();
  return used;
}

const registered = new Set(SCORING_KERNELS.map((kernel) => kernel.kernelName));
/** Every kernel the cases below ran, for the last test. */
const ranByAnyCase = new Set<string>();
const missing = (used: Set<string>) => {
  for (const name of used) ranByAnyCase.add(name);
  return [...used].filter((name) => !registered.has(name)).sort();
};

describe("the wasm chunk's kernels", () => {
  beforeAll(async () => {
    expect(await tf.setBackend("wasm")).toBe(true);
  });

  it("are all registered for the wasm backend", () => {
    expect(SCORING_KERNELS.every((kernel) => kernel.backendName === "wasm")).toBe(true);
  });

  it("cover the committed demo model's load and scoring, with and without a history", async () => {
    const load = await demoLoadRequest("wasm");
    const manifest = JSON.parse(new TextDecoder().decode(load.manifest));
    expect(missing(await workerPathKernels(load.version, manifest, load.files))).toEqual([]);
  });

  for (const precision of ["fp32", "fp16", "int8"] as const satisfies Precision[]) {
    for (const hiddenUnits of [[8], [32, 16], [16, 8, 4]]) {
      it(`cover a ${precision} model with hidden layers [${hiddenUnits}], and the forward pass's own gathers`, async () => {
        const { config, params } = testRanker(3, { hiddenUnits });
        const { manifest, files } = await buildArtifact({
          params,
          config,
          version: `k-${precision}`,
          precision,
          metrics: {},
          referenceProfile: buildReferenceProfile(new Float32Array([0.2, 0.5, 0.8]), [{}, {}, {}]),
        });
        const bytes = Object.fromEntries(files.map((f) => [f.path, f.data.slice().buffer]));
        const used = await workerPathKernels(manifest.version, manifest, bytes);
        // forward's default gather (tf.gather), which it uses when a host gather declines a table.
        for (const request of requests) {
          const run = async () =>
            tf.tidy(() => forward(params, toTensors(encodeBatch(request, config)), config)).dispose();
          for (const name of await kernelsOf(run)) used.add(name);
        }
        tf.dispose(Object.values(params));
        expect(missing(used)).toEqual([]);
      });
    }
  }

  // Runs after the cases above (a file's tests run in order): a kernel no case ran is code every start compiles for nothing.
  it("register no kernel that none of those paths ran", () => {
    expect(ranByAnyCase.size).toBeGreaterThan(0);
    expect([...registered].filter((name) => !ranByAnyCase.has(name)).sort()).toEqual([]);
  });
});
