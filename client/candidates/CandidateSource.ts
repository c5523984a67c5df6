import type { Candidate, CandidatesResponse } from "../../edge/candidates/index.ts";
import type { Fetcher } from "../model/downloadVersion";

/** Answers kept for "edge unreachable" (DESIGN: cached candidates, or nothing rendered). */
const MAX_CACHED = 32;
/** A candidate request that takes longer than this counts as the edge being down, in ms. */
const TIMEOUT_MS = 5000;

export type CandidateAnswer = { candidates: Candidate[]; from: "edge" | "cache" };

/**
 * Fetches `/v1/candidates` and remembers the last answers per URL in page memory, so a slot still
 * renders when the edge goes down mid-session. Throws only when neither the edge nor the cache answers.
 * @example const source = new CandidateSource(fetch); const { candidates } = await source.get(url);
 */
export class CandidateSource {
  private cache = new Map<string, Candidate[]>();

  constructor(private readonly fetcher: Fetcher) {}

  async get(url: string): Promise<CandidateAnswer> {
    try {
      const candidates = await this.fetchFresh(url);
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

  private async fetchFresh(url: string): Promise<Candidate[]> {
    const controller = typeof AbortController === "undefined" ? undefined : new AbortController();
    const timer = setTimeout(() => controller?.abort(), TIMEOUT_MS);
    try {
      const response = await this.fetcher(url, { credentials: "omit", signal: controller?.signal });
      if (!response.ok) throw new Error(`candidates: HTTP ${response.status}`);
      return checkCandidates(await response.json());
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Pure: keeps the well-formed candidates of a `/v1/candidates` answer (contract 1), throwing when the
 * answer itself is malformed.
 * @example checkCandidates({ catalogVersion: "c1", context: "home", candidates: [...] });
 */
export function checkCandidates(json: unknown): Candidate[] {
  const body = json as Partial<CandidatesResponse> | null;
  if (!body || !Array.isArray(body.candidates)) throw new Error("candidates: malformed answer");
  return body.candidates.filter(
    (c) =>
      !!c &&
      Number.isSafeInteger(c.id) &&
      typeof c.title === "string" &&
      Array.isArray(c.categories) &&
      typeof c.features === "object" &&
      c.features !== null,
  );
}
