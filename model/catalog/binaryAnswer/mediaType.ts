/**
 * The media type negotiated by `Accept` on `GET /v1/candidates` (JSON stays the default). A module of its
 * own so that the scoring worker's small entry can ask for the binary answer without the layout's tables.
 */
export const BINARY_CANDIDATES_TYPE = "application/vnd.pocketrank.candidates";
