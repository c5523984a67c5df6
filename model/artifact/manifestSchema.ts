import * as v from "valibot";
import { MODEL_VERSION_PATTERN, ReferenceProfileSchema } from "../../telemetry";

/**
 * The strict schema of an artifact's manifest.json (DESIGN "Model artifact", contract 3). Unknown keys are
 * rejected at every level, so a typo cannot slip through, and the cross-field checks in `manifestChecks`
 * make the weights manifest, the file list and the byte counts agree with each other.
 */

/**
 * File paths become URL segments and R2 keys: no slashes, no "..", no spaces. Versions use
 * telemetry's MODEL_VERSION_PATTERN, the one pattern that the registry and reports share.
 */
export const FILE_PATH_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;

const finite = v.pipe(v.number(), v.finite());
const byteCount = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const sha256 = v.pipe(v.string(), v.regex(SHA256_PATTERN, "must be 64 lower-case hex digits"));
const filePath = v.pipe(
  v.string(),
  v.maxLength(100),
  v.regex(FILE_PATH_PATTERN, "must be a plain file name (letters, digits, . _ -)"),
  v.check((p) => p !== "manifest.json", "manifest.json is the manifest itself, not a weights file"),
);

const quantization = v.variant("dtype", [
  v.strictObject({ dtype: v.literal("float16") }),
  v.strictObject({
    dtype: v.literal("uint8"),
    min: finite,
    scale: v.pipe(v.number(), v.finite(), v.gtValue(0)),
  }),
]);

export const WeightEntrySchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  shape: v.array(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  dtype: v.picklist(["float32", "int32"]),
  quantization: v.optional(quantization),
});

export const WeightsGroupSchema = v.strictObject({
  paths: v.pipe(v.array(filePath), v.minLength(1)),
  weights: v.array(WeightEntrySchema),
});

export const ManifestObjectSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  version: v.pipe(v.string(), v.regex(MODEL_VERSION_PATTERN, `must match ${MODEL_VERSION_PATTERN.source}`)),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  precision: v.picklist(["fp32", "fp16", "int8"]),
  architecture: v.record(v.string(), v.unknown()),
  featureSchemaVersion: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  weightsManifest: v.pipe(v.array(WeightsGroupSchema), v.minLength(1)),
  files: v.pipe(v.array(v.strictObject({ path: filePath, sha256, bytes: byteCount })), v.minLength(1)),
  weights: v.strictObject({ sha256, bytes: byteCount }),
  metrics: v.record(v.string(), finite),
  /** telemetry's own strict schema: the histograms must use exactly its bucket layouts. */
  referenceProfile: ReferenceProfileSchema,
});

export type ManifestObject = v.InferOutput<typeof ManifestObjectSchema>;
