import * as tf from "@tensorflow/tfjs-core";
import { loadModel } from "../../model/artifact/loadModel.ts";
import type { Candidate } from "../../model/catalog/index.ts";
import { encodeBatch, FEATURE_SCHEMA_VERSION } from "../../model/features/index.ts";
import {
  type GatherFn,
  preferredGather,
  type RankerConfig,
  scoreCandidatesAsync,
} from "../../model/ranker/index.ts";
import type { BackendName } from "../types";
import { loadBackend } from "./backends/loadBackend";
import { BACKEND_CHAIN, type Capabilities, pickBackend, planBackends } from "./chooseBackend";
import { dummyBatch } from "./dummyBatch";
import type { BackendChange, BackendChoice, BackendTrial, WorkerRequest } from "./protocol";
import { warmUp } from "./warmUp";

type LoadRequest = Extract<WorkerRequest, { type: "load" }>;
type ScoreRequest = { history: number[]; historyCategories: string[][]; candidates: Candidate[] };
/** The part of a GPUDevice the engine uses (kept local: the DOM lib has no WebGPU types). */
type LosableDevice = { destroy(): void; lost: Promise<{ reason: string; message: string }> };
type Bundle = { version: string; manifest: unknown; files: Record<string, ArrayBuffer> };

/** Candidates per warm-up / benchmark batch: the SDK's default candidate limit. */
const WARM_CANDIDATES = 200;
/** Timed runs per backend in the micro-benchmark; the median decides. */
const BENCH_RUNS = 5;

/**
 * Worker-side scorer: picks a tfjs backend (capability → benchmark → override), loads the model on it
 * with model/artifact's loadModel, scores with model/'s encodeBatch + scoreCandidatesAsync, and on a
 * lost device or a backend error rebuilds on the next backend of the chain and carries on.
 * Calls are serialised: one load or score at a time.
 * @example const engine = new ScoringEngine(caps, (change) => postMessage(change)); await engine.load(req);
 */
export class ScoringEngine {
  private order: BackendName[] = [];
  private current: BackendName | null = null;
  private trials: BackendTrial[] = [];
  private bundle?: Bundle;
  private params?: Record<string, tf.Tensor>;
  private config?: RankerConfig;
  /** The embedding gather for the active backend (host copies on wasm/cpu; see model's hostGather). */
  private gather?: GatherFn;
  private queue: Promise<unknown> = Promise.resolve();
  private device?: { destroy(): void };

  constructor(
    private readonly probe: () => Promise<Capabilities>,
    private readonly onChange: (change: BackendChange) => void,
  ) {}

  load(request: LoadRequest): Promise<{
    backend: BackendName;
    reason: string;
    history: BackendTrial[];
    loadMs: number;
    choice: BackendChoice;
  }> {
    return this.serial(async () => {
      const started = performance.now();
      const manifest = JSON.parse(new TextDecoder().decode(request.manifest));
      // A load replaces whatever model was loaded before (a newly assigned version): free its weights.
      this.disposeParams();
      this.current = null;
      this.bundle = { version: request.version, manifest, files: request.files };
      this.trials = [];
      const done = (backend: BackendName, reason: string, choice: BackendChoice) => ({
        backend,
        reason,
        history: this.trials,
        loadMs: performance.now() - started,
        choice,
      });
      const remembered = request.backend === "auto" ? request.remembered : undefined;
      if (remembered && (await this.tryRemembered(remembered, request.pageWebGpu))) {
        return done(remembered, `remembered from an earlier visit's choice (${remembered})`, "remembered");
      }
      const plan = planBackends(await this.probe(), request.backend);
      this.trials.push(...plan.skipped.map((s) => ({ ...s })));
      const results: Partial<Record<BackendName, number | string>> = {};
      for (const backend of plan.benchmark) {
        try {
          results[backend] = await this.benchmark(backend);
        } catch (error) {
          results[backend] = message(error);
        }
      }
      const pick = pickBackend(plan, results);
      const tried = this.trials.length;
      const backend = await this.bringUp(pick.order);
      const skipped = plan.skipped.map((s) => `; skipped ${s.backend} (${s.reason})`).join("");
      const failed = this.trials.slice(tried).map((t) => `; ${t.backend} failed (${t.reason})`);
      const choice = request.backend === "auto" ? "probed" : "forced";
      return done(backend, `${pick.reason}${skipped}${failed.join("")}`, choice);
    });
  }

  /**
   * Brings up the backend an earlier visit chose, skipping the probe and the benchmark. The rest of the
   * chain stays as fallbacks; if the remembered one fails, the caller probes again.
   */
  private async tryRemembered(backend: BackendName, pageWebGpu: LoadRequest["pageWebGpu"]): Promise<boolean> {
    try {
      // A page that shows no WebGPU gets none here either (as in planBackends), whatever a visit remembered.
      if (backend === "webgpu" && pageWebGpu && !pageWebGpu.adapter)
        throw new Error("the page has no WebGPU adapter");
      await this.bringUpOne(backend);
      this.order = BACKEND_CHAIN.filter((b) => b !== backend);
      this.current = backend;
      return true;
    } catch (error) {
      this.disposeParams();
      this.trials.push({ backend, reason: `remembered backend failed, probing again: ${message(error)}` });
      return false;
    }
  }

  score(
    request: ScoreRequest,
  ): Promise<{ scores: Float32Array; backend: BackendName; version: string; ms: number }> {
    return this.serial(async () => {
      if (!this.params || !this.current || !this.bundle) throw new Error("no model loaded");
      try {
        return await this.scoreOnce(request);
      } catch (error) {
        await this.failOver(`${this.current} failed while scoring: ${message(error)}`);
        return this.scoreOnce(request);
      }
    });
  }

  /** Loads and activates `backend` ahead of the model (see the worker's "prepare"); errors wait for load. */
  prepare(backend: BackendName): Promise<void> {
    return this.serial(async () => {
      await this.activate(backend).catch(() => {});
    });
  }

  /** No candidates: nothing to score, but the answer still names the model and backend in use. */
  idle(): Promise<{ scores: Float32Array; backend: BackendName; version: string; ms: number }> {
    return this.serial(async () => {
      if (!this.params || !this.current || !this.bundle) throw new Error("no model loaded");
      return { scores: new Float32Array(0), backend: this.current, version: this.bundle.version, ms: 0 };
    });
  }

  /** Test hook: destroys the WebGPU device, which fires a real `device.lost`. */
  loseDevice(): Promise<void> {
    return this.serial(async () => {
      // Off WebGPU there is no device to lose: a no-op, as documented on Recommender.simulateDeviceLoss.
      if (this.current !== "webgpu" || !this.device) return;
      this.device.destroy();
      await this.failOver("webgpu device lost (destroyed by test hook)");
    });
  }

  private async scoreOnce(request: ScoreRequest) {
    const started = performance.now();
    const encoded = encodeBatch(
      {
        history: request.history,
        historyCategories: request.historyCategories,
        candidates: request.candidates,
      },
      this.config!,
    );
    const scores = await scoreCandidatesAsync(this.params!, this.config!, encoded, this.gather);
    const n = request.candidates.length;
    return {
      scores: scores.length === n ? scores : scores.slice(0, n),
      backend: this.current!,
      version: this.bundle!.version,
      ms: performance.now() - started,
    };
  }

  /** Activates the first backend of `order` that loads and warms up; records the ones that fail. */
  private async bringUp(order: BackendName[]): Promise<BackendName> {
    for (let i = 0; i < order.length; i++) {
      const backend = order[i];
      try {
        await this.bringUpOne(backend);
        this.order = order.slice(i + 1);
        this.current = backend;
        return backend;
      } catch (error) {
        this.disposeParams();
        this.trials.push({ backend, reason: message(error) });
      }
    }
    this.current = null;
    throw new Error(
      `no backend could run the model: ${this.trials.map((t) => `${t.backend}: ${t.reason}`).join("; ")}`,
    );
  }

  /** Loads `backend`'s chunk, activates it, loads the weights there and warms its kernels up. */
  private async bringUpOne(backend: BackendName): Promise<void> {
    await this.activate(backend);
    await this.loadParams();
    await warmUp(backend, this.params!, this.config!, WARM_CANDIDATES, this.gather);
  }

  private async failOver(reason: string): Promise<void> {
    if (this.current) this.trials.push({ backend: this.current, reason });
    this.disposeParams();
    const rest = this.order;
    this.current = null;
    try {
      const backend = await this.bringUp(rest);
      this.onChange({ backend, reason: `fell back after: ${reason}`, history: this.trials });
    } catch (error) {
      this.onChange({ backend: "none", reason: message(error), history: this.trials });
      throw error;
    }
  }

  private async benchmark(backend: BackendName): Promise<number> {
    await this.activate(backend);
    await this.loadParams();
    try {
      await warmUp(backend, this.params!, this.config!, WARM_CANDIDATES, this.gather);
      const batch = dummyBatch(WARM_CANDIDATES);
      const times: number[] = [];
      for (let run = 0; run < BENCH_RUNS; run++) {
        const started = performance.now();
        await scoreCandidatesAsync(this.params!, this.config!, encodeBatch(batch, this.config!), this.gather);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    } finally {
      this.disposeParams();
    }
  }

  private async activate(backend: BackendName): Promise<void> {
    await loadBackend(backend);
    if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend("${backend}") failed to initialise`);
    await tf.ready();
    this.device = undefined;
    if (backend === "webgpu") {
      const device = (tf.backend() as unknown as { device?: LosableDevice }).device;
      this.device = device;
      device?.lost.then((info) => {
        // Only a loss of the device we still use matters; the hook path has already failed over.
        if (this.current === "webgpu" && this.device === device && info.reason !== "destroyed") {
          this.serial(() => this.failOver(`webgpu device lost: ${info.message || info.reason}`)).catch(
            () => {},
          );
        }
      });
    }
  }

  private async loadParams(): Promise<void> {
    const bundle = this.bundle!;
    const loaded = await loadModel(
      bundle.manifest,
      async (path) => {
        const data = bundle.files[path];
        if (!data) throw new Error(`model file ${path} missing from the bundle`);
        return data;
      },
      { featureSchemaVersion: FEATURE_SCHEMA_VERSION },
    );
    this.params = loaded.params;
    this.config = loaded.config as unknown as RankerConfig;
    this.gather = preferredGather(this.params);
  }

  private disposeParams(): void {
    for (const tensor of Object.values(this.params ?? {})) {
      try {
        tensor.dispose();
      } catch {
        // tensors of a lost backend may not dispose cleanly
      }
    }
    this.params = undefined;
    this.gather = undefined;
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
