// Public API of the catalog's D1 store (Worker side): upload schemas, upload queries, candidate reads.

export type { CandidateQuery, QueryError } from "./candidateQuery";
export { DEFAULT_LIMIT, ftsMatch, parseCandidateQuery } from "./candidateQuery";
export type { PrefetchedLookups } from "./d1Lookups";
export { prefetchLookups } from "./d1Lookups";
export { memoAnswer, rememberAnswer } from "./responseMemo";
export type { CatalogBegin, ItemRow, ListRow } from "./schemas";
export {
  BeginSchema,
  CATALOG_VERSION_PATTERN,
  ItemRowSchema,
  ListRowSchema,
  MAX_CHUNK_BYTES,
  MAX_CHUNK_ROWS,
  parseChunk,
} from "./schemas";
export { allSkus, assignSkuIds, claimSkuIds, skuIds } from "./skuQueries";
export type { StockState } from "./stockQueries";
export { markStock, replaceStock, stockAt } from "./stockQueries";
export type { CatalogVersionInfo } from "./uploadQueries";
export {
  activateCatalogVersion,
  beginCatalogVersion,
  countCatalogRows,
  dropInactiveCatalogs,
  getActiveCatalog,
  getCatalogVersion,
  listCatalogVersions,
  putCatalogItems,
  putCatalogLists,
} from "./uploadQueries";
export type { ServingState } from "./versionCache";
