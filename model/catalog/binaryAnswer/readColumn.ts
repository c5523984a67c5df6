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
type Row = Record<string, unknown>;

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

/**
 * Writes column `name` of every row from its bytes, checking each value: indices inside the string
 * table, numbers finite (NaN only as "absent" in an optional column), list starts in order.
 */
export function readColumn(
  name: string,
  kind: ColumnKind,
  at: ColumnBytes,
  rows: Row[],
  ctx: ColumnContext,
): void {
  const { n, string, stringCount } = ctx;
  const u32 = () => new Uint32Array(at.buffer, at.offset, at.bytes / 4);
  const f64 = () => new Float64Array(at.buffer, at.offset, at.bytes / 8);
  const index = (i: number) => {
    if (i >= stringCount) throw new MalformedAnswerError(`${name}: string ${i} of ${stringCount}`);
    return string(i);
  };
  const number = (v: number, absentOk: boolean) => {
    if (Number.isFinite(v) || (absentOk && Number.isNaN(v))) return v;
    throw new MalformedAnswerError(`${name}: ${v} is not a finite number`);
  };
  if (kind === "u32") {
    const v = u32();
    for (let i = 0; i < n; i++) rows[i][name] = v[i];
  } else if (kind === "f64" || kind === "f64?") {
    const v = f64();
    for (let i = 0; i < n; i++) if (!Number.isNaN(number(v[i], kind === "f64?"))) rows[i][name] = v[i];
  } else if (kind === "string") {
    const v = u32();
    for (let i = 0; i < n; i++) rows[i][name] = index(v[i]);
  } else if (kind === "string?") {
    const v = u32();
    for (let i = 0; i < n; i++) if (v[i] !== 0) rows[i][name] = index(v[i] - 1);
  } else if (kind === "bool?") {
    const v = new Uint8Array(at.buffer, at.offset, at.bytes);
    for (let i = 0; i < n; i++) {
      if (v[i] > 2) throw new MalformedAnswerError(`${name}: flag ${v[i]}`);
      if (v[i] !== 0) rows[i][name] = v[i] === 2;
    }
  } else if (kind === "strings") {
    readLists(name, u32(), rows, n, index);
  } else {
    readFeatures(name, f64(), rows, n, ctx.featureNames);
  }
}

/** A "features" matrix: every value finite, then one object per row (the fast literal for the contract's names). */
function readFeatures(name: string, v: Float64Array, rows: Row[], n: number, names: readonly string[]): void {
  for (let k = 0; k < v.length; k++) {
    if (!Number.isFinite(v[k])) throw new MalformedAnswerError(`${name}: ${v[k]} is not a finite number`);
  }
  const F = names.length;
  if (isContractOrder(names)) {
    for (let i = 0; i < n; i++) rows[i][name] = featureRow(v, i * F);
    return;
  }
  for (let i = 0; i < n; i++) {
    const features: Record<string, number> = {};
    for (let f = 0; f < F; f++) features[names[f]] = v[i * F + f];
    rows[i][name] = features;
  }
}

/** A "strings" column: n + 1 starts into the index list that follows them. */
function readLists(name: string, v: Uint32Array, rows: Row[], n: number, index: (i: number) => string): void {
  const total = v.length - n - 1;
  if (total < 0 || v[0] !== 0 || v[n] !== total)
    throw new MalformedAnswerError(`${name}: list starts do not add up`);
  for (let i = 0; i < n; i++) {
    const from = v[i];
    const to = v[i + 1];
    if (to < from || to > total) throw new MalformedAnswerError(`${name}: list starts out of order`);
    const list = new Array<string>(to - from);
    for (let k = from; k < to; k++) list[k - from] = index(v[n + 1 + k]);
    rows[i][name] = list;
  }
}
