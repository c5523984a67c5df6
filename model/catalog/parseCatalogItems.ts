import { AVAILABILITIES, type Availability, type CatalogItem } from "./catalogItem";
import { type FileRecord, MAX_ERRORS, type RowError } from "./readRecords";

/** The columns of an items file (README.md here); any other column is refused, so a typo is not dropped silently. */
export const ITEM_FIELDS = [
  "id",
  "title",
  "category",
  "brand",
  "url",
  "image",
  "price",
  "currency",
  "availability",
] as const;

/** Longest SKU: generous for any store's ids, small enough for D1 keys and URLs. */
export const MAX_SKU_LENGTH = 128;

/** The separator of a category path in a text field (Google's product_type uses the same). */
export const CATEGORY_SEPARATOR = ">";

// The limits of the edge's catalog rows (edge/catalog/store/schemas.ts), checked here so a file that
// passes this check also uploads.
const MAX_TITLE = 2000;
const MAX_NAME = 200;
const MAX_URL = 2000;
const MAX_LEVELS = 20;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Whether a string can be a SKU: 1..MAX_SKU_LENGTH characters, no control characters, no
 * surrounding spaces (the files' reader trims them). The edge's SKU routes use the same rule.
 * @example isSku("B004756YJA") // true
 */
export function isSku(value: string): boolean {
  return value.length > 0 && value.length <= MAX_SKU_LENGTH && value.trim() === value && !CONTROL.test(value);
}

type Check<T> = { value: T } | { error: string };

function text(raw: unknown, max: number): Check<string | undefined> {
  if (raw === undefined || raw === null) return { value: undefined };
  if (typeof raw !== "string") return { error: "must be text" };
  const value = raw.replace(/[\r\n\t]+/g, " ").trim(); // a quoted line break in a title is a space
  if (value.length > max) return { error: `longer than ${max} characters` };
  if (CONTROL.test(value)) return { error: "contains a control character" };
  return { value: value === "" ? undefined : value };
}

function url(raw: unknown): Check<string | undefined> {
  const t = text(raw, MAX_URL);
  if ("error" in t || t.value === undefined) return t;
  try {
    const parsed = new URL(t.value);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return t;
  } catch {
    // not a URL: answered below
  }
  return { error: `"${t.value}" is not an absolute http(s) URL` };
}

function categories(raw: unknown): Check<string[]> {
  const parts = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(CATEGORY_SEPARATOR) : raw;
  if (parts === undefined || parts === null) return { value: [] };
  if (!Array.isArray(parts)) return { error: "must be a path like Makeup > Nails, or an array" };
  const out: string[] = [];
  for (const p of parts) {
    const t = text(p, MAX_NAME);
    if ("error" in t) return { error: `a level ${t.error}` };
    if (t.value !== undefined) out.push(t.value);
  }
  return out.length > MAX_LEVELS ? { error: `more than ${MAX_LEVELS} levels` } : { value: out };
}

function price(raw: unknown): Check<number | undefined> {
  if (raw === undefined || raw === null || raw === "") return { value: undefined };
  const n =
    typeof raw === "number"
      ? raw
      : typeof raw === "string" && /^\s*\d+(\.\d+)?\s*$/.test(raw)
        ? Number(raw)
        : NaN;
  return Number.isFinite(n) && n >= 0
    ? { value: n }
    : { error: `"${String(raw)}" is not a number >= 0 (like 7.99)` };
}

function availability(raw: unknown): Check<Availability> {
  const t = text(raw, 20);
  if ("error" in t) return t;
  const value = (t.value ?? "in_stock").toLowerCase().replace(/ /g, "_");
  if ((AVAILABILITIES as readonly string[]).includes(value)) return { value: value as Availability };
  return { error: `"${t.value}" is not one of ${AVAILABILITIES.join(", ")}` };
}

/** Checks one record; pushes its errors and returns the item when it has none. */
function checkItem(record: FileRecord, errors: RowError[]): CatalogItem | undefined {
  const { line, fields } = record;
  const before = errors.length;
  const take = <T>(field: string, check: Check<T>): T | undefined => {
    if ("error" in check) errors.push({ line, field, message: check.error });
    return "error" in check ? undefined : check.value;
  };
  for (const name of Object.keys(fields)) {
    if (!(ITEM_FIELDS as readonly string[]).includes(name))
      errors.push({ line, field: name, message: `unknown field (known: ${ITEM_FIELDS.join(", ")})` });
  }
  const need = <T>(field: string, check: Check<T | undefined>): T | undefined => {
    const value = take(field, check);
    if (value === undefined && !("error" in check)) errors.push({ line, field, message: "missing" });
    return value;
  };
  const sku = need("id", text(fields.id, MAX_SKU_LENGTH));
  const title = need("title", text(fields.title, MAX_TITLE));
  const path = take("category", categories(fields.category)) ?? [];
  const brand = take("brand", text(fields.brand, MAX_NAME));
  const link = take("url", url(fields.url));
  const image = take("image", url(fields.image));
  const amount = take("price", price(fields.price));
  const currency = take("currency", text(fields.currency, 3));
  const stock = take("availability", availability(fields.availability)) ?? "in_stock";
  const item: CatalogItem = { sku: sku ?? "", title: title ?? "", categories: path, availability: stock };
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency))
    errors.push({ line, field: "currency", message: `"${currency}" is not an ISO 4217 code like USD` });
  if (amount !== undefined && currency === undefined)
    errors.push({ line, field: "currency", message: "missing (required with price)" });
  if (errors.length > before) return undefined;
  return Object.assign(
    item,
    brand && { brand },
    link && { url: link },
    image && { image },
    amount !== undefined && { price: amount, currency },
  );
}

/**
 * Checks every record of an items file. Any error refuses the whole file: the result lists up to
 * MAX_ERRORS of them, each with its line and field, and no items.
 * @example parseCatalogItems(records) // { ok: true, items: [{ sku: "A1", title: "Lip gloss", categories: [], availability: "in_stock" }] }
 */
export function parseCatalogItems(
  records: readonly FileRecord[],
): { ok: true; items: CatalogItem[] } | { ok: false; errors: RowError[] } {
  const errors: RowError[] = [];
  const items: CatalogItem[] = [];
  const firstLine = new Map<string, number>();
  for (const record of records) {
    if (errors.length >= MAX_ERRORS) break;
    const item = checkItem(record, errors);
    if (!item) continue;
    const seen = firstLine.get(item.sku);
    if (seen !== undefined) {
      errors.push({
        line: record.line,
        field: "id",
        message: `duplicate SKU "${item.sku}" (first on line ${seen})`,
      });
      continue;
    }
    firstLine.set(item.sku, record.line);
    items.push(item);
  }
  if (records.length === 0) errors.push({ line: 1, message: "the file has no items" });
  return errors.length ? { ok: false, errors: errors.slice(0, MAX_ERRORS) } : { ok: true, items };
}
