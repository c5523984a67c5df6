// The Node/browser program (tsconfig.json) type-checks Node-side edge code (edge/dev, edge/catalog)
// that names a few Workers types. Importing them from the module form of @cloudflare/workers-types
// keeps its globals (which clash with the DOM lib) out of this program.
import type * as Workers from "@cloudflare/workers-types";

declare global {
  type D1Database = Workers.D1Database;
  type D1PreparedStatement = Workers.D1PreparedStatement;
  type D1Result<T = unknown> = Workers.D1Result<T>;
  type R2Bucket = Workers.R2Bucket;
  type DurableObjectNamespace = Workers.DurableObjectNamespace;
  type Fetcher = Workers.Fetcher;
}
