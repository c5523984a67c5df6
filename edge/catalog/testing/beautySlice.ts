/// <reference path="./raw.d.ts" />
// Test fixture: a real slice of the committed Beauty data, imported as text so it also loads inside
// workerd (no file system there). Used by the edge tests only.

import beautyTxt from "../../../data/amazon-beauty/Beauty.txt?raw";
import itemsTsv from "../../../data/amazon-beauty/items.tsv?raw";
import { parseItemsTsv } from "../../../model/data/parseItemsTsv";
import { parseSequences } from "../../../model/data/parseSequences";
import { buildCandidateIndex, type CandidateIndex } from "../../candidates";

/**
 * The first `users` Beauty users' sequences and the items they touch (with titles, brands and
 * categories), built into a candidate index with the default options.
 * @example const { index, sequences } = beautySlice(3000);
 */
export function beautySlice(users: number): { index: CandidateIndex; sequences: number[][] } {
  const sequences = parseSequences(beautyTxt, { leadingId: true }).slice(0, users);
  const seen = new Set(sequences.flat());
  const items = parseItemsTsv(itemsTsv).filter((it) => seen.has(it.id));
  return { index: buildCandidateIndex(sequences, items), sequences };
}
