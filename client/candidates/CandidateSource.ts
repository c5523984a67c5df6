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
 * Throws only when neither the edge nor the cache answers.
 * @example const source = new CandidateSource(fetch); const { candidates } = await source.get(url);
 */
export class CandidateSource {
  private cache = new Map<string, Candidate[]>();

  constructor(private readonly fetcher: Fetcher) {}

  /**
   * The answer for `url`. `given` is what the page already fetched for it (the bytes, or the error its
   * fetch failed with); without it this source fetches `url` itself.
   */
  async get(url: string, given?: ArrayBuffer | Error): Promise<CandidateAnswer> {
    try {
      if (given instanceof Error) throw given;
      const candidates = decodeCandidates(given ?? (await fetchCandidateBytes(this.fetcher, url)));
      this.cache.delete(url);
      this.cache.set(url, candidates);
      if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
      return { candidates, from: "edge" };
    } catch (error) {
      const cached = this.cache.get(url);
      if (cached) return { candidates: cached, from: "cache" };
      throw error;
    }
  }

  /** The last good answer for `url`, if any. */
  cached(url: string): Candidate[] | undefined {
    return this.cache.get(url);
  }
}

/**
 * The raw bytes of a `/v1/candidates` answer (timeout: the edge counts as down after 5 s).
 * @example const bytes = await fetchCandidateBytes(fetch, "https://edge.example.com/v1/candidates?context=home");
 */
export async function fetchCandidateBytes(fetcher: Fetcher, url: string): Promise<ArrayBuffer> {
  const controller = typeof AbortController === "undefined" ? undefined : new AbortController();
  const timer = setTimeout(() => controller?.abort(), TIMEOUT_MS);
  try {
    const response = await fetcher(url, { credentials: "omit", signal: controller?.signal });
    if (!response.ok) throw new Error(`candidates: HTTP ${response.status}`);
    return await response.arrayBuffer();
  } finally {
    clearTimeout(timer);
  }
}
