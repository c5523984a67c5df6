-- Store SKUs and stock (issue 14, model/catalog/README.md).

-- The append-only SKU map: a store's string SKU -> the dense id the model embeds. Rows are only ever
-- inserted, never updated or deleted, so an id keeps its item across imports and is never reused.
CREATE TABLE catalog_skus (
  sku        TEXT PRIMARY KEY,
  id         INTEGER NOT NULL UNIQUE CHECK (id >= 1),
  created_at TEXT NOT NULL                  -- ISO 8601 UTC
) WITHOUT ROWID;

-- What a candidate shows of the store's own data (NULL where the catalog has none).
ALTER TABLE catalog_items ADD COLUMN sku TEXT;
ALTER TABLE catalog_items ADD COLUMN url TEXT;
ALTER TABLE catalog_items ADD COLUMN price REAL;
ALTER TABLE catalog_items ADD COLUMN currency TEXT;

-- Items out of stock, by dense id. Not part of a catalog version: stock changes without a new catalog,
-- and the candidate route skips these ids when it reads the (unchanged) lists.
CREATE TABLE catalog_unavailable (
  id INTEGER PRIMARY KEY
);

-- Bumped by every stock change (id = 1); candidate answers are keyed by catalog version and this.
CREATE TABLE catalog_stock (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  revision   INTEGER NOT NULL,
  changed_at TEXT NOT NULL
);
INSERT INTO catalog_stock (id, revision, changed_at) VALUES (1, 0, '1970-01-01T00:00:00.000Z');
