import { describe, expect, it } from "vitest";
import { BackendMemory, describeDevice } from "./backendMemory";
import { rememberedForBrowser } from "./keptBackend";

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
}

describe("BackendMemory", () => {
  const laptop = describeDevice("Chrome/140", { vendor: "intel", architecture: "gen-12lp", description: "" });

  it("recalls the backend remembered on this device, per SDK prefix", () => {
    const storage = memoryStorage();
    expect(new BackendMemory("shop", laptop, storage).recall()).toBeUndefined();
    new BackendMemory("shop", laptop, storage).remember("wasm");
    expect(new BackendMemory("shop", laptop, storage).recall()).toBe("wasm");
    expect(new BackendMemory("other", laptop, storage).recall()).toBeUndefined();
  });

  it("forgets the choice when the browser build or the GPU changes", () => {
    const storage = memoryStorage();
    new BackendMemory("shop", laptop, storage).remember("webgpu");
    const updated = describeDevice("Chrome/141", {
      vendor: "intel",
      architecture: "gen-12lp",
      description: "",
    });
    const noGpu = describeDevice("Chrome/140", null);
    expect(new BackendMemory("shop", updated, storage).recall()).toBeUndefined();
    expect(new BackendMemory("shop", noGpu, storage).recall()).toBeUndefined();
  });

  it("ignores a corrupt or foreign entry and survives storage that throws", () => {
    const storage = memoryStorage();
    storage.map.set("shop:backend", "{not json");
    expect(new BackendMemory("shop", laptop, storage).recall()).toBeUndefined();
    storage.map.set("shop:backend", JSON.stringify({ backend: "tpu", device: laptop }));
    expect(new BackendMemory("shop", laptop, storage).recall()).toBeUndefined();
    const broken = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    const memory = new BackendMemory("shop", laptop, broken);
    expect(() => memory.remember("cpu")).not.toThrow();
    expect(memory.recall()).toBeUndefined();
  });

  it("keeps a start made before the benchmark as provisional: loaded at once, the benchmark still owed", () => {
    const storage = memoryStorage();
    const memory = new BackendMemory("shop", laptop, storage);
    expect(memory.benchmarkOwed()).toBe(true);
    memory.rememberStart("wasm");
    const next = new BackendMemory("shop", laptop, storage);
    expect(next.recall()).toBe("wasm");
    expect(next.benchmarkOwed()).toBe(true);
    expect(rememberedForBrowser("shop", "Chrome/140", storage)).toBe("wasm");
    // The benchmark's winner settles it: later visits owe none.
    next.remember("webgl");
    expect(new BackendMemory("shop", laptop, storage).recall()).toBe("webgl");
    expect(new BackendMemory("shop", laptop, storage).benchmarkOwed()).toBe(false);
    // A provisional start for another device owes this one its own.
    const noGpu = new BackendMemory("shop", describeDevice("Chrome/140", null), storage);
    expect(noGpu.recall()).toBeUndefined();
    expect(noGpu.benchmarkOwed()).toBe(true);
  });

  it("reads a choice kept before provisional starts existed (no flag) as benchmarked", () => {
    const storage = memoryStorage();
    storage.map.set("shop:backend", JSON.stringify({ backend: "webgl", device: laptop }));
    const memory = new BackendMemory("shop", laptop, storage);
    expect(memory.recall()).toBe("webgl");
    expect(memory.benchmarkOwed()).toBe(false);
    storage.map.set("shop:backend", JSON.stringify({ backend: "webgl", device: laptop, provisional: "yes" }));
    expect(memory.benchmarkOwed()).toBe(false);
  });

  it("hints the backend remembered for this browser build before the adapter is known", () => {
    const storage = memoryStorage();
    expect(rememberedForBrowser("shop", "Chrome/140", storage)).toBeUndefined();
    new BackendMemory("shop", laptop, storage).remember("webgl");
    expect(rememberedForBrowser("shop", "Chrome/140", storage)).toBe("webgl");
    expect(rememberedForBrowser("shop", "Chrome/141", storage)).toBeUndefined();
    expect(rememberedForBrowser("other", "Chrome/140", storage)).toBeUndefined();
    storage.map.set("shop:backend", "{not json");
    expect(rememberedForBrowser("shop", "Chrome/140", storage)).toBeUndefined();
  });
});
