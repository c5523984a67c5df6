// Turns test/bench/results/telemetry-alerts.json into its Markdown write-up (every figure from the JSON).

/** The shape of results/telemetry-alerts.json. */
export type AlertsResult = {
  command: string;
  runs: { seeds: number[]; date: string; node: string; wallSeconds: number }[];
  config: {
    hours: number;
    browsers: number;
    reportsPerHour: number;
    shiftAt: number;
    watch: number;
    version: string;
    k: number;
  };
  poolPsiVsArtifact: Record<string, number>;
  noShift: {
    seed: number;
    reports: number;
    firing: number;
    byRule: Record<string, { pending: number; firing: number }>;
    seconds: number;
  }[];
  detection: {
    shift: string;
    seed: number;
    rule: string;
    minutes: number | null;
    labels: Record<string, string> | null;
    firedBeforeShift: number;
    otherAlertsFired: string[];
  }[];
  latency: { seed: number; backend: string; hour: number; reports: number; p50: number; p95: number }[];
};

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The write-up of one run of test/bench/telemetry-alerts.ts. */
export function alertsMarkdown(r: AlertsResult): string {
  const c = r.config;
  const seeds = r.noShift.map((s) => s.seed);
  const runs = r.runs
    .map(
      (x) =>
        `seed${x.seeds.length > 1 ? "s" : ""} ${x.seeds.join(",")}: ${x.date.slice(0, 16).replace("T", " ")} UTC, Node ${x.node}, ${Math.round(x.wallSeconds)} s wall`,
    )
    .join("; ");
  const lines = [
    "# telemetry-alerts: false alarms, time to detection, per-backend latency",
    "",
    `Command: \`${r.command}\`, on the shared 2-core box (${runs}). Raw results: \`test/bench/results/telemetry-alerts.json\`.`,
    "",
    `The fleet is the simulator's reference population: the demo artifact's (${c.version}) held-out Beauty requests, scored by its own int8 weights (PSI of the pool against the artifact's stored profile: ${Object.entries(
      r.poolPsiVsArtifact,
    )
      .map(([k, v]) => `${k} ${v.toExponential(1)}`)
      .join(
        ", ",
      )}). ${c.browsers} browsers online, one report each per simulated minute (${c.reportsPerHour.toLocaleString("en")} reports/h), a browser staying 5 minutes on average. Every report goes through the device's privacy filter, the edge's parser and aggregation, and the cron's \`evaluateFleet\` every simulated minute, in process (HTTP, Durable Objects and D1 are covered by the workerd tests). k = ${c.k}.`,
    "",
    `## False alarms: no shift, ${c.hours} simulated hours, ${seeds.length} seeds`,
    "",
    "| seed | reports | alerts fired | pending episodes (rule: count) | wall s |",
    "|---|---|---|---|---|",
    ...r.noShift.map(
      (s) =>
        `| ${s.seed} | ${s.reports.toLocaleString("en")} | ${s.firing} | ${
          Object.entries(s.byRule)
            .map(([k, v]) => `${k}: ${v.pending}`)
            .join(", ") || "none"
        } | ${s.seconds.toFixed(0)} |`,
    ),
    "",
    `Total: **${r.noShift.reduce((n, s) => n + s.firing, 0)} alerts fired** in ${(c.hours * r.noShift.length).toLocaleString("en")} simulated hours (goal: 0).`,
    "",
    `## Time to detection: each documented shift from minute ${c.shiftAt} (after the baseline hour), ${seeds.length} seeds`,
    "",
    "Minutes from the shift's start to its alert's `firing` (evaluated every simulated minute; the rule's `for` duration is included). Watched for " +
      `${c.watch} minutes.`,
    "",
    "| shift | alert | minutes per seed | median | fired before the shift | other alerts that fired |",
    "|---|---|---|---|---|---|",
    ...["score", "latency", "backend"].map((shift) => {
      const rows = r.detection.filter((d) => d.shift === shift);
      const found = rows.map((d) => d.minutes).filter((m): m is number => m !== null);
      const others = [...new Set(rows.flatMap((d) => d.otherAlertsFired))];
      return `| \`${shift}\` | \`${rows[0]?.rule}\` | ${rows.map((d) => d.minutes ?? "—").join(", ")} | ${found.length === rows.length ? median(found) : "not all fired"} | ${rows.reduce((n, d) => n + d.firedBeforeShift, 0)} | ${others.join(", ") || "none"} |`;
    }),
    "",
    "## Per-backend latency against the simulated truth (privacy on)",
    "",
    "Every hour × backend the latency view shows (≥ k reports), over all no-shift seeds: relative error of the view's p50 and p95 against the exact quantiles of the simulated inference times of that hour and backend (goal: within 5 %). The sketch's own bound is 0.5 %.",
    "",
    "| backend | hours shown | reports per hour (median) | p50 error median / max | p95 error median / max |",
    "|---|---|---|---|---|",
    ...[...new Set(r.latency.map((l) => l.backend))].sort().map((backend) => {
      const rows = r.latency.filter((l) => l.backend === backend);
      const p50 = rows.map((l) => l.p50);
      const p95 = rows.map((l) => l.p95);
      return `| ${backend} | ${rows.length} | ${median(rows.map((l) => l.reports))} | ${pct(median(p50))} / ${pct(Math.max(...p50))} | ${pct(median(p95))} / ${pct(Math.max(...p95))} |`;
    }),
    "",
  ];
  return lines.join("\n");
}
