import * as tf from "@tensorflow/tfjs-core";
import { type CheckedModel, checkModel, decodeModel } from "../../model/artifact/loadModel.ts";
import {
  float32Names,
  fromPrepared,
  type PreparedWeights,
  toPrepared,
} from "../../model/artifact/preparedWeights.ts";
import { encodeRequest, FEATURE_SCHEMA_VERSION, type HeldBatch } from "../../model/features/index.ts";
import type { EncodeInput } from "../../model/features/types.ts";
import {
  EMBEDDING_TABLES,
  foldOnHost,
  type GatherFn,
  gathersOnHost,
  type HostWeight,
  preferredGather,
  type RankerConfig,
  type RankerParams,
  scoreCandidatesAsync,
  tensorsOf,
} from "../../model/ranker/index.ts";
import type { BackendName } from "../types";
import { dummyBatch } from "./dummyBatch";
import { assertFinite, warmUp } from "./warmUp";

/**
 * A model as the worker received it: its version and the check of its manifest and weight files
 * (model/artifact's checkModel: schema, byte counts, sha256), started on arrival (see {@link checkFiles}),
 * and the weights an earlier visit decoded from the same bytes, if the page had them (used only when
 * they match the checked weights: model/artifact's fromPrepared).
 */
export type ModelFiles = { version: string; checked: Promise<CheckedModel>; prepared?: unknown };

/**
 * Starts checking a model's files at once: the hashing runs while the backend still comes up, and a
 * model used for several backends (the benchmark) is checked once. Its failure surfaces where a load
 * awaits it.
 * @example const files = checkFiles("v3", JSON.parse(manifestText), { "group1-shard1of1.bin": bytes });
 */
export function checkFiles(
  version: string,
  manifest: unknown,
  files: Record<string, ArrayBuffer>,
  prepared?: unknown,
): ModelFiles {
  const started = performance.now();
  const checked = checkModel(
    manifest,
    async (path) => {
      const data = files[path];
      if (!data) throw new Error(`model file ${path} missing from the bundle`);
      return data;
    },
    { featureSchemaVersion: FEATURE_SCHEMA_VERSION },
  );
  // The schema check runs here, synchronously; the hashing goes on off the thread (WebCrypto).
  performance.measure("pocketrank:manifest-check", { start: started });
  checked.catch(() => {}); // handled where a load awaits it; not an unhandled rejection meanwhile
  return { version, checked, prepared };
}

/** Candidates per warm-up / benchmark batch: the SDK's default candidate limit. */
const WARM_CANDIDATES = 200;

/**
 * One model's weights on the active tfjs backend (with their per-model terms folded once on the host:
 * model/'s foldOnHost), and the one way the worker scores with them: model/'s encodeBatch +
 * scoreCandidatesAsync with the backend's preferred gather (host copies on wasm and cpu).
 * Made by {@link BackendModel.load} after the backend is active; `dispose` frees its tensors. The first
 * scores of a model that was not warmed up are checked as a warm-up's are (a throw: the caller fails over).
 * @example const model = await BackendModel.load(files); const scores = await model.score(request);
 */
export class BackendModel {
  /** Whether a warm-up or a first request showed finite scores on this backend. */
  private checked = false;
  /** The last request's batch, rewritten by the next one with the same answer (encodeRequest). */
  private held: HeldBatch | undefined;

  private constructor(
    readonly version: string,
    /** Where the weights' values came from: a matching prepared record, or the verified bytes decoded. */
    readonly weightsFrom: "prepared" | "bytes",
    private params: Record<string, tf.Tensor> | undefined,
    private readonly config: RankerConfig,
    private readonly gather: GatherFn | undefined,
    /** The weights decoded from the bytes, until {@link takePrepared} hands them out as a record. */
    private decoded: (() => PreparedWeights | undefined) | undefined,
  ) {}

  /**
   * Loads the checked weights onto the active backend: the prepared record's values when it matches the
   * checked weights (no dequantization), else the verified bytes decoded. Where the gather reads the
   * embedding tables on the host (wasm, cpu), they stay host values (193,632 of the demo model's 214,075
   * weights): no tensor written into the backend only to be read back.
   */
  static async load(model: ModelFiles): Promise<BackendModel> {
    const backend = tf.getBackend();
    const checked = await model.checked;
    const started = performance.now();
    const config = checked.manifest.architecture as unknown as RankerConfig;
    const { weights, params, from } = hostWeights(checked, model.prepared);
    const onHost: Record<string, HostWeight> = {};
    const onBackend: Record<string, HostWeight> = {};
    const hostTables: readonly string[] = gathersOnHost(backend) ? EMBEDDING_TABLES : [];
    for (const [name, weight] of Object.entries(foldOnHost(weights, config)))
      (hostTables.includes(name) ? onHost : onBackend)[name] = weight;
    const tensors = { ...params, ...tensorsOf(onBackend) };
    const gather = preferredGather(tensors, backend, onHost);
    const decoded = from === "bytes" ? () => toPrepared(checked, weights) : undefined;
    performance.measure("pocketrank:model-load", { start: started, detail: { backend } });
    return new BackendModel(model.version, from, tensors, config, gather, decoded);
  }

  /**
   * The weights this load decoded from the bytes, as a record for the page to keep (once; undefined when
   * they came from a record, or were handed out already).
   */
  takePrepared(): PreparedWeights | undefined {
    const record = this.decoded?.();
    this.decoded = undefined;
    return record;
  }

  /**
   * Click probabilities of the request's candidates, in their order (encode + forward + read-back). The
   * engine runs one call at a time, so the batch a call encodes is not rewritten while it is scored.
   */
  async score(request: EncodeInput): Promise<Float32Array> {
    this.held = encodeRequest(request, this.config, this.held);
    const scores = await scoreCandidatesAsync(this.weights(), this.config, this.held.batch, this.gather);
    if (!this.checked) {
      assertFinite(scores, tf.getBackend() as BackendName);
      this.checked = true;
    }
    const n = request.candidates.length;
    return scores.length === n ? scores : scores.slice(0, n);
  }

  /** Compiles and exercises the kernels on `backend` with a synthetic batch (see warmUp). */
  async warmUp(backend: BackendName): Promise<void> {
    await warmUp(backend, this.weights(), this.config, WARM_CANDIDATES, this.gather);
    this.checked = true;
  }

  /** Median ms of `runs` scoring calls on a synthetic batch, after a warm-up. */
  async benchmark(backend: BackendName, runs: number): Promise<number> {
    await this.warmUp(backend);
    const batch = dummyBatch(WARM_CANDIDATES);
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await this.score(batch);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  }

  /** Frees the weights; tensors of a lost backend may not dispose cleanly, which is ignored. */
  dispose(): void {
    for (const tensor of Object.values(this.params ?? {})) {
      try {
        tensor.dispose();
      } catch {
        // a lost device's tensors
      }
    }
    this.params = undefined;
    this.decoded = undefined;
  }

  private weights(): Record<string, tf.Tensor> {
    if (!this.params) throw new Error("the model's weights were freed");
    return this.params;
  }
}

/**
 * The float32 weights as host values: the prepared record's when it matches `checked`, else decoded from
 * the verified bytes (decodeModel, tfjs' expression to the bit), with any other weights as tensors. A
 * record that does not match is ignored silently: the bytes give the same weights.
 */
function hostWeights(
  checked: CheckedModel,
  prepared: unknown,
): { weights: Record<string, HostWeight>; params: RankerParams; from: "prepared" | "bytes" } {
  const started = performance.now();
  const found = fromPrepared(checked, prepared);
  if (typeof found !== "string") {
    performance.measure("pocketrank:weights", { start: started, detail: { from: "prepared" } });
    return { weights: found, params: {}, from: "prepared" };
  }
  const { host, params } = decodeModel(checked, float32Names(checked));
  performance.measure("pocketrank:weights", { start: started, detail: { from: "bytes", why: found } });
  return { weights: host, params, from: "bytes" };
}
