import { describe, expect, it } from "vitest";
import { hintedBackend, likelyBackend, scoringWorkerName } from "./backendHint";

describe("likelyBackend", () => {
  it("prepares wasm for a first visit, where the model starts before any benchmark", () => {
    expect(likelyBackend("auto", undefined, true)).toBe("wasm");
  });

  it("prepares the remembered backend, but WebGPU only when the page can use it", () => {
    expect(likelyBackend("auto", "webgl", false)).toBe("webgl");
    expect(likelyBackend("auto", "webgpu", true)).toBe("webgpu");
    expect(likelyBackend("auto", "webgpu", false)).toBe("wasm");
  });

  it("prepares a forced backend, and nothing for a forced WebGPU the page does not offer", () => {
    expect(likelyBackend("cpu", "wasm", true)).toBe("cpu");
    expect(likelyBackend("webgpu", undefined, false)).toBeUndefined();
  });
});

describe("the scoring worker's name", () => {
  it("carries a backend hint to the worker and back", () => {
    for (const backend of ["webgpu", "webgl", "wasm", "cpu"] as const)
      expect(hintedBackend(scoringWorkerName(backend))).toBe(backend);
  });

  it("hints nothing without a hint, for another name, or for a name that is not a backend", () => {
    expect(hintedBackend(scoringWorkerName(undefined))).toBeUndefined();
    expect(hintedBackend("")).toBeUndefined();
    expect(hintedBackend("wasm")).toBeUndefined();
    expect(hintedBackend("pocketrank-scoring:tpu")).toBeUndefined();
    expect(hintedBackend("pocketrank-scoring:constructor")).toBeUndefined();
  });
});
