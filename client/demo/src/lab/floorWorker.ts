/// <reference lib="webworker" />
/**
 * Benchmark helper: a Web Worker on a chosen backend, loaded exactly as the SDK's scoring worker loads it
 * (tfjs-core + the backend's own chunk, client/scoring/backends). It measures the floors that recommend()
 * is compared with (issue 15, Measure):
 * - "echo": a message with no tf work, so the page times the page↔worker round trip alone;
 * - "op": one trivial tf op with its read-back, timed inside the worker (the in-worker dispatch floor);
 * - "matmul": the time of each of the model's own matrix products at its own shapes, for the compute floor.
 */
import * as tf from "@tensorflow/tfjs-core";
import { loadBackend } from "../../../scoring/backends/loadBackend";
import type { BackendName } from "../../../types";

/** One matrix product of the model: batch × [m, k] · [k, n]. */
export type MatMulShape = { name: string; batch: number; m: number; k: number; n: number };
export type FloorRequest =
  | { type: "init"; backend: string }
  | { type: "echo"; value: number }
  | { type: "op"; value: number }
  | { type: "matmul"; shapes: MatMulShape[]; repeats: number; runs: number };
export type FloorResponse =
  | { ok: true; backend: string; value?: number; ms?: number; matmulMs?: Record<string, number> }
  | { ok: false; error: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: FloorResponse) => scope.postMessage(message);

scope.onmessage = async (event: MessageEvent<FloorRequest>) => {
  const request = event.data;
  try {
    if (request.type === "init") {
      await loadBackend(request.backend as BackendName);
      if (!(await tf.setBackend(request.backend))) throw new Error(`setBackend(${request.backend}) failed`);
      await tf.ready();
      // tfjs runs tiny ops of GPU backends on the CPU unless told not to (WEBGPU_CPU_FORWARD /
      // WEBGL_CPU_FORWARD, both default true); the floor must include the upload, dispatch and read-back.
      // Each flag exists only once its backend's chunk has registered it.
      if (request.backend === "webgpu") tf.env().set("WEBGPU_CPU_FORWARD", false);
      if (request.backend === "webgl") tf.env().set("WEBGL_CPU_FORWARD", false);
      reply({ ok: true, backend: tf.getBackend() });
    } else if (request.type === "echo") {
      reply({ ok: true, backend: tf.getBackend(), value: request.value + 1 });
    } else if (request.type === "op") {
      const started = performance.now();
      const out = tf.tidy(() => tf.add(tf.scalar(request.value), tf.scalar(1)));
      const [value] = await out.data();
      out.dispose();
      reply({ ok: true, backend: tf.getBackend(), value, ms: performance.now() - started });
    } else if (request.type === "matmul") {
      reply({ ok: true, backend: tf.getBackend(), matmulMs: await timeMatMuls(request) });
    }
  } catch (error) {
    reply({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
};

/**
 * Median ms of one product per shape: `repeats` products back to back on resident inputs, then one
 * read-back, divided by `repeats` (so the read-back and the dispatch of a lone op do not count).
 */
async function timeMatMuls(
  request: Extract<FloorRequest, { type: "matmul" }>,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of request.shapes) {
    const a = tf.randomUniform([s.batch, s.m, s.k]);
    const b = tf.randomUniform([s.batch, s.k, s.n]);
    const times: number[] = [];
    for (let run = 0; run < request.runs + 2; run++) {
      const started = performance.now();
      const results = Array.from({ length: request.repeats }, () => tf.matMul(a, b));
      await results[results.length - 1].data();
      const ms = (performance.now() - started) / request.repeats;
      tf.dispose(results);
      if (run >= 2) times.push(ms);
    }
    tf.dispose([a, b]);
    times.sort((x, y) => x - y);
    out[s.name] = times[Math.floor(times.length / 2)];
  }
  return out;
}
