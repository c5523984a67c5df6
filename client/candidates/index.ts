export type { CandidateAnswer } from "./CandidateSource";
export { CandidateSource, checkCandidates } from "./CandidateSource";
export { candidateUrl, checkRequest } from "./candidateUrl";
