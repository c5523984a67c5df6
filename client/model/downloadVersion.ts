import { sha256Hex } from "./sha256";
import type { Assignment, ModelBundle } from "./types";

/** A failed model fetch, classified so status() and telemetry can tell a bad hash from a bad network. */
export class ModelFetchError extends Error {
  constructor(
    readonly kind: "model-download" | "model-hash",
    message: string,
  ) {
    super(message);
    this.name = "ModelFetchError";
  }
}

/** Network access the model manager needs; `fetch` by default, injectable for tests. */
export type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * Fetches and validates `GET /v1/model?bucket=` (contract 4).
 * @example const assignment = await fetchAssignment(fetch, "https://edge.example.com", 42);
 */
export async function fetchAssignment(
  fetcher: Fetcher,
  endpoint: string,
  bucket: number,
): Promise<Assignment> {
  const url = resolveUrl(endpoint, `/v1/model?bucket=${bucket}`);
  const body = await getBytes(fetcher, url);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new ModelFetchError("model-download", `${url}: not JSON`);
  }
  return checkAssignment(json, endpoint);
}

/**
 * Pure: validates an assignment and resolves its URLs against the endpoint; throws ModelFetchError.
 * @example checkAssignment({ version: "v1", cohort: "live", manifest: {...}, files: [...] }, "")
 */
export function checkAssignment(json: unknown, endpoint: string): Assignment {
  const a = json as Assignment;
  const isRef = (r: { url?: unknown; sha256?: unknown; bytes?: unknown } | undefined) =>
    !!r &&
    typeof r.url === "string" &&
    typeof r.sha256 === "string" &&
    /^[0-9a-f]{64}$/.test(r.sha256) &&
    Number.isSafeInteger(r.bytes) &&
    (r.bytes as number) >= 0;
  const ok =
    !!a &&
    typeof a.version === "string" &&
    a.version.length > 0 &&
    (a.cohort === "live" || a.cohort === "canary") &&
    isRef(a.manifest) &&
    Array.isArray(a.files) &&
    a.files.length > 0 &&
    a.files.every((f) => isRef(f) && typeof f.path === "string" && f.path.length > 0);
  if (!ok) throw new ModelFetchError("model-download", "malformed model assignment");
  return {
    version: a.version,
    cohort: a.cohort,
    manifest: { ...a.manifest, url: resolveUrl(endpoint, a.manifest.url) },
    files: a.files.map((f) => ({
      path: f.path,
      sha256: f.sha256,
      bytes: f.bytes,
      url: resolveUrl(endpoint, f.url),
    })),
  };
}

/**
 * Downloads a version's manifest and files, reusing blobs already held (`cached(sha)`), and checks every
 * byte count and sha256 against the assignment. Throws ModelFetchError; returns only verified bytes.
 * @example const bundle = await downloadVersion(fetch, assignment, (sha) => cache.get(sha));
 */
export async function downloadVersion(
  fetcher: Fetcher,
  assignment: Assignment,
  cached: (sha256: string) => Promise<ArrayBuffer | undefined>,
): Promise<{ bundle: ModelBundle; fetched: Map<string, ArrayBuffer> }> {
  const fetched = new Map<string, ArrayBuffer>();
  const get = async (ref: { url: string; sha256: string; bytes: number }, name: string) => {
    const held = await cached(ref.sha256).catch(() => undefined);
    if (held && held.byteLength === ref.bytes && (await sha256Hex(held)) === ref.sha256) return held;
    const data = await getBytes(fetcher, ref.url);
    if (data.byteLength !== ref.bytes)
      throw new ModelFetchError("model-hash", `${name}: expected ${ref.bytes} bytes, got ${data.byteLength}`);
    const digest = await sha256Hex(data);
    if (digest !== ref.sha256) throw new ModelFetchError("model-hash", `${name}: sha256 mismatch`);
    fetched.set(ref.sha256, data);
    return data;
  };
  // The manifest and the files at once: the assignment names them all, so none waits for another's trip.
  const files: Record<string, ArrayBuffer> = {};
  const [manifest] = await Promise.all([
    get(assignment.manifest, "manifest.json"),
    ...assignment.files.map(async (file) => {
      files[file.path] = await get(file, file.path);
    }),
  ]);
  return { bundle: { version: assignment.version, manifest, files, source: "network" }, fetched };
}

async function getBytes(fetcher: Fetcher, url: string): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetcher(url, { credentials: "omit" });
  } catch (error) {
    throw new ModelFetchError("model-download", `${url}: ${error instanceof Error ? error.message : error}`);
  }
  if (!response.ok) throw new ModelFetchError("model-download", `${url}: HTTP ${response.status}`);
  try {
    return await response.arrayBuffer();
  } catch (error) {
    throw new ModelFetchError(
      "model-download",
      `${url}: body: ${error instanceof Error ? error.message : error}`,
    );
  }
}

/**
 * Resolves `path` against the edge endpoint ("" = this page's origin).
 * @example resolveUrl("https://edge.example.com/", "/v1/model"); // "https://edge.example.com/v1/model"
 */
export function resolveUrl(endpoint: string, path: string): string {
  if (/^https?:\/\//.test(path)) return path;
  const base = endpoint || (typeof location === "undefined" ? "http://localhost/" : location.href);
  return new URL(path, base.endsWith("/") ? base : `${base}/`).href;
}
