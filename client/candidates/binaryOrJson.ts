import { decodeAnswer, isBinaryAnswer } from "../../model/catalog/binaryAnswer/index.ts";
import { type CandidateFormat, WORKER_ACCEPT } from "./candidateFormat";
import { decodeCandidates } from "./decodeCandidates";

/**
 * The scoring worker's format: asks for the binary answer and decodes whichever came, told apart by the
 * binary answer's magic number (no JSON text starts with it). Kept out of the page's bundle: only the
 * worker imports it.
 * @example const source = new CandidateSource(fetch, BINARY_OR_JSON);
 */
export const BINARY_OR_JSON: CandidateFormat = {
  accept: WORKER_ACCEPT,
  decode: (bytes) => (isBinaryAnswer(bytes) ? decodeAnswer(bytes).candidates : decodeCandidates(bytes)),
};
