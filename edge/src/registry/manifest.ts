import * as v from "valibot";
import type { RegistryManifest } from "./types";

/** Largest upload (manifest + files) the registry accepts: 32 MiB. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

/** Where the manifest itself lives inside a version: `models/<version>/manifest.json`. */
export const MANIFEST_PATH = "manifest.json";

/** Version names: a URL path segment, 1..64 characters, starting with a letter or digit. */
export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const SHA256_HEX = /^[0-9a-f]{64}$/;
const SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * True for a safe relative artifact path: `/`-separated segments of [A-Za-z0-9._-], no `.` or `..`
 * segment, not absolute, at most 200 characters. This keeps every R2 key under `models/<version>/`.
 * @example isSafeArtifactPath("weights/group1-shard1of1.bin") // true
 * @example isSafeArtifactPath("../x") // false
 */
export function isSafeArtifactPath(path: string): boolean {
  if (path.length === 0 || path.length > 200) return false;
  return path.split("/").every((seg) => SEGMENT.test(seg) && seg !== "." && seg !== "..");
}

const FileSchema = v.strictObject({
  path: v.pipe(
    v.string(),
    v.check(isSafeArtifactPath, "path must be relative, without '..' or '.' segments or odd characters"),
    v.check((p) => p !== MANIFEST_PATH, `'${MANIFEST_PATH}' is reserved for the manifest itself`),
  ),
  sha256: v.pipe(v.string(), v.regex(SHA256_HEX, "sha256 must be 64 lowercase hex characters")),
  bytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

const ManifestSchema = v.looseObject({
  name: v.pipe(v.string(), v.minLength(1)),
  version: v.pipe(v.string(), v.regex(VERSION_PATTERN, "version must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}")),
  files: v.pipe(v.array(FileSchema), v.minLength(1, "files must list at least one file")),
});

/** Result of {@link parseManifest}: the manifest, or why it was refused. */
export type ManifestCheck =
  | { ok: true; manifest: RegistryManifest }
  | { ok: false; status: 400 | 413; code: string; message: string };

/**
 * Validates uploaded manifest text against the registry's rules: JSON object with a name, the
 * version named in the URL, a non-empty `files` list of safe, unique paths with hex sha256 and byte
 * sizes, a declared total within {@link MAX_UPLOAD_BYTES}, and (when present) a tfjs
 * `weightsManifest` whose shard paths are all listed in `files`. Pure; never throws.
 * @example parseManifest('{"name":"r","version":"v1","files":[...]}', "v1").ok
 */
export function parseManifest(text: string, urlVersion: string): ManifestCheck {
  const bad = (code: string, message: string): ManifestCheck => ({ ok: false, status: 400, code, message });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return bad("bad_manifest", "manifest part is not valid JSON");
  }
  const parsed = v.safeParse(ManifestSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = v.getDotPath(issue) ?? "manifest";
    return bad("bad_manifest", `${where}: ${issue.message}`);
  }
  const manifest = parsed.output as RegistryManifest;
  if (manifest.version !== urlVersion) {
    return bad("version_mismatch", `manifest version '${manifest.version}' differs from URL '${urlVersion}'`);
  }
  const paths = new Set<string>();
  let total = new TextEncoder().encode(text).byteLength;
  for (const file of manifest.files) {
    if (paths.has(file.path)) return bad("bad_manifest", `files lists '${file.path}' twice`);
    paths.add(file.path);
    total += file.bytes;
  }
  if (total > MAX_UPLOAD_BYTES) {
    return {
      ok: false,
      status: 413,
      code: "payload_too_large",
      message: `version totals ${total} bytes; the limit is ${MAX_UPLOAD_BYTES}`,
    };
  }
  for (const shard of weightPaths(manifest.weightsManifest)) {
    if (!paths.has(shard))
      return bad("bad_manifest", `weightsManifest names '${shard}', which files does not list`);
  }
  return { ok: true, manifest };
}

/** Shard paths of a tfjs WeightsManifestConfig (`[{ paths: string[], weights: [...] }]`). */
function weightPaths(weightsManifest: unknown): string[] {
  if (!Array.isArray(weightsManifest)) return [];
  return weightsManifest.flatMap((group) =>
    Array.isArray(group?.paths) ? group.paths.filter((p: unknown) => typeof p === "string") : [],
  );
}
