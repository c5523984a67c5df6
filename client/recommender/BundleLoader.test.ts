import { describe, expect, it } from "vitest";
import { likelyBackend } from "./BundleLoader";

const noGpu = { api: false, adapter: null };
const gpu = {
  api: true,
  adapter: { vendor: "nvidia", architecture: "hopper", description: "", isFallbackAdapter: false },
};

describe("likelyBackend", () => {
  it("prepares wasm for a first visit, where the model starts before any benchmark", () => {
    expect(likelyBackend("auto", undefined, gpu)).toBe("wasm");
  });

  it("prepares the remembered backend, but WebGPU only when the page has an adapter", () => {
    expect(likelyBackend("auto", "webgl", noGpu)).toBe("webgl");
    expect(likelyBackend("auto", "webgpu", gpu)).toBe("webgpu");
    expect(likelyBackend("auto", "webgpu", noGpu)).toBe("wasm");
  });

  it("prepares a forced backend, and nothing for a forced WebGPU the page does not offer", () => {
    expect(likelyBackend("cpu", "wasm", gpu)).toBe("cpu");
    expect(likelyBackend("webgpu", undefined, noGpu)).toBeUndefined();
  });
});
