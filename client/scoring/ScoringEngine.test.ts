import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it, vi } from "vitest";
import type { BackendName } from "../types";
import type { Capabilities } from "./chooseBackend";
import { dummyBatch } from "./dummyBatch";
import { ScoringEngine } from "./ScoringEngine";
import { demoLoadRequest } from "./testDemoModel";

/** What Node offers: no WebGPU, no WebGL; wasm is declared absent so the plan is cpu alone. */
const nodeCaps: Capabilities = { webgpu: { api: false, adapter: null }, webgl: false, wasm: false };

async function loadDemo(remembered?: BackendName) {
  let probes = 0;
  const engine = new ScoringEngine(
    async () => {
      probes++;
      return nodeCaps;
    },
    () => {},
  );
  const loaded = await engine.load(await demoLoadRequest("auto", remembered));
  return { engine, loaded, probes };
}

describe("ScoringEngine backend choice", () => {
  it("probes and reports a probed choice on a first visit (nothing remembered)", async () => {
    const { loaded, probes } = await loadDemo();
    expect(loaded).toMatchObject({ backend: "cpu", choice: "probed" });
    expect(probes).toBe(1);
  });

  it("loads a remembered backend alone, without probing, and scores with it", async () => {
    const { engine, loaded, probes } = await loadDemo("cpu");
    expect(loaded).toMatchObject({ backend: "cpu", choice: "remembered" });
    expect(probes).toBe(0);
    const scored = await engine.score(dummyBatch(20));
    expect(scored.scores.length).toBe(20);
    expect(scored.backend).toBe("cpu");
  });

  it("probes again when the remembered backend fails, and says why", async () => {
    // WebGL's chunk loads in Node but cannot create a context, as on a browser that lost its GPU.
    const { loaded, probes } = await loadDemo("webgl");
    expect(loaded).toMatchObject({ backend: "cpu", choice: "probed" });
    expect(probes).toBe(1);
    expect(loaded.history[0]).toMatchObject({ backend: "webgl" });
    expect(loaded.history[0].reason).toMatch(/remembered backend failed, probing again/);
  });

  it("frees the first model's weights when a second version is loaded (no tensors left behind)", async () => {
    const { engine } = await loadDemo("cpu");
    const afterFirst = tf.memory().numTensors;
    await engine.load(await demoLoadRequest("auto", "cpu"));
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect((await engine.score(dummyBatch(5))).scores.length).toBe(5);
  });
});

describe("ScoringEngine bring-up without a warm-up on wasm and cpu", () => {
  /** The forward pass's dense layers: a warm-up runs them, a load alone does not. */
  const FORWARD = /MatMul/;

  it("loads cpu without running the model; the first request is the first forward pass", async () => {
    const engine = new ScoringEngine(
      async () => nodeCaps,
      () => {},
    );
    const request = await demoLoadRequest("cpu");
    const load = await tf.profile(() => engine.load(request));
    expect(load.kernelNames.filter((k) => FORWARD.test(k))).toEqual([]);
    const first = await tf.profile(() => engine.score(dummyBatch(20)));
    expect(first.kernelNames.some((k) => FORWARD.test(k))).toBe(true);
  });
});

describe("ScoringEngine load while the queue is busy", () => {
  it("hashes a load's weights at once, before the task ahead of it (bringing a backend up) is done", async () => {
    let release = () => {};
    const held = new Promise<Capabilities>((resolve) => {
      release = () => resolve(nodeCaps);
    });
    const engine = new ScoringEngine(
      () => held,
      () => {},
    );
    const request = await demoLoadRequest("cpu");
    const ahead = engine.benchmark({ ...request, type: "benchmark" }); // its probe holds the queue
    const digest = vi.spyOn(crypto.subtle, "digest");
    try {
      const load = engine.load(request);
      await vi.waitFor(() => expect(digest).toHaveBeenCalled(), { timeout: 5_000 });
      release();
      await ahead;
      expect(await load).toMatchObject({ backend: "cpu" });
    } finally {
      digest.mockRestore();
    }
  });

  it("probes for a load with nothing remembered at once, before the task ahead of it is done, and once", async () => {
    let release = () => {};
    const held = new Promise<Capabilities>((resolve) => {
      release = () => resolve(nodeCaps);
    });
    let probes = 0;
    // The first probe (the benchmark's, ahead in the queue) holds it; the load's is the second.
    const engine = new ScoringEngine(
      () => (++probes === 1 ? held : Promise.resolve(nodeCaps)),
      () => {},
    );
    const request = await demoLoadRequest("auto");
    const ahead = engine.benchmark({ ...request, type: "benchmark" });
    await vi.waitFor(() => expect(probes).toBe(1));
    const load = engine.load(request);
    expect(probes).toBe(2);
    release();
    await ahead;
    expect(await load).toMatchObject({ backend: "cpu", choice: "probed" });
    expect(probes).toBe(2);
  });
});
