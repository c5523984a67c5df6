export type { CandidateAnswer } from "./CandidateSource";
export { CandidateSource, fetchCandidateBytes } from "./CandidateSource";
export { candidateUrl, checkRequest } from "./candidateUrl";
export { checkCandidates, decodeCandidates } from "./decodeCandidates";
