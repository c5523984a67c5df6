import { describe, expect, it } from "vitest";
import { RecentHistory } from "./RecentHistory";

const DAY = 86_400_000;

describe("RecentHistory (the in-memory mirror recommend() reads)", () => {
  it("starts from the store's events and sees every later track() at once, oldest first", () => {
    const recent = new RecentHistory(50, 90 * DAY);
    recent.replace([{ type: "view", itemId: 1, at: 10, categories: ["A"] }]);
    expect(recent.current(20)).toEqual({ history: [1], historyCategories: [["A"]] });
    recent.add({ type: "search", query: "q", at: 30 });
    recent.add({ type: "click", itemId: 2, at: 40 });
    recent.add({ type: "cart", itemId: 3, at: 35 }); // an older timestamp still lands in time order
    expect(recent.current(50).history).toEqual([1, 3, 2]);
  });

  it("keeps only the last `limit` events and drops those past the age cap", () => {
    const recent = new RecentHistory(3, 100);
    for (let i = 0; i < 5; i++) recent.add({ type: "view", itemId: i, at: i * 10 });
    expect(recent.current(50).history).toEqual([2, 3, 4]);
    expect(recent.current(135).history).toEqual([4]); // 20 and 30 are older than 135 - 100
    expect(recent.current(1000).history).toEqual([]);
  });

  it("forgets everything on clear()", () => {
    const recent = new RecentHistory(50, 90 * DAY);
    recent.add({ type: "view", itemId: 7, at: Date.now() });
    expect(recent.current().history).toEqual([7]);
    recent.clear();
    expect(recent.current()).toEqual({ history: [], historyCategories: [] });
  });
});
