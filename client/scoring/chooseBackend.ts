import { SCORING_BACKENDS } from "../../telemetry/schema/scoringBackends";
import type { BackendName } from "../types";

/** The tfjs backend chain, best first (DESIGN "Failure behaviour"): the one list of scoring backends. */
export const BACKEND_CHAIN: readonly BackendName[] = SCORING_BACKENDS;

/** What a WebGPU adapter says about itself (GPUAdapterInfo plus `isFallbackAdapter`). */
export type AdapterInfo = {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
};

/** What the worker found it can run, probed once before choosing. */
export type Capabilities = {
  /** `navigator.gpu` exists; `adapter` is null when requestAdapter() resolved null or threw. */
  webgpu: { api: boolean; adapter: AdapterInfo | null; error?: string };
  /** A WebGL2 context could be created on an OffscreenCanvas. */
  webgl: boolean;
  /** WebAssembly is available. */
  wasm: boolean;
};

/** The outcome of the capability step: what to benchmark and the fallback order. */
export type BackendPlan = {
  /** Usable backends in the order to try them when no benchmark decides. */
  order: BackendName[];
  /** Backends worth timing on the real model (two or more, else empty: nothing to decide). */
  benchmark: BackendName[];
  /** Backends left out, with why. */
  skipped: { backend: BackendName; reason: string }[];
  reason: string;
};

/**
 * Pure: true for software WebGPU (SwiftShader, llvmpipe, WARP, or a declared fallback adapter), which
 * runs this model slower than wasm (measured in test/bench/results/client.md).
 * @example isSoftwareAdapter({ vendor: "google", architecture: "swiftshader", description: "", isFallbackAdapter: false }); // true
 */
export function isSoftwareAdapter(info: AdapterInfo): boolean {
  const text = `${info.vendor} ${info.architecture} ${info.description}`;
  return info.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|software|basic render|warp/i.test(text);
}

/**
 * Pure: the capability step. A forced backend goes first when usable (tests need "webgpu" even on
 * SwiftShader); otherwise software WebGPU moves behind wasm and the usable fast backends get benchmarked.
 * cpu is always usable and always last.
 * @example planBackends({ webgpu: { api: false, adapter: null }, webgl: true, wasm: true }, "auto").order; // ["webgl","wasm","cpu"]
 */
export function planBackends(caps: Capabilities, preference: BackendName | "auto"): BackendPlan {
  const skipped: BackendPlan["skipped"] = [];
  const usable = BACKEND_CHAIN.filter((backend) => {
    const why = unusableReason(backend, caps);
    if (why) skipped.push({ backend, reason: why });
    return !why;
  });
  if (preference !== "auto") {
    const forced = usable.includes(preference);
    const order = forced ? [preference, ...usable.filter((b) => b !== preference)] : usable;
    const reason = forced
      ? `forced by option backend="${preference}"`
      : `forced ${preference} unusable (${skipped.find((s) => s.backend === preference)?.reason}); chain continues`;
    return { order, benchmark: [], skipped, reason };
  }
  const adapter = caps.webgpu.adapter;
  let order = usable;
  let reason = "capability order";
  if (adapter && usable.includes("webgpu") && isSoftwareAdapter(adapter)) {
    // Software WebGPU emulates the GPU on the CPU; wasm (SIMD) beats it for small dense models.
    const rest = usable.filter((b) => b !== "webgpu" && b !== "cpu");
    order = [...rest, ...(["webgpu", "cpu"] as const).filter((b) => usable.includes(b))];
    reason = `software WebGPU adapter (${describeAdapter(adapter)}) ranked after wasm`;
  }
  const fast = order.filter((b) => b !== "cpu" && !(b === "webgpu" && adapter && isSoftwareAdapter(adapter)));
  return { order, benchmark: fast.length > 1 ? fast : [], skipped, reason };
}

/** How a fast start's backend reason ends until the deferred benchmark is done (deferBenchmark rewrites it). */
export const BENCHMARKED_LATER = " benchmarked later";

/**
 * Pure: the order a first visit starts in when the plan has backends to benchmark: wasm first (it starts
 * without shader compilation, which took seconds on SwiftShader WebGL before a first visit's list: see
 * "First visit" in test/bench/results/scoring-floor.md), the plan's order behind it. The benchmark then runs later, off
 * the critical path, and its winner is remembered for the next visits. Undefined when there is nothing
 * to benchmark or no wasm: the plan's own order stands.
 * @example fastStartOrder({ order: ["webgl", "wasm", "cpu"], benchmark: ["webgl", "wasm"], skipped: [], reason: "" }); // ["wasm", "webgl", "cpu"]
 */
export function fastStartOrder(plan: BackendPlan): BackendName[] | undefined {
  if (plan.benchmark.length < 2 || !plan.order.includes("wasm")) return undefined;
  return ["wasm", ...plan.order.filter((b) => b !== "wasm")];
}

/** Median ms per scoring call of each benchmarked backend, or the error that stopped it. */
export type BenchmarkResults = Partial<Record<BackendName, number | string>>;

/**
 * Pure: the benchmark step. The fastest finished backend goes first; failed ones drop out of the
 * order; the rest of the plan's order follows as the fallback chain.
 * @example pickBackend(plan, { webgl: 4.2, wasm: 1.9 }); // { order: ["wasm", ...], reason: "benchmark: wasm 1.90 ms < webgl 4.20 ms" }
 */
export function pickBackend(
  plan: BackendPlan,
  results: BenchmarkResults,
): { order: BackendName[]; reason: string } {
  const timed = plan.benchmark
    .map((backend) => ({ backend, ms: results[backend] }))
    .filter(
      (r): r is { backend: BackendName; ms: number } => typeof r.ms === "number" && Number.isFinite(r.ms),
    )
    .sort((a, b) => a.ms - b.ms);
  const failed = new Set(plan.benchmark.filter((b) => typeof results[b] === "string"));
  const order = plan.order.filter((b) => !failed.has(b));
  if (timed.length === 0) return { order, reason: plan.reason };
  const winner = timed[0].backend;
  const figures = timed.map((r) => `${r.backend} ${r.ms.toFixed(2)} ms`).join(" < ");
  const failures = [...failed].map((b) => `; ${b} failed: ${results[b]}`).join("");
  return {
    order: [winner, ...order.filter((b) => b !== winner)],
    reason: `benchmark: ${figures}${failures}`,
  };
}

function unusableReason(backend: BackendName, caps: Capabilities): string | undefined {
  if (backend === "webgpu") {
    if (!caps.webgpu.api) return "no navigator.gpu";
    if (!caps.webgpu.adapter)
      return `requestAdapter() gave no adapter${caps.webgpu.error ? `: ${caps.webgpu.error}` : ""}`;
  }
  if (backend === "webgl" && !caps.webgl) return "no WebGL2 context";
  if (backend === "wasm" && !caps.wasm) return "no WebAssembly";
  return undefined;
}

function describeAdapter(info: AdapterInfo): string {
  return [info.vendor, info.architecture, info.description].filter(Boolean).join(" ") || "fallback adapter";
}
