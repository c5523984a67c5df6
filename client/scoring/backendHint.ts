import { SCORING_BACKENDS } from "../../telemetry/schema/scoringBackends";
import type { BackendName } from "../types";

/** The scoring worker's `name` (shown in devtools); a backend hint follows a colon. */
const WORKER_NAME = "pocketrank-scoring";

/**
 * Pure: the backend a load will most likely bring up: a forced one, else the one remembered, else wasm,
 * where a first visit starts. WebGPU only where `webgpuUsable` (a forced WebGPU without it: nothing).
 * @example likelyBackend("auto", undefined, false); // "wasm"
 */
export function likelyBackend(
  preference: BackendName | "auto",
  remembered: BackendName | undefined,
  webgpuUsable: boolean,
): BackendName | undefined {
  const usable = (b: BackendName | undefined) => (b === "webgpu" && !webgpuUsable ? undefined : b);
  if (preference !== "auto") return usable(preference);
  return usable(remembered) ?? "wasm";
}

/**
 * Pure: the `name` of a scoring worker started with a backend hint: the worker loads that backend's chunk
 * and activates it at its first statement, before the page has read what it needs to send "prepare".
 * @example new Worker(url, { type: "module", name: scoringWorkerName("wasm") });
 */
export function scoringWorkerName(hint: BackendName | undefined): string {
  return hint ? `${WORKER_NAME}:${hint}` : WORKER_NAME;
}

/**
 * Pure: the backend hinted in a scoring worker's `name`, or undefined (none, or not a backend).
 * @example hintedBackend("pocketrank-scoring:wasm"); // "wasm"
 */
export function hintedBackend(name: string): BackendName | undefined {
  const hint = name.startsWith(`${WORKER_NAME}:`) ? name.slice(WORKER_NAME.length + 1) : "";
  return isBackendName(hint) ? hint : undefined;
}

/**
 * Pure: whether `value` names a tfjs backend (a worker's name, a stored choice: text from outside the code).
 * @example isBackendName("wasm"); // true
 */
export function isBackendName(value: unknown): value is BackendName {
  return SCORING_BACKENDS.some((backend) => backend === value);
}
