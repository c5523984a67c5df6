import { BINARY_CANDIDATES_TYPE } from "../../model/catalog/binaryAnswer/layout.ts";
import type { Candidate } from "../../model/catalog/index.ts";
import { decodeCandidates } from "./decodeCandidates";

/**
 * How a candidate source asks for answers (its `Accept`; none = the edge's JSON) and decodes them: into
 * objects on the page, into a CandidateList in the worker.
 */
export type CandidateFormat<T = Candidate[]> = {
  accept: string | undefined;
  decode(bytes: ArrayBuffer | Uint8Array): T;
};

/** JSON, the edge's default: the page's own path (k items in retrieval order while no model is ready). */
export const JSON_FORMAT: CandidateFormat = { accept: undefined, decode: decodeCandidates };

/**
 * The `Accept` of the scoring worker's requests, the page's custom fetch for it included: the binary
 * answer first, JSON (an older edge, a proxy that drops the binary type) as the fallback. A CORS-safelisted
 * value (no preflight): https://fetch.spec.whatwg.org/#cors-safelisted-request-header
 */
export const WORKER_ACCEPT = `${BINARY_CANDIDATES_TYPE}, application/json;q=0.5`;
