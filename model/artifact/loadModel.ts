import * as tf from "@tensorflow/tfjs-core";
import { FEATURE_SCHEMA_VERSION } from "../features";
import type { HostWeight, RankerConfig, RankerParams } from "../ranker";
import { decodeHostWeight, entryBytes } from "./hostWeights";
import { assertManifest, type Manifest } from "./parseManifest";
import { sha256Hex } from "./sha256";

/** Reads one artifact file by its manifest `path` (fetch in the browser, fs in Node). */
export type ReadFile = (path: string) => Promise<ArrayBuffer>;

export type LoadOptions = {
  /**
   * The feature schema this code encodes (default: model/'s `FEATURE_SCHEMA_VERSION`). A model trained on
   * another schema is refused: its inputs would mean other things and its scores would be silently wrong.
   */
  featureSchemaVersion?: number;
};

export type LoadedModel = {
  /** Named weight tensors, dequantized to float32; the caller owns (and disposes) them. */
  params: RankerParams;
  /** The weights decodeModel was asked to keep on the host, as values (absent from `params`). */
  host: Record<string, HostWeight>;
  /** The ranker's hyper-parameters (`manifest.architecture`). */
  config: RankerConfig;
  manifest: Manifest;
};

/** A manifest whose weight files passed their byte counts and sha256 checks: ready to decode. */
export type CheckedModel = { manifest: Manifest; buffers: Map<string, ArrayBuffer> };

/**
 * Validates a manifest, reads its weight files through `readFile`, checks every file's byte size and
 * sha256 and the whole weights' sha256, and only then decodes them with `tf.io.decodeWeights` (which
 * applies the float16 / uint8 `quantization` entries). Any mismatch throws before a tensor is created.
 * No Node-only imports: runs in Node, browsers and workers.
 * @example
 * const manifest = await (await fetch(manifestUrl)).json();
 * const { params, config } = await loadModel(manifest, async (p) => (await fetch(base + p)).arrayBuffer());
 */
export async function loadModel(manifestJson: unknown, readFile: ReadFile, options: LoadOptions = {}) {
  return decodeModel(await checkModel(manifestJson, readFile, options));
}

/**
 * loadModel's first half, which needs no tfjs backend: the manifest, the feature schema, every file's
 * byte size and sha256 and the whole weights' sha256. The scoring worker runs it while its backend still
 * comes up (the hashing is WebCrypto's, off the thread).
 * @example const checked = checkModel(manifest, readFile); await activate(); decodeModel(await checked);
 */
export async function checkModel(
  manifestJson: unknown,
  readFile: ReadFile,
  options: LoadOptions = {},
): Promise<CheckedModel> {
  const manifest = assertManifest(manifestJson);
  const wanted = options.featureSchemaVersion ?? FEATURE_SCHEMA_VERSION;
  if (manifest.featureSchemaVersion !== wanted) {
    throw new Error(
      `model ${manifest.version} uses feature schema ${manifest.featureSchemaVersion}, this code expects ${wanted}`,
    );
  }
  const buffers = new Map<string, ArrayBuffer>();
  const digests = await Promise.all(
    manifest.files.map(async (file) => {
      const data = await readFile(file.path);
      if (data.byteLength !== file.bytes) {
        throw new Error(`${file.path}: expected ${file.bytes} bytes, got ${data.byteLength}`);
      }
      const digest = await sha256Hex(data);
      if (digest !== file.sha256)
        throw new Error(`${file.path}: sha256 mismatch (expected ${file.sha256}, got ${digest})`);
      buffers.set(file.path, data);
      return digest;
    }),
  );
  // A single file is the whole weights: its digest, just computed, is theirs (no copy, no second pass).
  const digest =
    digests.length === 1
      ? digests[0]
      : await sha256Hex(joinBuffers(manifest.files.map((f) => buffers.get(f.path)!)));
  if (digest !== manifest.weights.sha256) {
    throw new Error(`weights sha256 mismatch (expected ${manifest.weights.sha256}, got ${digest})`);
  }
  return { manifest, buffers };
}

/**
 * loadModel's second half: the checked weights as float32 tensors on the active backend (the caller owns
 * them), except the float32 weights named in `onHost`, which are decoded to host values and never become
 * tensors (the host gather's tables: on wasm a tensor would be written into wasm memory only to be read
 * back).
 * @example const { params, config } = decodeModel(await checkModel(manifest, readFile));
 */
export function decodeModel(
  { manifest, buffers }: CheckedModel,
  onHost: readonly string[] = [],
): LoadedModel {
  const params: RankerParams = {};
  const host: Record<string, HostWeight> = {};
  for (const group of manifest.weightsManifest) {
    const specs = group.weights as tf.io.WeightsManifestEntry[];
    const data = group.paths.map((p) => buffers.get(p)!);
    if (!specs.some((s) => onHost.includes(s.name))) {
      Object.assign(params, tf.io.decodeWeights(data, specs));
      continue;
    }
    const all = new tf.io.CompositeArrayBuffer(data);
    const rest: { spec: tf.io.WeightsManifestEntry; bytes: ArrayBuffer }[] = [];
    let offset = 0;
    for (const spec of specs) {
      const bytes = all.slice(offset, offset + entryBytes(spec));
      offset += bytes.byteLength;
      if (onHost.includes(spec.name))
        host[spec.name] = { values: decodeHostWeight(spec, bytes), shape: spec.shape };
      else rest.push({ spec, bytes });
    }
    if (rest.length > 0) {
      Object.assign(
        params,
        tf.io.decodeWeights(
          rest.map((r) => r.bytes),
          rest.map((r) => r.spec),
        ),
      );
    }
  }
  // The schema checked architecture is a JSON object; its ranker fields are model/'s to interpret.
  return { params, host, config: manifest.architecture as unknown as RankerConfig, manifest };
}

function joinBuffers(parts: ArrayBuffer[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return out;
}
