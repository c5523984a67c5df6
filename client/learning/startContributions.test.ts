import { describe, expect, it } from "vitest";
import { CONTRIBUTION_BOUNDS, parseContribution } from "../../telemetry/learning";
import { MemoryStore } from "../store/MemoryStore";
import { startContributions } from "./startContributions";

const NOW = Date.parse("2026-11-30T12:00:00Z");

function setup(ids: number[], status = 202, headers: Record<string, string> = {}) {
  const store = new MemoryStore(
    undefined,
    ids.map((itemId, i) => ({ type: "view" as const, itemId, at: NOW - 60_000 + i })),
  );
  const bodies: unknown[] = [];
  const fetch = async (_url: string, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    return new Response(null, { status, headers });
  };
  const c = startContributions({
    endpoint: "http://edge.test",
    fetch,
    store: async () => store,
    dbName: `t${Math.random()}`,
    now: () => NOW,
  });
  return { store, bodies, c };
}

describe("startContributions (device → POST /v1/contributions)", () => {
  it("sends today's bounded items once, in a body the edge's parser accepts", async () => {
    const { bodies, c } = setup(Array.from({ length: 30 }, (_, i) => i));
    expect(await c.contributeNow()).toBe(true);
    expect(await c.contributeNow()).toBe(false); // the day's bound is spent
    c.stop();
    expect(bodies).toHaveLength(1);
    expect(parseContribution(bodies[0], NOW).ok).toBe(true);
    expect((bodies[0] as { viewed: number[] }).viewed).toHaveLength(CONTRIBUTION_BOUNDS.viewed);
    // Trending gets the day's first views (0, 1, …), popularity its most recent.
    const firsts = Array.from({ length: CONTRIBUTION_BOUNDS.trending }, (_, i) => i);
    expect((bodies[0] as { trending: number[] }).trending).toEqual(firsts);
    expect(Object.keys(bodies[0] as object).sort()).toEqual([
      "carted",
      "clicked",
      "contributionId",
      "contributionVersion",
      "day",
      "transitions",
      "trending",
      "viewed",
    ]);
  });

  it("never sends an item twice in a day, even when the answer is lost", async () => {
    const { bodies, c, store } = setup([1, 2], 500);
    expect(await c.contributeNow()).toBe(false);
    await store.add({ type: "view", itemId: 3, at: NOW - 1 });
    await c.contributeNow();
    c.stop();
    expect(bodies.map((b) => (b as { viewed: number[] }).viewed)).toEqual([[2, 1], [3]]);
  });

  it("keeps items refused with a 429 for a later send and waits out the Retry-After", async () => {
    let t = NOW;
    const store = new MemoryStore(undefined, [{ type: "view" as const, itemId: 1, at: NOW - 1 }]);
    const answers = [429, 202];
    const bodies: { viewed: number[] }[] = [];
    const c = startContributions({
      endpoint: "http://edge.test",
      fetch: async (_url: string, init?: RequestInit) => {
        bodies.push(JSON.parse(String(init?.body)));
        return new Response(null, { status: answers.shift(), headers: { "Retry-After": "600" } });
      },
      store: async () => store,
      dbName: `t${Math.random()}`,
      now: () => t,
    });
    expect(await c.contributeNow()).toBe(false);
    t = NOW + 599_000;
    expect(await c.contributeNow()).toBe(false); // still inside the Retry-After: nothing sent
    t = NOW + 600_000;
    expect(await c.contributeNow()).toBe(true);
    c.stop();
    expect(bodies.map((b) => b.viewed)).toEqual([[1], [1]]);
  });

  it("sends the step from yesterday's last viewed item to today's first as today's transition", async () => {
    const { bodies, c, store } = setup([]);
    for (const [itemId, at] of [
      [7, NOW - 13 * 3_600_000], // 23:00 yesterday
      [1, NOW - 60_000],
      [2, NOW - 59_000],
    ])
      await store.add({ type: "view", itemId, at });
    expect(await c.contributeNow()).toBe(true);
    c.stop();
    const body = bodies[0] as { viewed: number[]; transitions: number[][] };
    expect(body.viewed).toEqual([2, 1]);
    expect(body.transitions).toEqual([
      [1, 2],
      [7, 1],
    ]);
  });
});
