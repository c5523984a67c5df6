import type { EncodeInput } from "../../model/features/types.ts";
import { dummyBatch } from "./dummyBatch";

/** How far the idle warm-up goes and how it waits for idleness. */
export type IdleWarmUpPlan = {
  /** At most this many scoring calls in all. */
  calls: number;
  /** At most this many ms spent in them in all (the calls' own time in the worker). */
  ms: number;
  /** No call starts until the worker has had no request for this long. */
  quietMs: number;
  /** A call slower than this ends the warm-up (see IDLE_WARM_UP). */
  slowCallMs: number;
};

/**
 * 120 calls or 800 ms: in Node, calls through BackendModel.score fall from 2–16 ms to about 1 ms over the
 * first 60–100 (scoring-floor.md, "Third round"), so this covers that fall with room, and 800 ms bounds a
 * slow device. 50 ms of quiet keeps it out of a run of back-to-back requests. A call over 50 ms is
 * compute-bound, not waiting for V8 (webgpu on SwiftShader took 0.5–1 s a call, and a request arriving
 * mid-call waited that long: scoring-floor.md, "warm-up on webgl and webgpu"), so it ends the warm-up.
 */
export const IDLE_WARM_UP: IdleWarmUpPlan = { calls: 120, ms: 800, quietMs: 50, slowCallMs: 50 };

/**
 * Runs the worker's real per-request scoring path (encode + forward + read-back) while the worker is idle,
 * after a first list was delivered, so that V8 has optimised it before the shopper's next recommend().
 * One call per slice, with a task between slices: a request that arrives meanwhile (`begin`) stops the
 * next slice from starting, so it waits for at most the one in progress. Scores are thrown away. It scores
 * the latest request as it was and, when its history was empty, in turn with a short synthetic one (both
 * branches get optimised), through the same caches, which compare ids and config and so cannot hand a
 * later request wrong rows. Stops at its budget, after a slow call, on `stop` (the page
 * hidden), or at the first error (a real request then meets it and fails over).
 * @example const warm = new IdleWarmUp((input) => engine.rehearse(input)); warm.begin(); …; warm.end(scored);
 */
export class IdleWarmUp {
  private inputs: EncodeInput[] = [];
  private busy = 0;
  private running = false;
  private stopped = false;
  private timer?: ReturnType<typeof setTimeout>;
  private calls = 0;
  private ms = 0;

  constructor(
    private readonly rehearse: (input: EncodeInput) => Promise<unknown>,
    private readonly plan: IdleWarmUpPlan = IDLE_WARM_UP,
  ) {}

  /** What it has run so far. */
  get spent(): { calls: number; ms: number } {
    return { calls: this.calls, ms: this.ms };
  }

  /** A request starts: no slice starts until every request has ended. */
  begin(): void {
    this.busy++;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A request ended; `scored` is what it scored on the device (none: it scored nothing). */
  end(scored?: EncodeInput): void {
    this.busy--;
    if (scored) this.inputs = scored.history.length > 0 ? [scored] : [scored, withHistory(scored)];
    this.schedule(this.plan.quietMs);
  }

  /** No slice starts any more (the page is hidden); one in progress finishes. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private canRun(): boolean {
    const within = this.calls < this.plan.calls && this.ms < this.plan.ms;
    return !this.stopped && this.busy === 0 && !this.running && this.inputs.length > 0 && within;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || !this.canRun()) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.slice();
    }, delayMs);
  }

  private async slice(): Promise<void> {
    if (!this.canRun()) return;
    this.running = true;
    const started = performance.now();
    try {
      await this.rehearse(this.inputs[this.calls % this.inputs.length]);
    } catch {
      this.stopped = true;
    } finally {
      const took = performance.now() - started;
      this.running = false;
      this.calls++;
      this.ms += took;
      if (took > this.plan.slowCallMs) this.stopped = true;
    }
    this.schedule(0);
  }
}

/** The request with the synthetic batch's short history. */
function withHistory(input: EncodeInput): EncodeInput {
  const { history, historyCategories } = dummyBatch(0);
  return { ...input, history, historyCategories };
}
