/**
 * Pools interleaved runs of call-spacing.ts (raw files results/NAME-before-1.json, NAME-after-1.json, …):
 * per candidate count and spacing, every run's calls of each arm together, the median inference of the arm
 * and, when both arms ran, the difference of medians with its 95 % bootstrap interval; then, per arm, what
 * each spacing adds to the same call back to back (median − back to back's median, 95 % interval). Two other
 * arm names may replace "before" and "after".
 *   npx tsx test/bench/call-spacing-compare.ts call-spacing-s12 [before after]
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { bootstrapMedianDifference, median } from "./stats/medianBootstrap.ts";

type Run = {
  date: string;
  loadAtStart: number[];
  loadAverage: number[];
  results: { n: number; ms: Record<string, number[]> }[];
};

const name = process.argv[2] ?? "call-spacing";
const arms = [process.argv[3] ?? "before", process.argv[4] ?? "after"];
const runsOf = (arm: string): Run[] => {
  const runs: Run[] = [];
  for (let round = 1; ; round++) {
    const path = resolve(import.meta.dirname, `results/${name}-${arm}-${round}.json`);
    if (!existsSync(path)) return runs;
    runs.push(JSON.parse(readFileSync(path, "utf8")) as Run);
  }
};
const byArm = Object.fromEntries(arms.map((arm) => [arm, runsOf(arm)]));
const pooled = (arm: string, n: number, spacing: string) =>
  byArm[arm].flatMap((run) => run.results.find((r) => r.n === n)?.ms[spacing] ?? []);
const f = (x: number) => x.toFixed(2);
const interval = ([lo, hi]: [number, number]) => `${f(lo)}…${f(hi)}`;

for (const arm of arms)
  for (const [i, run] of byArm[arm].entries())
    console.log(
      `- ${arm}-${i + 1}: ${run.date}, load ${run.loadAtStart[0].toFixed(1)} → ${run.loadAverage[0].toFixed(1)}`,
    );
const present = arms.filter((arm) => byArm[arm].length > 0);
const sizes = [
  ...new Set(present.flatMap((arm) => byArm[arm].flatMap((run) => run.results.map((r) => r.n)))),
];
const spacings = [
  ...new Set(
    present.flatMap((arm) => byArm[arm].flatMap((run) => run.results.flatMap((r) => Object.keys(r.ms)))),
  ),
];

if (present.length === 2) {
  const [A, B] = present;
  console.log(
    `\n| n | spacing | calls ${A} / ${B} | ${A} | ${B} | ${B} − ${A} (95 %) |\n|---:|---|---:|---:|---:|---:|`,
  );
  for (const n of sizes)
    for (const spacing of spacings) {
      const [a, b] = [pooled(A, n, spacing), pooled(B, n, spacing)];
      if (a.length === 0 || b.length === 0) continue;
      const d = median(b) - median(a);
      console.log(
        `| ${n} | ${spacing} | ${a.length} / ${b.length} | ${f(median(a))} | ${f(median(b))} | ${f(d)} (${interval(bootstrapMedianDifference(b, a))}) |`,
      );
    }
}
for (const arm of present) {
  console.log(
    `\n${arm}: what each spacing adds to the call back to back, ms (95 %)\n\n| n | back to back | ${spacings.slice(1).join(" | ")} |\n|---:|---:|${spacings
      .slice(1)
      .map(() => "---:|")
      .join("")}`,
  );
  for (const n of sizes) {
    const base = pooled(arm, n, spacings[0]);
    const cells = spacings.slice(1).map((s) => {
      const xs = pooled(arm, n, s);
      return xs.length
        ? `+${f(median(xs) - median(base))} (${interval(bootstrapMedianDifference(xs, base))})`
        : "–";
    });
    console.log(`| ${n} | ${f(median(base))} | ${cells.join(" | ")} |`);
  }
}
