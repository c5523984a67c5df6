import { isBackendName } from "../scoring/backendHint";
import type { BackendName } from "../types";
import { defaultStorage, type LocalStore } from "./localStore";

// The reading side of the backend memory (backendMemory.ts), a module of its own: the start at the load
// event reads a hint from it, and the loader then carries this, not the whole memory (or bucket.ts).

/** Where the backend memory keeps the choice of the SDK with storage prefix `prefix`. */
export const backendKey = (prefix: string) => `${prefix}:backend`;

/**
 * The backend remembered for this browser build, whatever WebGPU adapter it was chosen with (the page
 * knows its adapter only after an async probe): a hint that lets the scoring worker load that backend at
 * once, before BackendMemory.recall() can answer. Wrong only where the adapter changed since. A
 * provisional one counts: the next visit loads it as recall() does.
 * @example new Worker(url, { name: scoringWorkerName(rememberedForBrowser("pocketrank", navigator.userAgent)) });
 */
export function rememberedForBrowser(
  prefix: string,
  userAgent: string,
  storage: LocalStore | undefined = defaultStorage(),
): BackendName | undefined {
  const kept = readKept(storage, backendKey(prefix));
  // describeDevice's browser part: everything before the "#".
  return kept?.device.startsWith(`${userAgent}#`) ? kept.backend : undefined;
}

/**
 * A kept backend: the benchmark's (or the probe's) choice, or `provisional`, the backend a first visit's
 * list came from before its deferred benchmark ran (see BackendMemory.rememberStart).
 */
export type KeptBackend = { backend: BackendName; device: string; provisional: boolean };

/** The stored choice, or undefined when it is missing, malformed or unreadable. */
export function readKept(storage: LocalStore | undefined, key: string): KeptBackend | undefined {
  try {
    const raw = JSON.parse(storage?.getItem(key) ?? "null") as {
      backend?: unknown;
      device?: unknown;
      provisional?: unknown;
    };
    if (typeof raw?.device !== "string" || !isBackendName(raw.backend)) return undefined;
    return { backend: raw.backend, device: raw.device, provisional: raw.provisional === true };
  } catch {
    return undefined;
  }
}
