import { featureRow, isContractOrder } from "./featureRow";
import type { ColumnKind } from "./layout";

/** A column's bytes, already bounds-checked and 8-byte aligned within its buffer. */
export type ColumnBytes = { buffer: ArrayBuffer; offset: number; bytes: number };
/** What a column needs from the rest of the answer. */
export type ColumnContext = {
  n: number;
  featureNames: readonly string[];
  stringCount: number;
  string(i: number): string;
};

/** Thrown for bytes that are not a well-formed binary answer; callers fall back as for a malformed answer. */
export class MalformedAnswerError extends Error {
  constructor(detail: string) {
    super(`candidates: malformed binary answer (${detail})`);
    this.name = "MalformedAnswerError";
  }
}

/** The byte length a column of `kind` must have for n candidates; undefined for "strings" (it varies). */
export function expectedBytes(kind: ColumnKind, n: number, features: number): number | undefined {
  if (kind === "u32" || kind === "string" || kind === "string?") return n * 4;
  if (kind === "f64" || kind === "f64?") return n * 8;
  if (kind === "features") return n * features * 8;
  if (kind === "bool?") return n;
  return undefined;
}

/** A checked column, viewed in place: the typed array its kind is stored in. */
export type ColumnView =
  | { kind: "u32" | "string" | "string?" | "strings"; values: Uint32Array }
  | { kind: "f64" | "f64?" | "features"; values: Float64Array }
  | { kind: "bool?"; values: Uint8Array };

/**
 * Column `name` viewed in place, every value checked first: indices inside the string table, numbers
 * finite (NaN only as "absent" in an optional column), flags known, list starts in order. After this,
 * any row can be read with {@link readValue} without further checks.
 */
export function checkColumn(name: string, kind: ColumnKind, at: ColumnBytes, ctx: ColumnContext): ColumnView {
  const { n, stringCount } = ctx;
  const fail = (detail: string) => new MalformedAnswerError(`${name}: ${detail}`);
  if (kind === "bool?") {
    const values = new Uint8Array(at.buffer, at.offset, at.bytes);
    for (let i = 0; i < n; i++) if (values[i] > 2) throw fail(`flag ${values[i]}`);
    return { kind, values };
  }
  if (kind === "f64" || kind === "f64?" || kind === "features") {
    const values = new Float64Array(at.buffer, at.offset, at.bytes / 8);
    const absentOk = kind === "f64?";
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (!Number.isFinite(v) && !(absentOk && Number.isNaN(v))) throw fail(`${v} is not a finite number`);
    }
    return { kind, values };
  }
  const values = new Uint32Array(at.buffer, at.offset, at.bytes / 4);
  if (kind === "string" || kind === "string?") {
    // "string?" stores index + 1, 0 = absent.
    const shift = kind === "string?" ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (shift && v === 0) continue;
      if (v - shift >= stringCount) throw fail(`string ${v - shift} of ${stringCount}`);
    }
  } else if (kind === "strings") {
    const total = values.length - n - 1;
    if (total < 0 || values[0] !== 0 || values[n] !== total) throw fail("list starts do not add up");
    for (let i = 0; i < n; i++) {
      if (values[i + 1] < values[i] || values[i + 1] > total) throw fail("list starts out of order");
    }
    for (let k = n + 1; k < values.length; k++) {
      if (values[k] >= stringCount) throw fail(`string ${values[k]} of ${stringCount}`);
    }
  }
  return { kind, values };
}

/** Row i's value of a checked column; undefined where an optional field is absent. */
export function readValue(column: ColumnView, i: number, ctx: ColumnContext): unknown {
  const { n, string } = ctx;
  switch (column.kind) {
    case "u32":
      return column.values[i];
    case "f64":
    case "f64?":
      return Number.isNaN(column.values[i]) ? undefined : column.values[i];
    case "string":
      return string(column.values[i]);
    case "string?":
      return column.values[i] === 0 ? undefined : string(column.values[i] - 1);
    case "bool?":
      return column.values[i] === 0 ? undefined : column.values[i] === 2;
    case "strings": {
      const v = column.values;
      const list = new Array<string>(v[i + 1] - v[i]);
      for (let k = v[i]; k < v[i + 1]; k++) list[k - v[i]] = string(v[n + 1 + k]);
      return list;
    }
    case "features":
      return featuresOf(column.values, i, ctx.featureNames);
  }
}

/** Row i of a feature matrix as an object (the fast literal for the contract's names). */
function featuresOf(v: Float64Array, i: number, names: readonly string[]): Record<string, number> {
  const F = names.length;
  if (isContractOrder(names)) return featureRow(v, i * F);
  const features: Record<string, number> = {};
  for (let f = 0; f < F; f++) features[names[f]] = v[i * F + f];
  return features;
}
