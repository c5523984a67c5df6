import type { CandidateColumns } from "./types";

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
  /** Where coocLast is among the columns' features (−1: absent). */
  coocColumn: number;
}

/** Maxima over one request's candidate list (non-finite values ignored). */
export function listStats(c: CandidateColumns): ListStats {
  const cooc = c.featureNames.indexOf("coocLast");
  const F = c.featureNames.length;
  let maxRetrievalScore = 0;
  let maxCoocLast = 0;
  for (let i = 0; i < c.length; i++) {
    const s = c.retrievalScores[i];
    const l = cooc < 0 ? 0 : c.features[i * F + cooc];
    if (Number.isFinite(s) && s > maxRetrievalScore) maxRetrievalScore = s;
    if (Number.isFinite(l) && l > maxCoocLast) maxCoocLast = l;
  }
  return { maxRetrievalScore, maxCoocLast, coocColumn: cooc };
}

/** Indexes a history (oldest first) for the context readers. */
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

/** What a context reader sees of one request: the history, the columns, their maxima. */
export interface RequestView {
  h: HistoryIndex;
  c: CandidateColumns;
  list: ListStats;
  /** Whether category `index` of the columns is one of the most recent item's (memoised per request). */
  inLast(index: number): boolean;
}

/** Reads one context feature of candidate i (its position in the generator's list). */
export type ContextReader = (r: RequestView, i: number) => number;

/**
 * The context features that read the history. Without a history each of them is 0 for every candidate
 * (tested), which the encoder writes without reading.
 */
const HISTORY_READERS = {
  "ctx.sessionCount": ({ h, c }, i) => h.count.get(c.ids[i]) ?? 0,
  "ctx.sessionRecency": ({ h, c }, i) => {
    const p = h.lastPos.get(c.ids[i]);
    return p === undefined ? 0 : 1 / (h.length - p);
  },
  "ctx.isLast": ({ h, c }, i) => (h.length > 0 && h.lastPos.get(c.ids[i]) === h.length - 1 ? 1 : 0),
  "ctx.historyLength": ({ h }) => h.length,
  "ctx.categoryOverlapLast": (r, i) => {
    let n = 0;
    const { categoryStarts: starts, categoryIndex: index } = r.c;
    for (let k = starts[i]; k < starts[i + 1]; k++) if (r.inLast(index[k])) n++;
    return n;
  },
} satisfies Record<string, ContextReader>;

/** The context features of the candidate list alone: part of an answer's candidate side (candidateSide.ts). */
const LIST_READERS = {
  "ctx.retrievalRank": (_r, i) => i,
  "ctx.retrievalScore": ({ c }, i) => c.retrievalScores[i],
  "ctx.scoreRatio": ({ c, list }, i) => ratio(c.retrievalScores[i], list.maxRetrievalScore),
  "ctx.coocLastShare": ({ c, list }, i) =>
    list.coocColumn < 0
      ? 0
      : ratio(c.features[i * c.featureNames.length + list.coocColumn], list.maxCoocLast),
} satisfies Record<string, ContextReader>;

const CONTEXT_READERS: Record<(typeof CONTEXT_FEATURES)[number], ContextReader> = {
  ...HISTORY_READERS,
  ...LIST_READERS,
};

/** Whether context feature `name` reads the history (see HISTORY_READERS). */
export function readsHistory(name: string): boolean {
  return Object.hasOwn(HISTORY_READERS, name);
}

/**
 * The reader of context feature `name` ("ctx.*"), or undefined for an edge feature (read from the
 * candidate columns). Resolved once per batch, not once per candidate.
 * @example contextReader("ctx.retrievalRank")?.(view, 3) // 3
 */
export function contextReader(name: string): ContextReader | undefined {
  return Object.hasOwn(CONTEXT_READERS, name)
    ? CONTEXT_READERS[name as (typeof CONTEXT_FEATURES)[number]]
    : undefined;
}

/** The request's view for the readers; category membership is checked once per distinct category. */
export function requestView(h: HistoryIndex, c: CandidateColumns): RequestView {
  const memo = new Uint8Array(c.categoryNames); // 0 unknown, 1 no, 2 yes
  return {
    h,
    c,
    list: listStats(c),
    inLast(index) {
      if (memo[index] === 0) {
        const name = c.categoryName(index);
        memo[index] = name !== undefined && h.lastCategories.has(name) ? 2 : 1;
      }
      return memo[index] === 2;
    },
  };
}

/** a ÷ max in [0, 1]; 0 when the list has no positive maximum. */
function ratio(a: number, max: number): number {
  return max > 0 && Number.isFinite(a) ? Math.max(0, Math.min(1, a / max)) : 0;
}
