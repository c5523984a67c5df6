import { describe, expect, it } from "vitest";
import { describeBenchmark, describeReorder, describeWebGpu } from "./panel";

const swiftshader = {
  api: true,
  adapter: { vendor: "google", architecture: "swiftshader", description: "", isFallbackAdapter: false },
};
const gpu = {
  api: true,
  adapter: { vendor: "nvidia", architecture: "ada", description: "", isFallbackAdapter: false },
};

describe("the demo panel's WebGPU line", () => {
  it("says WebGPU was skipped as a CPU emulation when the SDK chose another backend", () => {
    const text = describeWebGpu(swiftshader, {
      backend: "wasm",
      backendReason: "benchmark: wasm 2 ms < webgl 5 ms",
    });
    expect(text).toBe(
      "skipped: google swiftshader is a CPU emulation of a GPU, so the SDK ranks it after wasm",
    );
  });

  it("does not blame the emulation when a backend was forced, and names a real GPU in use", () => {
    expect(
      describeWebGpu(swiftshader, { backend: "wasm", backendReason: 'forced by option backend="wasm"' }),
    ).toMatch(/^not used: another backend was forced/);
    expect(describeWebGpu(gpu, { backend: "webgpu", backendReason: "benchmark" })).toBe(
      "in use (nvidia ada)",
    );
    expect(describeWebGpu({ api: false, adapter: null }, { backend: "wasm", backendReason: "" })).toBe(
      "not in this browser",
    );
  });
});

describe("the demo panel's re-ranking line", () => {
  it("counts the positions where the on-device list differs from the edge's", () => {
    expect(describeReorder({ edge: [1, 2, 3, 4], device: [2, 1, 3, 4] })).toBe(
      "2 of 4 positions differ from the edge's order",
    );
    expect(describeReorder({ device: [1] })).toMatch(/was not shown/);
    expect(describeReorder(undefined)).toBe("—");
  });
});

describe("the demo panel's benchmark line", () => {
  const none = { state: "none", winner: null, reason: null, startedAt: null, endedAt: null } as const;

  it("names the winner, why and how long it took once the deferred benchmark is done", () => {
    const done = {
      ...none,
      state: "done",
      winner: "webgl",
      reason: "benchmark: webgl 3.10 ms < wasm 5.20 ms",
    } as const;
    expect(describeBenchmark({ ...done, startedAt: 1000, endedAt: 1840.4 })).toBe(
      "webgl won (benchmark: webgl 3.10 ms < wasm 5.20 ms, 840 ms); the next visit starts on it",
    );
  });

  it("says what each earlier or failed state means for this visit and the next", () => {
    expect(describeBenchmark(none)).toMatch(/^not needed/);
    expect(describeBenchmark({ ...none, state: "pending" })).toMatch(/after the first on-device list/);
    expect(describeBenchmark({ ...none, state: "running", startedAt: 5 })).toMatch(/^running/);
    expect(
      describeBenchmark({ ...none, state: "failed", reason: "worker died", startedAt: 0, endedAt: 12 }),
    ).toBe("failed (worker died, 12 ms); the next visit starts on wasm and tries again");
  });
});
