import { describe, expect, it } from "vitest";
import {
  type AdapterInfo,
  type Capabilities,
  fastStartOrder,
  isSoftwareAdapter,
  pickBackend,
  planBackends,
} from "./chooseBackend";

const swiftshader: AdapterInfo = {
  vendor: "google",
  architecture: "swiftshader",
  description: "",
  isFallbackAdapter: false,
};
const nvidia: AdapterInfo = {
  vendor: "nvidia",
  architecture: "hopper",
  description: "NVIDIA H100",
  isFallbackAdapter: false,
};
const caps = (webgpu: Capabilities["webgpu"], webgl = true, wasm = true): Capabilities => ({
  webgpu,
  webgl,
  wasm,
});

describe("isSoftwareAdapter", () => {
  it("recognises SwiftShader, llvmpipe and declared fallback adapters, not real GPUs", () => {
    expect(isSoftwareAdapter(swiftshader)).toBe(true);
    expect(isSoftwareAdapter({ ...nvidia, description: "llvmpipe (LLVM 15.0.6, 256 bits)" })).toBe(true);
    expect(isSoftwareAdapter({ ...nvidia, isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter(nvidia)).toBe(false);
  });
});

describe("planBackends", () => {
  it("skips WebGPU without navigator.gpu and says why", () => {
    const plan = planBackends(caps({ api: false, adapter: null }), "auto");
    expect(plan.order).toEqual(["webgl", "wasm", "cpu"]);
    expect(plan.skipped).toEqual([{ backend: "webgpu", reason: "no navigator.gpu" }]);
    expect(plan.benchmark).toEqual(["webgl", "wasm"]);
  });

  it("skips WebGPU when requestAdapter() gives null", () => {
    const plan = planBackends(
      caps({ api: true, adapter: null, error: "requestAdapter() resolved null" }),
      "auto",
    );
    expect(plan.order[0]).toBe("webgl");
    expect(plan.skipped[0].reason).toMatch(/no adapter: requestAdapter\(\) resolved null/);
  });

  it("ranks a software adapter after wasm and leaves it out of the benchmark", () => {
    const plan = planBackends(caps({ api: true, adapter: swiftshader }), "auto");
    expect(plan.order).toEqual(["webgl", "wasm", "webgpu", "cpu"]);
    expect(plan.benchmark).toEqual(["webgl", "wasm"]);
    expect(plan.reason).toMatch(/software WebGPU adapter \(google swiftshader\)/);
  });

  it("benchmarks a real GPU against the other fast backends", () => {
    const plan = planBackends(caps({ api: true, adapter: nvidia }), "auto");
    expect(plan.order).toEqual(["webgpu", "webgl", "wasm", "cpu"]);
    expect(plan.benchmark).toEqual(["webgpu", "webgl", "wasm"]);
  });

  it("puts a forced backend first even when it is a software adapter, and does not benchmark", () => {
    const plan = planBackends(caps({ api: true, adapter: swiftshader }), "webgpu");
    expect(plan.order).toEqual(["webgpu", "webgl", "wasm", "cpu"]);
    expect(plan.benchmark).toEqual([]);
    expect(plan.reason).toBe('forced by option backend="webgpu"');
  });

  it("continues the chain when the forced backend is unusable", () => {
    const plan = planBackends(caps({ api: false, adapter: null }), "webgpu");
    expect(plan.order).toEqual(["webgl", "wasm", "cpu"]);
    expect(plan.reason).toMatch(/forced webgpu unusable \(no navigator.gpu\)/);
  });

  it("falls to cpu alone with nothing else, with nothing to benchmark", () => {
    const plan = planBackends(caps({ api: false, adapter: null }, false, false), "auto");
    expect(plan.order).toEqual(["cpu"]);
    expect(plan.benchmark).toEqual([]);
    expect(plan.skipped.map((s) => s.backend)).toEqual(["webgpu", "webgl", "wasm"]);
  });
});

describe("pickBackend", () => {
  const plan = planBackends(caps({ api: true, adapter: nvidia }), "auto");

  it("puts the fastest backend first and keeps the rest as the fallback chain", () => {
    const pick = pickBackend(plan, { webgpu: 3.1, webgl: 4.2, wasm: 1.9 });
    expect(pick.order).toEqual(["wasm", "webgpu", "webgl", "cpu"]);
    expect(pick.reason).toBe("benchmark: wasm 1.90 ms < webgpu 3.10 ms < webgl 4.20 ms");
  });

  it("drops a backend that failed its benchmark and names the failure", () => {
    const pick = pickBackend(plan, { webgpu: "device lost", webgl: 4.2, wasm: 5 });
    expect(pick.order).toEqual(["webgl", "wasm", "cpu"]);
    expect(pick.reason).toMatch(/webgl 4.20 ms < wasm 5.00 ms; webgpu failed: device lost/);
  });

  it("falls back to cpu alone, with the plan's reason, when every benchmarked backend failed", () => {
    const pick = pickBackend(plan, { webgpu: "x", webgl: "y", wasm: "z" });
    expect(pick.order).toEqual(["cpu"]);
    expect(pick.reason).toBe(plan.reason);
  });

  it("ignores non-finite timings", () => {
    const pick = pickBackend(plan, { webgpu: Number.NaN, webgl: Number.POSITIVE_INFINITY, wasm: 2 });
    expect(pick.order[0]).toBe("wasm");
  });
});

describe("fastStartOrder", () => {
  it("starts a device with a real GPU on wasm, the GPU backends behind it for the benchmark to decide later", () => {
    const plan = planBackends(caps({ api: true, adapter: nvidia }), "auto");
    expect(plan.benchmark).toEqual(["webgpu", "webgl", "wasm"]);
    expect(fastStartOrder(plan)).toEqual(["wasm", "webgpu", "webgl", "cpu"]);
  });

  it("starts on wasm where software WebGPU and WebGL are offered (this machine's Chromium)", () => {
    expect(fastStartOrder(planBackends(caps({ api: true, adapter: swiftshader }), "auto"))).toEqual([
      "wasm",
      "webgl",
      "webgpu",
      "cpu",
    ]);
  });

  it("keeps the plan's order when there is nothing to benchmark, no wasm, or a forced backend", () => {
    expect(fastStartOrder(planBackends(caps({ api: false, adapter: null }, false), "auto"))).toBeUndefined();
    expect(
      fastStartOrder(planBackends(caps({ api: true, adapter: nvidia }, true, false), "auto")),
    ).toBeUndefined();
    expect(fastStartOrder(planBackends(caps({ api: true, adapter: nvidia }), "webgpu"))).toBeUndefined();
  });
});
