import { FORBIDDEN_KEYS, MAX_REPORT_DEPTH } from "./constants";

/** A structural problem of a parsed report: the dotted path and what is wrong there. */
export type ShapeProblem = { path: string; message: string };

/**
 * The structural rules that valibot's schemas cannot state, checked on the parsed JSON before the
 * schema runs, with an explicit stack (no recursion, so no nesting depth can overflow it):
 * - nesting deeper than MAX_REPORT_DEPTH;
 * - an array anywhere but under a `counts` key: valibot's object and record schemas accept an array
 *   where an object is expected (an array is an object), so `"sketches": []` would otherwise pass;
 * - a `__proto__`, `constructor` or `prototype` key: valibot's `record` skips them silently.
 * Returns the first problem found, or null.
 * @example shapeProblem({ errors: [] }) // { path: "errors", message: "an object was expected, got an array" }
 */
export function shapeProblem(value: unknown): ShapeProblem | null {
  const stack: [node: unknown, path: string, depth: number][] = [[value, "", 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, path, depth] = top;
    if (node === null || typeof node !== "object") continue;
    const where = path || "(root)";
    if (depth > MAX_REPORT_DEPTH) {
      return { path: where, message: `nested deeper than ${MAX_REPORT_DEPTH} levels` };
    }
    if (Array.isArray(node)) {
      // Bins and bucket counts are flat arrays of numbers; the schema checks their items.
      if (path.endsWith("counts")) continue;
      return { path: where, message: "an object was expected, got an array" };
    }
    for (const [key, child] of Object.entries(node)) {
      const childPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.includes(key))
        return { path: childPath, message: `the key "${key}" is not allowed` };
      stack.push([child, childPath, depth + 1]);
    }
  }
  return null;
}
