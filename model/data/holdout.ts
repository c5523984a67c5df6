import type { DatasetSpec } from "./datasets";
import { leaveOneOut, type NextItemCase } from "./splits";

/**
 * What the candidate index and the ranker's training data may hold, under the leave-one-out protocol
 * (validation target = each user's second-to-last item, test target = the last):
 * - `strict`: only items before each user's validation item — what the published baselines see
 *   (they train on the items before it and use it only to pick a checkpoint). The headline of
 *   every comparison with a published row.
 * - `valid-visible`: every item except each user's test item, the setting before strict existed:
 *   the test-time index then holds the other users' validation items at the most recent position,
 *   and the ranker trains on validation targets.
 * The sessions protocol has no validation items (test sessions come after every training
 * session), so it is strict by construction and has only that setting.
 */
export type Holdout = "strict" | "valid-visible";
export const HOLDOUTS: readonly Holdout[] = ["strict", "valid-visible"];

/**
 * Checks a `--holdout` value (default strict); `valid-visible` exists only for leave-one-out.
 * @example parseHoldout(undefined, "leave-one-out") // "strict"
 */
export function parseHoldout(value: string | undefined, protocol: DatasetSpec["protocol"]): Holdout {
  const h = value ?? "strict";
  if (!HOLDOUTS.includes(h as Holdout))
    throw new Error(`--holdout must be strict or valid-visible, got "${h}"`);
  if (h === "valid-visible" && protocol === "sessions")
    throw new Error("--holdout valid-visible: the sessions protocol has no validation items to leak");
  return h as Holdout;
}

/**
 * The test cases and the sequences their candidate index is built from.
 * @example testSplit(spec, "strict").indexSequences // each user's items before the validation item
 */
export function testSplit(
  spec: DatasetSpec,
  holdout: Holdout,
): { cases: NextItemCase[]; indexSequences: number[][] } {
  if (spec.protocol === "sessions") return { cases: spec.testPairs ?? [], indexSequences: spec.sequences };
  const { cases, indexSequences } = leaveOneOut(spec.sequences, 1);
  return holdout === "strict"
    ? { cases, indexSequences: leaveOneOut(spec.sequences, 2).indexSequences }
    : { cases, indexSequences };
}

/**
 * The tag train and eval put into artifact names and versions: "-strict" for a leave-one-out model
 * trained strictly, "" otherwise (valid-visible and sessions models keep the names they had before).
 * @example holdoutTag("leave-one-out", "strict") // "-strict"
 */
export function holdoutTag(protocol: DatasetSpec["protocol"], holdout: Holdout): string {
  return holdout === "strict" && protocol === "leave-one-out" ? "-strict" : "";
}
