-- Content neighbours (issue 14, cold start): each item's best neighbours by title, brand and
-- category (edge/candidates/contentNeighbours.ts), built offline with the catalog and read with the
-- item row, so a store with no interactions still answers item and cart requests on day zero.
ALTER TABLE catalog_items ADD COLUMN content TEXT NOT NULL DEFAULT '[]'; -- JSON [[id, cosine], ...], best first
