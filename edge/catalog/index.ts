// Public API of the catalog builder (Node side): build the demo catalog and load it into the edge.
export type { CatalogDataset } from "./buildCatalog";
export { buildCatalog, DEMO_INDEX_OPTIONS } from "./buildCatalog";
export type { CatalogPayload } from "./catalogPayload";
export { catalogPayload, chunkRows } from "./catalogPayload";
export type { ImportResult, StoreCatalog } from "./importCatalog";
export { importCatalog } from "./importCatalog";
export type { LoadCatalogOptions } from "./loadCatalog";
export { loadCatalog } from "./loadCatalog";
export type { AdminCall, UploadOptions, UploadResult } from "./uploadCatalog";
export { catalogAdmin, uploadCatalog } from "./uploadCatalog";
