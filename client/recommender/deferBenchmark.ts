import type { BackendMemory, ModelBundle } from "../model/index";
import { BENCHMARKED_LATER, type Capabilities } from "../scoring/chooseBackend";
import { ScoringClient } from "../scoring/ScoringClient";
import type { StatusBoard } from "./StatusBoard";
import { onIdle } from "./whenIdle";

/** Longest wait for an idle period once the benchmark is due, ms. */
const IDLE_TIMEOUT_MS = 5000;

export type DeferredBenchmark = {
  /** The model to benchmark on; read when the benchmark runs (a kept model's bytes were not read before). */
  bundle: () => Promise<ModelBundle | undefined>;
  pageWebGpu: Capabilities["webgpu"];
  memory: BackendMemory;
  board: StatusBoard;
};

/**
 * The backend benchmark a first visit leaves for later (it ranks on wasm at once; see fastStartOrder).
 * Returns `due()`: the first call schedules the benchmark for the next idle period, in a scoring worker
 * of its own (the benchmark switches that worker's tfjs backend, so the page's scoring worker keeps
 * ranking meanwhile), then remembers the winner on the device and ends the worker. Later calls do nothing.
 * A failed benchmark (or a page left before it ended) leaves the provisional start kept at the load
 * (BackendMemory.rememberStart): the next visit loads that backend at once and benchmarks again.
 * @example const due = deferBenchmark({ bundle: async () => bundle, pageWebGpu, memory, board }); await rank(); due();
 */
export function deferBenchmark({ bundle, pageWebGpu, memory, board }: DeferredBenchmark): () => void {
  board.patchBenchmark({ state: "pending" });
  let scheduled = false;
  const run = async () => {
    board.patchBenchmark({ state: "running", startedAt: performance.now() });
    const client = new ScoringClient(
      () => {},
      () => {},
    );
    try {
      const model = await bundle();
      if (!model) throw new Error("the model's cached bytes could not be read");
      const { backend, reason } = await client.benchmark(model, pageWebGpu);
      memory.remember(backend);
      board.patchBenchmark({ state: "done", winner: backend, reason, endedAt: performance.now() });
      // "… benchmarked later" is no longer true; a fail-over since then has written its own reason.
      const { backendReason } = board.snapshot();
      if (backendReason.endsWith(BENCHMARKED_LATER)) {
        const started = backendReason.slice(0, -BENCHMARKED_LATER.length);
        board.patch({ backendReason: `${started} benchmarked: ${backend} from the next visit` });
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      board.patchBenchmark({ state: "failed", reason, endedAt: performance.now() });
    } finally {
      client.dispose();
    }
  };
  return () => {
    if (scheduled) return;
    scheduled = true;
    onIdle(() => void run(), IDLE_TIMEOUT_MS);
  };
}
