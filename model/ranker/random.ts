// One seeded PRNG for the whole project: telemetry's mulberry32, so that weight init, shuffling and
// telemetry resampling agree on what a seed means. Imported by path rather than through
// telemetry/index.ts so that the scoring worker's bundle does not pull in the report schema.
export { seededRng as mulberry32 } from "../../telemetry/util/rng";
