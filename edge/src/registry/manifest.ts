import { parseManifest as parseArtifactManifest } from "../../../model/artifact/parseManifest";
import type { RegistryManifest } from "./types";

/** Largest upload (manifest + files) the registry accepts: 32 MiB. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

/** Where the manifest itself lives inside a version: `models/<version>/manifest.json`. */
export const MANIFEST_PATH = "manifest.json";

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

/** Result of {@link parseManifest}: the manifest, or why it was refused. */
export type ManifestCheck =
  | { ok: true; manifest: RegistryManifest }
  | { ok: false; status: 400 | 413; code: string; message: string };

/**
 * Validates uploaded manifest text with the strict artifact schema that every browser applies
 * (model/artifact `parseManifest`: no unknown keys, weights manifest, files and byte counts
 * consistent, a reference profile in telemetry's layouts), then the registry's own rules: the
 * version named in the URL, and a declared total within {@link MAX_UPLOAD_BYTES}. Pure; never throws.
 * @example parseManifest(await manifestPart.text(), "v1").ok
 */
export function parseManifest(text: string, urlVersion: string): ManifestCheck {
  const bad = (code: string, message: string): ManifestCheck => ({ ok: false, status: 400, code, message });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return bad("bad_manifest", "manifest part is not valid JSON");
  }
  const parsed = parseArtifactManifest(json);
  if (!parsed.ok) return bad("bad_manifest", parsed.issues.slice(0, 3).join("; "));
  const manifest = parsed.manifest as RegistryManifest;
  if (manifest.version !== urlVersion) {
    return bad("version_mismatch", `manifest version '${manifest.version}' differs from URL '${urlVersion}'`);
  }
  const total = manifest.files.reduce((n, f) => n + f.bytes, new TextEncoder().encode(text).byteLength);
  if (total > MAX_UPLOAD_BYTES) {
    return {
      ok: false,
      status: 413,
      code: "payload_too_large",
      message: `version totals ${total} bytes; the limit is ${MAX_UPLOAD_BYTES}`,
    };
  }
  return { ok: true, manifest };
}
