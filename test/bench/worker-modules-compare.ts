/**
 * Before/after from alternating runs of worker-modules.ts (raw files results/NAME-before-1.json,
 * NAME-after-1.json, NAME-before-2.json, …): every traced visit of each arm pooled, per measure the median
 * of its wall and CPU time on the scoring worker's thread, with the 95 % bootstrap interval of the
 * difference of medians; the first list after the load event alike.
 *   npx tsx test/bench/worker-modules-compare.ts worker-modules-s13-long
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { bootstrapMedianDifference, median } from "./stats/medianBootstrap.ts";
import type { Visit } from "./worker-modules.ts";

type Run = {
  date: string;
  build: { tfjsChunk: string };
  loadAtStart: number[];
  loadAverage: number[];
  trials: Visit[][];
};

const name = process.argv[2] ?? "worker-modules-s13-long";
const runs = (arm: string) => {
  const out: Run[] = [];
  for (let round = 1; ; round++) {
    const path = resolve(import.meta.dirname, `results/${name}-${arm}-${round}.json`);
    if (!existsSync(path)) return out;
    out.push(JSON.parse(readFileSync(path, "utf8")) as Run);
  }
};
const arms = { before: runs("before"), after: runs("after") };
const visits = (list: Run[]) => list.flatMap((r) => r.trials.flat());

for (const [arm, list] of Object.entries(arms))
  list.forEach((run, i) => {
    const load = `${run.loadAtStart[0].toFixed(1)} → ${run.loadAverage[0].toFixed(1)}`;
    console.log(
      `- ${arm}-${i + 1}: ${run.date}, ${run.build.tfjsChunk}, load ${load}, ${run.trials.flat().length} visits`,
    );
  });

const row = (what: string, pick: (v: Visit) => number) => {
  const [b, a] = [visits(arms.before).map(pick), visits(arms.after).map(pick)];
  const [lo, hi] = bootstrapMedianDifference(a, b);
  const f = (x: number) => x.toFixed(1);
  console.log(
    `| ${what} | ${b.length} / ${a.length} | ${f(median(b))} | ${f(median(a))} | ${f(median(a) - median(b))} (${f(lo)} … ${f(hi)}) |`,
  );
};
console.log(
  "\n| per visit, ms | visits before / after | before | after | after − before (95 %) |\n|---|---:|---:|---:|---:|",
);
for (const measure of Object.keys(visits(arms.before)[0]?.sums ?? {})) {
  row(`${measure}, wall`, (v) => v.sums[measure].wall);
  row(`${measure}, CPU`, (v) => v.sums[measure].cpu);
}
row("first list after the load event", (v) => v.afterLoad);
for (const [arm, list] of Object.entries(arms)) {
  const counts = visits(list).map((v) => v.sums.syncWasm?.count ?? 0);
  console.log(`\n${arm}: synchronous WebAssembly compiles per visit: ${counts.join(", ")}`);
  const hits = visits(list).filter((v) => v.wasmCacheHit).length;
  console.log(`${arm}: the .wasm from Chromium's code cache in ${hits} of ${visits(list).length} visits`);
  // Median bytes of V8's code cache consumed per module (0: compiled from source), by file name without its hash.
  const caches = new Map<string, number[]>();
  for (const v of visits(list))
    for (const [file, bytes] of Object.entries(v.moduleCache ?? {})) {
      const chunk = file.replace(/-[\w]+\.js$/, "");
      caches.set(chunk, [...(caches.get(chunk) ?? []), bytes]);
    }
  const line = [...caches].map(([file, bytes]) => `${file} ${median(bytes)}`).join(", ");
  if (line) console.log(`${arm}: code cache consumed per module, median bytes: ${line}`);
}
