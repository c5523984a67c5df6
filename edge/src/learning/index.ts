// Fleet learning at the edge: stored contributions, the DP release cron and the derived catalog.
export { insertContribution } from "./contributionQueries";
export { FLEET_ACTOR } from "./deriveCatalog";
export type { LearningOptions, LearningRun } from "./runFleetLearning";
export { runFleetLearning } from "./runFleetLearning";
