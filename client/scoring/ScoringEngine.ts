import type { PreparedWeights } from "../../model/artifact/preparedWeights.ts";
import type { EncodeInput } from "../../model/features/types.ts";
import type { BackendName } from "../types";
import { BackendChain, message } from "./BackendChain";
import { checkFiles, type ModelFiles } from "./BackendModel";
import {
  BENCHMARKED_LATER,
  type Capabilities,
  fastStartOrder,
  pickBackend,
  planBackends,
} from "./chooseBackend";
import type { BackendChange, BackendChoice, BackendTrial, HeldModel, WorkerRequest } from "./protocol";

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

/**
 * The reason a load answers when the worker already held the model (a shared worker that an earlier page
 * of the store loaded): the backend follows it in parentheses.
 */
export const KEPT_REASON = "kept by this store's scoring worker from an earlier page";

/**
 * Worker-side scorer: picks a tfjs backend (remembered → capability → wasm first, or override), has the
 * model brought up on it (BackendChain: the weights on one backend, the rest of the chain as fallbacks,
 * fail-over on a lost device or a backend error), and scores with it. Calls are serialised: one load or
 * score at a time.
 * @example const engine = new ScoringEngine(caps, (change) => postMessage(change)); await engine.load(req);
 */
export class ScoringEngine {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly chain: BackendChain;

  constructor(
    private readonly probe: () => Promise<Capabilities>,
    onChange: (change: BackendChange) => void,
  ) {
    this.chain = new BackendChain(onChange, (task) => this.serial(task));
  }

  /** The model up now and the backend it runs on, or undefined (none loaded, or every backend failed). */
  held(): HeldModel | undefined {
    const { model, current } = this.chain;
    return model && current ? { version: model.version, backend: current } : undefined;
  }

  /**
   * Brings `request`'s model up, or keeps the one up when it is that version on a backend the request
   * accepts (a shared worker serving a later page): answered at once, choice "kept", no trials (the page
   * that loaded it reported them). A request without bytes loads nothing else: it fails "not-held".
   */
  async load(request: LoadRequest): Promise<Loaded> {
    // Checked from now on, while a load or prepare ahead in the queue still brings the backend up.
    const { version, manifest, files: bytes } = request;
    const files = manifest && bytes ? filesOf(version, manifest, bytes, request.prepared) : undefined;
    const remembered = request.backend === "auto" ? request.remembered : undefined;
    // Nothing remembered: the probe (an adapter request, a WebGL context) starts now too, not after that
    // bring-up; not for a model the worker holds already.
    const probing = remembered || !files || this.keeps(request) ? undefined : this.probe();
    return this.serial(async () => {
      const started = performance.now();
      const held = this.keeps(request);
      if (held) {
        const reason = `${KEPT_REASON} (${held.backend})`;
        return {
          backend: held.backend,
          reason,
          history: [],
          loadMs: performance.now() - started,
          choice: "kept",
        };
      }
      if (!files)
        throw Object.assign(new Error(`the worker does not hold ${request.version}`), { kind: "not-held" });
      const chain = this.chain;
      // A load replaces whatever model was loaded before (a newly assigned version).
      chain.reset(files);
      const done = (backend: BackendName, reason: string, choice: BackendChoice) => ({
        backend,
        reason,
        history: chain.trials,
        loadMs: performance.now() - started,
        choice,
      });
      const noAdapter = request.pageWebGpu !== undefined && !request.pageWebGpu.adapter;
      if (remembered && (await chain.tryRemembered(remembered, noAdapter))) {
        return done(remembered, `remembered from an earlier visit's choice (${remembered})`, "remembered");
      }
      const plan = planBackends(await (probing ?? this.probe()), request.backend);
      chain.trials.push(...plan.skipped.map((s) => ({ ...s })));
      // A first visit starts on wasm at once; the page benchmarks the others later (see benchmark()).
      const fast = fastStartOrder(plan);
      const pick = fast
        ? { order: fast, reason: `started on wasm; ${plan.benchmark.join(" vs ")}${BENCHMARKED_LATER}` }
        : pickBackend(plan, await chain.timeEach(plan.benchmark, files));
      const tried = chain.trials.length;
      const backend = await chain.bringUp(pick.order);
      const skipped = plan.skipped.map((s) => `; skipped ${s.backend} (${s.reason})`).join("");
      const failed = chain.trials.slice(tried).map((t) => `; ${t.backend} failed (${t.reason})`);
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
      const plan = planBackends(await this.probe(), "auto");
      const pick = pickBackend(
        plan,
        await this.chain.timeEach(plan.benchmark, filesOf(request.version, request.manifest, request.files)),
      );
      return { backend: pick.order[0], reason: pick.reason };
    });
  }

  /** Scores a request's candidates (objects or the answer's columns) with the loaded model. */
  score(request: EncodeInput): Promise<Scored> {
    return this.serial(async () => {
      if (!this.chain.model || !this.chain.current) throw new Error("no model loaded");
      try {
        return await this.scoreOnce(request);
      } catch (error) {
        await this.chain.failOver(`${this.chain.current} failed while scoring: ${message(error)}`);
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
      if (!this.chain.model) throw new Error("no model loaded");
      await this.chain.model.score(request);
    });
  }

  /**
   * Loads and activates `backend` ahead of the model (see the worker's "prepare"); errors wait for load.
   * Nothing while a model is up: switching tfjs' backend under it would move its weights.
   */
  prepare(backend: BackendName): Promise<void> {
    return this.serial(async () => {
      // A shared worker's model stays on its backend until a load asks for another (a later page's hint).
      if (this.chain.model) return;
      await this.chain.activate(backend).catch(() => {});
    });
  }

  /** No candidates: nothing to score, but the answer still names the model and backend in use. */
  idle(): Promise<Scored> {
    return this.serial(async () => {
      const { model, current } = this.chain;
      if (!model || !current) throw new Error("no model loaded");
      return { scores: new Float32Array(0), backend: current, version: model.version, ms: 0 };
    });
  }

  /** The loaded model's decoded weights as a record for the page to keep (see BackendModel.takePrepared). */
  takePrepared(): Promise<{ version: string | null; weights: PreparedWeights | null }> {
    return this.serial(async () => {
      const model = this.chain.model;
      return { version: model?.version ?? null, weights: model?.takePrepared() ?? null };
    });
  }

  /** Test hook: destroys the WebGPU device, which fires a real `device.lost` (a no-op off WebGPU). */
  loseDevice(): Promise<void> {
    return this.serial(() => this.chain.loseDevice());
  }

  /** The model held, when it is `request`'s version on a backend the request accepts. */
  private keeps(request: LoadRequest): HeldModel | undefined {
    const held = this.held();
    if (!held || held.version !== request.version) return undefined;
    const wanted = request.backend === "auto" ? request.remembered : request.backend;
    return wanted === undefined || wanted === held.backend ? held : undefined;
  }

  private async scoreOnce(request: EncodeInput): Promise<Scored> {
    const started = performance.now();
    const { model, current } = this.chain;
    if (!model || !current) throw new Error("no model loaded");
    const scores = await model.score(request);
    return { scores, backend: current, version: model.version, ms: performance.now() - started };
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }
}

/**
 * The model files of a load or benchmark request (its manifest parsed), their sha256 check started, with
 * the prepared weights a load brought (used only if they match: BackendModel.load).
 */
function filesOf(
  version: string,
  manifest: ArrayBuffer,
  files: Record<string, ArrayBuffer>,
  prepared?: unknown,
): ModelFiles {
  return checkFiles(version, JSON.parse(new TextDecoder().decode(manifest)), files, prepared);
}
