import type { Candidate } from "../candidate";

/**
 * The binary candidate answer, version 1: one little-endian buffer, every section 8-byte aligned so the
 * decoder can view columns in place as typed arrays.
 *
 *   header      24 bytes: magic "PRCA", u16 version, u16 column count, u32 candidates (n),
 *               u32 features (F), u32 strings (S), u32 string block bytes
 *   directory   16 bytes per column: u32 name (a string index), u8 kind, 3 pad, u32 offset, u32 bytes
 *   offsets     Uint32[S + 1]: where each string starts in the decoded string block (UTF-16 units)
 *   strings     one UTF-8 block: the catalog version, the context, the F feature names, the column
 *               names, then every distinct field value (interned: a brand or category is stored once)
 *   columns     each at its directory offset, in the layout of its kind (below)
 */
export const MAGIC = 0x41435250; // "PRCA" read as a little-endian u32
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 24;
export const DIRECTORY_ENTRY_BYTES = 16;

/**
 * How one candidate field is stored, n = candidates:
 * - u32: Uint32[n] (dense ids); f64: Float64[n]; f64?: Float64[n], NaN where the field is absent;
 * - string: Uint32[n] string indices; string?: Uint32[n], 0 = absent, else index + 1;
 * - strings: Uint32[n + 1] starts, then Uint32 string indices (a list per candidate);
 * - bool?: Uint8[n], 0 = absent, 1 = false, 2 = true;
 * - features: Float64[n × F], candidate-major, columns named by the header's feature names.
 */
export const COLUMN_KINDS = [
  "u32",
  "f64",
  "f64?",
  "string",
  "string?",
  "strings",
  "features",
  "bool?",
] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

/**
 * One column per field of the candidate contract. Typed against `Candidate`, so a field added to the
 * contract without a column here, or a column for a field that is gone, fails the type check (and the
 * round-trip test, whose candidates come from the real generator).
 */
export const CANDIDATE_COLUMNS = {
  id: "u32",
  sku: "string",
  title: "string",
  categories: "strings",
  brand: "string?",
  image: "string?",
  url: "string?",
  price: "f64?",
  currency: "string?",
  available: "bool?",
  retrievalScore: "f64",
  features: "features",
} as const satisfies { [K in keyof Required<Candidate>]: ColumnKind };

/** Byte size rounded up to the 8-byte alignment of every section. */
export const align8 = (bytes: number) => Math.ceil(bytes / 8) * 8;
