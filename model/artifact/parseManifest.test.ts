import { describe, expect, it } from "vitest";
import { FEATURE_SCHEMA_VERSION } from "../features";
import { buildArtifact, buildReferenceProfile, type Manifest, parseManifest } from "./index";
import { testRanker } from "./testRanker";

/** A valid int8 manifest with two shards, to break one rule at a time. */
const { config, params } = testRanker(3, { itemBuckets: 256, categoryBuckets: 64 });
const { manifest: valid } = await buildArtifact({
  params,
  config,
  version: "beauty-2026.1",
  precision: "int8",
  metrics: { "ndcg@10": 0.041, "hr@10": 0.07 },
  referenceProfile: buildReferenceProfile([0.1, 0.5, 0.9], [{ popularity: 2 }, { popularity: 3 }, {}]),
  shardBytes: 4096,
});

type Json = Record<string, unknown>;
const clone = (): Json => JSON.parse(JSON.stringify(valid));

function rejects(mutate: (m: Json & Manifest) => void, message: RegExp): void {
  const m = clone() as Json & Manifest;
  mutate(m);
  const result = parseManifest(m);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.issues.join("\n")).toMatch(message);
}

describe("parseManifest", () => {
  it("accepts what buildArtifact writes, after a JSON round trip", () => {
    expect(valid.files.length).toBeGreaterThan(1);
    const result = parseManifest(clone());
    expect(result.ok).toBe(true);
  });

  it("rejects non-objects and missing fields", () => {
    expect(parseManifest(null).ok).toBe(false);
    expect(parseManifest([]).ok).toBe(false);
    rejects((m) => delete (m as Json).weights, /weights/);
    rejects((m) => delete (m as Json).referenceProfile, /referenceProfile/);
  });

  it("rejects unknown keys at any level", () => {
    rejects((m) => Object.assign(m, { extra: 1 }), /extra/);
    rejects((m) => Object.assign(m.files[0], { url: "x" }), /files\.0/);
    rejects(
      (m) => Object.assign(m.weightsManifest[0].weights[0], { group: "model" }),
      /weightsManifest\.0\.weights\.0/,
    );
  });

  it("rejects malformed values", () => {
    rejects((m) => (m.version = "../etc"), /version/);
    rejects((m) => (m.version = "a".repeat(65)), /version/);
    rejects((m) => (m.createdAt = "yesterday"), /createdAt/);
    rejects((m) => ((m as Json).precision = "int4"), /precision/);
    rejects((m) => (m.files[0].sha256 = "ABC"), /files\.0\.sha256/);
    rejects((m) => (m.files[0].bytes = -1), /files\.0\.bytes/);
    rejects((m) => (m.weights.bytes = 1.5), /weights\.bytes/);
    rejects((m) => (m.metrics["ndcg@10"] = Number.NaN), /metrics/);
    rejects((m) => ((m as Json).featureSchemaVersion = "1"), /featureSchemaVersion/);
    rejects((m) => (m.weightsManifest[0].weights[0].shape = [-1, 2]), /shape/);
  });

  it("rejects unsafe or reserved file paths", () => {
    for (const path of ["../x.bin", "a/b.bin", "manifest.json", ".hidden", "a b.bin", ""]) {
      rejects((m) => {
        m.files[0].path = path;
        m.weightsManifest[0].paths[0] = path;
      }, /path/);
    }
  });

  it("rejects a file list that disagrees with the weights manifest", () => {
    rejects((m) => m.files.reverse(), /in order/);
    rejects((m) => m.files.pop(), /exactly the weightsManifest paths/);
    rejects((m) => m.files.push({ ...m.files[0] }), /listed twice/);
  });

  it("rejects byte counts that do not add up", () => {
    rejects((m) => (m.weights.bytes += 1), /files sum to/);
    rejects((m) => {
      m.files[0].bytes += 1;
      m.weights.bytes += 1;
    }, /encode to \d+ bytes but its files hold/);
    rejects((m) => (m.weightsManifest[0].weights[0].shape = [1]), /encode to/);
  });

  it("rejects quantization that does not fit the precision or the dtype", () => {
    const quantized = (m: Manifest) => m.weightsManifest[0].weights.find((w) => w.quantization)!;
    rejects((m) => (m.precision = "fp16"), /quantization uint8 does not fit precision fp16/);
    rejects((m) => (m.precision = "fp32"), /does not fit precision fp32/);
    rejects((m) => (quantized(m).dtype = "int32"), /only float32 is quantized/);
    rejects((m) => Object.assign(quantized(m).quantization!, { scale: 0 }), /scale/);
    rejects((m) => delete (quantized(m).quantization as Json).min, /min/);
  });

  it("rejects repeated weight names and a feature schema that disagrees with the architecture", () => {
    rejects(
      (m) => (m.weightsManifest[0].weights[1].name = m.weightsManifest[0].weights[0].name),
      /appears twice/,
    );
    rejects(
      (m) => (m.featureSchemaVersion = FEATURE_SCHEMA_VERSION + 1),
      new RegExp(`architecture\\.featureSchemaVersion ${FEATURE_SCHEMA_VERSION} differs`),
    );
  });

  it("rejects a reference profile outside telemetry's layouts", () => {
    rejects((m) => ((m.referenceProfile.score as Json).layout = "popularity"), /referenceProfile/);
    rejects((m) => m.referenceProfile.score.counts.pop(), /referenceProfile/);
    rejects(
      (m) => Object.assign(m.referenceProfile.features, { made_up: m.referenceProfile.score }),
      /referenceProfile/,
    );
  });
});
