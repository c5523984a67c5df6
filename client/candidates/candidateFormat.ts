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
