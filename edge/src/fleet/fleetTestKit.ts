// Test kit for the fleet tests (not imported by the Worker): sends reports through the real route,
// flushes every aggregator's alarm, and publishes a model version whose manifest carries a reference profile.
import { listDurableObjectIds, runDurableObjectAlarm } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { type ReferenceProfile, referenceProfileFrom, type TelemetryReport } from "../../../telemetry";
import { type SyntheticOptions, syntheticReport } from "../../../telemetry/simulator/syntheticReport";
import { seededRng } from "../../../telemetry/util/rng";
import { makeArtifact, OPS_TOKEN, setRollout, upload, uploadForm } from "../routes/registryTestKit";
import { hourOf, shardFor } from "./shardKey";

export const BASE = "http://edge.test";
/** Headers of an admin call (ops token). */
export const ADMIN = { authorization: `Bearer ${OPS_TOKEN}` };

/** POSTs reports one by one; returns their statuses. */
export async function postReports(reports: readonly TelemetryReport[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const report of reports) {
    const res = await exports.default.fetch(`${BASE}/v1/telemetry`, {
      method: "POST",
      body: JSON.stringify(report),
    });
    statuses.push(res.status);
  }
  return statuses;
}

/** Runs the pending alarm of every aggregator, so D1 holds every merged report. */
export async function flushAll(): Promise<void> {
  const ns = env.FLEET as DurableObjectNamespace;
  for (const id of await listDurableObjectIds(ns)) await runDurableObjectAlarm(ns.get(id));
}

/** GET a fleet JSON route. */
export async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await exports.default.fetch(`${BASE}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

/**
 * Publishes each version with an empty score profile, so the telemetry route accepts its reports
 * (reports of versions the registry does not know are refused with 422 unknown_version).
 */
export async function registerVersions(...versions: string[]): Promise<void> {
  for (const version of versions) await publishWithReference(version, referenceProfileFrom({ scores: [] }));
}

/** Publishes `version` with `profile` in its manifest (the rollout is set separately). */
export async function publishWithReference(version: string, profile: ReferenceProfile): Promise<void> {
  const artifact = await makeArtifact(version);
  artifact.manifest.referenceProfile = profile;
  const res = await upload(version, uploadForm(artifact, JSON.stringify(artifact.manifest)), OPS_TOKEN);
  if (res.status !== 201) throw new Error(`publish ${version}: ${res.status} ${await res.text()}`);
}

/** Sets the rollout through the admin API. */
export async function rollout(body: {
  live: string;
  canary?: string;
  canaryPercent?: number;
}): Promise<void> {
  const res = await setRollout(body);
  if (!res.ok) throw new Error(`rollout: ${res.status} ${await res.text()}`);
}

/** `n` seeded synthetic reports of `version` that all land in one shard, so one aggregator can be watched. */
export function reportsForShard(
  seed: number,
  n: number,
  version: string,
  options: SyntheticOptions = {},
): { report: TelemetryReport; name: string }[] {
  const rng = seededRng(seed);
  const out: { report: TelemetryReport; name: string }[] = [];
  let target: number | undefined;
  while (out.length < n) {
    const backend = rng() < 0.5 ? "webgpu" : "wasm";
    const report = syntheticReport(rng, { modelVersion: version, backend, ...options });
    const meta = shardFor(
      version,
      hourOf(Date.parse(report.windowStart)),
      report.reportId,
      Number(env.FLEET_SHARDS),
    );
    target ??= meta.shard;
    if (meta.shard === target) out.push({ report, name: meta.name });
  }
  return out;
}
