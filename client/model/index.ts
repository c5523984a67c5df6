export { IdbArtifactCache, MemoryArtifactCache, openArtifactCache } from "./ArtifactCache";
export { BackendMemory, describeDevice } from "./backendMemory";
export type { BucketStorage } from "./bucket";
export { BUCKETS, getBucket, parseBucket } from "./bucket";
export type { Fetcher } from "./downloadVersion";
export {
  checkAssignment,
  downloadVersion,
  fetchAssignment,
  ModelFetchError,
  resolveUrl,
} from "./downloadVersion";
export type { ModelManagerOptions } from "./ModelManager";
export { ModelManager, requestAssignment } from "./ModelManager";
export { sha256Hex } from "./sha256";
export type { ArtifactCache, AssignedFile, Assignment, GoodVersion, ModelBundle } from "./types";
