import type { CandidateLike } from "./types";

/**
 * Model-side features that relate a candidate to the behaviour sequence. They are computed here,
 * not at the edge, because the sequence never leaves the device. Names start with "ctx.".
 * - ctx.sessionCount:   times the candidate occurs in the history (repeat views, cf. S-POP);
 * - ctx.sessionRecency: 1 / (1 + steps since its last occurrence), 0 if absent;
 * - ctx.isLast:         1 if it is the most recent item;
 * - ctx.retrievalRank:  its 0-based position in the generator's list;
 * - ctx.retrievalScore: the generator's own score;
 * - ctx.historyLength:  length of the sequence;
 * - ctx.categoryOverlapLast: categories shared with the most recent item;
 * - ctx.scoreRatio:     retrieval score ÷ the best score in this list (per-request normalisation:
 *                       raw scores shift with the catalogue's size and age, ratios do not);
 * - ctx.coocLastShare:  co-occurrence with the last item ÷ the list's best such weight.
 */
export const CONTEXT_FEATURES = [
  "ctx.sessionCount",
  "ctx.sessionRecency",
  "ctx.isLast",
  "ctx.retrievalRank",
  "ctx.retrievalScore",
  "ctx.historyLength",
  "ctx.categoryOverlapLast",
  "ctx.scoreRatio",
  "ctx.coocLastShare",
] as const;

/** Per-history lookups built once per request, reused for every candidate. */
export interface HistoryIndex {
  count: Map<number, number>;
  lastPos: Map<number, number>;
  length: number;
  lastCategories: Set<string>;
}

/** Per-list maxima for the per-request normalised features. */
export interface ListStats {
  maxRetrievalScore: number;
  maxCoocLast: number;
}

/** Maxima over one request's candidate list (non-finite values ignored). */
export function listStats(candidates: readonly CandidateLike[]): ListStats {
  let maxRetrievalScore = 0;
  let maxCoocLast = 0;
  for (const c of candidates) {
    const s = c.retrievalScore ?? 0;
    const l = c.features?.coocLast ?? 0;
    if (Number.isFinite(s) && s > maxRetrievalScore) maxRetrievalScore = s;
    if (Number.isFinite(l) && l > maxCoocLast) maxCoocLast = l;
  }
  return { maxRetrievalScore, maxCoocLast };
}

/** Indexes a history (oldest first) for {@link contextFeature}. */
export function indexHistory(
  history: readonly number[],
  categories?: readonly (readonly string[])[],
): HistoryIndex {
  const count = new Map<number, number>();
  const lastPos = new Map<number, number>();
  history.forEach((id, i) => {
    count.set(id, (count.get(id) ?? 0) + 1);
    lastPos.set(id, i);
  });
  const lastCats =
    categories && categories.length === history.length ? categories[history.length - 1] : undefined;
  return { count, lastPos, length: history.length, lastCategories: new Set(lastCats ?? []) };
}

/** Reads one feature of the candidate at `position` in the generator's list. */
export type FeatureReader = (h: HistoryIndex, c: CandidateLike, position: number, list: ListStats) => number;

const CONTEXT_READERS: Record<(typeof CONTEXT_FEATURES)[number], FeatureReader> = {
  "ctx.sessionCount": (h, c) => h.count.get(c.id) ?? 0,
  "ctx.sessionRecency": (h, c) => {
    const p = h.lastPos.get(c.id);
    return p === undefined ? 0 : 1 / (h.length - p);
  },
  "ctx.isLast": (h, c) => (h.length > 0 && h.lastPos.get(c.id) === h.length - 1 ? 1 : 0),
  "ctx.retrievalRank": (_h, _c, position) => position,
  "ctx.retrievalScore": (_h, c) => c.retrievalScore ?? 0,
  "ctx.historyLength": (h) => h.length,
  "ctx.categoryOverlapLast": (h, c) => {
    let n = 0;
    for (const cat of c.categories ?? []) if (h.lastCategories.has(cat)) n++;
    return n;
  },
  "ctx.scoreRatio": (_h, c, _p, list) => ratio(c.retrievalScore ?? 0, list.maxRetrievalScore),
  "ctx.coocLastShare": (_h, c, _p, list) => ratio(c.features?.coocLast ?? 0, list.maxCoocLast),
};

/**
 * The reader of feature `name`, resolved once per batch rather than once per candidate: a ctx.* name
 * reads the history and list, any other name the candidate's edge feature (missing or non-numeric → 0).
 * @example featureReader("ctx.historyLength")(indexHistory([4, 2]), { id: 9 }, 0, listStats([])) // 2
 */
export function featureReader(name: string): FeatureReader {
  if (Object.hasOwn(CONTEXT_READERS, name)) return CONTEXT_READERS[name as (typeof CONTEXT_FEATURES)[number]];
  return (_h, c) => {
    const v = c.features?.[name];
    return typeof v === "number" ? v : 0;
  };
}

/** a ÷ max in [0, 1]; 0 when the list has no positive maximum. */
function ratio(a: number, max: number): number {
  return max > 0 && Number.isFinite(a) ? Math.max(0, Math.min(1, a / max)) : 0;
}
