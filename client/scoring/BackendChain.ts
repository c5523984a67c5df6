import type { BackendName } from "../types";
import { activateBackend, type LosableDevice } from "./activateBackend";
import { BackendModel, type ModelFiles } from "./BackendModel";
import { BACKEND_CHAIN, type BenchmarkResults } from "./chooseBackend";
import type { BackendChange, BackendTrial } from "./protocol";

/** Backends whose kernels compile (shaders) on first use: their bring-up warms them up. */
const COMPILES_KERNELS: ReadonlySet<BackendName> = new Set(["webgpu", "webgl"]);

/** Timed runs per backend in the micro-benchmark; the median decides. */
const BENCH_RUNS = 5;

/**
 * One model's files on the first backend of a chain that runs them, and the rest of the chain as
 * fallbacks: brings a backend up (its chunk, the weights, the warm-up), fails over to the next one on an
 * error or a lost WebGPU device (telling `onChange`), and records every backend that failed. The caller
 * (ScoringEngine) decides the order and serialises the calls; `serial` puts a device loss in that queue.
 * @example const chain = new BackendChain(onChange, serial); chain.reset(files); await chain.bringUp(["wasm", "cpu"]);
 */
export class BackendChain {
  /** Backends that failed or were skipped since the last reset, with why. */
  trials: BackendTrial[] = [];
  private order: BackendName[] = [];
  private active: BackendName | null = null;
  private files?: ModelFiles;
  private loaded?: BackendModel;
  private device?: LosableDevice;

  constructor(
    private readonly onChange: (change: BackendChange) => void,
    private readonly serial: <T>(task: () => Promise<T>) => Promise<T>,
  ) {}

  /** The backend the model runs on, or null before a bring-up (or after every backend failed). */
  get current(): BackendName | null {
    return this.active;
  }

  /** The model on the current backend, if one is up. */
  get model(): BackendModel | undefined {
    return this.loaded;
  }

  /** Frees whatever model was up (a newly assigned version replaces it) and starts on `files`. */
  reset(files: ModelFiles): void {
    this.disposeModel();
    this.active = null;
    this.files = files;
    this.trials = [];
  }

  /**
   * Brings up the backend an earlier visit chose, skipping the probe and the benchmark. The rest of the
   * chain stays as fallbacks; if the remembered one fails, the caller probes again.
   */
  async tryRemembered(backend: BackendName, pageHasNoAdapter: boolean): Promise<boolean> {
    try {
      // A page that shows no WebGPU gets none here either (as in planBackends), whatever a visit remembered.
      if (backend === "webgpu" && pageHasNoAdapter) throw new Error("the page has no WebGPU adapter");
      await this.bringUpOne(backend);
      this.order = BACKEND_CHAIN.filter((b) => b !== backend);
      this.active = backend;
      return true;
    } catch (error) {
      this.disposeModel();
      this.trials.push({ backend, reason: `remembered backend failed, probing again: ${message(error)}` });
      return false;
    }
  }

  /** Activates the first backend of `order` that loads and warms up; records the ones that fail. */
  async bringUp(order: BackendName[]): Promise<BackendName> {
    for (let i = 0; i < order.length; i++) {
      const backend = order[i];
      try {
        await this.bringUpOne(backend);
        this.order = order.slice(i + 1);
        this.active = backend;
        return backend;
      } catch (error) {
        this.disposeModel();
        this.trials.push({ backend, reason: message(error) });
      }
    }
    this.active = null;
    throw new Error(
      `no backend could run the model: ${this.trials.map((t) => `${t.backend}: ${t.reason}`).join("; ")}`,
    );
  }

  /** Brings up the next backend of the chain after `reason` stopped the current one. */
  async failOver(reason: string): Promise<void> {
    if (this.active) this.trials.push({ backend: this.active, reason });
    this.disposeModel();
    const rest = this.order;
    this.active = null;
    try {
      const backend = await this.bringUp(rest);
      this.onChange({ backend, reason: `fell back after: ${reason}`, history: this.trials });
    } catch (error) {
      this.onChange({ backend: "none", reason: message(error), history: this.trials });
      throw error;
    }
  }

  /** Median ms per scoring call of each backend on `files`, or the error that stopped it. */
  async timeEach(backends: BackendName[], files: ModelFiles): Promise<BenchmarkResults> {
    const results: BenchmarkResults = {};
    for (const backend of backends) results[backend] = await this.timeOne(backend, files).catch(message);
    return results;
  }

  /** Test hook: destroys the WebGPU device, which fires a real `device.lost`; a no-op off WebGPU. */
  async loseDevice(): Promise<void> {
    if (this.active !== "webgpu" || !this.device) return;
    this.device.destroy();
    await this.failOver("webgpu device lost (destroyed by test hook)");
  }

  /** Activates `backend`; on WebGPU, a loss of its device (other than our own destroy) fails over. */
  async activate(backend: BackendName): Promise<void> {
    const device = await activateBackend(backend);
    this.device = device;
    device?.lost.then((info) => {
      // Only a loss of the device we still use matters; the hook path has already failed over.
      if (this.active === "webgpu" && this.device === device && info.reason !== "destroyed") {
        this.serial(() => this.failOver(`webgpu device lost: ${info.message || info.reason}`)).catch(
          () => {},
        );
      }
    });
  }

  /**
   * Loads `backend`'s chunk, activates it and loads the weights there. A GPU backend then warms its
   * kernels up, so that no request waits on shader compilation; wasm and cpu have nothing to compile, so
   * their first request runs at once, and its scores are checked as the warm-up's would have been.
   */
  private async bringUpOne(backend: BackendName): Promise<void> {
    await this.activate(backend);
    if (!this.files) throw new Error("no model files given");
    this.loaded = await BackendModel.load(this.files);
    if (COMPILES_KERNELS.has(backend)) await this.loaded.warmUp(backend);
  }

  private async timeOne(backend: BackendName, files: ModelFiles): Promise<number> {
    await this.activate(backend);
    const model = await BackendModel.load(files);
    try {
      return await model.benchmark(backend, BENCH_RUNS);
    } finally {
      model.dispose();
    }
  }

  private disposeModel(): void {
    this.loaded?.dispose();
    this.loaded = undefined;
  }
}

/** An error's message, or the thrown value as text. */
export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
