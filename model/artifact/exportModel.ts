import { type ArtifactInput, buildArtifact } from "./buildArtifact";
import type { Manifest } from "./parseManifest";

export type ExportOptions = ArtifactInput & {
  /** Directory to write manifest.json and the .bin shards into (created if missing). */
  outDir: string;
};

/** Shard names this module writes; stale ones from an earlier export into the same folder are removed. */
const SHARD_NAME = /^group\d+-shard\d+of\d+\.bin$/;

/**
 * Writes an artifact folder: the weight shards first, then manifest.json (pretty JSON, newline-terminated),
 * so a half-written folder never has a manifest that points at missing bytes. Node only (fs is imported
 * lazily, which keeps this module out of browser bundles' way).
 * @example const manifest = await exportModel({ params, config, version: "beauty-1", precision: "int8",
 *   featureSchemaVersion: FEATURE_SCHEMA_VERSION, metrics, referenceProfile, outDir: "model/artifacts/demo" });
 */
export async function exportModel(options: ExportOptions): Promise<Manifest> {
  const { mkdir, readdir, rm, writeFile } = await import("node:fs/promises");
  const { join } = await import("node:path");
  const { manifest, files } = await buildArtifact(options);
  await mkdir(options.outDir, { recursive: true });
  const keep = new Set(files.map((f) => f.path));
  for (const entry of await readdir(options.outDir)) {
    if (SHARD_NAME.test(entry) && !keep.has(entry)) await rm(join(options.outDir, entry));
  }
  for (const file of files) await writeFile(join(options.outDir, file.path), file.data);
  await writeFile(join(options.outDir, "manifest.json"), serializeManifest(manifest));
  return manifest;
}

/**
 * The one serialisation of a manifest (2-space JSON + newline), so a re-export or a re-publish of the same
 * manifest yields the same bytes (the registry answers 200, not 409).
 * @example await writeFile("manifest.json", serializeManifest(manifest));
 */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
