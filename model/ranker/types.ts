import type * as tf from "@tensorflow/tfjs-core";

/**
 * Hyper-parameters and vocabularies of the ranker. Plain JSON: it travels in the artifact
 * manifest (`architecture`) and both the encoder and the forward pass read it.
 */
export interface RankerConfig {
  /** Bumped whenever {@link featureNames} or their encoding changes meaning. */
  featureSchemaVersion: number;
  /** Most recent history items kept (L); older ones are dropped. */
  maxHistory: number;
  /** Categories kept per item (C); their embeddings are averaged. */
  maxCategories: number;
  /** Item id hash buckets incl. bucket 0 = padding; ids map to 1 + id mod (itemBuckets - 1). */
  itemBuckets: number;
  /** Category-name hash buckets incl. bucket 0 = padding (FNV-1a of the name). */
  categoryBuckets: number;
  /** Embedding width D shared by items, categories and recency positions. */
  embeddingDim: number;
  /** Widths of the MLP head's hidden layers. */
  hiddenUnits: number[];
  /** Ordered dense features: "ctx.*" are computed by the encoder, any other name is read from `Candidate.features`. */
  featureNames: string[];
  /** Standardisation applied after the signed log1p transform, one entry per feature. */
  featureMean: number[];
  featureStd: number[];
  /** Standardised features are clipped to ±featureClip so one wild input cannot dominate. */
  featureClip: number;
}

/** Named weights; model/artifact serialises exactly these tensors. */
export type RankerParams = Record<string, tf.Tensor>;

/**
 * A float32 weight's values on the host, never a tensor: model/artifact's decodeModel keeps the host
 * gather's tables so on wasm and cpu; the host gather reads them row after row.
 */
export type HostWeight = { values: Float32Array; shape: number[] };
