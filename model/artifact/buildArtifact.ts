import type * as tf from "@tensorflow/tfjs";
import type { RankerConfig } from "../ranker";
import { type NamedArray, type Precision, packWeights, splitShards } from "./packWeights";
import { assertManifest, type Manifest } from "./parseManifest";
import { sha256Hex } from "./sha256";

/** Shards stay ≤ 4 MiB, the size tfjs' own converter uses (`weight_shard_size_bytes`), so each caches well. */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

export type ArtifactInput = {
  params: Record<string, tf.Tensor>;
  /** The ranker's hyper-parameters, stored as `architecture`. */
  config: RankerConfig;
  version: string;
  precision: Precision;
  /** Defaults to `config.featureSchemaVersion` (the schema the model was trained with). */
  featureSchemaVersion?: number;
  /** Offline metrics on validation data, e.g. { "ndcg@10": 0.041 }. */
  metrics: Record<string, number>;
  /** telemetry's ReferenceProfile, see `buildReferenceProfile`. */
  referenceProfile: Manifest["referenceProfile"];
  name?: string;
  /** ISO timestamp; defaults to now. Pass a fixed one for byte-reproducible artifacts. */
  createdAt?: string;
  shardBytes?: number;
  minQuantizeElements?: number;
};

export type ArtifactFile = { path: string; data: Uint8Array };

/**
 * Encodes params at the requested precision into weight shards and a validated manifest, in memory.
 * Tensors are written in name order, so the bytes do not depend on how the params object was built.
 * @example const { manifest, files } = await buildArtifact({ params, config, version: "v1", precision: "int8",
 *   metrics: { "ndcg@10": 0.04 }, referenceProfile: buildReferenceProfile(scores, features) });
 */
export async function buildArtifact(
  input: ArtifactInput,
): Promise<{ manifest: Manifest; files: ArtifactFile[] }> {
  const arrays: NamedArray[] = [];
  for (const name of Object.keys(input.params).sort()) {
    const tensor = input.params[name];
    if (tensor.dtype !== "float32" && tensor.dtype !== "int32") {
      throw new Error(`weight "${name}" has dtype ${tensor.dtype}; only float32 and int32 are exported`);
    }
    const values = (await tensor.data()) as Float32Array | Int32Array;
    arrays.push({ name, shape: tensor.shape.slice(), values });
  }
  const packed = packWeights(arrays, {
    precision: input.precision,
    minQuantizeElements: input.minQuantizeElements,
  });
  const shards = splitShards(packed.data, input.shardBytes ?? DEFAULT_SHARD_BYTES);
  const files = shards.map((data, i) => ({ path: `group1-shard${i + 1}of${shards.length}.bin`, data }));
  const listed = await Promise.all(
    files.map(async (f) => ({ path: f.path, sha256: await sha256Hex(f.data), bytes: f.data.length })),
  );
  const manifest = assertManifest(
    {
      name: input.name ?? "pocketrank-ranker",
      version: input.version,
      createdAt: input.createdAt ?? new Date().toISOString(),
      precision: input.precision,
      architecture: JSON.parse(JSON.stringify(input.config)),
      featureSchemaVersion: input.featureSchemaVersion ?? input.config.featureSchemaVersion,
      weightsManifest: [{ paths: files.map((f) => f.path), weights: packed.specs }],
      files: listed,
      weights: { sha256: await sha256Hex(packed.data), bytes: packed.data.length },
      metrics: input.metrics,
      referenceProfile: input.referenceProfile,
    },
    `manifest for ${input.version}`,
  );
  return { manifest, files };
}
