import { Hono } from "hono";
import * as v from "valibot";
import {
  activateCatalogVersion,
  BeginSchema,
  beginCatalogVersion,
  CATALOG_VERSION_PATTERN,
  countCatalogRows,
  dropInactiveCatalogs,
  getActiveCatalog,
  getCatalogVersion,
  ItemRowSchema,
  ListRowSchema,
  listCatalogVersions,
  MAX_CHUNK_BYTES,
  parseChunk,
  putCatalogItems,
  putCatalogLists,
} from "../../catalog/store";
import { apiError } from "../http/apiError";
import { bodyLimit } from "../http/bodyLimit";
import type { AppEnv } from "../types";

/**
 * Catalog upload, mounted at /v1/admin/catalog behind admin auth. A catalog is sent in chunks under
 * its content-hash version and only becomes visible on commit:
 * `POST /:version/begin {items, lists}` → `PUT /:version/items [rows]`… → `PUT /:version/lists [rows]`…
 * → `POST /:version/commit`. `GET /` shows the active version and any staging ones.
 * Re-running an upload of the active version changes nothing. Commits are compare-and-set on the
 * active pointer (a concurrent commit answers 409 `concurrent_commit`), and every write is audited
 * once: begin, each chunk, the activation.
 */
export const adminCatalogRoutes = new Hono<AppEnv>();

const actorOf = (c: { var: { adminLabel?: string } }) => c.var.adminLabel ?? "unknown";

function versionParam(version: string): string {
  if (!CATALOG_VERSION_PATTERN.test(version)) {
    throw apiError(400, "bad_version", "catalog version must be 16..64 lowercase hex characters");
  }
  return version;
}

async function jsonBody(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw apiError(400, "bad_json", "the body is not valid JSON");
  }
}

/** A version that can still take chunks: it exists and is not committed yet. */
async function stagingVersion(env: AppEnv["Bindings"], version: string) {
  const found = await getCatalogVersion(env, version);
  if (!found) throw apiError(404, "unknown_version", `catalog version ${version} was not begun`);
  if (found.status === "ready")
    throw apiError(409, "version_committed", `catalog ${version} is already committed`);
  return found;
}

adminCatalogRoutes.get("/", async (c) => {
  return c.json({ active: await getActiveCatalog(c.env), versions: await listCatalogVersions(c.env) });
});

adminCatalogRoutes.post("/:version/begin", bodyLimit({ maxBytes: 4096 }), async (c) => {
  const version = versionParam(c.req.param("version"));
  const parsed = v.safeParse(BeginSchema, await jsonBody(c));
  if (!parsed.success) throw apiError(400, "bad_begin", `begin body: ${parsed.issues[0].message}`);
  const active = await getActiveCatalog(c.env);
  if (active?.version === version) return c.json({ version, status: "active" }, 200);
  const existing = await getCatalogVersion(c.env, version);
  if (existing) {
    const same =
      existing.expectedItems === parsed.output.items && existing.expectedLists === parsed.output.lists;
    if (!same) throw apiError(409, "version_conflict", `catalog ${version} was begun with other row counts`);
    return c.json({ version, status: existing.status }, 200);
  }
  await beginCatalogVersion(c.env, version, parsed.output, actorOf(c));
  return c.json({ version, status: "staging" }, 201);
});

adminCatalogRoutes.put("/:version/items", bodyLimit({ maxBytes: MAX_CHUNK_BYTES }), async (c) => {
  const version = versionParam(c.req.param("version"));
  const chunk = parseChunk(ItemRowSchema, await jsonBody(c));
  if (!chunk.ok) throw apiError(400, "bad_items", chunk.message);
  await stagingVersion(c.env, version);
  await putCatalogItems(c.env, version, chunk.rows, actorOf(c));
  return c.json({ version, stored: chunk.rows.length });
});

adminCatalogRoutes.put("/:version/lists", bodyLimit({ maxBytes: MAX_CHUNK_BYTES }), async (c) => {
  const version = versionParam(c.req.param("version"));
  const chunk = parseChunk(ListRowSchema, await jsonBody(c));
  if (!chunk.ok) throw apiError(400, "bad_lists", chunk.message);
  await stagingVersion(c.env, version);
  await putCatalogLists(c.env, version, chunk.rows, actorOf(c));
  return c.json({ version, stored: chunk.rows.length });
});

adminCatalogRoutes.post("/:version/commit", async (c) => {
  const version = versionParam(c.req.param("version"));
  const active = await getActiveCatalog(c.env);
  if (active?.version === version) return c.json({ version, active: true, changed: false });
  // A "ready" but inactive version (a race with another commit) may be activated again.
  const staged = await getCatalogVersion(c.env, version);
  if (!staged) throw apiError(404, "unknown_version", `catalog version ${version} was not begun`);
  const counts = await countCatalogRows(c.env, version);
  if (counts.items !== staged.expectedItems || counts.lists !== staged.expectedLists) {
    throw apiError(
      409,
      "incomplete_upload",
      `catalog ${version} has ${counts.items}/${staged.expectedItems} items and ${counts.lists}/${staged.expectedLists} lists`,
    );
  }
  const previous = active?.version ?? null;
  const moved = await activateCatalogVersion(c.env, { version, previous, ...counts }, actorOf(c));
  if (!moved) {
    const now = await getActiveCatalog(c.env);
    // An identical commit running at the same time won: the result is what was asked for.
    if (now?.version === version) return c.json({ version, active: true, changed: false });
    throw apiError(
      409,
      "concurrent_commit",
      `catalog ${now?.version ?? "none"} was committed while ${version} was; nothing changed, commit again`,
    );
  }
  await dropInactiveCatalogs(c.env);
  return c.json({ version, active: true, changed: true, ...counts });
});
