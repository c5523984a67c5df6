// Public API of the catalog builder (Node side): build the demo catalog and load it into the edge.
export type { CatalogDataset } from "./buildCatalog";
export { buildCatalog, DEMO_INDEX_OPTIONS } from "./buildCatalog";
export type { CatalogPayload } from "./catalogPayload";
export { catalogPayload, chunkRows } from "./catalogPayload";
export type { LoadCatalogOptions } from "./loadCatalog";
export { loadCatalog } from "./loadCatalog";
export type { UploadOptions, UploadResult } from "./uploadCatalog";
export { uploadCatalog } from "./uploadCatalog";
