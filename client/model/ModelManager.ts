import { type PreparedWeights, preparedKey } from "../../model/artifact/preparedWeights.ts";
import { downloadVersion, type Fetcher, fetchAssignment, ModelFetchError } from "./downloadVersion";
import { sha256Hex } from "./sha256";
import type { ArtifactCache, Assignment, GoodVersion, ModelBundle } from "./types";

/** How many good versions keep their bytes: the current one and the one before (for rollback). */
const KEEP_GOOD = 2;

export type ModelManagerOptions = {
  endpoint: string;
  bucket: number;
  cache: ArtifactCache;
  fetch: Fetcher;
  /** Receives the cohort of every assignment fetched (before its model is downloaded). */
  onAssignment?: (cohort: Assignment["cohort"]) => void;
  /** Receives every absorbed fault. */
  onFallback: (
    kind: "model-download" | "model-hash" | "model-cached" | "storage-quota",
    error: unknown,
  ) => void;
};

/**
 * Gets the model this device should run, with the DESIGN fallbacks: assigned version (cache first, else
 * network, verified by sha256) → last good cached version → undefined (the edge's retrieval order).
 * `markGood` is called once the worker has loaded and scored a bundle; only then does it become "last good".
 * @example
 * const manager = new ModelManager({ endpoint, bucket, cache, fetch, onFallback });
 * const bundle = await manager.acquire(); // undefined → keep retrieval order
 */
export class ModelManager {
  /** The version at the head of the cache's good list, as newestGood() read it: already recorded. */
  private recorded?: string;

  constructor(private readonly options: ModelManagerOptions) {}

  /**
   * The verified bundle to load, or undefined when neither the network nor the cache has one.
   * `assigning`: the assignment's request, where the caller started it before the cache was open.
   */
  async acquire(
    assigning: Promise<Assignment> = requestAssignment(this.options),
  ): Promise<ModelBundle | undefined> {
    const { fetch, cache } = this.options;
    let assignment: Assignment;
    try {
      assignment = await assigning;
    } catch (error) {
      this.report(error);
      return this.lastGood();
    }
    this.options.onAssignment?.(assignment.cohort);
    try {
      const { bundle, fetched } = await downloadVersion(fetch, assignment, (sha) => cache.get(sha));
      const fromCache = fetched.size === 0;
      await this.store(fetched);
      return { ...bundle, source: fromCache ? "cache" : "network" };
    } catch (error) {
      this.report(error);
      return this.lastGood(assignment.version);
    }
  }

  /** The newest good version other than `exclude` whose cached bytes still verify, or undefined. */
  async lastGood(exclude?: string): Promise<ModelBundle | undefined> {
    const bundle = await this.newestGood(exclude);
    if (bundle) this.options.onFallback("model-cached", new Error(`using cached model ${bundle.version}`));
    return bundle;
  }

  /**
   * As {@link lastGood} but not a fallback: the version this device scored with last, read from the cache
   * to start at once while the assignment is checked (a new version then replaces it).
   */
  async newestGood(exclude?: string): Promise<ModelBundle | undefined> {
    let versions: GoodVersion[] = [];
    try {
      versions = await this.options.cache.goodVersions();
    } catch {
      return undefined;
    }
    for (const [i, good] of versions.entries()) {
      if (good.version === exclude) continue;
      const bundle = await this.readCached(good);
      if (bundle && i === 0) this.recorded = good.version;
      if (bundle) return bundle;
    }
    return undefined;
  }

  /**
   * The version newestGood() would read first, from the cache's list alone (no bytes read or hashed): a
   * page whose shared scoring worker holds it already loads nothing. Undefined when none is recorded.
   * It is the head of the good list: recorded already, as after newestGood().
   */
  async newestGoodVersion(): Promise<string | undefined> {
    try {
      const version = (await this.options.cache.goodVersions())[0]?.version;
      if (version) this.recorded = version;
      return version;
    } catch {
      return undefined;
    }
  }

  /**
   * Records that `bundle` loaded and scored; keeps it and the previous good version, drops older bytes.
   * The version newestGood() read from the head of the list is recorded already: nothing to hash or
   * write then, so a cached start does no storage work before its first ranking.
   */
  async markGood(bundle: ModelBundle): Promise<void> {
    const { cache } = this.options;
    if (bundle.version === this.recorded) return;
    try {
      const entry: GoodVersion = {
        version: bundle.version,
        manifest: { sha256: await sha256Hex(bundle.manifest), bytes: bundle.manifest.byteLength },
        files: await Promise.all(
          Object.entries(bundle.files).map(async ([path, data]) => ({
            path,
            sha256: await sha256Hex(data),
            bytes: data.byteLength,
          })),
        ),
      };
      // A bundle that came from the network has been stored already; storing again is harmless.
      await cache.put(entry.manifest.sha256, bundle.manifest);
      for (const file of entry.files) await cache.put(file.sha256, bundle.files[file.path]);
      const others = (await cache.goodVersions()).filter((v) => v.version !== entry.version);
      const keep = [entry, ...others].slice(0, KEEP_GOOD);
      await cache.setGoodVersions(keep);
      const kept = keep.flatMap((v) => [
        v.manifest.sha256,
        preparedKey(v.manifest.sha256),
        ...v.files.map((f) => f.sha256),
      ]);
      await cache.retain(new Set(kept));
      this.recorded = entry.version;
    } catch (error) {
      this.options.onFallback("storage-quota", error);
    }
  }

  /**
   * Keeps the weights the scoring worker decoded from `bundle`'s bytes, for the next visit's load. Written
   * after the first list; a failed write only means the next visit decodes the bytes again, so it is not
   * reported.
   */
  async keepPrepared(bundle: ModelBundle, weights: PreparedWeights): Promise<void> {
    try {
      await this.options.cache.putPrepared(preparedKey(await sha256Hex(bundle.manifest)), weights);
    } catch {
      // over quota or storage gone: nothing lost but the next visit's shortcut
    }
  }

  private async readCached(good: GoodVersion): Promise<ModelBundle | undefined> {
    const { cache } = this.options;
    // Read beside the bytes; a record that cannot be read is only a shortcut missing.
    const preparing = cache.getPrepared(preparedKey(good.manifest.sha256)).catch(() => undefined);
    const read = async (ref: { sha256: string; bytes: number }) => {
      const data = await cache.get(ref.sha256);
      if (!data || data.byteLength !== ref.bytes || (await sha256Hex(data)) !== ref.sha256) return undefined;
      return data;
    };
    try {
      // All reads and hashes at once: a cached start waits for the slowest, not for their sum.
      const [manifest, ...data] = await Promise.all([read(good.manifest), ...good.files.map(read)]);
      if (!manifest || data.some((d) => !d)) return undefined;
      const files = Object.fromEntries(good.files.map((file, i) => [file.path, data[i] as ArrayBuffer]));
      const prepared = await preparing;
      return { version: good.version, manifest, files, source: "cache", ...(prepared && { prepared }) };
    } catch {
      return undefined;
    }
  }

  private async store(fetched: Map<string, ArrayBuffer>): Promise<void> {
    try {
      for (const [sha, data] of fetched) await this.options.cache.put(sha, data);
    } catch (error) {
      // Over quota: the bundle is still good for this page; it just will not be cached.
      this.options.onFallback("storage-quota", error);
    }
  }

  private report(error: unknown): void {
    this.options.onFallback(error instanceof ModelFetchError ? error.kind : "model-download", error);
  }
}

/**
 * Starts `GET /v1/model` for the device's bucket; a failure is left to the acquire() it is given to (not
 * reported as unhandled while the cache still opens).
 * @example const assigning = requestAssignment({ fetch, endpoint, bucket }); manager.acquire(assigning);
 */
export function requestAssignment(
  options: Pick<ModelManagerOptions, "fetch" | "endpoint" | "bucket">,
): Promise<Assignment> {
  const assigning = fetchAssignment(options.fetch, options.endpoint, options.bucket);
  assigning.catch(() => {});
  return assigning;
}
