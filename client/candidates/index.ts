export type { CandidateAnswer } from "./CandidateSource";
export { CandidateSource } from "./CandidateSource";
export { candidateUrl, checkRequest } from "./candidateUrl";
export { checkCandidates, decodeCandidates } from "./decodeCandidates";
export { fetchCandidates } from "./fetchCandidates";
