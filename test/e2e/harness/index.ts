export { CHROMIUM_ARGS, launchBrowser } from "./launchBrowser";
export type { TestModelOptions } from "./publishTestModel";
export { publishTestModel } from "./publishTestModel";
export type { EdgeHandle, EdgeOptions } from "./startEdge";
export { seedDemo, startEdge } from "./startEdge";
export type { StorefrontHandle } from "./startStorefront";
export { startStorefront } from "./startStorefront";
export type { SeededEdge, SeededEdgeOptions } from "./useSeededEdge";
export { useSeededEdge } from "./useSeededEdge";
