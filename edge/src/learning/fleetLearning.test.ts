import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CandidatesResponse } from "../../../model/catalog";
import type { FleetLearningView } from "../../../telemetry/fleet/apiTypes";
import {
  CONTRIBUTION_BOUNDS,
  CONTRIBUTION_VERSION,
  DAY_MS,
  DEFAULT_RELEASE_BUDGET,
  periodDays,
  periodOf,
  utcDay,
} from "../../../telemetry/learning";
import { seededRng } from "../../../telemetry/util/rng";
import {
  A,
  BASE,
  contribute,
  DEVICES,
  fetchWorker,
  hex,
  index,
  TAIL,
  uploadSlice,
} from "../routes/fleetLearningTestKit";
import { type LearningRun, runFleetLearning } from "./runFleetLearning";

const candidates = async (query: string) => {
  const res = await fetchWorker(`${BASE}/v1/candidates?${query}`);
  expect(res.status).toBe(200);
  return { etag: res.headers.get("ETag"), body: (await res.json()) as CandidatesResponse };
};
const neighboursOfA = index.neighbours.get(A) ?? [];
const B = neighboursOfA[15].id; // inside the public pair domain (first 20 imported neighbours)
const contentOfA = index.content.get(A) ?? [];
// Outside the public pair domain: neither an imported nor a content neighbour of A.
const C =
  [...index.items.keys()].find(
    (id) => id !== A && ![...neighboursOfA, ...contentOfA].some((e) => e.id === id),
  ) ?? -1;
const X = TAIL[0] ?? -1;
// Viewed by every device, but never its first view of the day: popularity's, not trending's.
const Y = TAIL[1] ?? -1;
// The cron's clock in both runs: a day later, fixed, so no trending step completes between them.
const LATER = Date.now() + DAY_MS;
const contribution = (i: number) => ({
  contributionVersion: CONTRIBUTION_VERSION,
  contributionId: hex(i + 1),
  day: utcDay(Date.now()),
  viewed: [X, Y],
  clicked: [],
  carted: [],
  transitions: [
    [A, B],
    [A, C],
  ],
  trending: [X],
});

describe("fleet learning: contributions → aggregate → cron → a new index served", () => {
  beforeAll(uploadSlice, 120_000);

  it("refuses invalid, over-bound, oversize and replayed contributions with a 4xx, storing nothing", async () => {
    const over = {
      ...contribution(9999),
      viewed: Array.from({ length: CONTRIBUTION_BOUNDS.viewed + 1 }, (_, i) => i),
    };
    expect((await contribute(over)).status).toBe(422);
    const trending = Array.from({ length: CONTRIBUTION_BOUNDS.trending + 1 }, (_, i) => i);
    expect((await contribute({ ...contribution(9995), trending })).status).toBe(422);
    expect((await contribute({ ...contribution(9998), backend: "webgpu" })).status).toBe(400);
    expect((await contribute("{not json")).status).toBe(400);
    expect((await contribute(`${JSON.stringify(contribution(9997))}${" ".repeat(5000)}`)).status).toBe(413);
    expect((await contribute({ ...contribution(9996), day: "2020-01-01" })).status).toBe(422);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM fleet_contributions").first<{
      n: number;
    }>();
    expect(stored?.n).toBe(0);
  });

  const budget = { ...DEFAULT_RELEASE_BUDGET, epsilon: 8 };
  const coocLast = (r: CandidatesResponse, id: number) =>
    r.candidates.find((x) => x.id === id)?.features.coocLast ?? 0;
  const strongest = (r: CandidatesResponse) => Math.max(...r.candidates.map((x) => x.features.coocLast));
  let day: LearningRun;

  it("adds the completed day to its period, releases trending, and serves it from a new catalog version", async () => {
    const home = await candidates("context=home&limit=20");
    expect(home.body.candidates.map((c) => c.id)).not.toContain(X);
    for (let i = 0; i < DEVICES; i++) expect((await contribute(contribution(i))).status).toBe(202);
    const replay = await contribute(contribution(0));
    expect(replay.status).toBe(409);

    day = await runFleetLearning(env, LATER, { budget, rng: seededRng(1) });
    expect(day).toMatchObject({ steps: 1, days: 1 });
    expect(day.contributions).toBe(2 * DEVICES); // once in the trending step, once in the day

    const after = await candidates("context=home&limit=20");
    expect(after.body.catalogVersion).toBe(day.derived);
    expect(after.etag).not.toBe(home.etag);
    expect(after.body.candidates.map((c) => c.id)).toContain(X); // trending, released every step
    expect(after.body.candidates.map((c) => c.id)).not.toContain(Y); // trending counts first views only
  });

  it("forgets the raw lists once their day is counted, keeps ids for replay, and never counts twice", async () => {
    const left = await env.DB.prepare(
      "SELECT count(*) AS rows, count(body) AS bodies FROM fleet_contributions",
    ).first<{ rows: number; bodies: number }>();
    expect(left).toEqual({ rows: DEVICES, bodies: 0 });
    expect((await contribute(contribution(5))).status).toBe(409);
    const again = await runFleetLearning(env, LATER, { rng: seededRng(2) });
    expect(again).toMatchObject({ steps: 0, days: 0, periods: 0, contributions: 0 });
  });

  it("releases the period once its last day has completed: neighbours, popularity and the records", async () => {
    const item = await candidates(`context=item&item=${A}&limit=50`);
    const periodEnd = periodDays(periodOf(utcDay(Date.now()))).last;
    const closing = await runFleetLearning(env, Date.parse(periodEnd) + DAY_MS + 60_000, {
      budget,
      rng: seededRng(3),
    });
    expect(day.periods + closing.periods).toBe(1);
    const itemAfter = await candidates(`context=item&item=${A}&limit=50`);
    // B is now A's strongest co-occurrence neighbour (before, 15 imported neighbours were stronger).
    if (day.periods === 0) expect(coocLast(item.body, B)).toBeLessThan(strongest(item.body));
    expect(coocLast(itemAfter.body, B)).toBe(strongest(itemAfter.body));
    // A→C is outside the public pair domain: the fleet's 200 transitions to C are never released.
    const c = itemAfter.body.candidates.find((x) => x.id === C);
    expect(c?.features.fromCooc ?? 0).toBe(0);

    const { results } = await env.DB.prepare(
      "SELECT period, contributions, taught FROM fleet_releases WHERE period LIKE 'period:%'",
    ).all<{ period: string; contributions: number; taught: string }>();
    const { first, last } = periodDays(periodOf(utcDay(Date.now())));
    expect(results.map((r) => [r.period, r.contributions])).toEqual([[`period:${first}..${last}`, DEVICES]]);
    const taught = JSON.parse(results[0].taught) as { movers: { id: number; before: number | null }[] };
    expect(taught.movers).toContainEqual(expect.objectContaining({ id: X, before: null }));
    // The dashboard's view names the same mover, on the served popular list.
    const shown = (await (await fetchWorker(`${BASE}/v1/fleet/learning`)).json()) as FleetLearningView;
    expect(shown).toMatchObject({ budget: { epsilon: 1, delta: 1e-6 } });
    expect(shown.movers).toContainEqual(expect.objectContaining({ list: "popular", id: X, before: null }));
    expect(shown.releases.map((r) => r.period)).toContain(`period:${first}..${last}`);
  });
});
