import * as v from "valibot";
import { Histogram, type HistogramJSON } from "./Histogram";
import { BUCKET_LAYOUTS, FEATURE_LAYOUT_NAMES, LAYOUT_NAMES, type LayoutName } from "./layouts";

/**
 * What the model saw when it was made (DESIGN.md "Model artifact"): score and key feature
 * histograms over validation data, in exactly the layouts telemetry uses. `n` = scored candidates.
 * model-artifact writes it into the manifest; the fleet measures drift against it.
 */
export type ReferenceProfile = {
  n: number;
  score: HistogramJSON;
  features: Record<string, HistogramJSON>;
};

/**
 * Builds a profile from validation scores and candidate features (feature names not in
 * `BUCKET_LAYOUTS` are skipped; historyLength is one value per request, given separately).
 * @example referenceProfileFrom({ scores, features: candidates.map((c) => c.features), historyLengths })
 */
export function referenceProfileFrom(input: {
  scores: ArrayLike<number>;
  features?: readonly Record<string, number>[];
  historyLengths?: readonly number[];
}): ReferenceProfile {
  const score = new Histogram("score");
  for (let i = 0; i < input.scores.length; i++) score.add(input.scores[i]);
  const hists = new Map<LayoutName, Histogram>();
  for (const row of input.features ?? []) {
    for (const name of FEATURE_LAYOUT_NAMES) {
      if (!(name in row)) continue;
      if (!hists.has(name)) hists.set(name, new Histogram(name));
      hists.get(name)?.add(row[name]);
    }
  }
  if (input.historyLengths) {
    const h = new Histogram("historyLength");
    for (const x of input.historyLengths) h.add(x);
    hists.set("historyLength", h);
  }
  const features: Record<string, HistogramJSON> = {};
  for (const [name, h] of hists) features[name] = h.toJSON();
  return { n: score.total, score: score.toJSON(), features };
}

const Weight = v.pipe(v.number(), v.finite(), v.minValue(0));
const HistogramSchema = v.pipe(
  v.strictObject({
    layout: v.picklist(LAYOUT_NAMES),
    counts: v.array(Weight),
    underflow: Weight,
    overflow: Weight,
  }),
  v.check(
    (h) => h.counts.length === BUCKET_LAYOUTS[h.layout].edges.length - 1,
    "counts do not match the layout",
  ),
);

/** Strict schema of a `ReferenceProfile` (for manifests read from storage or uploads). */
export const ReferenceProfileSchema = v.strictObject({
  n: Weight,
  score: v.pipe(
    HistogramSchema,
    v.check((h) => h.layout === "score", "score must use the score layout"),
  ),
  features: v.pipe(
    v.record(v.picklist(FEATURE_LAYOUT_NAMES), HistogramSchema),
    v.check(
      (f) => Object.entries(f).every(([k, h]) => h?.layout === k),
      "each feature must use its own layout",
    ),
  ),
});

/**
 * Validates an untrusted reference profile; never throws.
 * @example const r = parseReferenceProfile(manifest.referenceProfile); if (r.ok) use(r.profile);
 */
export function parseReferenceProfile(
  json: unknown,
): { ok: true; profile: ReferenceProfile } | { ok: false; message: string } {
  const r = v.safeParse(ReferenceProfileSchema, json);
  if (r.success) return { ok: true, profile: r.output as ReferenceProfile };
  const path = v.getDotPath(r.issues[0]);
  return { ok: false, message: path ? `${path}: ${r.issues[0].message}` : r.issues[0].message };
}
