/**
 * Before/after from alternating runs of client-load.ts (raw files results/NAME-before-1.json,
 * NAME-after-1.json, NAME-before-2.json, …): the first on-device list after the load event, first and
 * second visit, every trial of each arm pooled, with the 95 % bootstrap interval of the difference of
 * medians, and each visit's start-up steps (medians of each request's start → end, ms after the load
 * event); where the runs recorded them, the visited pages' load event, LCP and long tasks, before against after.
 *   npx tsx test/bench/client-load-compare.ts client-load-s10            # in-memory contexts
 *   npx tsx test/bench/client-load-compare.ts client-load-s10-profile    # --profile runs
 *   npx tsx test/bench/client-load-compare.ts client-load-s13-prespawn client-load-s13-prespawn-b  # two series pooled
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { bootstrapMedianDifference, median } from "./stats/medianBootstrap.ts";

type Step = { start: number; end: number };
type PageTiming = { load: number; lcp: number; fcp: number; longTasks: number[] };
type Run = {
  date?: string;
  loadAtStart?: number[];
  loadAverage: number[];
  ttfr: {
    cold: number[];
    warm: number[];
    steps: { cold: Record<string, Step>[]; warm: Record<string, Step>[] };
    /** The visited page's own timing (runs of client-load.ts from the thirteenth round on). */
    pages?: { cold: PageTiming[]; warm: PageTiming[] };
  };
};

/** One series, or several (each its own alternating runs against its own base) pooled per arm. */
const names = process.argv.length > 2 ? process.argv.slice(2) : ["client-load-s10"];
const read = (name: string, arm: string, round: number): Run | undefined => {
  const path = resolve(import.meta.dirname, `results/${name}-${arm}-${round}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Run) : undefined;
};
const runs = (arm: string) => {
  const out: Run[] = [];
  for (const name of names)
    for (let round = 1; read(name, arm, round); round++) out.push(read(name, arm, round)!);
  return out;
};
const arms = { before: runs("before"), after: runs("after") };
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "–");
const ms = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");

for (const [arm, list] of Object.entries(arms)) {
  list.forEach((run, i) => {
    const load = `${run.loadAtStart?.[0].toFixed(1) ?? "?"} → ${run.loadAverage[0].toFixed(1)}`;
    console.log(
      `- ${arm}-${i + 1}: ${run.date ?? "(no date)"}, load ${load}; first visit [${ms(run.ttfr.cold)}], second [${ms(run.ttfr.warm)}]`,
    );
  });
}
console.log(
  "\n| visit | trials before / after | before | after | after − before (95 %) |\n|---|---:|---:|---:|---:|",
);
for (const [visit, key] of [
  ["first (model from the network)", "cold"],
  ["second (model cached)", "warm"],
] as const) {
  const [b, a] = [arms.before.flatMap((r) => r.ttfr[key]), arms.after.flatMap((r) => r.ttfr[key])];
  const [lo, hi] = bootstrapMedianDifference(a, b);
  const diff = median(a) - median(b);
  console.log(
    `| ${visit} | ${b.length} / ${a.length} | ${median(b).toFixed(0)} | ${median(a).toFixed(0)} | ${diff.toFixed(0)} (${lo.toFixed(0)} … ${hi.toFixed(0)}) |`,
  );
}
for (const [visit, key] of [
  ["First", "cold"],
  ["Second", "warm"],
] as const) {
  console.log(
    `\n${visit} visit, median start → end of each step (ms after the load event):\n| step | before | after |\n|---|---:|---:|`,
  );
  const at = (list: Run[], step: string, end: "start" | "end") =>
    median(
      list.flatMap((r) => r.ttfr.steps[key].map((s) => s[step]?.[end] ?? Number.NaN)).filter(Number.isFinite),
    );
  const cell = (list: Run[], step: string) => {
    const [start, end] = [at(list, step, "start"), at(list, step, "end")];
    return start === end || !Number.isFinite(end) ? fmt(start) : `${fmt(start)} → ${fmt(end)}`;
  };
  for (const step of Object.keys(arms.after[0]?.ttfr.steps[key][0] ?? {}))
    console.log(`| ${step} | ${cell(arms.before, step)} | ${cell(arms.after, step)} |`);
}

const timed = (list: Run[]) => list.every((r) => r.ttfr.pages);
if (timed(arms.before) && timed(arms.after) && arms.before.length && arms.after.length) {
  console.log(
    "\nThe visited page, ms after navigation start (long tasks: until the first list), every trial pooled:\n| visit | measure | before | after | after − before (95 %) |\n|---|---|---:|---:|---:|",
  );
  for (const key of ["cold", "warm"] as const)
    for (const [measure, read] of [
      ["loadEventEnd", (p: PageTiming) => p.load],
      ["LCP", (p: PageTiming) => p.lcp],
      ["long tasks", (p: PageTiming) => p.longTasks.length],
    ] as const) {
      const pooled = (list: Run[]) =>
        list.flatMap((r) => r.ttfr.pages?.[key].map(read) ?? []).filter(Number.isFinite);
      const [b, a] = [pooled(arms.before), pooled(arms.after)];
      const [lo, hi] = bootstrapMedianDifference(a, b);
      console.log(
        `| ${key === "cold" ? "first" : "second"} | ${measure} | ${fmt(median(b))} | ${fmt(median(a))} | ${fmt(median(a) - median(b))} (${fmt(lo)} … ${fmt(hi)}) |`,
      );
    }
}
