import { CANDIDATE_FEATURE_NAMES, type CandidatesResponse } from "../candidate";
import {
  align8,
  CANDIDATE_COLUMNS,
  COLUMN_KINDS,
  type ColumnKind,
  DIRECTORY_ENTRY_BYTES,
  FORMAT_VERSION,
  HEADER_BYTES,
  MAGIC,
} from "./layout";

type Field = Record<string, unknown>;

/**
 * Pure: a `/v1/candidates` answer as the binary format of ./layout (the edge answers it to
 * `Accept: application/vnd.pocketrank.candidates`). Field values round-trip exactly as through JSON
 * (float64 numbers, -0 written as 0 as JSON does); throws on a value JSON could not carry either
 * (a non-finite number, an id outside u32): those are generator bugs, not input.
 * @example const bytes = encodeAnswer({ catalogVersion: "c1", context: "home", candidates });
 */
export function encodeAnswer(answer: CandidatesResponse): Uint8Array<ArrayBuffer> {
  const { candidates } = answer;
  const n = candidates.length;
  const featureNames = CANDIDATE_FEATURE_NAMES;
  const strings = new StringTable();
  for (const meta of [answer.catalogVersion, answer.context, ...featureNames]) strings.add(meta);
  const columns = Object.entries(CANDIDATE_COLUMNS).map(([name, kind]) => ({
    name: strings.add(name),
    kind,
    data: encodeColumn(kind, candidates as unknown as Field[], name, strings, featureNames),
  }));
  const text = new TextEncoder().encode(strings.joined());
  const offsetsAt = align8(HEADER_BYTES + columns.length * DIRECTORY_ENTRY_BYTES);
  const textAt = align8(offsetsAt + (strings.count + 1) * 4);
  let at = align8(textAt + text.byteLength);
  const placed = columns.map((column) => {
    const offset = at;
    at = align8(at + column.data.byteLength);
    return { ...column, offset };
  });
  const out = new Uint8Array(at);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, FORMAT_VERSION, true);
  view.setUint16(6, columns.length, true);
  view.setUint32(8, n, true);
  view.setUint32(12, featureNames.length, true);
  view.setUint32(16, strings.count, true);
  view.setUint32(20, text.byteLength, true);
  placed.forEach((column, i) => {
    const entry = HEADER_BYTES + i * DIRECTORY_ENTRY_BYTES;
    view.setUint32(entry, column.name, true);
    view.setUint8(entry + 4, COLUMN_KINDS.indexOf(column.kind));
    view.setUint32(entry + 8, column.offset, true);
    view.setUint32(entry + 12, column.data.byteLength, true);
    out.set(
      new Uint8Array(column.data.buffer, column.data.byteOffset, column.data.byteLength),
      column.offset,
    );
  });
  new Uint32Array(out.buffer, offsetsAt, strings.count + 1).set(strings.offsets());
  out.set(text, textAt);
  return out;
}

function encodeColumn(
  kind: ColumnKind,
  rows: readonly Field[],
  name: string,
  strings: StringTable,
  featureNames: readonly string[],
): Uint32Array | Float64Array | Uint8Array {
  const n = rows.length;
  switch (kind) {
    case "u32":
      return Uint32Array.from(rows, (row) => u32(row[name], name));
    case "f64":
      return Float64Array.from(rows, (row) => finite(row[name], name));
    case "f64?":
      return Float64Array.from(rows, (row) =>
        row[name] === undefined ? Number.NaN : finite(row[name], name),
      );
    case "string":
      return Uint32Array.from(rows, (row) => strings.intern(text(row[name], name)));
    case "string?":
      return Uint32Array.from(rows, (row) =>
        row[name] === undefined ? 0 : strings.intern(text(row[name], name)) + 1,
      );
    case "bool?":
      return Uint8Array.from(rows, (row) => (row[name] === undefined ? 0 : flag(row[name], name) ? 2 : 1));
    case "strings": {
      const lists = rows.map((row) => row[name] as unknown[]);
      const out = new Uint32Array(n + 1 + lists.reduce((sum, list) => sum + list.length, 0));
      let at = n + 1;
      lists.forEach((list, i) => {
        for (const value of list) out[at++] = strings.intern(text(value, name));
        out[i + 1] = at - n - 1;
      });
      return out;
    }
    case "features": {
      const out = new Float64Array(n * featureNames.length);
      rows.forEach((row, i) => {
        const values = row[name] as Record<string, unknown>;
        featureNames.forEach((feature, f) => {
          out[i * featureNames.length + f] = finite(values[feature], `${name}.${feature}`);
        });
      });
      return out;
    }
  }
}

function u32(value: unknown, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 0xffffffff)
    throw new Error(`encodeAnswer: ${name} ${String(value)} is not a u32`);
  return value as number;
}

function finite(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Error(`encodeAnswer: ${name} ${String(value)} is not a finite number`);
  return value + 0; // -0 becomes 0, as JSON writes it
}

function flag(value: unknown, name: string): boolean {
  if (typeof value !== "boolean") throw new Error(`encodeAnswer: ${name} ${String(value)} is not a boolean`);
  return value;
}

function text(value: unknown, name: string): string {
  if (typeof value !== "string") throw new Error(`encodeAnswer: ${name} ${String(value)} is not a string`);
  return value;
}

/** The answer's strings, each distinct value once, concatenated into one block. */
class StringTable {
  private readonly index = new Map<string, number>();
  private readonly values: string[] = [];

  get count(): number {
    return this.values.length;
  }

  /** Appends `value` (even if present; the fixed header strings) and returns its index. */
  add(value: string): number {
    this.values.push(value);
    return this.values.length - 1;
  }

  /** The index of `value`, appending it the first time. */
  intern(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.add(value);
      this.index.set(value, i);
    }
    return i;
  }

  joined(): string {
    return this.values.join("");
  }

  /** Start of each string in `joined()`, in UTF-16 units, and the total length last. */
  offsets(): Uint32Array {
    const out = new Uint32Array(this.values.length + 1);
    this.values.forEach((value, i) => {
      out[i + 1] = out[i] + value.length;
    });
    return out;
  }
}
