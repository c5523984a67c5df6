/**
 * The tfjs backends the client scores on, in its fallback order, best first (DESIGN "Failure behaviour").
 * A module of its own so that the scoring worker's small entry, which checks a backend's name, takes
 * this list and nothing else of the report's constants.
 */
export const SCORING_BACKENDS = ["webgpu", "webgl", "wasm", "cpu"] as const;
