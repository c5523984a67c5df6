import type { BackendName } from "../types";
import { type BucketStorage, defaultStorage } from "./bucket";

const BACKENDS: readonly string[] = ["webgpu", "webgl", "wasm", "cpu"];

/**
 * The tfjs backend this device chose (by probe and benchmark) on an earlier visit, kept in localStorage
 * so that later visits load one backend chunk and skip the benchmark. The choice is tied to a device
 * description (browser build, WebGPU adapter): a browser update or another GPU probes again. It stays on
 * the device; nothing here is sent anywhere.
 * @example const memory = new BackendMemory("pocketrank", describeDevice(adapter)); memory.recall(); // "wasm"
 */
export class BackendMemory {
  private readonly key: string;

  constructor(
    prefix: string,
    private readonly device: string,
    private readonly storage: BucketStorage | undefined = defaultStorage(),
  ) {
    this.key = `${prefix}:backend`;
  }

  /** The remembered backend for this device, or undefined (none, another device, unreadable storage). */
  recall(): BackendName | undefined {
    const kept = readKept(this.storage, this.key);
    return kept?.device === this.device ? kept.backend : undefined;
  }

  /** Keeps `backend` as this device's choice (ignored when storage is full or disabled). */
  remember(backend: BackendName): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify({ backend, device: this.device }));
    } catch {
      // quota or disabled: the next visit probes again
    }
  }
}

/**
 * The backend remembered for this browser build, whatever WebGPU adapter it was chosen with (the page
 * knows its adapter only after an async probe): a hint that lets the scoring worker load that backend at
 * once, before {@link BackendMemory.recall} can answer. Wrong only where the adapter changed since.
 * @example new Worker(url, { name: scoringWorkerName(rememberedForBrowser("pocketrank", navigator.userAgent)) });
 */
export function rememberedForBrowser(
  prefix: string,
  userAgent: string,
  storage: BucketStorage | undefined = defaultStorage(),
): BackendName | undefined {
  const kept = readKept(storage, `${prefix}:backend`);
  // describeDevice's browser part: everything before the "#".
  return kept?.device.startsWith(`${userAgent}#`) ? kept.backend : undefined;
}

/** The stored choice, or undefined when it is missing, malformed or unreadable. */
function readKept(storage: BucketStorage | undefined, key: string) {
  try {
    const raw = JSON.parse(storage?.getItem(key) ?? "null") as { backend?: unknown; device?: unknown };
    if (typeof raw?.device !== "string" || !BACKENDS.includes(raw.backend as string)) return undefined;
    return { backend: raw.backend as BackendName, device: raw.device };
  } catch {
    return undefined;
  }
}

/**
 * Pure: what decides the backend choice, as one string: the browser build and the WebGPU adapter.
 * @example describeDevice("Mozilla/5.0 …", { vendor: "google", architecture: "swiftshader", description: "" })
 */
export function describeDevice(
  userAgent: string,
  adapter: { vendor: string; architecture: string; description: string } | null,
): string {
  const gpu = adapter ? `${adapter.vendor}|${adapter.architecture}|${adapter.description}` : "no-webgpu";
  return `${userAgent}#${gpu}`;
}
