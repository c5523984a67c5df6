/**
 * Splits a catalog file (CSV with a header row, or JSON Lines) into records of named string fields,
 * each with the line it starts on, so every later error can name its line. Written by hand: the kept
 * stack has no CSV parser, and RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180) fits in this file.
 */

/** One record: its fields as the file spelled them, and the 1-based line it starts on. */
export type FileRecord = { line: number; fields: Record<string, unknown> };

/** A problem with one line of a file; `field` names the column where one is to blame. */
export type RowError = { line: number; field?: string; message: string };

/** What a read gives: every record, or every error found (a file with an error loads nothing). */
export type ReadResult = { ok: true; records: FileRecord[] } | { ok: false; errors: RowError[] };

/** Stop collecting after this many errors: the first ones are what a person fixes first. */
export const MAX_ERRORS = 20;

/** Strips a UTF-8 byte-order mark: spreadsheets write one, and it would glue itself to the first column's name. */
const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * Parses RFC 4180 CSV: comma-separated, fields optionally in double quotes with `""` for a quote,
 * quoted fields may span lines, CRLF or LF. A quote inside an unquoted field, text after a closing
 * quote, or a quote left open is an error, not a guess.
 * @example parseCsvRows('id,title\n"A1","Lip ""gloss"""') // [{ line: 1, cells: ["id","title"] }, { line: 2, cells: ["A1",'Lip "gloss"'] }]
 */
export function parseCsvRows(text: string): {
  rows: { line: number; cells: string[] }[];
  errors: RowError[];
} {
  const rows: { line: number; cells: string[] }[] = [];
  const errors: RowError[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length && errors.length < MAX_ERRORS) {
    const start = line;
    const cells: string[] = [];
    let bad = 0; // the 1-based column of the first stray quote
    for (;;) {
      let cell = "";
      if (text[i] === '"') {
        const open = line;
        i++;
        for (;;) {
          if (i >= text.length) {
            errors.push({ line: open, message: "a quoted field is never closed" });
            return { rows, errors };
          }
          if (text[i] === '"' && text[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else if (text[i] === '"') break;
          else {
            if (text[i] === "\n") line++;
            cell += text[i++];
          }
        }
        i++;
        if (i < text.length && !/[,\r\n]/.test(text[i])) bad ||= cells.length + 1;
        while (i < text.length && !/[,\r\n]/.test(text[i])) i++;
      } else {
        while (i < text.length && !/[,\r\n]/.test(text[i])) cell += text[i++];
        if (cell.includes('"')) bad ||= cells.length + 1;
      }
      cells.push(cell);
      if (text[i] === ",") i++;
      else break;
    }
    if (text[i] === "\r") i++;
    if (text[i] === "\n") i++;
    line++;
    if (bad) errors.push({ line: start, field: `column ${bad}`, message: "stray quote" });
    else if (!(cells.length === 1 && cells[0].trim() === "")) rows.push({ line: start, cells });
  }
  return { rows, errors };
}

function csvRecords(text: string): ReadResult {
  const { rows, errors } = parseCsvRows(text);
  const header = rows.shift();
  if (!header)
    return { ok: false, errors: errors.length ? errors : [{ line: 1, message: "the file is empty" }] };
  const names = header.cells.map((c) => c.trim());
  names.forEach((name, k) => {
    if (name === "")
      errors.push({ line: header.line, field: `column ${k + 1}`, message: "empty column name" });
    else if (names.indexOf(name) !== k)
      errors.push({ line: header.line, field: name, message: "repeated column" });
  });
  const records: FileRecord[] = [];
  for (const row of rows) {
    if (row.cells.length !== names.length) {
      const message = `${row.cells.length} fields where the header has ${names.length}`;
      errors.push({ line: row.line, message });
      continue;
    }
    records.push({ line: row.line, fields: Object.fromEntries(names.map((n, k) => [n, row.cells[k]])) });
  }
  return errors.length ? { ok: false, errors: errors.slice(0, MAX_ERRORS) } : { ok: true, records };
}

function jsonLinesRecords(text: string): ReadResult {
  const records: FileRecord[] = [];
  const errors: RowError[] = [];
  text.split("\n").forEach((raw, k) => {
    if (raw.trim() === "" || errors.length >= MAX_ERRORS) return;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value !== "object" || value === null || Array.isArray(value))
        throw new Error("not an object");
      records.push({ line: k + 1, fields: value as Record<string, unknown> });
    } catch (error) {
      errors.push({
        line: k + 1,
        message: `not a JSON object (${error instanceof Error ? error.message : error})`,
      });
    }
  });
  if (records.length === 0 && errors.length === 0) errors.push({ line: 1, message: "the file is empty" });
  return errors.length ? { ok: false, errors } : { ok: true, records };
}

/**
 * Reads a catalog file's records; the format comes from the name (`.csv`, else `.jsonl`/`.ndjson`).
 * @example readRecords("items.csv", "id,title\nA1,Lip gloss") // { ok: true, records: [{ line: 2, fields: { id: "A1", title: "Lip gloss" } }] }
 */
export function readRecords(name: string, text: string): ReadResult {
  const body = stripBom(text);
  if (/\.csv$/i.test(name)) return csvRecords(body);
  if (/\.(jsonl|ndjson)$/i.test(name)) return jsonLinesRecords(body);
  return {
    ok: false,
    errors: [{ line: 0, message: `${name}: the name must end in .csv, .jsonl or .ndjson` }],
  };
}
