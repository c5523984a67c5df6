import { type DBSchema, openDB } from "idb";
import { asPreparedWeights, type PreparedWeights } from "../../model/artifact/preparedWeights.ts";
import { withTimeout } from "../store/IdbStore";
import { openOrMemory } from "../store/openOrMemory";
import type { ArtifactCache, GoodVersion } from "./types";

interface ModelDB extends DBSchema {
  /** Files by sha256, and prepared weights by preparedKey (one store: no schema upgrade for them). */
  blobs: { key: string; value: ArrayBuffer | PreparedWeights };
  meta: { key: string; value: GoodVersion[] };
}

/**
 * Artifacts in IndexedDB keyed by sha256, so a version's files are fetched once and survive reloads.
 * @example const cache = await IdbArtifactCache.open("pocketrank"); await cache.get(sha);
 */
export class IdbArtifactCache implements ArtifactCache {
  readonly kind = "indexeddb" as const;
  private constructor(private readonly db: Awaited<ReturnType<typeof openDB<ModelDB>>>) {}

  static async open(prefix: string, timeoutMs = 3000): Promise<IdbArtifactCache> {
    if (typeof indexedDB === "undefined") throw new Error("IndexedDB is not available");
    const opening = openDB<ModelDB>(`${prefix}-models`, 1, {
      upgrade(db) {
        db.createObjectStore("blobs");
        db.createObjectStore("meta");
      },
    });
    return new IdbArtifactCache(await withTimeout(opening, timeoutMs, "opening the model cache timed out"));
  }

  async get(sha256: string): Promise<ArrayBuffer | undefined> {
    const value = await this.db.get("blobs", sha256);
    return value instanceof ArrayBuffer ? value : undefined;
  }

  async put(sha256: string, data: ArrayBuffer): Promise<void> {
    await this.db.put("blobs", data, sha256);
  }

  async getPrepared(key: string): Promise<PreparedWeights | undefined> {
    return asPreparedWeights(await this.db.get("blobs", key));
  }

  async putPrepared(key: string, weights: PreparedWeights): Promise<void> {
    await this.db.put("blobs", weights, key);
  }

  async goodVersions(): Promise<GoodVersion[]> {
    return (await this.db.get("meta", "good")) ?? [];
  }

  async setGoodVersions(versions: GoodVersion[]): Promise<void> {
    await this.db.put("meta", versions, "good");
  }

  async retain(keep: Set<string>): Promise<void> {
    const tx = this.db.transaction("blobs", "readwrite");
    for (const key of await tx.store.getAllKeys()) if (!keep.has(key)) await tx.store.delete(key);
    await tx.done;
  }
}

/**
 * Artifacts in page memory: the fallback without IndexedDB (and what unit tests use).
 * @example const cache = new MemoryArtifactCache();
 */
export class MemoryArtifactCache implements ArtifactCache {
  readonly kind = "memory" as const;
  private blobs = new Map<string, ArrayBuffer>();
  private prepared = new Map<string, PreparedWeights>();
  private good: GoodVersion[] = [];

  async get(sha256: string): Promise<ArrayBuffer | undefined> {
    return this.blobs.get(sha256);
  }

  async put(sha256: string, data: ArrayBuffer): Promise<void> {
    this.blobs.set(sha256, data);
  }

  async getPrepared(key: string): Promise<PreparedWeights | undefined> {
    return this.prepared.get(key);
  }

  async putPrepared(key: string, weights: PreparedWeights): Promise<void> {
    this.prepared.set(key, weights);
  }

  async goodVersions(): Promise<GoodVersion[]> {
    return structuredClone(this.good);
  }

  async setGoodVersions(versions: GoodVersion[]): Promise<void> {
    this.good = structuredClone(versions);
  }

  async retain(keep: Set<string>): Promise<void> {
    for (const key of [...this.blobs.keys()]) if (!keep.has(key)) this.blobs.delete(key);
    for (const key of [...this.prepared.keys()]) if (!keep.has(key)) this.prepared.delete(key);
  }
}

/**
 * IndexedDB cache when it opens, memory otherwise (the reason goes to `onFallback`).
 * @example const cache = await openArtifactCache("pocketrank", "indexeddb", console.warn);
 */
export async function openArtifactCache(
  prefix: string,
  storage: "indexeddb" | "memory",
  onFallback: (error: unknown) => void,
): Promise<ArtifactCache> {
  return openOrMemory<ArtifactCache>(
    storage,
    () => IdbArtifactCache.open(prefix),
    () => new MemoryArtifactCache(),
    onFallback,
  );
}
