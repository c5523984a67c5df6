import type { BackendName } from "../types";
import { backendKey, type KeptBackend, readKept } from "./keptBackend";
import { defaultStorage, type LocalStore } from "./localStore";

/**
 * The tfjs backend this device chose (by probe and benchmark) on an earlier visit, kept in localStorage
 * so that later visits load one backend chunk and skip the benchmark. The choice is tied to a device
 * description (browser build, WebGPU adapter): a browser update or another GPU probes again. A first
 * visit keeps the backend its list came from as provisional until its deferred benchmark has run, so a
 * shopper who leaves before that still gets it loaded at once next time, and that visit benchmarks. It
 * stays on the device; nothing here is sent anywhere.
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

  /** The backend to load at once on this device (chosen, or provisional), or undefined. */
  recall(): BackendName | undefined {
    return this.kept()?.backend;
  }

  /**
   * Whether the benchmark is still owed on this device: nothing is kept for it, or only a first visit's
   * provisional start.
   */
  benchmarkOwed(): boolean {
    return this.kept()?.provisional ?? true;
  }

  /** Keeps `backend` as this device's choice (ignored when storage is full or disabled). */
  remember(backend: BackendName): void {
    this.write({ backend, device: this.device, provisional: false });
  }

  /**
   * Keeps the backend a visit started on before its benchmark (a first visit, or one whose remembered
   * backend failed) as provisional: the next visit loads it without probing, and benchmarks.
   */
  rememberStart(backend: BackendName): void {
    this.write({ backend, device: this.device, provisional: true });
  }

  private kept(): KeptBackend | undefined {
    const kept = readKept(this.storage, this.key);
    return kept?.device === this.device ? kept : undefined;
  }

  private write(kept: KeptBackend): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(kept));
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
