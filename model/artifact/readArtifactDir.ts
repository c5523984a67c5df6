import { serializeManifest } from "./exportModel";
import { assertManifest, type Manifest } from "./parseManifest";
import { sha256Hex } from "./sha256";

/** An artifact folder read from disk and checked against its own manifest. */
export type ArtifactDir = {
  manifest: Manifest;
  /** The exact manifest bytes to upload (the file as written, or a re-serialisation under a new version). */
  manifestText: string;
  files: { path: string; data: Uint8Array }[];
};

/**
 * Reads `<dir>/manifest.json` and every weight file it lists, refusing an invalid manifest or a file whose
 * size or sha256 differs (a half-copied folder must not reach the registry). With `version`, the manifest
 * is re-labelled: versions are immutable in the registry, so this is how one folder ships as a new version.
 * Node only (fs imported lazily).
 * @example const { manifest, files } = await readArtifactDir("model/artifacts/demo");
 */
export async function readArtifactDir(dir: string, version?: string): Promise<ArtifactDir> {
  const { readFile } = await import("node:fs/promises");
  const { join } = await import("node:path");
  const manifestPath = join(dir, "manifest.json");
  let text: string;
  try {
    text = await readFile(manifestPath, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${manifestPath}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${manifestPath} is not valid JSON`);
  }
  let manifest = assertManifest(json, manifestPath);
  if (version !== undefined && version !== manifest.version) {
    manifest = assertManifest({ ...manifest, version }, `${manifestPath} relabelled as ${version}`);
    text = serializeManifest(manifest);
  }
  const files = [];
  for (const file of manifest.files) {
    const path = join(dir, file.path);
    const data = new Uint8Array(await readFile(path));
    if (data.length !== file.bytes)
      throw new Error(`${path}: ${data.length} bytes, manifest says ${file.bytes}`);
    const digest = await sha256Hex(data);
    if (digest !== file.sha256) throw new Error(`${path}: sha256 ${digest}, manifest says ${file.sha256}`);
    files.push({ path: file.path, data });
  }
  return { manifest, manifestText: text, files };
}
