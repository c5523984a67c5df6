import type { Env } from "../types";
import { forgetVersion } from "./knownVersions";
import type { ModelVersion, RegistryManifest } from "./types";

type VersionRow = {
  version: string;
  status: "pending" | "ready";
  manifest: string;
  manifest_sha256: string;
  bytes: number;
  created_at: string;
  uploaded_by: string;
};

const toModelVersion = (row: VersionRow): ModelVersion => ({
  version: row.version,
  manifestSha256: row.manifest_sha256,
  bytes: row.bytes,
  createdAt: row.created_at,
  uploadedBy: row.uploaded_by,
});

/** The row of `version` in any status (internal: uploads need to see reservations). */
export async function getVersionRow(env: Env, version: string): Promise<VersionRow | undefined> {
  const row = await env.DB.prepare("SELECT * FROM model_versions WHERE version = ?")
    .bind(version)
    .first<VersionRow>();
  return row ?? undefined;
}

/**
 * A published (ready) model version, or undefined.
 * @example (await getModelVersion(env, "v3"))?.manifestSha256
 */
export async function getModelVersion(env: Env, version: string): Promise<ModelVersion | undefined> {
  const row = await getVersionRow(env, version);
  return row?.status === "ready" ? toModelVersion(row) : undefined;
}

/**
 * The parsed manifest of a published version, or undefined for an unknown one.
 * @example const m = await getManifest(env, "v3"); m?.referenceProfile
 */
export async function getManifest(env: Env, version: string): Promise<RegistryManifest | undefined> {
  const row = await getVersionRow(env, version);
  return row?.status === "ready" ? (JSON.parse(row.manifest) as RegistryManifest) : undefined;
}

type Published = { info: ModelVersion; manifest: RegistryManifest };

/**
 * Published versions never change (the registry refuses other bytes under a known version), so an
 * isolate may keep them in memory: the model routes then read D1 only for the rollout. Bounded to the
 * most recently added entries; `clearPublishedCache()` is for tests that wipe D1 between cases.
 */
const publishedCache = new Map<string, Published>();
const PUBLISHED_CACHE_SIZE = 32;

/** Forgets cached versions (tests that empty the registry between cases call it). */
export function clearPublishedCache(): void {
  publishedCache.clear();
  forgetVersion();
}

/**
 * A published version's summary and parsed manifest, or undefined. Cached per isolate (immutable).
 * @example const found = await getPublishedVersion(env, "v3"); found?.manifest.files
 */
export async function getPublishedVersion(env: Env, version: string): Promise<Published | undefined> {
  const cached = publishedCache.get(version);
  if (cached) return cached;
  const row = await getVersionRow(env, version);
  if (row?.status !== "ready") return undefined;
  const published = { info: toModelVersion(row), manifest: JSON.parse(row.manifest) as RegistryManifest };
  if (publishedCache.size >= PUBLISHED_CACHE_SIZE) {
    const oldest = publishedCache.keys().next().value;
    if (oldest !== undefined) publishedCache.delete(oldest);
  }
  publishedCache.set(version, published);
  return published;
}

/** Published versions, newest first. */
export async function listModelVersions(env: Env, limit: number): Promise<ModelVersion[]> {
  const { results } = await env.DB.prepare(
    "SELECT * FROM model_versions WHERE status = 'ready' ORDER BY created_at DESC, version DESC LIMIT ?",
  )
    .bind(limit)
    .all<VersionRow>();
  return results.map(toModelVersion);
}

/**
 * Reserves `version` as 'pending' before its files go to R2. Returns false when a row already exists
 * (the caller then decides between "identical re-upload" and "conflict").
 */
export async function reserveVersion(
  env: Env,
  row: { version: string; manifest: string; manifestSha256: string; bytes: number; uploadedBy: string },
): Promise<boolean> {
  const result = await env.DB.prepare(
    `INSERT INTO model_versions (version, status, manifest, manifest_sha256, bytes, created_at, uploaded_by)
     VALUES (?, 'pending', ?, ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING`,
  )
    .bind(row.version, row.manifest, row.manifestSha256, row.bytes, new Date().toISOString(), row.uploadedBy)
    .run();
  return result.meta.changes === 1;
}

/** The statement that turns a reservation into a published version (batched with its audit row). */
export function markReadyStatement(env: Env, version: string): D1PreparedStatement {
  return env.DB.prepare(
    "UPDATE model_versions SET status = 'ready' WHERE version = ? AND status = 'pending'",
  ).bind(version);
}

/** Drops a reservation whose R2 writes failed, so the version can be uploaded again. */
export async function dropReservation(env: Env, version: string): Promise<void> {
  await env.DB.prepare("DELETE FROM model_versions WHERE version = ? AND status = 'pending'")
    .bind(version)
    .run();
}
