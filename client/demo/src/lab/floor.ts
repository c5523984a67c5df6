import type { RankerConfig } from "../../../../model/ranker/types";
import type { FloorRequest, FloorResponse, MatMulShape } from "./floorWorker";
import FloorWorker from "./floorWorker?worker";

/**
 * The matrix products of one forward pass (model/ranker/forward.ts) for one request of `n` candidates,
 * with their FLOPs (2·batch·m·k·n each). Everything else in the pass is elementwise or a copy.
 * @example modelMatMuls(config, 500).reduce((s, p) => s + p.flops, 0); // ≈ 3.7e6
 */
export function modelMatMuls(config: RankerConfig, n: number): (MatMulShape & { flops: number })[] {
  const { maxHistory: L, maxCategories: C, embeddingDim: D, hiddenUnits: H } = config;
  const F = config.featureNames.length;
  const widths = [...H, 1];
  const shapes: MatMulShape[] = [
    { name: "history bag", batch: L, m: 1, k: 2 + C, n: D },
    { name: "candidate bag", batch: n, m: 1, k: 1 + C, n: D },
    { name: "attention keys", batch: 1, m: L, k: D, n: D },
    { name: "attention scores", batch: 1, m: n, k: D, n: L },
    { name: "attended", batch: 1, m: n, k: L, n: D },
    { name: "mean history", batch: 1, m: 1, k: L, n: D },
    { name: "mean share", batch: 1, m: 1, k: D, n: widths[0] },
    { name: "layer 0", batch: 1, m: n, k: 3 * D + F, n: widths[0] },
    ...widths.slice(1).map((w, i) => ({ name: `layer ${i + 1}`, batch: 1, m: n, k: widths[i], n: w })),
    { name: "wide", batch: 1, m: n, k: F, n: 1 },
  ];
  return shapes.map((s) => ({ ...s, flops: 2 * s.batch * s.m * s.k * s.n }));
}

export type Floors = {
  backend: string;
  /** Page → worker → page with no tf work, ms per call. */
  roundTripMs: number[];
  /** One trivial tf op with its read-back, timed inside the worker, ms per call. */
  opMs: number[];
  /** The page-side time of the same op calls (round trip + op), ms per call. */
  ms: number[];
  /** Per candidate count: ms per product of the model (see modelMatMuls) and the FLOPs they sum to. */
  /** Per size: each product's ms and FLOPs by name, their total FLOPs and the sum of their ms. */
  compute: Record<
    number,
    { matmulMs: Record<string, number>; matmulFlops: Record<string, number>; flops: number; ms: number }
  >;
};

/**
 * The floors of `backend` in a worker loaded as the SDK's (after `warm` unmeasured calls): the page↔worker
 * round trip, the in-worker dispatch of a trivial op, and, for each of `sizes`, the compute floor: the time
 * of the model's own products at its shapes on this backend.
 * @example const floors = await measureFloor("wasm", 50, config, [100, 500]);
 */
export async function measureFloor(
  backend: string,
  runs: number,
  config?: RankerConfig,
  sizes: number[] = [],
  warm = 5,
): Promise<Floors> {
  const worker = new FloorWorker();
  const call = (message: FloorRequest) =>
    new Promise<FloorResponse>((resolve) => {
      worker.onmessage = (event: MessageEvent<FloorResponse>) => resolve(event.data);
      worker.postMessage(message);
    });
  try {
    const init = await call({ type: "init", backend });
    if (!init.ok) throw new Error(init.error);
    const floors: Floors = { backend: init.backend, roundTripMs: [], opMs: [], ms: [], compute: {} };
    for (let i = 0; i < warm + runs; i++) {
      let started = performance.now();
      const echo = await call({ type: "echo", value: i });
      const roundTrip = performance.now() - started;
      started = performance.now();
      const op = await call({ type: "op", value: i });
      const total = performance.now() - started;
      if (!echo.ok || !op.ok || op.value !== i + 1) throw new Error(`floor op failed on ${backend}`);
      if (i < warm) continue;
      floors.roundTripMs.push(roundTrip);
      floors.opMs.push(op.ms ?? Number.NaN);
      floors.ms.push(total);
    }
    for (const n of config ? sizes : []) {
      const shapes = modelMatMuls(config!, n);
      const answer = await call({ type: "matmul", shapes, repeats: 10, runs: 7 });
      if (!answer.ok || !answer.matmulMs) throw new Error(`matmul timing failed on ${backend}`);
      const ms = Object.values(answer.matmulMs).reduce((s, x) => s + x, 0);
      const matmulFlops = Object.fromEntries(shapes.map((s) => [s.name, s.flops]));
      const flops = shapes.reduce((s, p) => s + p.flops, 0);
      floors.compute[n] = { matmulMs: answer.matmulMs, matmulFlops, flops, ms };
    }
    return floors;
  } finally {
    worker.terminate();
  }
}
