import { decodeColumns, isBinaryAnswer } from "../../model/catalog/binaryAnswer/index.ts";
import type { Candidate } from "../../model/catalog/index.ts";
import type { CandidateFormat } from "./candidateFormat";
import { type CandidateList, listOf } from "./candidateList";
import { decodeCandidates } from "./decodeCandidates";
import { WORKER_ACCEPT } from "./fetchCandidates";

/**
 * The scoring worker's format: asks for the binary answer and decodes whichever came, told apart by the
 * binary answer's magic number (no JSON text starts with it), into a list whose candidate objects are made
 * only for the items shown, each once. Kept out of the page's bundle: only the worker imports it.
 * @example const source = new CandidateSource(fetch, BINARY_OR_JSON);
 */
export const BINARY_OR_JSON: CandidateFormat<CandidateList> = {
  accept: WORKER_ACCEPT,
  decode: (bytes) => {
    if (!isBinaryAnswer(bytes)) return listOf(decodeCandidates(bytes));
    const { columns, candidate } = decodeColumns(bytes);
    // An answer is ranked again while it is held (fresh, or the same ETag or bytes): each shown item is
    // read from the bytes once. Callers read the objects and never mutate them.
    const made = new Map<number, Candidate>();
    const at = (i: number) => {
      let row = made.get(i);
      if (!row) {
        row = candidate(i);
        made.set(i, row);
      }
      return row;
    };
    return { length: columns.length, columns, at };
  },
};
