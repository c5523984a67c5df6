import type { CatalogPayload } from "./catalogPayload";
import { chunkRows } from "./catalogPayload";

/** Where and how to upload. */
export type UploadOptions = {
  endpoint: string;
  token: string;
  /** Called after each request with (done, total) chunks. */
  onProgress?: (done: number, total: number) => void;
  /** The fetch to use (default: global fetch); edge tests pass the Worker's own fetch. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
};

/** Result of an upload: `changed` is false when this version was already active. */
export type UploadResult = { version: string; changed: boolean; items: number; lists: number };

// Chunks of 500 items (≈0.7 MB with 100 neighbours each) stay well under the route's 1.9 MB limit.
const CHUNK_ROWS = 500;
const CHUNK_BYTES = 1_500_000;

/** One admin API call under /v1/admin/catalog; a non-2xx answer throws with its code and message. */
export type AdminCall = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

/**
 * The catalog admin API of an edge, as one function.
 * @example const call = catalogAdmin({ endpoint, token }); await call("GET", "/stock");
 */
export function catalogAdmin(options: Pick<UploadOptions, "endpoint" | "token" | "fetch">): AdminCall {
  const base = `${options.endpoint.replace(/\/$/, "")}/v1/admin/catalog`;
  return async (method, path, body) => {
    const res = await (options.fetch ?? fetch)(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${options.token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) {
      const err = json.error as { code?: string; message?: string } | undefined;
      throw new Error(`${method} ${path}: ${res.status} ${err?.code ?? ""} ${err?.message ?? ""}`.trim());
    }
    return json;
  };
}

/** Most SKUs per map request (the route's limit). */
export const SKU_CHUNK = 10_000;

/**
 * Uploads a catalog through the admin API: the rows' SKUs claimed in the edge's SKU map at their ids
 * (fails, before anything else is written, when the edge maps one differently), then begin, item
 * and list chunks, commit. Skips the chunks when the version is already active, and resumes a
 * half-finished upload (chunks are idempotent).
 * @example await uploadCatalog(payload, { endpoint: "http://localhost:8787", token });
 */
export async function uploadCatalog(payload: CatalogPayload, options: UploadOptions): Promise<UploadResult> {
  const admin = catalogAdmin(options);
  const call: AdminCall = (method, path, body) => admin(method, `/${payload.version}${path}`, body);
  const mapped = payload.items.filter((r) => typeof r.sku === "string");
  for (let i = 0; i < mapped.length; i += SKU_CHUNK) {
    const chunk = mapped.slice(i, i + SKU_CHUNK);
    await admin("POST", "/skus", { skus: chunk.map((r) => r.sku), ids: chunk.map((r) => r.id) });
  }
  const counts = { items: payload.items.length, lists: payload.lists.length };
  const begun = await call("POST", "/begin", counts);
  if (begun.status === "active") return { version: payload.version, changed: false, ...counts };
  const chunks = [
    ...chunkRows(payload.items, CHUNK_ROWS, CHUNK_BYTES).map((rows) => ["/items", rows] as const),
    ...chunkRows(payload.lists, CHUNK_ROWS, CHUNK_BYTES).map((rows) => ["/lists", rows] as const),
  ];
  let done = 0;
  if (begun.status !== "ready") {
    for (const [path, rows] of chunks) {
      await call("PUT", path, rows);
      options.onProgress?.(++done, chunks.length + 1);
    }
  }
  const committed = await call("POST", "/commit");
  options.onProgress?.(chunks.length + 1, chunks.length + 1);
  return { version: payload.version, changed: committed.changed !== false, ...counts };
}
