import type { BackendName } from "../types";
import { backendKey, readKept } from "./keptBackend";
import { defaultStorage, type LocalStore } from "./localStore";

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
    private readonly storage: LocalStore | undefined = defaultStorage(),
  ) {
    this.key = backendKey(prefix);
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
