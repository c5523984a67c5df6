import { buildCandidateIndex, type CandidateLookups, indexLookups } from "../../edge/candidates";
import { type ReferenceProfile, referenceProfileFrom } from "../../telemetry";
import type { DatasetSpec } from "../data/datasets";
import type { Holdout } from "../data/holdout";
import { retrieve } from "../data/retrieve";
import type { NextItemCase } from "../data/splits";
import { encodeBatch } from "../features/encodeBatch";
import { fitFeatureScaling } from "../features/transform";
import { defaultConfig } from "../ranker/defaultConfig";
import { preferredGather } from "../ranker/hostGather";
import { initParams } from "../ranker/initParams";
import { mulberry32 } from "../ranker/random";
import { scoreCandidates } from "../ranker/scoreCandidates";
import type { RankerConfig, RankerParams } from "../ranker/types";
import { concatGroups, realFeatureRows, standardizeInPlace } from "./batches";
import { buildQuerySet, type QuerySet } from "./buildQuerySet";
import { datasetPlan } from "./datasetPlan";
import { rankerFeatureNames } from "./featureSet";
import { rankingMetrics, scoreQuerySet } from "./scoreQuerySet";
import { tableSizes } from "./tableSizes";
import { type TrainOptions, trainRanker } from "./trainRanker";

/** Options of {@link runTraining}. */
export interface RunTrainingOptions {
  quick: boolean;
  seed: number;
  /** Candidates requested from the generator per query. */
  limit: number;
  /** Slots per training group (1 positive + negatives); ≥ limit trains on the whole list. */
  slots: number;
  /** Leave-one-out: cuts to train on (see datasetPlan). */
  cuts?: readonly number[];
  /** Leave-one-out: strict (default) or valid-visible (model/data/holdout.ts). */
  holdout?: Holdout;
  train: Omit<TrainOptions, "seed" | "validate">;
  config?: Partial<RankerConfig>;
  maxTrainCases?: number;
  log?: (message: string) => void;
}

/** A trained ranker with its validation figures and reference profile. */
export interface TrainedModel {
  params: RankerParams;
  config: RankerConfig;
  /** Validation metrics of the rerank and of the generator's own order. */
  valid: { rerank: Record<string, number>; retrieval: Record<string, number> };
  referenceProfile: ReferenceProfile;
  epochs: { epoch: number; loss: number; valid: number | undefined }[];
  trainGroups: number;
}

/** Metric that picks the best checkpoint: NDCG@10 (leave-one-out, as S3-Rec) or MRR@20 (sessions, as SR-GNN). */
export function mainMetric(spec: Pick<DatasetSpec, "protocol">): string {
  return spec.protocol === "leave-one-out" ? "NDCG@10" : "MRR@20";
}

/**
 * The whole training recipe: leak-free candidate indexes → generator candidates → encoded groups
 * → fitted feature scaling → Adam on listwise softmax → best epoch on validation.
 */
export function runTraining(spec: DatasetSpec, o: RunTrainingOptions): TrainedModel {
  const log = o.log ?? (() => {});
  const raw = defaultConfig(rankerFeatureNames(), { ...tableSizes(spec), ...o.config, featureClip: 1e9 });
  const base = {
    includeContextItems: spec.includeContextItems,
    maskHistory: spec.maskHistory,
    limit: o.limit,
  };
  const trainParts: QuerySet[] = [];
  const validParts: QuerySet[] = [];
  // The validation block's own index: with several cuts the last block built is not it.
  let validation: { cases: NextItemCase[]; lookups: CandidateLookups } | undefined;
  let seedRand = o.seed;
  const plan = datasetPlan(spec, {
    quick: o.quick,
    maxTrainCases: o.maxTrainCases,
    cuts: o.cuts,
    holdout: o.holdout,
  });
  for (const block of plan) {
    const t0 = Date.now();
    const lookups = indexLookups(buildCandidateIndex(block.indexSequences, spec.items, spec.indexOptions));
    log(`index of ${block.indexSequences.length} sequences in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (block.train.length > 0) {
      const rand = mulberry32(seedRand++);
      trainParts.push(buildQuerySet(block.train, lookups, raw, { ...base, sampleSlots: o.slots, rand }));
    }
    if (block.valid.length > 0) {
      validParts.push(buildQuerySet(block.valid, lookups, raw, base));
      validation = { cases: block.valid, lookups };
    }
    log(
      `${block.train.length} train / ${block.valid.length} valid cases encoded in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  if (!validation) throw new Error(`no validation cases for ${spec.name}: check the dataset plan`);
  const profileCases = validation;
  const train = concatGroups(trainParts.map((p) => p.encoded));
  const trainTargets = Int32Array.from(trainParts.flatMap((p) => Array.from(p.targets)));
  const valid = validParts[0];
  const { mean, std } = fitFeatureScaling(realFeatureRows(train), raw.featureNames.length);
  const config: RankerConfig = {
    ...raw,
    featureMean: mean,
    featureStd: std,
    featureClip: o.config?.featureClip ?? 6,
  };
  standardizeInPlace(train, mean, std, config.featureClip);
  standardizeInPlace(valid.encoded, mean, std, config.featureClip);
  const metric = mainMetric(spec);
  const cutoffs = [10, 20];
  log(`training on ${train.groups} groups × ${train.candidatesPerGroup} slots`);
  const result = trainRanker(initParams(config, o.seed), config, train, trainTargets, {
    ...o.train,
    seed: o.seed,
    validate: (p) =>
      rankingMetrics(valid.encoded, valid.targets, cutoffs, scoreQuerySet(p, config, valid.encoded))[metric],
  });
  const scores = scoreQuerySet(result.params, config, valid.encoded);
  return {
    params: result.params,
    config,
    valid: {
      rerank: rankingMetrics(valid.encoded, valid.targets, cutoffs, scores),
      retrieval: rankingMetrics(valid.encoded, valid.targets, cutoffs),
    },
    referenceProfile: profileOf(
      profileCases.cases.slice(0, 500),
      profileCases.lookups,
      result.params,
      config,
      base,
    ),
    epochs: result.log,
    trainGroups: train.groups,
  };
}

/** Score and key-feature histograms (telemetry's layouts) of the model on validation queries. */
function profileOf(
  cases: readonly NextItemCase[],
  lookups: CandidateLookups,
  params: RankerParams,
  config: RankerConfig,
  base: { limit: number; includeContextItems: boolean; maskHistory: boolean },
): ReferenceProfile {
  const scores: number[] = [];
  const features: Record<string, number>[] = [];
  const gather = preferredGather(params);
  for (const c of cases) {
    const { candidates, historyCategories } = retrieve(c.history, lookups, base);
    const p = scoreCandidates(
      params,
      config,
      encodeBatch({ history: c.history, historyCategories, candidates }, config),
      gather,
    );
    scores.push(...p);
    for (const cand of candidates) features.push({ ...cand.features });
  }
  return referenceProfileFrom({ scores, features, historyLengths: cases.map((c) => c.history.length) });
}
