import type { Backend, BrowserFamily, OsFamily } from "../schema";
import type { Rng } from "../util/rng";

/** What can go wrong in a simulated fleet (`--shift`, or the canary of `--canary`). */
export type Shift = "score" | "latency" | "backend" | "ctr";

/** One simulated browser: what it truly is; the report randomizes the categorical fields. */
export type SimBrowser = {
  browserFamily: BrowserFamily;
  osFamily: OsFamily;
  /** The backend it would get with nothing broken. */
  backend: Backend;
  /** Device speed: multiplies every latency (log-normal around 1: phones are slower). */
  speed: number;
  /** Page views per minute. */
  pageViews: number;
};

/**
 * Browser share, roughly StatCounter's 2025 worldwide figures (https://gs.statcounter.com/):
 * Chrome ~65 %, Safari ~18 %, Edge ~5 %, Firefox ~3 %, Samsung ~2 %, Opera ~2 %.
 */
const BROWSERS: [BrowserFamily, number][] = [
  ["chrome", 0.64],
  ["safari", 0.18],
  ["edge", 0.07],
  ["firefox", 0.05],
  ["samsung", 0.03],
  ["opera", 0.02],
  ["other", 0.01],
];

/**
 * Chance that WebGPU works: Chromium browsers ship it on desktop and recent Android; Safari since
 * 26; Firefox on Windows since 141 (https://caniuse.com/webgpu). Without it, WebGL almost always works.
 */
const WEBGPU_SUPPORT: Record<BrowserFamily, number> = {
  chrome: 0.85,
  edge: 0.85,
  opera: 0.8,
  samsung: 0.6,
  safari: 0.35,
  firefox: 0.25,
  other: 0.2,
};

/**
 * Median inference latency per backend for ~100 candidates on a mid-range device, ms. Chosen from
 * the relative speeds in the tfjs backend benchmarks (WebGPU ≈ WebGL < WASM ≪ CPU) at this model size.
 */
export const MEDIAN_INFERENCE_MS: Record<Backend, number> = {
  webgpu: 6,
  webgl: 9,
  wasm: 22,
  cpu: 110,
  none: 0,
};

function weighted<T>(rng: Rng, table: [T, number][]): T {
  let u = rng() * table.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of table) {
    u -= w;
    if (u <= 0) return value;
  }
  return table[table.length - 1][0];
}

/**
 * Draws one browser of the fleet.
 * @example const b = drawBrowser(seededRng(1)); // { browserFamily: "chrome", backend: "webgpu", ... }
 */
export function drawBrowser(rng: Rng): SimBrowser {
  const browserFamily = weighted(rng, BROWSERS);
  const mobile = rng() < 0.55;
  const osFamily: OsFamily =
    browserFamily === "safari"
      ? mobile
        ? "ios"
        : "macos"
      : mobile
        ? "android"
        : weighted<OsFamily>(rng, [
            ["windows", 0.7],
            ["macos", 0.15],
            ["linux", 0.05],
            ["chromeos", 0.05],
            ["other", 0.05],
          ]);
  const backend: Backend =
    rng() < WEBGPU_SUPPORT[browserFamily] ? "webgpu" : rng() < 0.93 ? "webgl" : rng() < 0.9 ? "wasm" : "cpu";
  const speed = Math.exp((mobile ? 0.5 : 0) + 0.35 * gaussian(rng));
  return { browserFamily, osFamily, backend, speed, pageViews: 1 + Math.floor(rng() * 3) };
}

/** A standard normal draw (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
