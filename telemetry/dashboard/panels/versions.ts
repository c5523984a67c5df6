import type { Gated, VersionsView } from "../../fleet/apiTypes";
import { fmt, isInsufficient, NOT_ENOUGH, pct, table } from "../format";

/** A figure's text, or "not enough data" when fewer than k reports carried what it needs. */
const gated = <T>(value: Gated<T>, text: (x: T) => string) =>
  isInsufficient(value) ? NOT_ENOUGH : text(value);

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
      row("inference p95", (s) => gated(s.latencyP95, (p95) => `${fmt(p95)} ms`)),
      row("error rate", (s) => pct(s.errorRate)),
      row("fallback rate", (s) => pct(s.fallbackRate)),
      row("CTR [95 % CI]", (s) =>
        gated(s.ctr, (ctr) => `${pct(ctr.value)} [${pct(ctr.low)}, ${pct(ctr.high)}]`),
      ),
      row("mean score", (s) => gated(s.scoreMean, fmt)),
    ],
  );
  t.dataset.table = "versions-compare";
  body.replaceChildren(t);
}
