-- Placeholder so the migration pipeline runs from the first commit; later migrations add the real tables.
CREATE TABLE IF NOT EXISTS schema_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
