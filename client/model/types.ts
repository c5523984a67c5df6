import type { PreparedWeights } from "../../model/artifact/preparedWeights.ts";

/** One file of a model version as `GET /v1/model` lists it (contract 4). */
export type AssignedFile = { path: string; url: string; sha256: string; bytes: number };

/** The answer of `GET /v1/model?bucket=` (contract 4). */
export type Assignment = {
  version: string;
  cohort: "live" | "canary";
  manifest: { url: string; sha256: string; bytes: number };
  files: AssignedFile[];
};

/** A model version whose bytes are verified and ready to hand to the scoring worker. */
export type ModelBundle = {
  version: string;
  /** The raw manifest.json bytes (the worker parses them with model/artifact's `loadModel`). */
  manifest: ArrayBuffer;
  /** Weight files by manifest path. */
  files: Record<string, ArrayBuffer>;
  source: "network" | "cache";
  /**
   * The weights the scoring worker decoded from these bytes on an earlier visit (IndexedDB), if kept. Not
   * checked here: the worker uses them only when they match the bytes it verified (model/artifact's
   * fromPrepared).
   */
  prepared?: PreparedWeights;
};

/** What the cache remembers about a version that loaded and scored: the hashes of its files. */
export type GoodVersion = {
  version: string;
  manifest: { sha256: string; bytes: number };
  files: { path: string; sha256: string; bytes: number }[];
};

/** Content-addressed artifact storage (IndexedDB, or memory as the fallback). */
export type ArtifactCache = {
  readonly kind: "indexeddb" | "memory";
  get(sha256: string): Promise<ArrayBuffer | undefined>;
  put(sha256: string, data: ArrayBuffer): Promise<void>;
  /** Versions that loaded and scored, newest first. */
  goodVersions(): Promise<GoodVersion[]>;
  setGoodVersions(versions: GoodVersion[]): Promise<void>;
  /** The prepared weights stored under `key` (see preparedKey), if the value there has their shape. */
  getPrepared(key: string): Promise<PreparedWeights | undefined>;
  putPrepared(key: string, weights: PreparedWeights): Promise<void>;
  /** Deletes every blob and prepared record whose key is not in `keep`. */
  retain(keep: Set<string>): Promise<void>;
};
