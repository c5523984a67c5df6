-- Catalog and candidate lists (edge/catalog/store). Every row carries the catalog version (a content
-- hash), so a new catalog is written beside the live one and becomes visible only when the single
-- `catalog_active` row is flipped to it (one statement); old rows are deleted afterwards.

-- One row per uploaded catalog version; 'staging' while its chunks arrive, 'ready' once committed.
CREATE TABLE catalog_versions (
  version        TEXT PRIMARY KEY,
  status         TEXT NOT NULL CHECK (status IN ('staging', 'ready')),
  expected_items INTEGER NOT NULL,
  expected_lists INTEGER NOT NULL,
  created_at     TEXT NOT NULL,             -- ISO 8601 UTC
  created_by     TEXT NOT NULL              -- admin token label
);

-- The active pointer (id = 1). Readers join through it; nothing else decides visibility.
CREATE TABLE catalog_active (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  version      TEXT NOT NULL,
  activated_at TEXT NOT NULL
);

-- One row per item and version. Neighbour lists are JSON [[id, weight], ...] on the item row, not one
-- row per edge: 12k rows instead of 1.2M keeps D1 row reads and writes small.
CREATE TABLE catalog_items (
  version    TEXT NOT NULL,
  id         INTEGER NOT NULL,
  title      TEXT NOT NULL,
  categories TEXT NOT NULL,                 -- JSON array, broad to narrow
  brand      TEXT,
  image      TEXT,
  count      INTEGER NOT NULL,              -- training interactions
  trend      REAL NOT NULL,                 -- recency-weighted interactions
  neighbours TEXT NOT NULL,                 -- JSON [[id, weight], ...], best first
  PRIMARY KEY (version, id)
) WITHOUT ROWID;

-- Ranked lists: 'popular', 'trending' and 'category:<name>' -> JSON [[id, score], ...], best first.
CREATE TABLE catalog_lists (
  version TEXT NOT NULL,
  name    TEXT NOT NULL,
  entries TEXT NOT NULL,
  PRIMARY KEY (version, name)
) WITHOUT ROWID;

-- Full-text search over title, brand and category path (BM25 via bm25()); porter stemming so
-- "shampoos" finds "shampoo". https://sqlite.org/fts5.html
CREATE VIRTUAL TABLE catalog_fts USING fts5(
  title, brand, categories,
  version UNINDEXED, item_id UNINDEXED,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
