import { describe, expect, it, vi } from "vitest";
import { CANDIDATE_FEATURE_NAMES } from "../../model/catalog/index.ts";
import { columnsOf } from "../../model/features/candidateColumns.ts";
import type { EncodeInput } from "../../model/features/types.ts";
import { dummyBatch } from "./dummyBatch";
import { IdleWarmUp, type IdleWarmUpPlan } from "./IdleWarmUp";
import type { ScoringEngine } from "./ScoringEngine";
import { cpuEngine } from "./testDemoModel";

/** A request as the worker scores it: an answer's columns and an empty history (the lab's calls). */
function request(n: number): EncodeInput {
  return {
    history: [],
    historyCategories: [],
    candidates: columnsOf(dummyBatch(n).candidates, CANDIDATE_FEATURE_NAMES),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An IdleWarmUp over `engine` that logs each slice's start and end. */
function logged(engine: ScoringEngine, plan: IdleWarmUpPlan, log: string[]) {
  const rehearsed: EncodeInput[] = [];
  const warm = new IdleWarmUp(async (input) => {
    rehearsed.push(input);
    log.push("slice");
    await engine.rehearse(input);
    log.push("slice done");
  }, plan);
  return { warm, rehearsed };
}

describe("IdleWarmUp", () => {
  it("starts only after a scored request has ended, stops at its call budget, and rehearses the request with and without a history", async () => {
    const engine = await cpuEngine();
    const log: string[] = [];
    const { warm, rehearsed } = logged(engine, { calls: 4, ms: 60_000, quietMs: 0, slowCallMs: 60_000 }, log);
    warm.begin();
    await sleep(30);
    expect(log).toEqual([]); // a request in flight: nothing runs
    const scored = request(40);
    warm.end(scored);
    await vi.waitFor(() => expect(warm.spent.calls).toBe(4), { timeout: 10_000 });
    await sleep(50);
    expect(warm.spent.calls).toBe(4);
    expect(rehearsed.every((r) => r.candidates === scored.candidates)).toBe(true); // the answer's own columns
    expect(rehearsed.map((r) => r.history.length > 0)).toEqual([false, true, false, true]);
  });

  it("stops at its time budget, and never starts after stop()", async () => {
    const engine = await cpuEngine();
    const timed = logged(engine, { calls: 1000, ms: 1, quietMs: 0, slowCallMs: 60_000 }, []);
    timed.warm.begin();
    timed.warm.end(request(40));
    await vi.waitFor(() => expect(timed.warm.spent.calls).toBe(1), { timeout: 10_000 });
    await sleep(50);
    expect(timed.warm.spent.calls).toBe(1);

    const stopped = logged(engine, { calls: 1000, ms: 60_000, quietMs: 0, slowCallMs: 60_000 }, []);
    stopped.warm.begin();
    stopped.warm.end(request(40));
    stopped.warm.stop();
    await sleep(50);
    expect(stopped.warm.spent.calls).toBe(0);
  });

  it("ends after a call slower than slowCallMs, so a later request waits for at most that one call", async () => {
    let calls = 0;
    const warm = new IdleWarmUp(
      async () => {
        calls++;
        await sleep(30); // a compute-bound call, as on a GPU emulation
      },
      { calls: 1000, ms: 60_000, quietMs: 0, slowCallMs: 20 },
    );
    warm.begin();
    warm.end(request(40));
    await vi.waitFor(() => expect(warm.spent.calls).toBe(1), { timeout: 10_000 });
    await sleep(100);
    expect(calls).toBe(1);
  });

  it("answers a request that arrives during a slice after that slice, before any further slice", async () => {
    const engine = await cpuEngine();
    const log: string[] = [];
    let answered: Promise<void> | undefined;
    // As the worker does on a message: begin, fetch (tasks go by), score, end.
    const arrive = async () => {
      warm.begin();
      log.push("request arrived");
      await sleep(40);
      await engine.score(request(100));
      log.push("request answered");
      warm.end();
    };
    const warm = new IdleWarmUp(
      async (input) => {
        log.push("slice");
        if (log.filter((e) => e === "slice").length === 2) answered = arrive(); // arrives mid-slice
        await engine.rehearse(input);
        log.push("slice done");
      },
      { calls: 1000, ms: 60_000, quietMs: 0, slowCallMs: 60_000 },
    );
    warm.begin();
    warm.end(request(100));
    await vi.waitFor(() => expect(answered).toBeDefined(), { timeout: 10_000 });
    await answered;
    const during = log.slice(log.indexOf("request arrived") + 1, log.indexOf("request answered"));
    expect(during).toEqual(["slice done"]); // the slice in progress ends, no other starts
    await vi.waitFor(() => expect(log.lastIndexOf("slice")).toBeGreaterThan(log.indexOf("request answered")));
    warm.stop();
  });

  it("leaves every score unchanged: a request scores the same to the bit before and after a warm-up", async () => {
    const engine = await cpuEngine();
    // The warm-up scores another answer of the same size with a 3-item history: the real request's shapes,
    // other items, so a cache that compared shapes only would hand the real request the warm-up's rows.
    const items = (from: number) =>
      columnsOf(
        dummyBatch(130).candidates.map((c) => ({ ...c, id: c.id + from })),
        CANDIDATE_FEATURE_NAMES,
      );
    const real = { history: [7, 8, 9], historyCategories: [["a"], ["b"], ["c"]], candidates: items(0) };
    const other = { history: [], historyCategories: [], candidates: items(1000) };
    // Between the two, a request of other shapes: the engine's caches then hold nothing shaped like them (its
    // load warmed up with a 3-item history too), so both are computed afresh.
    const reshape = () => engine.score({ ...request(120), history: [1, 2, 3, 4, 5] });
    await reshape();
    const otherBefore = (await engine.score(other)).scores;
    await reshape();
    const before = (await engine.score(real)).scores;
    const { warm } = logged(engine, { calls: 6, ms: 60_000, quietMs: 0, slowCallMs: 60_000 }, []);
    warm.begin();
    warm.end(other);
    await vi.waitFor(() => expect(warm.spent.calls).toBe(6), { timeout: 10_000 });
    expect((await engine.score(other)).scores).toEqual(otherBefore);
    expect((await engine.score(real)).scores).toEqual(before);
  });
});
