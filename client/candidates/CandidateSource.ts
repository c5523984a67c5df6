import type { Candidate } from "../../model/catalog/index.ts";
import type { Fetcher } from "../model/downloadVersion";
import { type CandidateFormat, JSON_FORMAT } from "./candidateFormat";
import { fetchCandidates } from "./fetchCandidates";
import { freshForMs } from "./httpFreshness";
import { sameBytes } from "./sameBytes";

/** Answers kept for "edge unreachable" (DESIGN: cached candidates, or nothing rendered). */
const MAX_CACHED = 32;

/**
 * Decoded candidates (objects on the page, a CandidateList in the worker), where they came from, the ms
 * spent reading a response's body (the rest of the fetch after its headers) and the ms spent decoding the
 * bytes (each 0 when nothing was read or decoded: an unchanged ETag, or the cache).
 */
export type CandidateAnswer<T = Candidate[]> = {
  candidates: T;
  from: "edge" | "cache";
  readMs: number;
  decodeMs: number;
};
/** An answer's bytes that were already read (the page's custom fetch), with the ETag they came with. */
export type CandidateBytes = { etag: string | null; bytes: ArrayBuffer };

/** A moment on both of the device's clocks (see CandidateSource's `freshUntil`). */
type Deadline = { monotonic: number; wall: number };

/** An answer a CandidateSource keeps for its URL (see CandidateSource's `cache`). */
type Held<T> = { candidates: T; etag: string | null; freshUntil: Deadline; bytes?: ArrayBuffer };

/**
 * Until when `response` may be reused unasked (httpFreshness), on both clocks. The page's bytes (a custom
 * fetch, no response here) carry no headers: never fresh, so its fetch runs every time.
 */
function freshDeadline(response: Response | undefined): Deadline {
  const now = Date.now();
  const freshMs = response ? freshForMs(response.headers, now) : 0;
  return { monotonic: performance.now() + freshMs, wall: now + freshMs };
}

/**
 * Fetches and decodes `/v1/candidates`, and remembers the last good answers per URL, so a slot still
 * renders when the edge goes down mid-session. The scoring worker runs one (it fetches and decodes off
 * the main thread); the page runs another for the retrieval-order path when no model is ready.
 * An answer with the ETag of the one remembered for its URL is not read again: the browser's HTTP cache
 * revalidates with a 304 yet hands over a 200 with the same bytes, which would otherwise be decoded anew.
 * The page's bytes (a custom fetch, run on every call, which may give no ETag) equal to those held for
 * their URL are not decoded again either: the same bytes decode to the same candidates.
 * It also knows until when HTTP lets each answer be reused unasked (httpFreshness): see `fresh`.
 * Throws only when neither the edge nor the cache answers.
 * @example const source = new CandidateSource(fetch); const { candidates } = await source.get(url);
 */
export class CandidateSource<T = Candidate[]> {
  /**
   * `freshUntil`: when the answer goes stale, on both clocks: `performance.now()`'s, which a change of the
   * device's clock mid-hold does not move, and `Date.now()`'s, which keeps counting while the device
   * sleeps (the monotonic clock stops there on some systems, which alone would hold an answer past a night).
   * `bytes`: what the page handed over (a custom fetch), kept to recognise the same bytes again (see `get`).
   */
  private cache = new Map<string, Held<T>>();

  constructor(
    private readonly fetcher: Fetcher,
    /** What to ask for and how to decode it: JSON on the page, binary or JSON in the worker. */
    // JSON_FORMAT decodes to T's default (Candidate[]); a source of another T passes its own format.
    readonly format: CandidateFormat<T> = JSON_FORMAT as unknown as CandidateFormat<T>,
  ) {}

  /**
   * The answer for `url`. `given` is what was already fetched for it (the response, body unread; the
   * bytes the page read; or the error the fetch failed with); without it this source fetches `url`.
   * The candidates may be the remembered array itself: callers read them and never mutate them.
   */
  async get(url: string, given?: Response | CandidateBytes | Error): Promise<CandidateAnswer<T>> {
    try {
      if (given instanceof Error) throw given;
      const answer = given ?? (await fetchCandidates(this.fetcher, url, this.format.accept));
      const response = answer instanceof Response ? answer : undefined;
      const etag = response ? response.headers.get("ETag") : (answer as CandidateBytes).etag;
      const known = this.cache.get(url);
      const pageBytes = response ? undefined : (answer as CandidateBytes).bytes;
      // The page's bytes (a custom fetch, which may send no ETag) equal to the held ones decode to the same.
      const unchanged =
        (etag !== null && etag === known?.etag) ||
        (!!pageBytes && !!known?.bytes && sameBytes(pageBytes, known.bytes));
      // Cancelled, not read: that frees the connection without copying the bytes.
      if (unchanged) response?.body?.cancel().catch(() => {});
      let bytes = pageBytes;
      let readMs = 0;
      if (!unchanged && response) {
        const reading = performance.now();
        bytes = await response.arrayBuffer();
        readMs = performance.now() - reading;
      }
      const decoding = performance.now();
      const candidates = unchanged ? known.candidates : this.format.decode(bytes!);
      const decodeMs = unchanged ? 0 : performance.now() - decoding;
      // A binary answer's columns view these very bytes, so keeping them costs nothing more (JSON's do).
      const kept = unchanged ? known.bytes : pageBytes;
      this.remember(url, {
        candidates,
        etag,
        freshUntil: freshDeadline(response),
        ...(kept ? { bytes: kept } : {}),
      });
      return { candidates, from: "edge", readMs, decodeMs };
    } catch (error) {
      const cached = this.cache.get(url);
      if (cached) return { candidates: cached.candidates, from: "cache", readMs: 0, decodeMs: 0 };
      throw error;
    }
  }

  /**
   * The answer held for `url` while HTTP says it is fresh (its Cache-Control max-age, less its age from
   * Date and Age): it may be ranked without any request. Undefined once stale: ask with `get`.
   */
  fresh(url: string): T | undefined {
    const held = this.cache.get(url);
    if (!held) return undefined;
    const { monotonic, wall } = held.freshUntil;
    return performance.now() < monotonic && Date.now() < wall ? held.candidates : undefined;
  }

  /** Keeps `held` as the answer used last for `url`, and drops the one used longest ago past MAX_CACHED. */
  private remember(url: string, held: Held<T>): void {
    this.cache.delete(url);
    this.cache.set(url, held);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The last good answer for `url`, if any. */
  cached(url: string): T | undefined {
    return this.cache.get(url)?.candidates;
  }
}
