import * as v from "valibot";

/** Catalog versions are content hashes (hex sha256 prefix), written by `catalogPayload`. */
export const CATALOG_VERSION_PATTERN = /^[0-9a-f]{16,64}$/;

/** Most rows in one upload chunk (items or lists): keeps each request and D1 bound value small. */
export const MAX_CHUNK_ROWS = 1000;

/** Largest upload chunk body; D1 caps one bound string at 2 MB (developers.cloudflare.com/d1/platform/limits). */
export const MAX_CHUNK_BYTES = 1_900_000;

const id = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 31 - 1));
const weight = v.pipe(v.number(), v.finite(), v.minValue(0));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const scoredList = v.pipe(v.array(v.tuple([id, weight])), v.maxLength(5000));

/** One item row of an upload chunk. */
export const ItemRowSchema = v.strictObject({
  id,
  title: v.pipe(text(2000), v.minLength(1)),
  categories: v.pipe(v.array(v.pipe(text(200), v.minLength(1))), v.maxLength(20)),
  brand: v.nullable(v.pipe(text(200), v.minLength(1))),
  image: v.nullable(v.pipe(text(2000), v.url())),
  // The store's own fields (model/catalog); absent in catalogs built before SKUs.
  sku: v.optional(v.nullable(v.pipe(text(128), v.minLength(1)))),
  // http(s) only: the widget puts it in an href, where a javascript: URL would run in the store's page.
  url: v.optional(v.nullable(v.pipe(text(2000), v.url(), v.regex(/^https?:\/\//i)))),
  price: v.optional(v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0)))),
  currency: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)))),
  count: v.pipe(v.number(), v.integer(), v.minValue(0)),
  trend: weight,
  neighbours: v.pipe(v.array(v.tuple([id, weight])), v.maxLength(500)),
  /** Content neighbours (title, brand, category), cosine 0..1, best first. */
  content: v.pipe(v.array(v.tuple([id, v.pipe(weight, v.maxValue(1))])), v.maxLength(500)),
});

/** One ranked list row: "popular", "trending" or "category:<name>". */
export const ListRowSchema = v.strictObject({
  name: v.pipe(text(250), v.regex(/^(popular|trending|category:.+)$/)),
  entries: scoredList,
});

/** Body of `POST /v1/admin/catalog/:version/begin`: how many rows the commit must find. */
export const BeginSchema = v.strictObject({
  items: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000)),
  lists: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)),
});

export type ItemRow = v.InferOutput<typeof ItemRowSchema>;
export type ListRow = v.InferOutput<typeof ListRowSchema>;
export type CatalogBegin = v.InferOutput<typeof BeginSchema>;

/** Validates a chunk of rows; on failure returns a message naming the first bad row. */
export function parseChunk<T>(
  schema: v.GenericSchema<unknown, T>,
  body: unknown,
): { ok: true; rows: T[] } | { ok: false; message: string } {
  if (!Array.isArray(body)) return { ok: false, message: "body must be a JSON array of rows" };
  if (body.length === 0 || body.length > MAX_CHUNK_ROWS) {
    return { ok: false, message: `a chunk holds 1..${MAX_CHUNK_ROWS} rows` };
  }
  const rows: T[] = [];
  for (let i = 0; i < body.length; i++) {
    const r = v.safeParse(schema, body[i]);
    if (!r.success) {
      const issue = r.issues[0];
      return { ok: false, message: `row ${i}: ${v.getDotPath(issue) ?? ""} ${issue.message}`.trim() };
    }
    rows.push(r.output);
  }
  return { ok: true, rows };
}
