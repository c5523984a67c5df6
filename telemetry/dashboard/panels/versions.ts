import type { VersionsView } from "../../fleet/apiTypes";
import { fmt, isInsufficient, NOT_ENOUGH, pct, table } from "../format";

/** One column per model version: reports, latency, error and fallback rates, CTR with its 95 % interval. */
export function renderVersions(body: HTMLElement, data: VersionsView): void {
  body.replaceChildren();
  const versions = data.versions;
  const cell = (
    i: number,
    f: (s: Exclude<(typeof versions)[number]["stats"], { insufficient: true }>) => string,
  ) => {
    const stats = versions[i].stats;
    return isInsufficient(stats) ? NOT_ENOUGH : f(stats);
  };
  const row = (label: string, f: Parameters<typeof cell>[1]) => [
    label,
    ...versions.map((_, i) => cell(i, f)),
  ];
  const t = table(
    ["", ...versions.map((v) => `${v.version} (${v.cohort})`)],
    [
      row("reports", (s) => fmt(s.reports)),
      row("inference p95", (s) => `${fmt(s.latencyP95)} ms`),
      row("error rate", (s) => pct(s.errorRate)),
      row("fallback rate", (s) => pct(s.fallbackRate)),
      row("CTR [95 % CI]", (s) => `${pct(s.ctr.value)} [${pct(s.ctr.low)}, ${pct(s.ctr.high)}]`),
      row("mean score", (s) => fmt(s.scoreMean)),
    ],
  );
  t.dataset.table = "versions-compare";
  body.replaceChildren(t);
}
