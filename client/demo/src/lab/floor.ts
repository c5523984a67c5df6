import type { FloorRequest, FloorResponse } from "./floorWorker";
import FloorWorker from "./floorWorker?worker";

/**
 * Median round trip of a trivial tf op in a worker on `backend` (after `warm` unmeasured calls).
 * @example const { medianMs } = await measureFloor("wasm", 50);
 */
export async function measureFloor(
  backend: string,
  runs: number,
  warm = 5,
): Promise<{ backend: string; ms: number[] }> {
  const worker = new FloorWorker();
  const call = (message: FloorRequest) =>
    new Promise<FloorResponse>((resolve) => {
      worker.onmessage = (event: MessageEvent<FloorResponse>) => resolve(event.data);
      worker.postMessage(message);
    });
  try {
    const init = await call({ type: "init", backend });
    if (!init.ok) throw new Error(init.error);
    const ms: number[] = [];
    for (let i = 0; i < warm + runs; i++) {
      const started = performance.now();
      const answer = await call({ type: "ping", value: i });
      if (!answer.ok || answer.value !== i + 1) throw new Error(`floor op failed on ${backend}`);
      if (i >= warm) ms.push(performance.now() - started);
    }
    return { backend: init.backend, ms };
  } finally {
    worker.terminate();
  }
}
