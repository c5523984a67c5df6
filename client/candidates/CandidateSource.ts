import type { Candidate } from "../../edge/candidates/index.ts";
import type { Fetcher } from "../model/downloadVersion";
import { decodeCandidates } from "./decodeCandidates";

/** Answers kept for "edge unreachable" (DESIGN: cached candidates, or nothing rendered). */
const MAX_CACHED = 32;
/** A candidate request that takes longer than this counts as the edge being down, in ms. */
const TIMEOUT_MS = 5000;

export type CandidateAnswer = { candidates: Candidate[]; from: "edge" | "cache" };

/**
 * Fetches and decodes `/v1/candidates`, and remembers the last good answers per URL, so a slot still
 * renders when the edge goes down mid-session. The scoring worker runs one (it fetches and decodes off
 * the main thread); the page runs another for the retrieval-order path when no model is ready.
 * An answer with the ETag of the one remembered for its URL is not read again: the browser's HTTP cache
 * revalidates with a 304 yet hands over a 200 with the same bytes, which would otherwise be decoded anew.
 * Throws only when neither the edge nor the cache answers.
 * @example const source = new CandidateSource(fetch); const { candidates } = await source.get(url);
 */
export class CandidateSource {
  private cache = new Map<string, { candidates: Candidate[]; etag: string | null }>();

  constructor(private readonly fetcher: Fetcher) {}

  /**
   * The answer for `url`. `given` is what the page already fetched for it (the response, body unread,
   * or the error its fetch failed with); without it this source fetches `url` itself.
   * The candidates may be the remembered array itself: callers read them and never mutate them.
   */
  async get(url: string, given?: Response | Error): Promise<CandidateAnswer> {
    try {
      if (given instanceof Error) throw given;
      const response = given ?? (await fetchCandidates(this.fetcher, url));
      const etag = response.headers.get("ETag");
      const known = this.cache.get(url);
      const unchanged = etag !== null && etag === known?.etag;
      // Cancelled, not read: that frees the connection (or the page's stream) without copying the bytes.
      if (unchanged) response.body?.cancel().catch(() => {});
      const candidates = unchanged ? known.candidates : decodeCandidates(await response.arrayBuffer());
      this.cache.delete(url);
      this.cache.set(url, { candidates, etag });
      if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
      return { candidates, from: "edge" };
    } catch (error) {
      const cached = this.cache.get(url);
      if (cached) return { candidates: cached.candidates, from: "cache" };
      throw error;
    }
  }

  /** The last good answer for `url`, if any. */
  cached(url: string): Candidate[] | undefined {
    return this.cache.get(url)?.candidates;
  }
}

/**
 * The edge's response to a `/v1/candidates` URL, headers in and body unread; rejects on an HTTP error.
 * The edge counts as down after 5 s, the body's read included, wherever that read happens (here, or in
 * the scoring worker the body was transferred to), so the deadline is a signal, not a timer this clears.
 * @example const etag = (await fetchCandidates(fetch, "https://edge.example.com/v1/candidates?context=home")).headers.get("ETag");
 */
export async function fetchCandidates(fetcher: Fetcher, url: string): Promise<Response> {
  const response = await fetcher(url, { credentials: "omit", signal: deadline() });
  if (!response.ok) throw new Error(`candidates: HTTP ${response.status}`);
  return response;
}

function deadline(): AbortSignal | undefined {
  if (typeof AbortController === "undefined") return undefined;
  if (typeof AbortSignal.timeout === "function") return AbortSignal.timeout(TIMEOUT_MS);
  // Safari < 16 lacks AbortSignal.timeout; aborting a fetch that has already finished does nothing.
  const controller = new AbortController();
  setTimeout(() => controller.abort(), TIMEOUT_MS);
  return controller.signal;
}
