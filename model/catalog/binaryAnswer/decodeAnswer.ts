import {
  CANDIDATE_CONTEXTS,
  type Candidate,
  type CandidateContext,
  type CandidatesResponse,
} from "../candidate";
import type { CandidateColumns } from "../candidateColumns";
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
import {
  type ColumnBytes,
  type ColumnContext,
  type ColumnView,
  checkColumn,
  expectedBytes,
  MalformedAnswerError,
  readValue,
} from "./readColumn";

/**
 * A checked binary answer, read in place: the columns the encoder reads, and any candidate as the object
 * the JSON answer would hold (made on demand: a ranked list shows k of them).
 */
export type AnswerColumns = {
  catalogVersion: string;
  context: CandidateContext;
  columns: CandidateColumns;
  candidate(i: number): Candidate;
};

/** Whether `bytes` start like a binary answer (JSON starts with "{" or white space, never with the magic). */
export function isBinaryAnswer(bytes: ArrayBuffer | Uint8Array): boolean {
  const head = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return head.byteLength >= 4 && new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) === MAGIC;
}

/**
 * Pure: the answer in a binary `/v1/candidates` body (./layout), equal to what its JSON would parse to
 * (every candidate made into an object; the scoring worker reads {@link decodeColumns} instead).
 * @example const { candidates } = decodeAnswer(await response.arrayBuffer());
 */
export function decodeAnswer(input: ArrayBuffer | Uint8Array): CandidatesResponse {
  const answer = decodeColumns(input);
  return {
    catalogVersion: answer.catalogVersion,
    context: answer.context,
    candidates: Array.from({ length: answer.columns.length }, (_, i) => answer.candidate(i)),
  };
}

/**
 * Pure: a binary `/v1/candidates` body (./layout) checked and viewed in place. Every length and index
 * is checked against the buffer before it is used, and every value before it is returned, so truncated,
 * corrupt or hostile bytes throw a `MalformedAnswerError` (never a read past the end, a huge allocation
 * or a long loop); so do an unknown version, a non-finite number and a missing contract column. Columns
 * the contract does not know (a newer edge) are checked by their kind as well and kept in the objects.
 * @example const { columns, candidate } = decodeColumns(bytes); candidate(0).title
 */
export function decodeColumns(input: ArrayBuffer | Uint8Array): AnswerColumns {
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  // Typed-array views need aligned offsets; a body read into a fresh ArrayBuffer already is.
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const length = bytes.byteLength;
  if (length < HEADER_BYTES) throw new MalformedAnswerError(`${length} bytes, shorter than the header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  if (view.getUint32(0, true) !== MAGIC) throw new MalformedAnswerError("no magic number");
  const version = view.getUint16(4, true);
  if (version !== FORMAT_VERSION)
    throw new MalformedAnswerError(`version ${version}, expected ${FORMAT_VERSION}`);
  const columnCount = view.getUint16(6, true);
  const n = view.getUint32(8, true);
  const featureCount = view.getUint32(12, true);
  const stringCount = view.getUint32(16, true);
  const textBytes = view.getUint32(20, true);
  const at = (offset: number, bytes: number, what: string) => {
    if (offset + bytes > length) throw new MalformedAnswerError(`${what} ends past the ${length} bytes`);
    return bytes;
  };
  const offsetsAt = align8(HEADER_BYTES + at(HEADER_BYTES, columnCount * DIRECTORY_ENTRY_BYTES, "directory"));
  const textAt = align8(offsetsAt + at(offsetsAt, (stringCount + 1) * 4, "string offsets"));
  at(textAt, textBytes, "string block");
  const string = stringsOf(bytes, offsetsAt, stringCount, textAt, textBytes);
  if (stringCount < featureCount + 2) throw new MalformedAnswerError("fewer strings than the header names");
  const context = string(1) as CandidateContext;
  if (!CANDIDATE_CONTEXTS.includes(context)) throw new MalformedAnswerError(`unknown context "${context}"`);
  const featureNames = Array.from({ length: featureCount }, (_, f) => string(f + 2));
  const columns = directoryOf(view, columnCount, stringCount, string, (offset, bytes, name) => ({
    buffer: view.buffer as ArrayBuffer,
    offset: view.byteOffset + offset,
    bytes: at(offset, bytes, `column ${name}`),
  }));
  for (const [name, kind] of Object.entries(CANDIDATE_COLUMNS)) {
    if (columns.get(name)?.kind !== kind) throw new MalformedAnswerError(`no ${kind} column ${name}`);
  }
  for (const [name, { kind, at: column }] of columns) {
    const expected = expectedBytes(kind, n, featureCount);
    const fits =
      expected === undefined
        ? column.bytes % 4 === 0 && column.bytes >= (n + 1) * 4
        : column.bytes === expected;
    if (!fits) throw new MalformedAnswerError(`column ${name} has ${column.bytes} bytes for ${n} candidates`);
  }
  // Every column now fits the buffer at n rows, so n is bounded by the bytes received.
  const ctx: ColumnContext = { n, featureNames, stringCount, string };
  const views = new Map<string, ColumnView>();
  for (const [name, { kind, at: column }] of columns) views.set(name, checkColumn(name, kind, column, ctx));
  return {
    catalogVersion: string(0),
    context,
    columns: encoderColumns(views, ctx),
    candidate: (i) => {
      if (!(i >= 0 && i < n)) throw new RangeError(`candidate ${i} of ${n}`);
      const row: Record<string, unknown> = {};
      for (const [name, view] of views) {
        const value = readValue(view, i, ctx);
        if (value !== undefined) row[name] = value;
      }
      return row as Candidate;
    },
  };
}

/** The encoder's columns: the checked views themselves (the contract columns are there, of their kinds). */
function encoderColumns(views: Map<string, ColumnView>, ctx: ColumnContext): CandidateColumns {
  const { n } = ctx;
  const lists = views.get("categories")!.values as Uint32Array;
  return {
    length: n,
    ids: views.get("id")!.values,
    retrievalScores: views.get("retrievalScore")!.values,
    categoryStarts: lists.subarray(0, n + 1),
    categoryIndex: lists.subarray(n + 1),
    categoryNames: ctx.stringCount,
    categoryName: ctx.string,
    featureNames: ctx.featureNames,
    features: views.get("features")!.values,
  };
}

/** The string table: one UTF-8 decode of the block, then each string as a slice, memoised. */
function stringsOf(bytes: Uint8Array, offsetsAt: number, count: number, textAt: number, textBytes: number) {
  let text: string;
  try {
    // ignoreBOM keeps a leading U+FEFF: here it is data (the first string's), not a byte-order mark.
    const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    text = decoder.decode(bytes.subarray(textAt, textAt + textBytes));
  } catch {
    throw new MalformedAnswerError("string block is not UTF-8");
  }
  const offsets = new Uint32Array(bytes.buffer, bytes.byteOffset + offsetsAt, count + 1);
  if (offsets[0] !== 0 || offsets[count] !== text.length)
    throw new MalformedAnswerError("string offsets do not add up");
  for (let i = 0; i < count; i++) {
    if (offsets[i + 1] < offsets[i]) throw new MalformedAnswerError("string offsets out of order");
  }
  const memo = new Array<string | undefined>(count);
  return (i: number) => {
    memo[i] ??= text.slice(offsets[i], offsets[i + 1]);
    return memo[i] as string;
  };
}

/** The column directory by name; each entry's kind and bounds checked. */
function directoryOf(
  view: DataView,
  count: number,
  stringCount: number,
  string: (i: number) => string,
  bytesAt: (offset: number, bytes: number, name: string) => ColumnBytes,
): Map<string, { kind: ColumnKind; at: ColumnBytes }> {
  const columns = new Map<string, { kind: ColumnKind; at: ColumnBytes }>();
  for (let c = 0; c < count; c++) {
    const entry = HEADER_BYTES + c * DIRECTORY_ENTRY_BYTES;
    const nameIndex = view.getUint32(entry, true);
    if (nameIndex >= stringCount)
      throw new MalformedAnswerError(`column ${c}: name ${nameIndex} of ${stringCount}`);
    const name = string(nameIndex);
    const kind = COLUMN_KINDS[view.getUint8(entry + 4)];
    const offset = view.getUint32(entry + 8, true);
    if (!kind) throw new MalformedAnswerError(`column ${name}: unknown kind ${view.getUint8(entry + 4)}`);
    if (offset % 8 !== 0) throw new MalformedAnswerError(`column ${name}: offset ${offset} not aligned`);
    if (columns.has(name)) throw new MalformedAnswerError(`column ${name} twice`);
    columns.set(name, { kind, at: bytesAt(offset, view.getUint32(entry + 12, true), name) });
  }
  return columns;
}
