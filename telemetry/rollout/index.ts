/**
 * Guarded rollout, the pure decision core: a plan of traffic steps and guardrails, an
 * anytime-valid interval per guardrail on the canary − control difference (clustered by report),
 * and the decision of each tick (withdraw, pause, advance, complete or hold). No I/O: the edge
 * reads the sums, calls `decideRollout` and applies the decision.
 */
export type { CohortSums, RolloutSide, StepCohortSums } from "./cohortSums";
export { addToCohort, emptyCohortSums, mergeCohortSums, parseCohortSums } from "./cohortSums";
export type { HalfWidth, Interval } from "./confidenceSequence";
export { combineStrata, confidenceSequence, mixtureHalfWidth } from "./confidenceSequence";
export { decideRollout } from "./decideRollout";
export { DEFAULT_STEPS, defaultGuardrails, defaultPlan, planProblems } from "./defaultPlan";
export { driftEvidence } from "./driftEvidence";
export { cohortEvidence, verdict } from "./guardrailEvidence";
export type { PlanRequest } from "./planRequest";
export { PlanRequestSchema, planFromRequest } from "./planRequest";
export type { RatioEstimate } from "./ratioSums";
export { addToSums, emptySums, mergeSums, ratioEstimate } from "./ratioSums";
export type { Contribution, LatencyThresholds } from "./reportContribution";
export { addContribution, reportContribution } from "./reportContribution";
export { rolloutObservation } from "./rolloutObservation";
export type * from "./types";
