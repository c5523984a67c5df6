/**
 * Before/after from interleaved runs of client-latency.ts (raw files results/NAME-before-1.json,
 * NAME-after-1.json, NAME-before-2.json, …): per candidate count, the calls of every round pooled, the
 * median per-call overhead of recommend() (its time − that call's inference − its fetch − the round trip
 * floor of its run) and of recommend() itself, before and after, with the 95 % bootstrap interval of the
 * difference of medians; then decode's share of each call's recommend() (decode + top k = its worker time −
 * its inference; the decode alone where the run timed it), and the worker's inference alone pooled as the
 * overhead is, and the fetch term with the overhead before it is subtracted. Rows with the idle warm-up on only (the shopper's path). Two other arm names may replace
 * "before" and "after" (e.g. two conditions of the same build: NAME-gap0-1.json, NAME-gap20-1.json, …).
 *   npx tsx test/bench/client-latency-compare.ts client-latency-s9 [before after]
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { bootstrapMedianDifference, median } from "./stats/medianBootstrap.ts";

type Row = {
  n: number;
  warmUp?: "on" | "stopped";
  roundTrip: number;
  calls?: { recommend: number[]; inference: number[]; fetch: number[]; worker?: number[]; decode?: number[] };
};
type Run = { date: string; loadAtStart: number[]; loadAverage: number[]; rows: Row[] };

const name = process.argv[2] ?? "client-latency-s9";
const [A, B] = [process.argv[3] ?? "before", process.argv[4] ?? "after"];
const read = (arm: string, round: number): Run | undefined => {
  const path = resolve(import.meta.dirname, `results/${name}-${arm}-${round}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Run) : undefined;
};
/** Every timed call of `arm` at n: overhead and recommend(), ms (pooled once per arm and n: see `pooled`). */
function pool(arm: string, n: number) {
  const out = {
    overhead: [] as number[],
    /** recommend() − inference − round trip: the overhead with the fetch not subtracted. */
    beforeFetch: [] as number[],
    recommend: [] as number[],
    inference: [] as number[],
    fetch: [] as number[],
    decodeTopKShare: [] as number[],
    decodeShare: [] as number[],
    rounds: 0,
  };
  for (let round = 1; read(arm, round); round++) {
    out.rounds = round;
    const row = read(arm, round)!.rows.find((r) => r.n === n && r.warmUp !== "stopped");
    const c = row?.calls;
    if (!row || !c) continue;
    c.recommend.forEach((ms, i) => {
      const beforeFetch = ms - c.inference[i] - row.roundTrip;
      out.overhead.push(beforeFetch - c.fetch[i]);
      out.beforeFetch.push(beforeFetch);
      out.recommend.push(ms);
      out.inference.push(c.inference[i]);
      out.fetch.push(c.fetch[i]);
      if (c.worker?.length) out.decodeTopKShare.push((c.worker[i] - c.inference[i]) / ms);
      if (c.decode?.length) out.decodeShare.push(c.decode[i] / ms);
    });
  }
  return out;
}
const pools = new Map<string, ReturnType<typeof pool>>();
const pooled = (arm: string, n: number) => {
  const key = `${arm} ${n}`;
  if (!pools.has(key)) pools.set(key, pool(arm, n));
  return pools.get(key)!;
};

const f = (x: number) => x.toFixed(2);
for (const arm of [A, B]) {
  for (let round = 1; read(arm, round); round++) {
    const run = read(arm, round)!;
    console.log(
      `- ${arm}-${round}: ${run.date}, load ${run.loadAtStart[0].toFixed(1)} → ${run.loadAverage[0].toFixed(1)}`,
    );
  }
}
console.log(
  `\n| n | calls ${A} / ${B} | overhead ${A} | ${B} | ${B} − ${A} (95 %) | recommend() ${A} | ${B} | ${B} − ${A} (95 %) |`,
);
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const n of [100, 500, 1000]) {
  const [b, a] = [pooled(A, n), pooled(B, n)];
  const [lo, hi] = bootstrapMedianDifference(a.overhead, b.overhead);
  const [rlo, rhi] = bootstrapMedianDifference(a.recommend, b.recommend);
  console.log(
    `| ${n} | ${b.overhead.length} / ${a.overhead.length} | ${f(median(b.overhead))} | ${f(median(a.overhead))} | ` +
      `${f(median(a.overhead) - median(b.overhead))} (${f(lo)}…${f(hi)}) | ${f(median(b.recommend))} | ` +
      `${f(median(a.recommend))} | ${f(median(a.recommend) - median(b.recommend))} (${f(rlo)}…${f(rhi)}) |`,
  );
}

/** A median share in % with its 95 % bootstrap interval (the difference against a constant 0). */
const pct = (xs: number[]) => {
  if (!xs.length) return "–";
  const [lo, hi] = bootstrapMedianDifference(xs, [0]);
  return `${(median(xs) * 100).toFixed(1)} % (${(lo * 100).toFixed(1)}…${(hi * 100).toFixed(1)})`;
};
console.log(
  `\n| n | decode + top k per call, ${A} (95 %) | ${B} | ${B} − ${A} (95 %, points) | decode alone, ${A} | ${B} |`,
);
console.log("|---:|---:|---:|---:|---:|---:|");
for (const n of [100, 500, 1000]) {
  const [b, a] = [pooled(A, n), pooled(B, n)];
  const both = b.decodeTopKShare.length && a.decodeTopKShare.length;
  const [lo, hi] = both
    ? bootstrapMedianDifference(a.decodeTopKShare, b.decodeTopKShare)
    : [Number.NaN, Number.NaN];
  const diff = both ? median(a.decodeTopKShare) - median(b.decodeTopKShare) : Number.NaN;
  console.log(
    `| ${n} | ${pct(b.decodeTopKShare)} | ${pct(a.decodeTopKShare)} | ${f(diff * 100)} (${f(lo * 100)}…${f(hi * 100)}) | ` +
      `${pct(b.decodeShare)} | ${pct(a.decodeShare)} |`,
  );
}

// The worker's inference alone (encode + forward + read-back), pooled the same way.
console.log(`\n| n | inference ${A} | ${B} | ${B} − ${A} (95 %) |`);
console.log("|---:|---:|---:|---:|");
for (const n of [100, 500, 1000]) {
  const [b, a] = [pooled(A, n), pooled(B, n)];
  const [lo, hi] = bootstrapMedianDifference(a.inference, b.inference);
  console.log(
    `| ${n} | ${f(median(b.inference))} | ${f(median(a.inference))} | ` +
      `${f(median(a.inference) - median(b.inference))} (${f(lo)}…${f(hi)}) |`,
  );
}

// The goal's fetch term alone (0 for a call that made no request: the worker ranked an answer it held), and
// the overhead without it subtracted, for arms whose calls fetch differently.
console.log(
  `\n| n | fetch term ${A} | ${B} | recommend() − inference − round trip, ${A} | ${B} | ${B} − ${A} (95 %) |`,
);
console.log("|---:|---:|---:|---:|---:|---:|");
for (const n of [100, 500, 1000]) {
  const [b, a] = [pooled(A, n), pooled(B, n)];
  const [bs, as] = [b.beforeFetch, a.beforeFetch];
  const [lo, hi] = bootstrapMedianDifference(as, bs);
  console.log(
    `| ${n} | ${f(median(b.fetch))} | ${f(median(a.fetch))} | ${f(median(bs))} | ${f(median(as))} | ` +
      `${f(median(as) - median(bs))} (${f(lo)}…${f(hi)}) |`,
  );
}
