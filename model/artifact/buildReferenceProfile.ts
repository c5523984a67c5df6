import { type ReferenceProfile, referenceProfileFrom } from "../../telemetry";

/**
 * The manifest's reference profile: what the model saw on validation data, binned in telemetry's fixed
 * `BUCKET_LAYOUTS` (score and the key candidate features; features without a layout are skipped) so the
 * fleet's drift is measured against the same buckets. A thin, checked wrapper over telemetry's
 * `referenceProfileFrom`: the binning lives there only. Throws on scores outside [0, 1], NaN, or
 * `features` / `historyLengths` that do not line up.
 * @example
 * const profile = buildReferenceProfile(scores, candidates.map((c) => c.features), historyLengths);
 */
export function buildReferenceProfile(
  scores: ArrayLike<number>,
  features: readonly Record<string, number>[] = [],
  historyLengths?: readonly number[],
): ReferenceProfile {
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!(s >= 0 && s <= 1)) throw new Error(`score[${i}] = ${s} is not a probability in [0, 1]`);
  }
  if (features.length > 0 && features.length !== scores.length) {
    throw new Error(`features has ${features.length} rows but there are ${scores.length} scores`);
  }
  if (historyLengths?.some((n) => !(Number.isInteger(n) && n >= 0))) {
    throw new Error("historyLengths must be non-negative integers");
  }
  return referenceProfileFrom({ scores, features, historyLengths });
}
