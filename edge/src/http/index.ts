// Public API of the edge HTTP layer: the error helper and the middleware factories.
export { type AdminToken, adminAuth, parseAdminTokens } from "./adminAuth";
export { apiError } from "./apiError";
export { type BodyLimitOptions, bodyLimit } from "./bodyLimit";
export { type CorsOptions, cors, parseOrigins } from "./cors";
export { type JsonBodyErrors, parseJsonBody } from "./jsonBody";
export { type LimitPerSourceOptions, limitPerSource } from "./limitPerSource";
export { forgetPastSources } from "./sourceCounts";
