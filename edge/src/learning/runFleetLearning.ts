import {
  addCounts,
  aggregateContributions,
  type BaseIndex,
  DAY_MS,
  DEFAULT_RELEASE_BUDGET,
  type FoldedIndex,
  fleetPools,
  foldFleetCounts,
  gdpEpsilon,
  noisePlan,
  periodDays,
  periodOf,
  poolDay,
  poolStep,
  RELEASE_PERIOD_DAYS,
  type ReleaseBudget,
  releaseDay,
  releaseTrendingStep,
  stepOf,
  TRENDING_STEP_MINUTES,
  trendingCounts,
  utcDay,
} from "../../../telemetry/learning";
import type { Rng } from "../../../telemetry/util/rng";
import { getActiveCatalog } from "../../catalog/store";
import type { Env } from "../types";
import { readBaseIndex } from "./baseIndex";
import { bodiesOfDays, bodiesOfSteps, forgetReleased } from "./contributionQueries";
import { deriveCatalog, dropStaleDerived } from "./deriveCatalog";
import {
  type LearningState,
  loadLearningState,
  loadPending,
  loadPools,
  type Pending,
  recordRelease,
  saveLearningState,
  savePending,
  savePools,
} from "./learningState";

/** What one run did, for logs and tests. */
export type LearningRun = {
  steps: number;
  /** Completed days added to the release period's counts. */
  days: number;
  /** Release periods released (RELEASE_PERIOD_DAYS each). */
  periods: number;
  /** Contributions read by this run, once per release kind each landed in (a step's, a day's). */
  contributions: number;
  derived: string | null;
};

/** Options of a run; tests pass a seeded `rng` and their own `budget`. */
export type LearningOptions = { budget?: ReleaseBudget; rng?: Rng };

/**
 * The fleet-learning cron (every minute): releases the completed trending steps
 * (TRENDING_STEP_MINUTES: the steps' trending lists) with Gaussian noise over the active catalog's items; adds each completed
 * UTC day's exact counts to its release period's and forgets the day's raw lists; releases a period
 * (`RELEASE_PERIOD_DAYS`) once its last day has completed, over the public domains. Each
 * contribution lands once per release kind. It pools the releases,
 * folds them into the imported index and activates the result as a new catalog version. Does
 * nothing until a step or a day has completed since the last run.
 * @example await runFleetLearning(env); // or runFleetLearning(env, now, { rng: seededRng(1) })
 */
export async function runFleetLearning(
  env: Env,
  now = Date.now(),
  options: LearningOptions = {},
): Promise<LearningRun> {
  const plan = noisePlan(options.budget ?? DEFAULT_RELEASE_BUDGET);
  const rng = options.rng ?? cryptoRng;
  const state = await loadLearningState(env.DB);
  const active = await getActiveCatalog(env);
  // The last completed step; step ids are their first minute (`stepOf`).
  const completed = stepOf(now) - TRENDING_STEP_MINUTES;
  const idle: LearningRun = { steps: 0, days: 0, periods: 0, contributions: 0, derived: null };
  if (!active || (state.lastStep >= completed && state.lastDay >= utcDay(now - DAY_MS))) return idle;
  const baseVersion =
    active.version === state.derivedVersion ? (state.baseVersion ?? active.version) : active.version;
  const { base, domain } = await readBaseIndex(env.DB, baseVersion);
  const released: Release[] = [];
  let pools = await loadPools(env.MODELS);
  let stepRows = 0;
  if (state.lastStep < completed) {
    // Every step since the last release, released together: each contribution still lands in one release.
    const rows = await bodiesOfSteps(env.DB, state.lastStep, completed + TRENDING_STEP_MINUTES);
    stepRows = rows.length;
    const noisy = releaseTrendingStep(trendingCounts(rows), domain.items, plan, rng);
    const elapsed =
      state.lastStep === 0 ? 1 : Math.ceil((completed - state.lastStep) / TRENDING_STEP_MINUTES);
    pools = poolStep(pools, noisy, elapsed);
    // A day's steps together spend the trending share once (each trending entry lands in one step).
    released.push({
      period: `step:${completed}`,
      contributions: rows.length,
      epsilon: plan.epsilon.trending,
    });
  }
  const yesterday = utcDay(now - DAY_MS);
  const days = state.lastDay < yesterday ? await addCompletedDays(env, state.lastDay, yesterday) : null;
  if (days?.periodEnded) {
    // Each day lands in one period, so a period's release spends the period share once per device-day.
    pools = poolDay(pools, releaseDay(days.pending.counts, domain, plan, rng), RELEASE_PERIOD_DAYS);
    const epsilon = gdpEpsilon(plan.mu * Math.sqrt(1 - plan.budget.shares.trending), plan.budget.delta);
    const { first, last } = periodDays(periodOf(days.through));
    released.push({ period: `period:${first}..${last}`, contributions: days.pending.contributions, epsilon });
  }
  const folded = foldFleetCounts(base, fleetPools(pools, plan));
  const derived = await versionName(baseVersion, folded);
  const taught = whatTheFleetTaught(base, folded);
  const records = released.map((r) => recordRelease(env.DB, { ...r, delta: plan.budget.delta, taught }));
  const run: LearningRun = {
    steps: released.filter((r) => r.period.startsWith("step:")).length,
    days: days?.count ?? 0,
    periods: released.filter((r) => r.period.startsWith("period:")).length,
    contributions: stepRows + (days?.rows ?? 0),
    derived: null,
  };
  const lastDay = days?.through ?? state.lastDay;
  const next: LearningState = { baseVersion, derivedVersion: derived, lastStep: completed, lastDay };
  const [moved] = await env.DB.batch([
    saveLearningState(env.DB, next, state),
    ...records,
    ...forgetReleased(env.DB, lastDay, now),
  ]);
  if (moved.meta.changes !== 1) return idle; // another run released these periods
  await savePools(env.MODELS, pools);
  if (days) {
    const empty = { counts: aggregateContributions([]), contributions: 0 };
    await savePending(env.MODELS, days.periodEnded ? empty : days.pending);
  }
  if (derived === active.version) return run; // the fold changed nothing that is served
  if (await deriveCatalog(env, { base: baseVersion, derived, previous: active.version }, folded)) {
    run.derived = derived;
    await dropStaleDerived(env);
  }
  return run;
}

/**
 * Adds the completed days after `lastDay` (up to `yesterday`, never past the end of the first one's
 * release period) to the period's exact counts. `periodEnded` when the period's last day is among
 * them: the counts are then released whole.
 */
async function addCompletedDays(env: Env, lastDay: string, yesterday: string) {
  const first = lastDay ? utcDay(Date.parse(lastDay) + DAY_MS) : yesterday;
  const { last } = periodDays(periodOf(first));
  const through = last < yesterday ? last : yesterday;
  const rows = await bodiesOfDays(env.DB, lastDay, utcDay(Date.parse(through) + DAY_MS));
  const before = await loadPending(env.MODELS);
  const pending: Pending = {
    counts: addCounts(before.counts, aggregateContributions(rows)),
    contributions: before.contributions + rows.length,
  };
  return {
    through,
    pending,
    rows: rows.length,
    count: daysBetween(lastDay, through),
    periodEnded: through === last,
  };
}

/** One release of this run, before its record is written. */
type Release = { period: string; contributions: number; epsilon: number };

/**
 * What the dashboard shows: the items that entered the popular top 50 (with their rank before, or
 * null), and the neighbour pairs the fleet added. Everything here derives from released counts.
 */
function whatTheFleetTaught(base: BaseIndex, folded: FoldedIndex) {
  const before = [...base.items].sort((a, b) => b[1].count - a[1].count || a[0] - b[0]).slice(0, 50);
  const rankBefore = new Map(before.map(([id], i) => [id, i]));
  const movers = folded.popular
    .slice(0, 50)
    .map((e, rank) => ({ id: e.id, rank, before: rankBefore.get(e.id) ?? null }))
    .filter((m) => m.before === null || m.before > m.rank);
  return { movers: movers.slice(0, 20), newPairs: folded.newPairs.slice(0, 20) };
}

/** Whole days from `from` to `to` ("YYYY-MM-DD"); 1 when there was no release before. */
function daysBetween(from: string, to: string): number {
  return from ? Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS)) : 1;
}

/** A catalog version name (32 hex digits) by content: the base version and what the fold changed. */
async function versionName(base: string, folded: FoldedIndex): Promise<string> {
  const content = JSON.stringify([
    base,
    folded.trendSource,
    [...folded.items],
    folded.popular,
    folded.trending,
  ]);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(content)));
  return [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Uniform [0, 1) from the platform CSPRNG: release noise must not be predictable. */
function cryptoRng(): number {
  const word = new Uint32Array(1);
  crypto.getRandomValues(word);
  return word[0] / 4294967296;
}
