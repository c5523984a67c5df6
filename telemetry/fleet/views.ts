import { layoutVector } from "../drift";
import type { HistogramJSON } from "../histogram";
import { DEFAULT_RR_EPSILON, debiasShares } from "../privacy";
import { BROWSER_FAMILIES } from "../schema";
import { WEB_VITALS_THRESHOLDS, type WebVitalName, webVitalP75 } from "../stats";
import type {
  FleetOverview,
  LatencyMetric,
  LatencyView,
  ScoresView,
  VersionsView,
  VitalsView,
} from "./apiTypes";
import { cohortOf, type FleetInput, gate, groupRows, mergeRows, rangeOf, versionsOf } from "./rollups";
import { reportsBehind } from "./SliceAggregate";
import { densityOf, percentilesOf, SCORE_EDGES, versionStatsOf } from "./sliceFigures";

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Fleet overview. Backend shares are plain shares (the backend is sent as it is, PRIVACY.md rule 5);
 * browser shares are de-biased from randomized response (ε = `DEFAULT_RR_EPSILON`, the device's
 * setting), clamped to [0, 1] and rescaled to sum to 1.
 * @example overviewView({ rows, k: 50, from, to, now, rollout })
 */
export function overviewView(input: FleetInput): FleetOverview {
  const all = mergeRows(input.rows);
  const byBackend = groupRows(input.rows, (r) => r.backend);
  const byBrowser = groupRows(input.rows, (r) => r.browser);
  const countsOf = (groups: Map<string, { reports: number }>) =>
    Object.fromEntries([...groups].map(([name, s]) => [name, s.reports]));
  // The unbiased estimates can leave [0, 1] on small samples: clamp, then rescale to a total of 1.
  const shares = (counts: Record<string, number>, categories: readonly string[]) => {
    const clamped = Object.entries(debiasShares(counts, categories, DEFAULT_RR_EPSILON)).map(
      ([name, share]) => [name, clamp01(share)] as const,
    );
    const total = clamped.reduce((s, [, x]) => s + x, 0);
    return Object.fromEntries(clamped.filter(([, x]) => x > 0).map(([name, x]) => [name, x / total]));
  };
  const byVersion = groupRows(input.rows, (r) => r.version);
  return {
    ...rangeOf(input),
    fleet: gate(all, "reports", input.k, (s) => ({
      reports: s.reports,
      backendShare: Object.fromEntries([...byBackend].map(([name, b]) => [name, b.reports / s.reports])),
      browserShare: shares(countsOf(byBrowser), BROWSER_FAMILIES),
    })),
    versions: versionsOf(input.rows, input.rollout).map((version) => ({
      version,
      cohort: cohortOf(version, input.rollout),
      stats: gate(byVersion.get(version) ?? mergeRows([]), "reports", input.k, (s) => ({
        reports: s.reports,
      })),
    })),
    rollout: input.rollout,
  };
}

/**
 * Latency percentiles per reported backend and hour. Hours run from `from` to `to`; an hour in
 * which fewer than k reports carried this metric's sketch is `{ insufficient: true }`.
 */
export function latencyView(input: FleetInput, metric: LatencyMetric = "inferenceMs"): LatencyView {
  const key = `sketches.${metric}` as const;
  const hours = hoursOf(input);
  const backends = [...new Set(input.rows.map((r) => r.backend))].sort();
  const groups = groupRows(input.rows, (r) => `${r.backend}|${r.hour}`);
  return {
    ...rangeOf(input),
    metric,
    backends: backends.map((backend) => ({
      backend,
      points: hours.map((hour) => ({
        hour,
        value: gate(groups.get(`${backend}|${hour}`) ?? mergeRows([]), key, input.k, (s) => ({
          reports: reportsBehind(s, key),
          ...percentilesOf(s, metric),
        })),
      })),
    })),
  };
}

/** Web-vitals p75 of one version (or the whole fleet) against the web-vitals library thresholds. */
export function vitalsView(input: FleetInput, version: string | null): VitalsView {
  const slice = mergeRows(input.rows, (r) => version === null || r.version === version);
  const names: WebVitalName[] = ["lcp", "inp", "cls", "fcp", "ttfb"];
  return {
    ...rangeOf(input),
    version,
    vitals: names.map((name) => {
      const [good, poor] = WEB_VITALS_THRESHOLDS[name];
      return {
        name: name.toUpperCase(),
        unit: name === "cls" ? "" : "ms",
        good,
        poor,
        value: gate(slice, `sketches.${name}`, input.k, (s) => {
          const { p75, rating } = webVitalP75(name, s.sketches[name]);
          return { reports: reportsBehind(s, `sketches.${name}`), p75, rating: rating ?? "good" };
        }),
      } as VitalsView["vitals"][number];
    }),
  };
}

/**
 * The live score histogram of a version (gated on the reports that carried one) next to its
 * manifest's reference profile, as densities.
 */
export function scoresView(
  input: FleetInput,
  version: string,
  reference: HistogramJSON | null,
  referenceN = 0,
): ScoresView {
  const slice = mergeRows(input.rows, (r) => r.version === version);
  return {
    ...rangeOf(input),
    version,
    edges: [...SCORE_EDGES],
    live: gate(slice, "histograms.score", input.k, (s) => ({
      reports: reportsBehind(s, "histograms.score"),
      density: densityOf(s.histograms.score?.counts ?? SCORE_EDGES.slice(1).map(() => 0)),
    })),
    // An empty profile (a model published without validation scores) is no reference.
    reference:
      reference && layoutVector(reference).some((c) => c > 0)
        ? { n: referenceN, density: densityOf(layoutVector(reference).slice(1, -1)) }
        : null,
  };
}

/** Side-by-side figures of every version in the range. */
export function versionsView(input: FleetInput): VersionsView {
  const byVersion = groupRows(input.rows, (r) => r.version);
  return {
    ...rangeOf(input),
    rollout: input.rollout,
    versions: versionsOf(input.rows, input.rollout).map((version) => ({
      version,
      cohort: cohortOf(version, input.rollout),
      stats: gate(byVersion.get(version) ?? mergeRows([]), "reports", input.k, (s) =>
        versionStatsOf(s, input.k),
      ),
    })),
  };
}

/** Hour starts from `from` to `to`, inclusive. */
export function hoursOf(input: Pick<FleetInput, "from" | "to">): number[] {
  const hours: number[] = [];
  for (let h = input.from; h <= input.to; h += 3_600_000) hours.push(h);
  return hours;
}
