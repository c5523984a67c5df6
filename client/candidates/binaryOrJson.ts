import { decodeColumns, isBinaryAnswer } from "../../model/catalog/binaryAnswer/index.ts";
import { type CandidateFormat, WORKER_ACCEPT } from "./candidateFormat";
import { type CandidateList, listOf } from "./candidateList";
import { decodeCandidates } from "./decodeCandidates";

/**
 * The scoring worker's format: asks for the binary answer and decodes whichever came, told apart by the
 * binary answer's magic number (no JSON text starts with it), into a list whose candidate objects are made
 * only for the items shown. Kept out of the page's bundle: only the worker imports it.
 * @example const source = new CandidateSource(fetch, BINARY_OR_JSON);
 */
export const BINARY_OR_JSON: CandidateFormat<CandidateList> = {
  accept: WORKER_ACCEPT,
  decode: (bytes) => {
    if (!isBinaryAnswer(bytes)) return listOf(decodeCandidates(bytes));
    const { columns, candidate } = decodeColumns(bytes);
    return { length: columns.length, columns, at: candidate };
  },
};
