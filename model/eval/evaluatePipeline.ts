import type { CandidateLookups } from "../../edge/candidates";
import { retrieve } from "../data/retrieve";
import type { NextItemCase } from "../data/splits";
import { encodeGroups } from "../features/encodeBatch";
import type { EncodeInput } from "../features/types";
import { preferredGather } from "../ranker/hostGather";
import { scoreCandidates } from "../ranker/scoreCandidates";
import type { RankerConfig, RankerParams } from "../ranker/types";
import { MetricAccumulator, rankOf } from "../task/metrics";

/** Options of {@link evaluatePipeline}. */
export interface PipelineOptions {
  limit: number;
  includeContextItems: boolean;
  maskHistory: boolean;
  cutoffs: number[];
  /** Queries scored per forward pass. */
  chunk?: number;
  onProgress?: (done: number) => void;
  /** Each case's 0-based target rank (-1 = miss) per stage, for paired comparisons between runs. */
  onRank?: (stage: "retrieval" | "rerank", caseIndex: number, rank: number) => void;
}

/**
 * The two-stage pipeline end to end: the shared generator's candidates (a target outside them is a
 * miss), then (a) the generator's own order and (b) the ranker's rerank. Also records the
 * candidate recall.
 */
export function evaluatePipeline(
  cases: readonly NextItemCase[],
  lookups: CandidateLookups,
  model: { params: RankerParams; config: RankerConfig } | undefined,
  o: PipelineOptions,
): {
  retrieval: Record<string, number>;
  rerank?: Record<string, number>;
  recall: number;
  /** Most candidate lists held at once, waiting for the ranker (≤ chunk; 0 without a model). */
  peakPending: number;
} {
  const retrievalAcc = new MetricAccumulator(o.cutoffs);
  const rerankAcc = new MetricAccumulator(o.cutoffs);
  let found = 0;
  const chunk = o.chunk ?? 32;
  const gather = model && preferredGather(model.params);
  let pending: { input: EncodeInput; target: number; caseIndex: number }[] = [];
  let peakPending = 0;
  const flush = () => {
    if (!model || pending.length === 0) return;
    const N = Math.max(1, ...pending.map((p) => p.input.candidates.length));
    const scores = scoreCandidates(
      model.params,
      model.config,
      encodeGroups(
        pending.map((p) => p.input),
        model.config,
        N,
      ),
      gather,
    );
    pending.forEach((p, g) => {
      const row = scores.slice(g * N, g * N + p.input.candidates.length);
      const rank = p.target < 0 ? -1 : rankOf(row, p.target);
      rerankAcc.add(rank);
      o.onRank?.("rerank", p.caseIndex, rank);
    });
    pending = [];
  };
  cases.forEach((c, i) => {
    const { candidates, historyCategories } = retrieve(c.history, lookups, o);
    const t = candidates.findIndex((x) => x.id === c.target);
    if (t >= 0) found++;
    retrievalAcc.add(t);
    o.onRank?.("retrieval", i, t);
    if (i % 2000 === 1999) o.onProgress?.(i + 1);
    // Without a model nothing flushes: holding every list ran out of memory at 35k users.
    if (!model) return;
    pending.push({ input: { history: c.history, historyCategories, candidates }, target: t, caseIndex: i });
    peakPending = Math.max(peakPending, pending.length);
    if (pending.length >= chunk) flush();
  });
  flush();
  return {
    retrieval: retrievalAcc.result(),
    rerank: model ? rerankAcc.result() : undefined,
    recall: cases.length ? found / cases.length : Number.NaN,
    peakPending,
  };
}
