// Test kit for the registry route tests: builds real artifacts and multipart uploads, and snapshots the
// registry's state (D1 rows, R2 keys, audit count, rollout) so tests can assert "nothing changed".
import { env, exports } from "cloudflare:workers";
import { referenceProfileFrom } from "../../../telemetry/histogram/ReferenceProfile";
import { clearPublishedCache, clearRolloutCache, sha256Hex } from "../registry";

export const BASE = "http://edge.test";
export const OPS_TOKEN = "test-admin-token";
export const CI_TOKEN = "test-ci-token";

export type TestArtifact = {
  manifest: Record<string, unknown>;
  manifestText: string;
  files: { path: string; data: Uint8Array }[];
};

/**
 * A small artifact that passes the strict artifact schema (model/artifact `parseManifest`), as the
 * browser checks it: one uint8-quantized weight shard plus a tfjs weights manifest.
 */
export async function makeArtifact(version: string, shardBytes = 256): Promise<TestArtifact> {
  const data = new Uint8Array(shardBytes);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + version.length * 7) & 0xff;
  const path = "group1-shard1of1.bin";
  const sha256 = await sha256Hex(data);
  const manifest = {
    name: "pocketrank-ranker",
    version,
    createdAt: "2026-11-28T00:00:00.000Z",
    precision: "int8",
    architecture: { kind: "test" },
    featureSchemaVersion: 2,
    weightsManifest: [
      {
        paths: [path],
        weights: [
          {
            name: "w",
            shape: [shardBytes],
            dtype: "float32",
            quantization: { dtype: "uint8", min: -1, scale: 2 / 255 },
          },
        ],
      },
    ],
    files: [{ path, sha256, bytes: data.length }],
    weights: { sha256, bytes: data.length },
    metrics: { ndcg10: 0.03 },
    referenceProfile: referenceProfileFrom({ scores: [0.1, 0.5, 0.9] }),
  };
  return { manifest, manifestText: JSON.stringify(manifest), files: [{ path, data }] };
}

/**
 * `manifest` re-declared with one uint8 weight file of `bytes` bytes, consistent for the strict
 * schema, so size limits can be tested without sending the bytes.
 */
export function declaringBytes(manifest: Record<string, unknown>, bytes: number): Record<string, unknown> {
  const [file] = manifest.files as { path: string; sha256: string }[];
  const quantization = { dtype: "uint8", min: -1, scale: 2 / 255 };
  return {
    ...manifest,
    files: [{ ...file, bytes }],
    weights: { sha256: file.sha256, bytes },
    weightsManifest: [
      { paths: [file.path], weights: [{ name: "w", shape: [bytes], dtype: "float32", quantization }] },
    ],
  };
}

/** The multipart body of `PUT /v1/admin/models/:version`: `manifest` and one part per file. */
export function uploadForm(artifact: TestArtifact, manifestText = artifact.manifestText): FormData {
  const form = new FormData();
  form.append("manifest", new Blob([manifestText], { type: "application/json" }), "manifest.json");
  for (const f of artifact.files) form.append(f.path, new Blob([f.data]), f.path);
  return form;
}

/** Calls the Worker with an optional bearer token. */
export function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  return exports.default.fetch(`${BASE}${path}`, { ...init, headers });
}

/** Uploads an artifact as `version` (the URL's version) with the ops token. */
export function upload(version: string, form: FormData, token = OPS_TOKEN): Promise<Response> {
  return call(`/v1/admin/models/${version}`, { method: "PUT", body: form, token });
}

/** Sets the rollout with the ops token. */
export function setRollout(body: unknown, token = OPS_TOKEN): Promise<Response> {
  return call("/v1/admin/rollout", {
    method: "PUT",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
    token,
  });
}

/** Everything a rejected admin request must leave untouched. */
export async function registryState() {
  const versions = await env.DB.prepare(
    "SELECT version, status, manifest_sha256 FROM model_versions ORDER BY version",
  ).all();
  const audit = await env.DB.prepare("SELECT COUNT(*) AS n FROM admin_audit").first<{ n: number }>();
  const rollout = await env.DB.prepare("SELECT * FROM rollout_state").first();
  const listed = await env.MODELS.list({ prefix: "models/" });
  return {
    versions: versions.results,
    audit: audit?.n ?? 0,
    rollout,
    r2: listed.objects.map((o) => `${o.key}:${o.size}`).sort(),
  };
}

/** Reads `{ error: { code } }` from an error answer. */
export async function errorCode(res: Response): Promise<string | undefined> {
  const body = (await res.json()) as { error?: { code?: string } };
  return body.error?.code;
}

/** Empties the registry between tests: edge storage is isolated per test file, not per test. */
export async function resetRegistry(): Promise<void> {
  clearPublishedCache();
  clearRolloutCache();
  await env.DB.batch([
    env.DB.prepare(
      "UPDATE rollout_state SET live = NULL, canary = NULL, canary_percent = 0, previous_live = NULL, revision = 0, updated_at = NULL, updated_by = NULL",
    ),
    env.DB.prepare("DELETE FROM model_versions"),
    env.DB.prepare("DELETE FROM admin_audit"),
  ]);
  const listed = await env.MODELS.list({ prefix: "models/" });
  if (listed.objects.length > 0) await env.MODELS.delete(listed.objects.map((o) => o.key));
}
