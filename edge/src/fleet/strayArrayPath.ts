/**
 * Edge re-check of the report's shape: in a report, arrays belong only under a `counts` key
 * (sketch stores, histogram bins). valibot's object and record schemas accept an array where an
 * object is expected (an array is an object), so `"sketches": []` would otherwise pass.
 * Returns the dotted path of the first stray array, or null.
 * @example strayArrayPath({ errors: [] }) // "errors"
 */
export function strayArrayPath(value: unknown, path = ""): string | null {
  if (Array.isArray(value)) return path.endsWith("counts") ? null : path || "(root)";
  if (value === null || typeof value !== "object") return null;
  for (const [key, child] of Object.entries(value)) {
    const found = strayArrayPath(child, path ? `${path}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}
