export type { CandidateAnswer } from "./CandidateSource";
export { CandidateSource, fetchCandidates } from "./CandidateSource";
export { candidateUrl, checkRequest } from "./candidateUrl";
export { checkCandidates, decodeCandidates } from "./decodeCandidates";
