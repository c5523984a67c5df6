import { BINARY_CANDIDATES_TYPE } from "../../model/catalog/binaryAnswer/mediaType.ts";
import type { Fetcher } from "../model/downloadVersion";

/** A candidate request that takes longer than this counts as the edge being down, in ms. */
const TIMEOUT_MS = 5000;

/**
 * The `Accept` of the scoring worker's requests, the page's custom fetch for it included: the binary
 * answer first, JSON (an older edge, a proxy that drops the binary type) as the fallback. A CORS-safelisted
 * value (no preflight): https://fetch.spec.whatwg.org/#cors-safelisted-request-header
 */
export const WORKER_ACCEPT = `${BINARY_CANDIDATES_TYPE}, application/json;q=0.5`;

/**
 * The edge's response to a `/v1/candidates` URL, headers in and body unread; rejects on an HTTP error.
 * `accept` picks the representation (none: the edge's JSON).
 * The edge counts as down after 5 s, the body's read included (it may happen later, in the caller), so
 * the deadline is a signal, not a timer this clears.
 * A module of its own (no decoder): the scoring worker's small entry starts this request (worker.ts).
 * @example const etag = (await fetchCandidates(fetch, "https://edge.example.com/v1/candidates?context=home")).headers.get("ETag");
 */
export async function fetchCandidates(fetcher: Fetcher, url: string, accept?: string): Promise<Response> {
  const headers = accept ? { Accept: accept } : undefined;
  const response = await fetcher(url, { credentials: "omit", signal: deadline(), headers });
  if (!response.ok) throw new Error(`candidates: HTTP ${response.status}`);
  return response;
}

/**
 * The worker's own request for `url` through the global fetch, settled as what CandidateSource.get takes
 * as `given`: the response (body unread), or the error it failed with.
 * @example const given = await requestCandidates(url, WORKER_ACCEPT); await source.get(url, given);
 */
export function requestCandidates(url: string, accept: string | undefined): Promise<Response | Error> {
  return fetchCandidates((url, init) => fetch(url, init), url, accept).catch(asError);
}

/** `error` as an Error (what a CandidateSource takes and rethrows). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function deadline(): AbortSignal | undefined {
  if (typeof AbortController === "undefined") return undefined;
  if (typeof AbortSignal.timeout === "function") return AbortSignal.timeout(TIMEOUT_MS);
  // Safari < 16 lacks AbortSignal.timeout; aborting a fetch that has already finished does nothing.
  const controller = new AbortController();
  setTimeout(() => controller.abort(), TIMEOUT_MS);
  return controller.signal;
}
