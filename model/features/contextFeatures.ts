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
  /** How many of candidate i's categories the most recent item has (counted for the whole list at once). */
  sharedWithLast(i: number): number;
}

/** Reads one context feature of candidate i (its position in the generator's list). */
export type ContextReader = (r: RequestView, i: number) => number;

/**
 * A context feature that reads the history, and for which candidates it can be other than 0: `seen`, only
 * those whose id is in the history (a handful: the encoder reads it for them alone and writes 0 for the
 * rest); `once`, the same value for every candidate (read once); `each`, any candidate.
 */
export interface HistoryReader {
  scope: "seen" | "once" | "each";
  read: ContextReader;
}

/**
 * The context features that read the history. Without a history each of them is 0 for every candidate,
 * and each is 0 outside its scope (both tested), which the encoder writes without reading.
 */
const HISTORY_READERS = {
  "ctx.sessionCount": { scope: "seen", read: ({ h, c }, i) => h.count.get(c.ids[i]) ?? 0 },
  "ctx.sessionRecency": {
    scope: "seen",
    read: ({ h, c }, i) => {
      const p = h.lastPos.get(c.ids[i]);
      return p === undefined ? 0 : 1 / (h.length - p);
    },
  },
  "ctx.isLast": {
    scope: "seen",
    read: ({ h, c }, i) => (h.length > 0 && h.lastPos.get(c.ids[i]) === h.length - 1 ? 1 : 0),
  },
  "ctx.historyLength": { scope: "once", read: ({ h }) => h.length },
  "ctx.categoryOverlapLast": { scope: "each", read: (r, i) => r.sharedWithLast(i) },
} satisfies Record<string, HistoryReader>;

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
  ...readersOf(HISTORY_READERS),
  ...LIST_READERS,
};

/** The read functions of history readers, by the same names. */
function readersOf<K extends string>(readers: Record<K, HistoryReader>): Record<K, ContextReader> {
  const entries = Object.entries<HistoryReader>(readers).map(([name, r]) => [name, r.read]);
  return Object.fromEntries(entries) as Record<K, ContextReader>;
}

/** Whether context feature `name` reads the history (see HISTORY_READERS). */
export function readsHistory(name: string): boolean {
  return historyReader(name) !== undefined;
}

/** The reader and scope of context feature `name` if it reads the history, else undefined. */
export function historyReader(name: string): HistoryReader | undefined {
  return Object.hasOwn(HISTORY_READERS, name)
    ? HISTORY_READERS[name as keyof typeof HISTORY_READERS]
    : undefined;
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

/**
 * The request's view for the readers. What it computes for the whole list is computed when a reader first
 * asks: the list's maxima (with a remembered candidate side no reader does) and the categories shared with
 * the most recent item (a column, each distinct category checked once).
 */
export function requestView(h: HistoryIndex, c: CandidateColumns): RequestView {
  let list: ListStats | undefined;
  let shared: Uint8Array | undefined;
  return {
    h,
    c,
    get list() {
      list ??= listStats(c);
      return list;
    },
    sharedWithLast(i) {
      shared ??= sharedCategories(h, c);
      return shared[i];
    },
  };
}

/**
 * Per candidate, how many of its categories the history's most recent item has; each category index is
 * looked up once (an index names a string of the answer, of which categories are a few).
 */
function sharedCategories(h: HistoryIndex, c: CandidateColumns): Uint8Array {
  const shared = new Uint8Array(c.length);
  if (h.lastCategories.size === 0) return shared;
  const inLast = new Uint8Array(c.categoryNames); // 0 not looked up, 1 no, 2 yes
  const { categoryStarts: starts, categoryIndex: index } = c;
  for (let i = 0; i < c.length; i++) {
    for (let k = starts[i]; k < starts[i + 1]; k++) {
      const at = index[k];
      if (inLast[at] === 0) {
        const name = c.categoryName(at);
        inLast[at] = name !== undefined && h.lastCategories.has(name) ? 2 : 1;
      }
      if (inLast[at] === 2) shared[i]++;
    }
  }
  return shared;
}

/** a ÷ max in [0, 1]; 0 when the list has no positive maximum. */
function ratio(a: number, max: number): number {
  return max > 0 && Number.isFinite(a) ? Math.max(0, Math.min(1, a / max)) : 0;
}
