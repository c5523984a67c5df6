import type { DatasetSpec } from "../data/datasets";
import type { Holdout } from "../data/holdout";
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
  /** Cap on training cases (the first ones for leave-one-out, the latest for sessions); for tight budgets. */
  maxTrainCases?: number;
  /**
   * Leave-one-out: cuts to train on, counted from the end (2 = the validation target, 3 = the item
   * before it, ...). Each cut gets its own candidate index, built from the items before every
   * user's cut, so no training feature counts its own target. Default [3] strict, [2] valid-visible.
   */
  cuts?: readonly number[];
  /** Leave-one-out: strict (default) never trains on a validation target (model/data/holdout.ts). */
  holdout?: Holdout;
}

const isValidationUser = (u: number) => u % 10 === 0;

/**
 * Splits a dataset into leak-free blocks for ranker training.
 * Leave-one-out: one block per cut; each block's index sees only items before every user's cut.
 * Validation = every 10th user's cut-2 target (the protocol's validation item) on the cut-2 index;
 * `--quick` uses the first 2,500 users. Strict trains on cuts ≥ 3 only, so neither the index nor
 * the ranker sees a validation target (they pick the checkpoint, as for the published baselines);
 * valid-visible also trains on the other 90 % of users' cut-2 targets.
 * Sessions: index on the first 85% of the training sessions, ranker cases = prefixes of the
 * latest of the remaining sessions; validation = the last tenth of those (a held-out slice).
 */
export function datasetPlan(spec: DatasetSpec, options: PlanOptions): CaseBlock[] {
  if (spec.protocol === "leave-one-out") return leaveOneOutPlan(spec, options);
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

function leaveOneOutPlan(spec: DatasetSpec, options: PlanOptions): CaseBlock[] {
  const strict = (options.holdout ?? "strict") === "strict";
  const cuts = options.cuts ?? (strict ? [3] : [2]);
  if (strict && cuts.some((c) => c < 3))
    throw new RangeError(
      `strict holdout trains on cuts ≥ 3 (2 is the validation target), got ${cuts.join(",")}`,
    );
  const seqs = spec.sequences.slice(0, options.quick ? 2500 : spec.sequences.length);
  const blockAt = (back: number, train: boolean): CaseBlock => {
    const { indexSequences } = leaveOneOut(spec.sequences, back);
    const trainCases: NextItemCase[] = [];
    const valid: NextItemCase[] = [];
    seqs.forEach((s, u) => {
      const cut = s.length - back;
      if (cut < 1) return;
      const c = { history: s.slice(0, cut), target: s[cut] };
      // Validation users' cut-2 targets are held out; their earlier cuts are fair training data.
      if (back === 2 && isValidationUser(u)) valid.push(c);
      else if (train) trainCases.push(c);
    });
    return { indexSequences, train: trainCases.slice(0, options.maxTrainCases ?? trainCases.length), valid };
  };
  const blocks = cuts.map((back) => blockAt(back, true));
  // Strict: the validation block only picks the checkpoint; nothing in it is trained on.
  return strict ? [...blocks, blockAt(2, false)] : blocks;
}
