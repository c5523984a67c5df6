import * as tf from "@tensorflow/tfjs";
import { buildCandidateIndex, indexLookups } from "../../../edge/candidates";
import { type ArtifactFile, loadModel, type Manifest, type Precision } from "../../../model/artifact";
import { leaveOneOut, loadDataset, type NextItemCase } from "../../../model/data";
import { evaluatePipeline } from "../../../model/eval";

/** Candidates per query, as the Beauty eval (model/cli/eval.ts) and training use. */
const LIMIT = 200;

export type MetricRow = { precision: Precision; metrics: Record<string, number> };

/**
 * Beauty validation metrics of the same model at each precision, through model/'s own two-stage
 * `evaluatePipeline` (generator candidates → rerank; a target outside the candidates is a miss).
 * Validation = the protocol's validation target (second-to-last item) of every 10th user, the users that
 * model/train holds out (datasetPlan); the candidate index sees only items before each user's cut.
 * All precisions score the same cases on the same backend, so the deltas are paired.
 */
export async function metricDeltas(
  artifacts: Map<Precision, { manifest: Manifest; files: ArtifactFile[] }>,
  maxCases: number,
  log: (m: string) => void,
): Promise<{ rows: MetricRow[]; cases: number }> {
  const spec = loadDataset("beauty");
  const { indexSequences } = leaveOneOut(spec.sequences, 2);
  const cases: NextItemCase[] = [];
  spec.sequences.forEach((s, u) => {
    const cut = s.length - 2;
    if (u % 10 === 0 && cut >= 1) cases.push({ history: s.slice(0, cut), target: s[cut] });
  });
  const used = cases.slice(0, maxCases);
  const lookups = indexLookups(buildCandidateIndex(indexSequences, spec.items, spec.indexOptions));
  const rows: MetricRow[] = [];
  for (const [precision, artifact] of artifacts) {
    const t0 = Date.now();
    const byPath = new Map(artifact.files.map((f) => [f.path, f.data]));
    const model = await loadModel(artifact.manifest, async (p) => byPath.get(p)!.slice().buffer);
    const result = evaluatePipeline(used, lookups, model, {
      limit: LIMIT,
      includeContextItems: spec.includeContextItems,
      maskHistory: spec.maskHistory,
      cutoffs: [10, 20],
    });
    tf.dispose(Object.values(model.params));
    rows.push({ precision, metrics: result.rerank ?? {} });
    log(`${precision}: ${used.length} validation queries in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  return { rows, cases: used.length };
}
