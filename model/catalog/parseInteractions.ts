import type { Interaction } from "./catalogItem";
import { MAX_SKU_LENGTH } from "./parseCatalogItems";
import { type FileRecord, MAX_ERRORS, type RowError } from "./readRecords";

/** The columns of an interactions file (README.md here). */
export const INTERACTION_FIELDS = ["key", "sku", "time"] as const;

/** Unix seconds from a number or an ISO 8601 date-time; undefined when blank, NaN when unreadable. */
function seconds(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw === "number") return raw;
  if (typeof raw !== "string") return Number.NaN;
  if (/^\s*\d+(\.\d+)?\s*$/.test(raw)) return Number(raw);
  // Date.parse accepts many shapes; the format promises ISO 8601 only, so ask for its date part.
  return /^\d{4}-\d{2}-\d{2}/.test(raw.trim()) ? Date.parse(raw.trim()) / 1000 : Number.NaN;
}

/**
 * Checks every record of an interactions file against the items' SKUs. Any error refuses the whole
 * file, with line and field.
 * @example parseInteractions(records, new Set(["A1"])) // { ok: true, interactions: [{ key: "u1", sku: "A1", time: 1416000000 }] }
 */
export function parseInteractions(
  records: readonly FileRecord[],
  skus: ReadonlySet<string>,
): { ok: true; interactions: Interaction[] } | { ok: false; errors: RowError[] } {
  const errors: RowError[] = [];
  const interactions: Interaction[] = [];
  for (const { line, fields } of records) {
    if (errors.length >= MAX_ERRORS) break;
    const before = errors.length;
    for (const name of Object.keys(fields)) {
      if (!(INTERACTION_FIELDS as readonly string[]).includes(name))
        errors.push({
          line,
          field: name,
          message: `unknown field (known: ${INTERACTION_FIELDS.join(", ")})`,
        });
    }
    const key = typeof fields.key === "string" ? fields.key.trim() : "";
    if (key === "" || key.length > 256)
      errors.push({ line, field: "key", message: "missing or longer than 256" });
    const sku = typeof fields.sku === "string" ? fields.sku.trim() : "";
    if (sku === "" || sku.length > MAX_SKU_LENGTH) errors.push({ line, field: "sku", message: "missing" });
    else if (!skus.has(sku))
      errors.push({ line, field: "sku", message: `"${sku}" is not an id of the items file` });
    const time = seconds(fields.time);
    if (time !== undefined && !Number.isFinite(time))
      errors.push({
        line,
        field: "time",
        message: `"${String(fields.time)}" is not Unix seconds or an ISO 8601 time`,
      });
    if (errors.length === before) interactions.push(time === undefined ? { key, sku } : { key, sku, time });
  }
  return errors.length ? { ok: false, errors: errors.slice(0, MAX_ERRORS) } : { ok: true, interactions };
}

/**
 * Each key's interactions as one sequence of SKUs, ordered by time (rows without time, and ties,
 * keep the file's order); keys in order of first appearance.
 * @example sequencesOf([{ key: "u", sku: "B", time: 2 }, { key: "u", sku: "A", time: 1 }]) // [["A", "B"]]
 */
export function sequencesOf(interactions: readonly Interaction[]): string[][] {
  const byKey = new Map<string, { sku: string; time: number; at: number }[]>();
  interactions.forEach(({ key, sku, time }, at) => {
    const list = byKey.get(key) ?? [];
    list.push({ sku, time: time ?? Number.NEGATIVE_INFINITY, at });
    byKey.set(key, list);
  });
  // Rows without time sort first within a key; equal times (and two untimed rows: NaN) keep file order.
  return [...byKey.values()].map((list) =>
    list.sort((a, b) => a.time - b.time || a.at - b.at).map((e) => e.sku),
  );
}
