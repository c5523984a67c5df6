import { byScoreDesc } from "./cooccurrence";
import type { CatalogItemInput, ScoredId } from "./types";

/** Options of `contentNeighbours`. */
export type ContentNeighbourOptions = {
  /** Neighbours kept per item (default 50). */
  maxNeighbours?: number;
  /** Weight of the brand term relative to one title word (default 1: IDF alone decides). */
  brandWeight?: number;
  /** Weight of each category-path prefix relative to one title word (default 1). */
  categoryWeight?: number;
  /**
   * Terms held by more items than this are dropped, like stop words (default 1000): they carry
   * little IDF, and the cost of the build is bounded by items × terms per item × this.
   */
  maxTermItems?: number;
};

const DEFAULTS: Required<ContentNeighbourOptions> = {
  maxNeighbours: 50,
  brandWeight: 1,
  categoryWeight: 1,
  maxTermItems: 1000,
};

/**
 * The terms of an item, each with its field weight: distinct title words (letters, or words that
 * mix letters and digits; bare numbers like sizes are noise), the brand as one term, and every
 * prefix of the category path as one term each ("Makeup", "Makeup>Nails", ...), so a deeper shared
 * path scores more and IDF makes a rare leaf count more than a broad root.
 * @example itemTerms({ id: 1, title: "OPI Nail Lacquer 0.5 oz", categories: ["Makeup", "Nails"], brand: "OPI" }, DEFAULTS)
 */
export function itemTerms(item: CatalogItemInput, o: Required<ContentNeighbourOptions> = DEFAULTS) {
  const terms = new Map<string, number>();
  const words =
    item.title
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const w of words) if (w.length > 1 && /\p{L}/u.test(w)) terms.set(`w:${w}`, 1);
  if (item.brand) terms.set(`b:${item.brand.toLowerCase()}`, o.brandWeight);
  const path: string[] = [];
  for (const c of item.categories) {
    path.push(c.toLowerCase());
    terms.set(`c:${path.join(">")}`, o.categoryWeight);
  }
  return terms;
}

/**
 * Content neighbours of every catalog item: cosine similarity of TF-IDF vectors over title words,
 * brand and category-path prefixes, best `maxNeighbours` per item. Why this one: it needs no
 * interactions (day zero), costs one inverted-index pass (no model, no embeddings to ship), and IDF
 * weighs a shared brand or leaf category by how rare it is, with no hand-made table. Items with no
 * informative term get no list (category backfill covers them). Deterministic: ties break by id.
 * This is also the public candidate-pair domain of fleet learning (pairs that need no release
 * threshold, since the list is computed from the catalog alone).
 * @example contentNeighbours(items).get(1) // [{ id: 2, score: 0.83 }, ...]
 */
export function contentNeighbours(
  items: readonly CatalogItemInput[],
  options: ContentNeighbourOptions = {},
): Map<number, ScoredId[]> {
  const o = { ...DEFAULTS, ...options };
  const termsOf = items.map((it) => itemTerms(it, o));
  const postings = new Map<string, number[]>();
  termsOf.forEach((terms, i) => {
    for (const t of terms.keys()) {
      const list = postings.get(t) ?? [];
      list.push(i);
      postings.set(t, list);
    }
  });
  // Each kept term's squared TF-IDF weight (field weight × idf): a term weighs the same in every
  // item that holds it, so a shared term adds its square to the dot product.
  const kept = new Map<string, { sq: number; items: Int32Array }>();
  for (const [t, list] of postings) {
    const w = (termsOf[list[0]].get(t) ?? 0) * Math.log(items.length / list.length);
    if (list.length > 1 && list.length <= o.maxTermItems && w > 0)
      kept.set(t, { sq: w * w, items: Int32Array.from(list) });
  }
  const rows = termsOf.map((terms) => [...terms.keys()].flatMap((t) => kept.get(t) ?? []));
  const norm = rows.map((row) => Math.sqrt(row.reduce((s, term) => s + term.sq, 0)));
  const dot = new Float64Array(items.length);
  const touched = new Int32Array(items.length);
  const out = new Map<number, ScoredId[]>();
  for (let a = 0; a < items.length; a++) {
    let nTouched = 0;
    for (const term of rows[a]) {
      const holders = term.items;
      for (let k = 0; k < holders.length; k++) {
        const b = holders[k];
        if (b === a) continue;
        if (dot[b] === 0) touched[nTouched++] = b;
        dot[b] += term.sq;
      }
    }
    const best = new TopN(o.maxNeighbours);
    for (let k = 0; k < nTouched; k++) {
      const b = touched[k];
      best.offer(items[b].id, dot[b] / (norm[a] * norm[b]));
      dot[b] = 0;
    }
    if (nTouched > 0) out.set(items[a].id, best.list);
  }
  return out;
}

/** The n best entries offered so far, kept sorted (`byScoreDesc`); most offers lose at one compare. */
class TopN {
  readonly list: ScoredId[] = [];
  constructor(private readonly n: number) {}
  offer(id: number, score: number) {
    const { list, n } = this;
    const last = list[n - 1];
    if (last && (score < last.score || (score === last.score && id > last.id))) return;
    const e = { id, score };
    let i = list.length;
    while (i > 0 && byScoreDesc(e, list[i - 1]) < 0) i--;
    list.splice(i, 0, e);
    if (list.length > n) list.pop();
  }
}
