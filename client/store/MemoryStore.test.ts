import { describe, expect, it } from "vitest";
import { applyCaps, validateCaps } from "./caps";
import { MemoryStore } from "./MemoryStore";
import { openBehaviourStore } from "./openBehaviourStore";
import type { BehaviourEvent } from "./types";

const DAY = 24 * 3600 * 1000;
const view = (itemId: number, at: number): BehaviourEvent => ({ type: "view", itemId, at });

describe("applyCaps", () => {
  it("keeps the newest maxEvents events in time order", () => {
    const events = [1, 2, 3, 4, 5].map((i) => view(i, 1000 + i));
    expect(
      applyCaps(events, 2000, { maxEvents: 3, maxAgeMs: DAY }).map((e) => ("itemId" in e ? e.itemId : -1)),
    ).toEqual([3, 4, 5]);
  });

  it("drops events older than maxAgeMs", () => {
    const now = 10 * DAY;
    const events = [view(1, now - 3 * DAY), view(2, now - DAY), view(3, now)];
    expect(
      applyCaps(events, now, { maxEvents: 10, maxAgeMs: 2 * DAY }).map((e) =>
        "itemId" in e ? e.itemId : -1,
      ),
    ).toEqual([2, 3]);
  });

  it("returns nothing for an empty store", () => {
    expect(applyCaps([], 0, { maxEvents: 1, maxAgeMs: 1 })).toEqual([]);
  });

  it("rejects nonsense caps", () => {
    expect(() => validateCaps({ maxEvents: 0, maxAgeMs: 1 })).toThrow(/maxEvents/);
    expect(() => validateCaps({ maxEvents: 1.5, maxAgeMs: 1 })).toThrow(/maxEvents/);
    expect(() => validateCaps({ maxEvents: 1, maxAgeMs: Number.NaN })).toThrow(/maxAgeMs/);
  });
});

describe("MemoryStore", () => {
  it("caps the count while adding, oldest first out", async () => {
    const store = new MemoryStore({ maxEvents: 3, maxAgeMs: DAY });
    const now = Date.now();
    for (let i = 1; i <= 5; i++) await store.add(view(i, now - 10 + i));
    expect(await store.count()).toBe(3);
    expect((await store.recent(10)).map((e) => ("itemId" in e ? e.itemId : -1))).toEqual([3, 4, 5]);
  });

  it("returns the most recent `limit` events oldest first, even when added out of order", async () => {
    const store = new MemoryStore();
    const now = Date.now();
    await store.add(view(2, now - 1));
    await store.add(view(1, now - 5));
    await store.add({ type: "search", query: "serum", at: now });
    const recent = await store.recent(2);
    expect(recent.map((e) => e.type)).toEqual(["view", "search"]);
    expect(recent[0]).toMatchObject({ itemId: 2 });
    expect(await store.recent(0)).toEqual([]);
  });

  it("hides events that aged out since they were added", async () => {
    const store = new MemoryStore({ maxEvents: 10, maxAgeMs: DAY });
    const now = Date.now();
    await store.add(view(1, now - DAY / 2));
    expect(await store.recent(10, now)).toHaveLength(1);
    expect(await store.recent(10, now + DAY)).toHaveLength(0);
  });

  it("forgets everything on clear()", async () => {
    const store = new MemoryStore();
    await store.add(view(1, Date.now()));
    await store.clear();
    expect(await store.count()).toBe(0);
    expect(await store.recent(10)).toEqual([]);
  });

  it("does not let callers mutate stored events", async () => {
    const store = new MemoryStore();
    const event = { type: "view", itemId: 1, at: Date.now(), categories: ["Makeup"] } as BehaviourEvent;
    await store.add(event);
    (await store.recent(1))[0].at = 0;
    expect((await store.recent(1))[0].at).toBe(event.at);
  });
});

describe("openBehaviourStore", () => {
  it("falls back to memory and reports why when IndexedDB is missing (Node has none)", async () => {
    const reasons: string[] = [];
    const store = await openBehaviourStore({ prefix: "t", onFallback: (kind) => reasons.push(kind) });
    expect(store.kind).toBe("memory");
    expect(store.reason).toMatch(/IndexedDB is not available/);
    expect(reasons).toEqual(["storage-unavailable"]);
    await store.add(view(7, Date.now()));
    expect(await store.count()).toBe(1);
  });

  it("uses memory without reporting a fault when memory is asked for", async () => {
    const reasons: string[] = [];
    const store = await openBehaviourStore({
      prefix: "t",
      storage: "memory",
      onFallback: (k) => reasons.push(k),
    });
    expect(store.kind).toBe("memory");
    expect(reasons).toEqual([]);
  });
});

/** Hand-made fake of an IndexedDB store whose writes hit the quota (real quota needs a browser). */
class QuotaFailingStoreFake extends MemoryStore {
  override readonly kind = "memory" as never as "memory";
  override async add(): Promise<void> {
    throw new DOMException("quota", "QuotaExceededError");
  }
}

describe("ResilientStore", () => {
  it("moves to memory on a QuotaExceededError write, keeps readable events and the new one", async () => {
    const { ResilientStore } = await import("./openBehaviourStore");
    const failing = new QuotaFailingStoreFake();
    Object.defineProperty(failing, "kind", { value: "indexeddb" });
    const now = Date.now();
    await MemoryStore.prototype.add.call(failing, view(1, now - 2));
    const reasons: string[] = [];
    const store = new ResilientStore(failing, { maxEvents: 10, maxAgeMs: DAY }, (k) => reasons.push(k), null);
    expect(store.kind).toBe("indexeddb");
    await store.add(view(2, now - 1));
    expect(store.kind).toBe("memory");
    expect(reasons).toEqual(["storage-quota"]);
    expect(store.reason).toMatch(/QuotaExceededError/);
    expect((await store.recent(10)).map((e) => ("itemId" in e ? e.itemId : -1))).toEqual([1, 2]);
  });
});
