// Public API of the model registry: rollout state, manifests, audit log and bucket assignment.
export { assignCohort, BUCKETS, parseBucket, permuteBucket } from "./assignCohort";
export { auditStatement, countAudit, listAudit } from "./auditQueries";
export { forgetVersion, isKnownVersion, UNKNOWN_VERSION_TTL_MS } from "./knownVersions";
export type { ManifestCheck } from "./manifest";
export {
  isSafeArtifactPath,
  MANIFEST_PATH,
  MAX_UPLOAD_BYTES,
  parseManifest,
} from "./manifest";
export type { VerifiedUpload } from "./publishVersion";
export { artifactKey, contentTypeOf, publishVersion, verifyUpload } from "./publishVersion";
export { randomSalt } from "./randomSalt";
export type { RolloutChange } from "./rolloutQueries";
export {
  clearRolloutCache,
  getRollout,
  getRolloutCached,
  ROLLOUT_CACHE_MS,
  rememberRollout,
  rolloutUpdate,
  saveRollout,
} from "./rolloutQueries";
export type { RolloutRequest } from "./rolloutTransitions";
export { nextRollout, promoteCanary, rollbackLive } from "./rolloutTransitions";
export { sha256Hex } from "./sha256Hex";
export type {
  AuditEntry,
  AuditInput,
  Cohort,
  ModelAssignment,
  ModelFile,
  ModelVersion,
  RegistryManifest,
  Rollout,
} from "./types";
export {
  clearPublishedCache,
  getManifest,
  getModelVersion,
  getPublishedVersion,
  listModelVersions,
} from "./versionQueries";
