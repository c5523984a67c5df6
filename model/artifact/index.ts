/**
 * Model artifacts (contract 3): quantize and pack ranker params in the TensorFlow.js weights format,
 * validate manifests, load and verify them in Node or the browser. Browser-safe: what reads or writes
 * artifact folders on disk (export, read, publish) is in `./node`.
 */
export type { ArtifactFile, ArtifactInput } from "./buildArtifact";
export { buildArtifact, DEFAULT_SHARD_BYTES } from "./buildArtifact";
export { buildReferenceProfile } from "./buildReferenceProfile";
export { encodeFloat16, FLOAT16_MAX, FLOAT16_MIN_NORMAL, toFloat16Bits } from "./float16";
export type { LoadedModel, LoadOptions, ReadFile } from "./loadModel";
export { loadModel } from "./loadModel";
export { FILE_PATH_PATTERN } from "./manifestSchema";
export type { NamedArray, PackedWeights, PackOptions, Precision } from "./packWeights";
export { DEFAULT_MIN_QUANTIZE_ELEMENTS, packWeights, splitShards } from "./packWeights";
export type { Manifest, ManifestResult } from "./parseManifest";
export { assertManifest, parseManifest } from "./parseManifest";
export type { Uint8Quantized } from "./quantizeUint8";
export { dequantizeUint8, quantizeUint8 } from "./quantizeUint8";
export { sha256Hex } from "./sha256";
