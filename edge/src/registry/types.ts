// Types of the model registry, rollout and audit log (contract 4 in DESIGN/briefs).
import type { Cohort as ReportCohort } from "../../../telemetry/schema";

/** One artifact file of a model version, as listed in the manifest's `files`. */
export type ModelFile = { path: string; sha256: string; bytes: number };

/**
 * The manifest fields the registry checks. model/artifact writes more (architecture, metrics,
 * referenceProfile, weightsManifest, ...); they are stored and served unchanged.
 */
export type RegistryManifest = {
  name: string;
  version: string;
  files: ModelFile[];
  [field: string]: unknown;
};

/** A stored model version (one row of `model_versions`, status 'ready'). */
export type ModelVersion = {
  version: string;
  manifestSha256: string;
  /** Manifest plus all files, in bytes. */
  bytes: number;
  createdAt: string;
  uploadedBy: string;
};

/** The rollout: which version serves whom. */
export type Rollout = {
  live: string | null;
  canary: string | null;
  /** Share of buckets on the canary, 0..100 (fractions allowed, resolution 0.01). */
  canaryPercent: number;
  /** What `rollback` returns to. */
  previousLive: string | null;
  /** Salt of the bucket permutation; renewed when a new canary starts. */
  salt: string;
  /** Grows by one on every change (compare-and-set). */
  revision: number;
  updatedAt: string | null;
  updatedBy: string | null;
};

/** The cohorts the edge assigns; a report adds "none" for a device that got no assignment. */
export type Cohort = Exclude<ReportCohort, "none">;

/** Body of `GET /v1/model?bucket=`. */
export type ModelAssignment = {
  version: string;
  cohort: Cohort;
  manifest: { url: string; sha256: string; bytes: number };
  files: { path: string; url: string; sha256: string; bytes: number }[];
};

/** One row of the admin audit log. */
export type AuditEntry = {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
};

/** What an admin action records; `at` and `id` are filled in on insert. */
export type AuditInput = Omit<AuditEntry, "id" | "at">;
