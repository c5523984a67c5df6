// The catalog format and the candidate contract: one home, imported by edge/, model/ and client/.
// Pure types, constants and checks of the file format; this folder imports nothing outside itself.
export type {
  Candidate,
  CandidateContext,
  CandidateFeatures,
  CandidateRequest,
  CandidatesResponse,
} from "./candidate";
export { CANDIDATE_CONTEXTS, CANDIDATE_FEATURE_NAMES, MAX_CANDIDATES, MAX_CONTEXT_ITEMS } from "./candidate";
export type { Availability, CatalogItem, Interaction, StoreOffer } from "./catalogItem";
export { AVAILABILITIES } from "./catalogItem";
export {
  CATEGORY_SEPARATOR,
  ITEM_FIELDS,
  isSku,
  MAX_SKU_LENGTH,
  parseCatalogItems,
} from "./parseCatalogItems";
export { INTERACTION_FIELDS, parseInteractions, sequencesOf } from "./parseInteractions";
export type { FileRecord, ReadResult, RowError } from "./readRecords";
export { MAX_ERRORS, parseCsvRows, readRecords } from "./readRecords";
export type { DenseItem } from "./skuMap";
export { extendSkuMap, toDense } from "./skuMap";
