/** One next-item query: the history before the target (oldest first) and the target. */
export interface NextItemCase {
  history: number[];
  target: number;
}

/**
 * Leave-one-out cut for the S3-Rec protocol: `back` = 1 gives the test target (last item),
 * 2 the validation target, 3 an earlier one used for extra training queries. Returns the cases
 * and the sequences the candidate index may see (everything before each user's target), so the
 * features of a case never count its own target. Users with too short a sequence are skipped.
 * @example leaveOneOut([[1, 2, 3, 4]], 2) // { cases: [{ history: [1, 2], target: 3 }], indexSequences: [[1, 2]] }
 */
export function leaveOneOut(
  sequences: readonly (readonly number[])[],
  back: number,
): { cases: NextItemCase[]; indexSequences: number[][] } {
  const cases: NextItemCase[] = [];
  const indexSequences: number[][] = [];
  for (const s of sequences) {
    const cut = s.length - back;
    indexSequences.push(s.slice(0, Math.max(0, cut)));
    if (cut >= 1) cases.push({ history: s.slice(0, cut), target: s[cut] });
  }
  return { cases, indexSequences };
}

/**
 * Every (prefix → next item) pair of each session, as SR-GNN augments its training data.
 * @example sessionPrefixes([[1, 2, 3]]) // [{ history: [1], target: 2 }, { history: [1, 2], target: 3 }]
 */
export function sessionPrefixes(sessions: readonly (readonly number[])[]): NextItemCase[] {
  const out: NextItemCase[] = [];
  for (const s of sessions)
    for (let j = 1; j < s.length; j++) out.push({ history: s.slice(0, j), target: s[j] });
  return out;
}

/**
 * Session split for ranker training on Diginetica: the candidate index is built from the first
 * sessions, the ranker learns from the prefixes of the last `fraction` (the files are in time
 * order), so training features never count the training target (no leak).
 * @example holdOutTail([[1, 2], [3, 4]], 0.5) // { indexSessions: [[1, 2]], querySessions: [[3, 4]] }
 */
export function holdOutTail<T>(
  sessions: readonly T[],
  fraction: number,
): { indexSessions: T[]; querySessions: T[] } {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`fraction must be in (0, 1), got ${fraction}`);
  const cut = Math.round(sessions.length * (1 - fraction));
  return { indexSessions: sessions.slice(0, cut), querySessions: sessions.slice(cut) };
}
