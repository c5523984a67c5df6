import { buildCandidateIndex, indexLookups } from "../../edge/candidates";
import { layoutVector, psi } from "../../telemetry/drift";
import type { ReferenceProfile } from "../../telemetry/histogram";
import { poolProfile, type ScoredSession } from "../../telemetry/simulator/scoredSession";
import { readArtifactModel } from "../artifact/readArtifactModel";
import { CANDIDATE_LIMIT } from "../data/datasets";
import { loadDataset } from "../data/loadData";
import { retrieve } from "../data/retrieve";
import { encodeBatch } from "../features/encodeBatch";
import { preferredGather } from "../ranker/hostGather";
import { scoreCandidates } from "../ranker/scoreCandidates";
import { datasetPlan } from "./datasetPlan";

/**
 * How model/ makes an artifact's reference profile (model/train/runTraining.ts): the Beauty
 * validation users' held-out cut 2, candidates from that cut's own index (limit 200, history masked),
 * the first 500 cases. The `--quick` recipe draws them from the first 2,500 users only, the full
 * recipe from all users; both are tried (full first: the committed demo is the full model), and
 * `referencePool` keeps the one that reproduces the artifact's stored profile, so an artifact made
 * another way fails loudly instead of drifting silently.
 */
// Either holdout has the same validation block; valid-visible with cut 2 builds that block only.
const PROFILE_RECIPES = [
  { quick: false, cuts: [2], holdout: "valid-visible", limit: CANDIDATE_LIMIT["leave-one-out"], cases: 500 },
  { quick: true, cuts: [2], holdout: "valid-visible", limit: CANDIDATE_LIMIT["leave-one-out"], cases: 500 },
] as const;

/** Largest PSI allowed between the pool and the artifact's profile: int8 weights vs the fp32 ones the profile was scored with. */
const PROFILE_TOLERANCE_PSI = 0.01;

/**
 * The fleet's "nothing changed" population: the very held-out Beauty sequences the artifact's
 * reference profile was made from, scored by the artifact's own (int8) weights through model/'s
 * forward pass, each with its real history length. A no-shift simulation draws from this pool, so
 * its score and feature histograms follow the reference profile; returns the pool with the PSI of
 * each histogram against the artifact's stored profile.
 * @example const { pool, manifestVersion } = await referencePool("model/artifacts/demo");
 */
export async function referencePool(artifactDir: string): Promise<{
  pool: ScoredSession[];
  manifestVersion: string;
  reference: ReferenceProfile;
  psiVsArtifact: Record<string, number>;
}> {
  const { params, config, manifest } = await readArtifactModel(artifactDir);
  const spec = loadDataset("beauty");
  const gather = preferredGather(params);
  const reference = manifest.referenceProfile as ReferenceProfile;
  const tried: Record<string, number>[] = [];
  for (const recipe of PROFILE_RECIPES) {
    const block = datasetPlan(spec, recipe).find((b) => b.valid.length > 0);
    if (!block) throw new Error("the Beauty plan has no validation block");
    const lookups = indexLookups(buildCandidateIndex(block.indexSequences, spec.items, spec.indexOptions));
    const options = {
      limit: recipe.limit,
      includeContextItems: spec.includeContextItems,
      maskHistory: spec.maskHistory,
    };
    const pool = block.valid.slice(0, recipe.cases).map((c) => {
      const { candidates, historyCategories } = retrieve(c.history, lookups, options);
      const input = encodeBatch({ history: c.history, historyCategories, candidates }, config);
      return {
        scores: Array.from(scoreCandidates(params, config, input, gather)),
        features: candidates.map((cand) => ({ ...cand.features })),
        historyLength: c.history.length,
      };
    });
    const psiVsArtifact = comparePool(pool, reference);
    if (Math.max(...Object.values(psiVsArtifact)) <= PROFILE_TOLERANCE_PSI)
      return { pool, manifestVersion: manifest.version, reference, psiVsArtifact };
    tried.push(psiVsArtifact);
  }
  throw new Error(
    `the simulator's reference pool does not reproduce ${artifactDir}'s reference profile with the full or the --quick recipe (PSI ${JSON.stringify(tried)}): was it made another way?`,
  );
}

/** PSI of the pool's own histograms against a stored profile, per histogram. */
export function comparePool(
  pool: readonly ScoredSession[],
  reference: ReferenceProfile,
): Record<string, number> {
  const own = poolProfile(pool);
  const out: Record<string, number> = { score: psi(layoutVector(own.score), layoutVector(reference.score)) };
  for (const [name, h] of Object.entries(reference.features)) {
    const mine = own.features[name];
    if (mine) out[name] = psi(layoutVector(mine), layoutVector(h));
  }
  return out;
}
