// The catalog format and the candidate contract: one home, imported by edge/, model/ and client/.
// Pure types and constants; this folder imports nothing outside itself.
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
