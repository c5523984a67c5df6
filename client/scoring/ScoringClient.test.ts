import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WorkerRequest, WorkerResponse } from "./protocol";
import { ScoringClient } from "./ScoringClient";
import type { ScoringChannel } from "./spawnWorker";

/**
 * Node has no Worker: a stand-in that keeps what the page posts and answers only when told, so the
 * client's deadlines can be checked on fake timers (the real worker is driven in e2e).
 */
class SilentWorker implements ScoringChannel {
  onmessage: ((response: WorkerResponse) => void) | null = null;
  onerror: ((message: string) => void) | null = null;
  readonly held = Promise.resolve(null);
  readonly shared = false;
  posted: WorkerRequest[] = [];
  post(message: WorkerRequest) {
    this.posted.push(message);
  }
  close() {}
  /** Answers request `id` as ranked. */
  answer(id: number) {
    const ranked = { type: "ranked", id, items: [], count: 0, from: "edge", backend: "wasm", version: "v1" };
    this.onmessage?.({
      ...ranked,
      scores: new Float32Array(0),
      features: new Float32Array(0),
      ms: 1,
      workerMs: 1,
      fetchMs: 1,
    } as WorkerResponse);
  }
}

const rankRequest = {
  url: "https://edge.example.com/v1/candidates?context=home&limit=200",
  history: [],
  historyCategories: [],
  k: 10,
  wantScores: false,
  featureNames: [],
};

/** A rank's outcome so far: "pending", "ranked", or the error's message. */
function outcome(promise: Promise<unknown>): () => string {
  let state = "pending";
  promise.then(
    () => (state = "ranked"),
    (error: Error) => (state = error.message),
  );
  return () => state;
}

describe("ScoringClient deadlines", () => {
  let worker: SilentWorker;
  let client: ScoringClient;
  beforeEach(() => {
    vi.useFakeTimers();
    worker = new SilentWorker();
    client = new ScoringClient(
      () => {},
      () => {},
      { worker },
    );
  });
  afterEach(() => {
    client.dispose();
    vi.useRealTimers();
  });

  it("fails a rank the worker never answers after 15 s, not before", async () => {
    const rank = outcome(client.rank(rankRequest));
    await vi.advanceTimersByTimeAsync(14_999);
    expect(rank()).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(rank()).toBe("rank timed out after 15000 ms");
  });

  it("fails overlapping requests each at its own deadline", async () => {
    const first = outcome(client.rank(rankRequest));
    await vi.advanceTimersByTimeAsync(5_000);
    const second = outcome(client.rank(rankRequest));
    await vi.advanceTimersByTimeAsync(10_000);
    expect([first(), second()]).toEqual(["rank timed out after 15000 ms", "pending"]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(second()).toBe("rank timed out after 15000 ms");
  });

  it("keeps the earlier deadline of a rank sent while a slower load is in flight", async () => {
    const bundle = { version: "v1", manifest: new ArrayBuffer(2), files: {}, source: "network" } as never;
    const load = outcome(client.load(bundle, "wasm", { api: false, adapter: null }));
    const rank = outcome(client.rank(rankRequest));
    await vi.advanceTimersByTimeAsync(15_000);
    expect([load(), rank()]).toEqual(["pending", "rank timed out after 15000 ms"]);
    await vi.advanceTimersByTimeAsync(105_000);
    expect(load()).toBe("load timed out after 120000 ms");
  });

  it("lets an answered rank resolve and still times out the next one", async () => {
    const first = outcome(client.rank(rankRequest));
    worker.answer(worker.posted[0].id);
    await vi.advanceTimersByTimeAsync(10_000);
    const second = outcome(client.rank(rankRequest));
    await vi.advanceTimersByTimeAsync(14_999);
    expect([first(), second()]).toEqual(["ranked", "pending"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(second()).toBe("rank timed out after 15000 ms");
  });

  it("sets one timer for a run of answered ranks, not one per rank", async () => {
    const setTimeout = vi.spyOn(globalThis, "setTimeout");
    for (let i = 0; i < 20; i++) {
      const ranked = client.rank(rankRequest);
      worker.answer(worker.posted.at(-1)!.id);
      await ranked;
    }
    expect(setTimeout).toHaveBeenCalledTimes(1);
  });
});
