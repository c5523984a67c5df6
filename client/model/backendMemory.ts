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
    try {
      const raw = JSON.parse(this.storage?.getItem(this.key) ?? "null") as {
        backend?: unknown;
        device?: unknown;
      };
      if (raw?.device !== this.device || !BACKENDS.includes(raw.backend as string)) return undefined;
      return raw.backend as BackendName;
    } catch {
      return undefined;
    }
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
