import type { NextItemCase } from "../data/splits";
import { MetricAccumulator } from "../task/metrics";
import type { Recommender } from "./baselines";

/**
 * Runs each recommender on every case and averages HR/NDCG/MRR at the cut-offs. The rank of the
 * target is its position in the recommender's list; a target absent from the list is a miss.
 * @example evaluateRecommenders(cases, { POP: pop }, [10, 20]).POP["HR@10"]
 */
export function evaluateRecommenders(
  cases: readonly NextItemCase[],
  recommenders: Record<string, Recommender>,
  cutoffs: number[],
): Record<string, Record<string, number>> {
  const k = Math.max(...cutoffs);
  const out: Record<string, Record<string, number>> = {};
  for (const [name, rec] of Object.entries(recommenders)) {
    const acc = new MetricAccumulator(cutoffs);
    for (const c of cases) acc.add(rec(c.history, k).indexOf(c.target));
    out[name] = acc.result();
  }
  return out;
}
