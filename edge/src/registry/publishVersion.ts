import { apiError } from "../http/apiError";
import type { Env } from "../types";
import { auditStatement } from "./auditQueries";
import { forgetVersion } from "./knownVersions";
import { MANIFEST_PATH, parseManifest } from "./manifest";
import { sha256Hex } from "./sha256Hex";
import type { ModelVersion, RegistryManifest } from "./types";
import {
  dropReservation,
  getModelVersion,
  getVersionRow,
  markReadyStatement,
  reserveVersion,
} from "./versionQueries";

/** An upload whose every file matched the manifest; nothing has been written yet. */
export type VerifiedUpload = {
  manifest: RegistryManifest;
  manifestBytes: Uint8Array;
  manifestSha256: string;
  files: { path: string; bytes: Uint8Array; sha256: string }[];
  totalBytes: number;
};

/** The R2 key of an artifact: `models/<version>/<path>`. */
export const artifactKey = (version: string, path: string) => `models/${version}/${path}`;

async function partBytes(part: File | string): Promise<Uint8Array> {
  return typeof part === "string" ? new TextEncoder().encode(part) : new Uint8Array(await part.arrayBuffer());
}

/**
 * Checks a multipart upload against its manifest without writing anything: a `manifest` part that
 * passes {@link parseManifest}, one part per listed file (named by its path) whose size and sha256
 * match, and no other parts. Throws a 400/413 `apiError` on the first problem.
 */
export async function verifyUpload(form: FormData, version: string): Promise<VerifiedUpload> {
  const manifestPart = form.get("manifest");
  if (manifestPart === null) throw apiError(400, "missing_manifest", "the upload needs a 'manifest' part");
  const manifestBytes = await partBytes(manifestPart);
  const check = parseManifest(new TextDecoder().decode(manifestBytes), version);
  if (!check.ok) throw apiError(check.status, check.code, check.message);
  const { manifest } = check;

  const listed = new Set(manifest.files.map((f) => f.path));
  for (const name of new Set(form.keys())) {
    if (name !== "manifest" && !listed.has(name)) {
      throw apiError(400, "unexpected_part", `part '${name}' is not listed in the manifest's files`);
    }
    if (form.getAll(name).length > 1) throw apiError(400, "duplicate_part", `part '${name}' appears twice`);
  }

  const files: VerifiedUpload["files"] = [];
  let totalBytes = manifestBytes.byteLength;
  for (const file of manifest.files) {
    const part = form.get(file.path);
    if (part === null)
      throw apiError(400, "missing_file", `file '${file.path}' is listed but was not uploaded`);
    const bytes = await partBytes(part);
    if (bytes.byteLength !== file.bytes) {
      throw apiError(
        400,
        "size_mismatch",
        `file '${file.path}' has ${bytes.byteLength} bytes, manifest says ${file.bytes}`,
      );
    }
    const sha256 = await sha256Hex(bytes);
    if (sha256 !== file.sha256) {
      throw apiError(
        400,
        "sha256_mismatch",
        `file '${file.path}' has sha256 ${sha256}, manifest says ${file.sha256}`,
      );
    }
    files.push({ path: file.path, bytes, sha256 });
    totalBytes += bytes.byteLength;
  }
  return { manifest, manifestBytes, manifestSha256: await sha256Hex(manifestBytes), files, totalBytes };
}

/**
 * Stores a verified upload: reserve the version in D1, write the R2 objects, then mark it ready and
 * audit it in one transaction. A byte-identical re-upload answers 200 and writes nothing; the same
 * version with other bytes is a 409. If an R2 write fails, the reservation is dropped.
 * @example const { status } = await publishVersion(env, await verifyUpload(form, "v3"), "ops");
 */
export async function publishVersion(
  env: Env,
  upload: VerifiedUpload,
  actor: string,
): Promise<{ status: 200 | 201; version: ModelVersion }> {
  const { manifest, manifestSha256, totalBytes } = upload;
  const version = manifest.version;
  const existing = await getVersionRow(env, version);
  if (existing && existing.manifest_sha256 !== manifestSha256) {
    throw apiError(
      409,
      "version_exists",
      `version '${version}' exists with different contents; versions are immutable`,
    );
  }
  const summary = (createdAt: string): ModelVersion => ({
    version,
    manifestSha256,
    bytes: totalBytes,
    createdAt,
    uploadedBy: existing?.uploaded_by ?? actor,
  });
  if (existing?.status === "ready") return { status: 200, version: summary(existing.created_at) };

  // A pending row with the same digest is an interrupted identical upload: finish it.
  if (!existing) {
    const reserved = await reserveVersion(env, {
      version,
      manifest: new TextDecoder().decode(upload.manifestBytes),
      manifestSha256,
      bytes: totalBytes,
      uploadedBy: actor,
    });
    if (!reserved)
      throw apiError(409, "version_exists", `version '${version}' is being uploaded concurrently`);
  }
  try {
    const put = (path: string, bytes: Uint8Array, sha256: string, contentType: string) =>
      env.MODELS.put(artifactKey(version, path), bytes, {
        sha256,
        httpMetadata: { contentType, cacheControl: "public, max-age=31536000, immutable" },
        customMetadata: { sha256 },
      });
    await Promise.all(upload.files.map((f) => put(f.path, f.bytes, f.sha256, contentTypeOf(f.path))));
    await put(MANIFEST_PATH, upload.manifestBytes, manifestSha256, "application/json");
  } catch (err) {
    if (!existing) await dropReservation(env, version);
    throw err;
  }
  // Identical concurrent uploads may all get here: only the one that flips 'pending' to 'ready'
  // writes the audit row and answers 201.
  const [ready] = await env.DB.batch([
    markReadyStatement(env, version),
    auditStatement(
      env.DB,
      {
        actor,
        action: "model.upload",
        target: version,
        detail: { manifestSha256, bytes: totalBytes, files: upload.files.length, name: manifest.name },
      },
      { ifChanged: true },
    ),
  ]);
  forgetVersion(version); // its first reports need not wait for a cached "unknown" to expire
  const stored = await getModelVersion(env, version);
  if (ready.meta.changes === 0) return { status: 200, version: stored ?? summary(new Date().toISOString()) };
  return { status: 201, version: stored ?? summary(new Date().toISOString()) };
}

/** Content types of the artifact files pocketrank writes. */
export function contentTypeOf(path: string): string {
  if (path.endsWith(".json")) return "application/json";
  return "application/octet-stream";
}
