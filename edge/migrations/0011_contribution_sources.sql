-- Rate limit on POST /v1/contributions (PRIVACY.md, "Fleet learning", trust model): requests per
-- client source per UTC day. A source is a keyed hash of the client address (an IPv6 address by its
-- /64), keyed with a random salt drawn for that day; no address is stored. The cron deletes the
-- salts and counts of past days, so a hash outlives neither its day nor its salt.

CREATE TABLE contribution_salts (
  day  TEXT PRIMARY KEY,                    -- UTC day, YYYY-MM-DD
  salt TEXT NOT NULL                        -- 32 random bytes, hex
) WITHOUT ROWID;

CREATE TABLE contribution_sources (
  day      TEXT NOT NULL,                   -- UTC day of the requests
  source   TEXT NOT NULL,                   -- HMAC-SHA-256(the day's salt, source), 16 bytes hex
  requests INTEGER NOT NULL,                -- requests counted (never above the limit)
  PRIMARY KEY (day, source)
) WITHOUT ROWID;
