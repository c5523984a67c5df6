// Quantile error and size of telemetry's LogSketch, `npx tsx test/bench/telemetry-sketch.ts [--quick]`.
// For 3 distributions × 5 seeds, 10^6 samples each: relative error of p50/p90/p95/p99/p99.9 against
// the exact lower quantile sorted[⌊q·(n−1)⌋] (the rank the sketch targets), encoded size (JSON and
// gzip), and add throughput against the exact baseline (keep every value, sort once). Then the
// encoded size after 10^3 … 10^6 adds, which must stay flat.
import { gzipSync } from "node:zlib";
import { encodeSketch, LogSketch, type Rng, SKETCH_ALPHA, seededRng } from "../../telemetry/index.ts";

const quick = process.argv.includes("--quick");
const N = quick ? 100_000 : 1_000_000;
const SEEDS = quick ? 2 : 5;
const QS = [0.5, 0.9, 0.95, 0.99, 0.999];

const distributions: { name: string; draw: (r: Rng) => number }[] = [
  // Inference latency-like: log-normal, median 10 ms, σ = 1 (a long right tail).
  { name: "lognormal(ln 10, 1)", draw: (r) => 10 * Math.exp(gaussian(r)) },
  { name: "exponential(mean 20)", draw: (r) => -20 * Math.log(1 - r()) },
  // Heavy tail: Pareto α = 1.1 (infinite variance), the hardest case for fixed bins.
  { name: "pareto(α 1.1)", draw: (r) => (1 - r()) ** (-1 / 1.1) },
];

function gaussian(r: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(
  `LogSketch α = ${SKETCH_ALPHA}, n = ${N.toLocaleString("en")} per run, ${SEEDS} seeds, node ${process.version}`,
);
const rows: string[] = [];
for (const d of distributions) {
  const errors: number[][] = QS.map(() => []);
  const bytes: number[] = [];
  const gz: number[] = [];
  const sketchNs: number[] = [];
  const exactNs: number[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const rng = seededRng(seed);
    const values = new Float64Array(N);
    for (let i = 0; i < N; i++) values[i] = d.draw(rng);
    let t = performance.now();
    const sketch = new LogSketch();
    for (let i = 0; i < N; i++) sketch.add(values[i]);
    const estimates = QS.map((q) => sketch.quantile(q));
    sketchNs.push(((performance.now() - t) * 1e6) / N);
    t = performance.now();
    const sorted = Float64Array.from(values).sort();
    const exact = QS.map((q) => sorted[Math.floor(q * (N - 1))]);
    exactNs.push(((performance.now() - t) * 1e6) / N);
    QS.forEach((_, k) => {
      errors[k].push(Math.abs(estimates[k] - exact[k]) / Math.abs(exact[k]));
    });
    const json = JSON.stringify(encodeSketch(sketch));
    bytes.push(json.length);
    gz.push(gzipSync(json).length);
  }
  const cells = QS.map((q, k) => `p${q * 100}: ${pct(median(errors[k]))} / ${pct(Math.max(...errors[k]))}`);
  console.log(`\n${d.name}\n  rel. error median / max over seeds — ${cells.join(", ")}`);
  console.log(
    `  encoded ${median(bytes)} B JSON, ${median(gz)} B gzip; add+query ${median(sketchNs).toFixed(0)} ns/value vs exact copy+sort ${median(exactNs).toFixed(0)} ns/value (8 B/value kept)`,
  );
  rows.push(
    `| ${d.name} | ${QS.map((_, k) => `${pct(median(errors[k]))} / ${pct(Math.max(...errors[k]))}`).join(" | ")} | ${median(bytes)} / ${median(gz)} |`,
  );
}
console.log("\n| distribution | p50 | p90 | p95 | p99 | p99.9 | JSON / gzip bytes |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);

console.log("\nEncoded size vs adds (lognormal, seed 1): must stay flat");
console.log("| adds | buckets (pos) | JSON bytes | gzip bytes |");
console.log("|---|---|---|---|");
const rng = seededRng(1);
const sketch = new LogSketch();
let added = 0;
for (const target of [1e3, 1e4, 1e5, 1e6]) {
  for (; added < target; added++) sketch.add(distributions[0].draw(rng));
  const enc = encodeSketch(sketch);
  const json = JSON.stringify(enc);
  console.log(
    `| ${target.toExponential(0)} | ${enc.pos.counts.length} | ${json.length} | ${gzipSync(json).length} |`,
  );
}

function pct(x: number): string {
  return `${(100 * x).toFixed(3)}%`;
}
