import type { EncodeInput } from "../../model/features/types.ts";
import type { BackendName } from "../types";
import { activateBackend, type LosableDevice } from "./activateBackend";
import { BackendModel, type ModelFiles } from "./BackendModel";
import {
  BACKEND_CHAIN,
  BENCHMARKED_LATER,
  type BenchmarkResults,
  type Capabilities,
  fastStartOrder,
  pickBackend,
  planBackends,
} from "./chooseBackend";
import type { BackendChange, BackendChoice, BackendTrial, WorkerRequest } from "./protocol";

type LoadRequest = Extract<WorkerRequest, { type: "load" }>;
type BenchmarkRequest = Extract<WorkerRequest, { type: "benchmark" }>;
type Scored = { scores: Float32Array; backend: BackendName; version: string; ms: number };
type Loaded = {
  backend: BackendName;
  reason: string;
  history: BackendTrial[];
  loadMs: number;
  choice: BackendChoice;
};

/** Timed runs per backend in the micro-benchmark; the median decides. */
const BENCH_RUNS = 5;

/**
 * Worker-side scorer: picks a tfjs backend (remembered → capability → wasm first, or override), loads the model on it
 * (a BackendModel: the weights and the one way to score with them), and on a lost device or a backend
 * error rebuilds on the next backend of the chain and carries on.
 * Calls are serialised: one load or score at a time.
 * @example const engine = new ScoringEngine(caps, (change) => postMessage(change)); await engine.load(req);
 */
export class ScoringEngine {
  private order: BackendName[] = [];
  private current: BackendName | null = null;
  private trials: BackendTrial[] = [];
  private files?: ModelFiles;
  private model?: BackendModel;
  private queue: Promise<unknown> = Promise.resolve();
  private device?: LosableDevice;

  constructor(
    private readonly probe: () => Promise<Capabilities>,
    private readonly onChange: (change: BackendChange) => void,
  ) {}

  load(request: LoadRequest): Promise<Loaded> {
    return this.serial(async () => {
      const started = performance.now();
      const manifest = JSON.parse(new TextDecoder().decode(request.manifest));
      // A load replaces whatever model was loaded before (a newly assigned version): free its weights.
      this.disposeModel();
      this.current = null;
      this.files = { version: request.version, manifest, files: request.files };
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
      // A first visit starts on wasm at once; the page benchmarks the others later (see benchmark()).
      const fast = fastStartOrder(plan);
      const pick = fast
        ? { order: fast, reason: `started on wasm; ${plan.benchmark.join(" vs ")}${BENCHMARKED_LATER}` }
        : pickBackend(plan, await this.timeEach(plan.benchmark));
      const tried = this.trials.length;
      const backend = await this.bringUp(pick.order);
      const skipped = plan.skipped.map((s) => `; skipped ${s.backend} (${s.reason})`).join("");
      const failed = this.trials.slice(tried).map((t) => `; ${t.backend} failed (${t.reason})`);
      const choice = fast ? "provisional" : request.backend === "auto" ? "probed" : "forced";
      return done(backend, `${pick.reason}${skipped}${failed.join("")}`, choice);
    });
  }

  /**
   * The benchmark a first visit deferred: times the device's fast backends on `request`'s model and
   * answers the winner. Meant for a worker of its own (tfjs has one active backend per thread); nothing
   * stays loaded.
   */
  benchmark(request: BenchmarkRequest): Promise<{ backend: BackendName; reason: string }> {
    return this.serial(async () => {
      const manifest = JSON.parse(new TextDecoder().decode(request.manifest));
      this.files = { version: request.version, manifest, files: request.files };
      const plan = planBackends(await this.probe(), "auto");
      const pick = pickBackend(plan, await this.timeEach(plan.benchmark));
      return { backend: pick.order[0], reason: pick.reason };
    });
  }

  /** Median ms per scoring call of each backend, or the error that stopped it. */
  private async timeEach(backends: BackendName[]): Promise<BenchmarkResults> {
    const results: BenchmarkResults = {};
    for (const backend of backends) results[backend] = await this.timeOne(backend).catch(message);
    return results;
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
      this.disposeModel();
      this.trials.push({ backend, reason: `remembered backend failed, probing again: ${message(error)}` });
      return false;
    }
  }

  /** Scores a request's candidates (objects or the answer's columns) with the loaded model. */
  score(request: EncodeInput): Promise<Scored> {
    return this.serial(async () => {
      if (!this.model || !this.current) throw new Error("no model loaded");
      try {
        return await this.scoreOnce(request);
      } catch (error) {
        await this.failOver(`${this.current} failed while scoring: ${message(error)}`);
        return this.scoreOnce(request);
      }
    });
  }

  /**
   * Scores `request` and throws the scores away, in the queue like any call: the idle warm-up (see
   * IdleWarmUp). No fail-over: an error stops the warm-up, and the next real request meets it.
   */
  rehearse(request: EncodeInput): Promise<void> {
    return this.serial(async () => {
      if (!this.model) throw new Error("no model loaded");
      await this.model.score(request);
    });
  }

  /** Loads and activates `backend` ahead of the model (see the worker's "prepare"); errors wait for load. */
  prepare(backend: BackendName): Promise<void> {
    return this.serial(async () => {
      await this.activate(backend).catch(() => {});
    });
  }

  /** No candidates: nothing to score, but the answer still names the model and backend in use. */
  idle(): Promise<Scored> {
    return this.serial(async () => {
      if (!this.model || !this.current) throw new Error("no model loaded");
      return { scores: new Float32Array(0), backend: this.current, version: this.model.version, ms: 0 };
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

  private async scoreOnce(request: EncodeInput): Promise<Scored> {
    const started = performance.now();
    const model = this.model!;
    const scores = await model.score(request);
    return { scores, backend: this.current!, version: model.version, ms: performance.now() - started };
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
        this.disposeModel();
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
    this.model = await BackendModel.load(this.files!);
    await this.model.warmUp(backend);
  }

  private async failOver(reason: string): Promise<void> {
    if (this.current) this.trials.push({ backend: this.current, reason });
    this.disposeModel();
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

  private async timeOne(backend: BackendName): Promise<number> {
    await this.activate(backend);
    const model = await BackendModel.load(this.files!);
    try {
      return await model.benchmark(backend, BENCH_RUNS);
    } finally {
      model.dispose();
    }
  }

  /** Activates `backend`; on WebGPU, a loss of its device (other than our own destroy) fails over. */
  private async activate(backend: BackendName): Promise<void> {
    const device = await activateBackend(backend);
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

  private disposeModel(): void {
    this.model?.dispose();
    this.model = undefined;
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
