// Public API of the pure candidate generator (contract 1): no D1, no fetch, no DOM.
export { buildCandidateIndex } from "./buildCandidateIndex";
export { candidatePool, contextItemsOf } from "./candidatePool";
export type { ContentNeighbourOptions } from "./contentNeighbours";
export { contentNeighbours } from "./contentNeighbours";
export { generateCandidates } from "./generateCandidates";
export { indexLookups } from "./indexLookups";
export { retrieveCandidates } from "./retrieveCandidates";
export { secondHopNeighbours, secondHopSeeds } from "./secondHop";
export type {
  CandidateIndex,
  CandidateIndexOptions,
  CandidateLookups,
  CatalogItemInput,
  IndexedItem,
  RetrievalWeights,
  RetrievedCandidate,
  ScoredId,
} from "./types";
export { DEFAULT_RETRIEVAL_WEIGHTS, SESSION_RETRIEVAL_WEIGHTS } from "./weights";
