import type { DatasetSpec } from "../data/datasets";
import { holdOutTail, leaveOneOut, type NextItemCase, sessionPrefixes } from "../data/splits";

/** One candidate index and the cases whose features it may compute without leaking their target. */
export interface CaseBlock {
  indexSequences: number[][];
  train: NextItemCase[];
  valid: NextItemCase[];
}

/** Size knobs of a training run (`--quick` shrinks them). */
export interface PlanOptions {
  quick: boolean;
  /** Cap on training cases (the first ones for Beauty, the latest for Diginetica); for tight budgets. */
  maxTrainCases?: number;
  /**
   * Beauty: leave-one-out cuts to train on, counted from the end (2 = the validation target,
   * 3 = the item before it, ...). Each cut gets its own candidate index, built from the items
   * before every user's cut, so no training feature counts its own target. Default [2].
   */
  cuts?: readonly number[];
}

/**
 * Splits a dataset into leak-free blocks for ranker training.
 * Beauty: one block per cut (2 = the protocol's validation target, 3, 4, … earlier items); each
 * block's index sees only items before every user's cut. Validation = every 10th user's cut-2
 * target; `--quick` uses the first 2,500 users.
 * Diginetica: index on the first 85% of the training sessions, ranker cases = prefixes of the
 * latest of the remaining sessions; validation = the last tenth of those (a held-out slice).
 */
export function datasetPlan(spec: DatasetSpec, options: PlanOptions): CaseBlock[] {
  if (spec.name === "beauty") {
    const cuts = options.cuts ?? [2];
    const users = options.quick ? 2500 : spec.sequences.length;
    const seqs = spec.sequences.slice(0, users);
    const isValid = (u: number) => u % 10 === 0;
    return cuts.map((back) => {
      const { indexSequences } = leaveOneOut(spec.sequences, back);
      const train: NextItemCase[] = [];
      const valid: NextItemCase[] = [];
      seqs.forEach((s, u) => {
        const cut = s.length - back;
        if (cut < 1) return;
        const c = { history: s.slice(0, cut), target: s[cut] };
        // Validation users' cut-2 targets are held out; their earlier cuts are fair training data.
        if (back === 2 && isValid(u)) valid.push(c);
        else train.push(c);
      });
      return { indexSequences, train: train.slice(0, options.maxTrainCases ?? train.length), valid };
    });
  }
  const { indexSessions, querySessions } = holdOutTail(spec.sequences, 0.15);
  // Every held-out session in full (≈ 28k sessions); the latest 1.5k with --quick.
  const q = options.quick ? querySessions.slice(-1500) : querySessions;
  const v = Math.round(q.length * 0.1);
  return [
    {
      indexSequences: indexSessions,
      train: sessionPrefixes(q.slice(0, q.length - v)).slice(-(options.maxTrainCases ?? 0)),
      valid: sessionPrefixes(q.slice(q.length - v)).slice(0, options.quick ? 400 : 2500),
    },
  ];
}
