import { describe, expect, it } from "vitest";
import { emptySent, type ItemEvent, nextContribution } from "./boundContribution";
import { CONTRIBUTION_BOUNDS, CONTRIBUTION_VERSION, utcDay } from "./constants";
import { parseContribution } from "./parseContribution";

const NOW = Date.parse("2026-11-30T12:00:00Z");
const ID = "0123456789abcdef0123456789abcdef";
const valid = () => ({
  contributionVersion: CONTRIBUTION_VERSION,
  contributionId: ID,
  day: "2026-11-30",
  viewed: [1, 2, 3],
  clicked: [2],
  carted: [],
  transitions: [
    [1, 2],
    [2, 3],
  ],
  trending: [1],
});
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe("parseContribution (device and edge)", () => {
  it("accepts a bounded contribution, as text or as a value", () => {
    expect(parseContribution(valid(), NOW)).toMatchObject({ ok: true });
    expect(parseContribution(JSON.stringify(valid()), NOW)).toMatchObject({
      ok: true,
      contribution: valid(),
    });
  });

  it("rejects a request over the per-request bound with over_bound", () => {
    const views = { ...valid(), viewed: range(CONTRIBUTION_BOUNDS.viewed + 1) };
    expect(parseContribution(views, NOW)).toMatchObject({ ok: false, code: "over_bound", path: "viewed" });
    const pairs = {
      ...valid(),
      transitions: range(CONTRIBUTION_BOUNDS.transitions + 1).map((i) => [i, i + 1]),
    };
    expect(parseContribution(pairs, NOW)).toMatchObject({
      ok: false,
      code: "over_bound",
      path: "transitions",
    });
    expect(parseContribution({ ...valid(), viewed: range(CONTRIBUTION_BOUNDS.viewed) }, NOW).ok).toBe(true);
    const trending = { ...valid(), trending: range(CONTRIBUTION_BOUNDS.trending + 1) };
    expect(parseContribution(trending, NOW)).toMatchObject({
      ok: false,
      code: "over_bound",
      path: "trending",
    });
    expect(parseContribution({ ...valid(), trending: range(CONTRIBUTION_BOUNDS.trending) }, NOW).ok).toBe(
      true,
    );
  });

  it("refuses anything that could identify a browser, a model or a shopper", () => {
    for (const extra of [
      { backend: "webgpu" },
      { browserFamily: "chrome" },
      { osFamily: "linux" },
      { modelVersion: "v1" },
      { userId: "u" },
    ]) {
      expect(parseContribution({ ...valid(), ...extra }, NOW), Object.keys(extra)[0]).toMatchObject({
        ok: false,
        code: "invalid_field",
      });
    }
    expect(parseContribution(`{"__proto__":{"x":1},${JSON.stringify(valid()).slice(1)}`, NOW).ok).toBe(false);
    expect(parseContribution({ ...valid(), contributionId: "device-42" }, NOW)).toMatchObject({
      code: "invalid_field",
    });
  });

  it("counts each entry once: a repeated item or pair, or a self-transition, is refused", () => {
    expect(parseContribution({ ...valid(), viewed: [4, 4] }, NOW)).toMatchObject({
      code: "invalid_field",
      path: "viewed",
    });
    const twice = parseContribution({ ...valid(), trending: [4, 4] }, NOW, {
      ...CONTRIBUTION_BOUNDS,
      trending: 2,
    });
    expect(twice).toMatchObject({ code: "invalid_field", path: "trending" });
    expect(
      parseContribution(
        {
          ...valid(),
          transitions: [
            [1, 2],
            [1, 2],
          ],
        },
        NOW,
      ),
    ).toMatchObject({ code: "invalid_field" });
    expect(parseContribution({ ...valid(), transitions: [[5, 5]] }, NOW)).toMatchObject({
      code: "invalid_field",
    });
  });

  it("refuses bad ids, bad days, empty and oversize bodies, and never throws", () => {
    for (const id of [-1, 1.5, 2 ** 31, "7", null]) {
      expect(parseContribution({ ...valid(), viewed: [id] }, NOW)).toMatchObject({
        ok: false,
        code: "invalid_field",
      });
    }
    expect(parseContribution({ ...valid(), day: "2026-11-28" }, NOW)).toMatchObject({
      code: "day_out_of_range",
    });
    expect(parseContribution({ ...valid(), day: "2026-12-01" }, NOW)).toMatchObject({
      code: "day_out_of_range",
    });
    expect(parseContribution({ ...valid(), day: "2026-11-29" }, NOW).ok).toBe(true);
    expect(parseContribution({ ...valid(), day: "2026-02-30" }, NOW)).toMatchObject({
      code: "invalid_field",
    });
    const nothing = { ...valid(), viewed: [], clicked: [], transitions: [], trending: [] };
    expect(parseContribution(nothing, NOW)).toMatchObject({ code: "invalid_field" });
    expect(parseContribution({ ...valid(), trending: undefined }, NOW)).toMatchObject({
      code: "invalid_field",
      path: "trending",
    });
    for (const version of [0, CONTRIBUTION_VERSION + 1, "2"])
      expect(parseContribution({ ...valid(), contributionVersion: version }, NOW)).toMatchObject({
        code: "unsupported_version",
      });
    expect(parseContribution(`${JSON.stringify(valid())}${" ".repeat(5000)}`, NOW)).toMatchObject({
      code: "too_large",
    });
    for (const junk of ["{", "[]", "null", 7n, undefined, [valid()]])
      expect(parseContribution(junk, NOW).ok).toBe(false);
  });
});

describe("a version-1 contribution (a page loaded before the trending list)", () => {
  const v1 = () => {
    const { trending: _, ...lists } = valid();
    return { ...lists, contributionVersion: 1 };
  };

  it("counts its lists and adds nothing to trending", () => {
    expect(parseContribution(v1(), NOW)).toEqual({
      ok: true,
      contribution: { ...v1(), contributionVersion: CONTRIBUTION_VERSION, trending: [] },
    });
  });

  it("cannot smuggle a trending list past the bound or in at all", () => {
    const smuggled = { ...v1(), trending: range(CONTRIBUTION_BOUNDS.trending + 5) };
    expect(parseContribution(smuggled, NOW)).toMatchObject({ ok: true, contribution: { trending: [] } });
    expect(parseContribution({ ...v1(), viewed: range(CONTRIBUTION_BOUNDS.viewed + 1) }, NOW)).toMatchObject({
      code: "over_bound",
    });
  });
});

describe("nextContribution (device-side bounding per device-day)", () => {
  const at = (h: number) => Date.parse(`2026-11-30T${String(h).padStart(2, "0")}:00:00Z`);
  const views = (ids: number[], hour: number): ItemEvent[] =>
    ids.map((itemId, i) => ({ type: "view", itemId, at: at(hour) + i }));

  it("clips a day at B distinct items, keeping the most recent, and counts a repeat once", () => {
    const events = views([...range(25), 24, 24, 3], 9);
    const { lists } = nextContribution(events, emptySent("2026-11-30"), at(10));
    const newestFirst = [3, 24, 23, 22, 21, 20, 19, 18, 17, 16];
    expect(lists?.viewed).toEqual(newestFirst.slice(0, CONTRIBUTION_BOUNDS.viewed));
  });

  it("never exceeds the bound over a day, however often the device contributes", () => {
    let sent = emptySent("2026-11-30");
    const all: number[] = [];
    for (let h = 8; h < 20; h++) {
      const events = views(range(3, h * 100), h);
      const out = nextContribution(events, sent, at(h) + 10);
      sent = out.sent;
      all.push(...(out.lists?.viewed ?? []));
    }
    expect(all).toHaveLength(CONTRIBUTION_BOUNDS.viewed);
    expect(new Set(all).size).toBe(all.length);
    // A new UTC day starts a new budget.
    const tomorrow = nextContribution(
      views([5], 0).map((e) => ({ ...e, at: e.at + 86_400_000 })),
      sent,
      at(1) + 86_400_000,
    );
    expect(tomorrow.lists?.viewed).toEqual([5]);
  });

  it("lists for trending the day's first distinct views, sent as they happen, at most B_t over a day", () => {
    // Ticks after each view: the first views of the day go out at once, later ones never.
    const path = [7, 7, 3, ...range(12, 20)];
    let sent = emptySent("2026-11-30");
    const sentAt: number[][] = [];
    path.forEach((_, k) => {
      const out = nextContribution(views(path.slice(0, k + 1), 9), sent, at(9) + k + 1);
      sent = out.sent;
      sentAt.push(out.lists?.trending ?? []);
    });
    const firsts = [7, 3, ...range(12, 20)].slice(0, CONTRIBUTION_BOUNDS.trending);
    expect(sentAt.flat()).toEqual(firsts);
    expect(sentAt[0]).toEqual([7]); // the day's first view, in the tick right after it
    expect(sent.trending).toEqual(firsts);
    // One tick after all of it: the same first views, not the most recent ones.
    expect(nextContribution(views(path, 9), emptySent("2026-11-30"), at(10)).lists?.trending).toEqual(firsts);
    // Clicks and carts are no views; yesterday's views are yesterday's.
    const click: ItemEvent = { type: "click", itemId: 5, at: at(9) };
    const yesterday: ItemEvent = { type: "view", itemId: 99, at: at(0) - 1 };
    const other = nextContribution([yesterday, click, ...views([6], 9)], emptySent("2026-11-30"), at(10));
    expect(other.lists?.trending).toEqual([6]);
    // A record of what was sent, stored by a client before the trending list existed.
    const { trending: _, ...old } = emptySent("2026-11-30");
    expect(nextContribution(views([4], 9), old as typeof sent, at(10)).lists?.trending).toEqual([4]);
  });

  it("keeps the last 10 distinct transitions of the day, and only today's events", () => {
    const path = [...range(15), 14, 13, 14, 13];
    const yesterday: ItemEvent = { type: "view", itemId: 99, at: at(0) - 1 };
    const { lists } = nextContribution([yesterday, ...views(path, 9)], emptySent(utcDay(at(9))), at(12));
    expect(lists?.transitions).toEqual([
      [14, 13],
      [13, 14],
      [12, 13],
      [11, 12],
      [10, 11],
      [9, 10],
      [8, 9],
      [7, 8],
      [6, 7],
      [5, 6],
    ]);
    expect(lists?.viewed).not.toContain(99);
  });

  it("counts the step from yesterday's last item to today's first as a transition of today", () => {
    const day = 86_400_000;
    const before: ItemEvent[] = [
      { type: "view", itemId: 97, at: at(9) - 2 * day },
      { type: "view", itemId: 98, at: at(20) - day },
      { type: "view", itemId: 99, at: at(21) - day },
    ];
    const { lists, sent } = nextContribution(
      [...before, ...views([1, 2], 9)],
      emptySent("2026-11-30"),
      at(10),
    );
    expect(lists?.transitions).toEqual([
      [1, 2],
      [99, 1],
    ]);
    expect(lists?.viewed).toEqual([2, 1]); // yesterday's views were yesterday's to send
    expect(nextContribution([...before, ...views([1, 2], 9)], sent, at(11)).lists).toBeNull();
    // Only yesterday's last item: a visit after a gap of days starts without one.
    const gap = nextContribution([before[0], ...views([1, 2], 9)], emptySent("2026-11-30"), at(10));
    expect(gap.lists?.transitions).toEqual([[1, 2]]);
    // The same item on both sides of midnight is no transition.
    const same = nextContribution([before[2], ...views([99, 2], 9)], emptySent("2026-11-30"), at(10));
    expect(same.lists?.transitions).toEqual([[99, 2]]);
  });

  it("maps clicks and purchases, and what it sends passes the edge's parser", () => {
    const events: ItemEvent[] = [
      { type: "view", itemId: 1, at: at(9) },
      { type: "click", itemId: 2, at: at(9) + 1 },
      { type: "purchase", itemId: 2, at: at(9) + 2 },
    ];
    const { lists } = nextContribution(events, emptySent("2026-11-30"), at(10));
    expect(lists).toEqual({ viewed: [1], clicked: [2], carted: [2], transitions: [[1, 2]], trending: [1] });
    const body = {
      contributionVersion: CONTRIBUTION_VERSION,
      contributionId: ID,
      day: "2026-11-30",
      ...lists,
    };
    expect(parseContribution(body, at(10)).ok).toBe(true);
    expect(
      nextContribution(events, nextContribution(events, emptySent("2026-11-30"), at(10)).sent, at(11)).lists,
    ).toBeNull();
  });
});
