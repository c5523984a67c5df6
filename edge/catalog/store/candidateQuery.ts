import {
  CANDIDATE_CONTEXTS,
  type CandidateContext,
  type CandidateRequest,
  MAX_CANDIDATES,
  MAX_CONTEXT_ITEMS,
} from "../../../model/catalog";

/** Default number of candidates when `limit` is absent. */
export const DEFAULT_LIMIT = 100;

/** A parsed request plus its canonical text (for the ETag and the response memo). */
export type CandidateQuery = { request: CandidateRequest; canonical: string };

/** A rejected request: status, code and a message that names the parameter. */
export type QueryError = { status: 400; code: string; message: string };

const ID = /^\d{1,10}$/;
const MAX_TEXT = 200;

function parseId(text: string): number | undefined {
  if (!ID.test(text)) return undefined;
  const n = Number(text);
  return n <= 2 ** 31 - 1 ? n : undefined;
}

/**
 * Validates the query string of `GET /v1/candidates` into a `CandidateRequest`. Every parameter is
 * checked; the first problem is returned as a 400 error naming it. Parameters that the context does
 * not use are ignored and left out of the canonical form, so they don't split the cache.
 * @example parseCandidateQuery(new URLSearchParams("context=item&item=7&limit=50"))
 */
export function parseCandidateQuery(params: URLSearchParams): CandidateQuery | QueryError {
  const bad = (code: string, message: string): QueryError => ({ status: 400, code, message });
  const context = params.get("context");
  if (context === null || context === "")
    return bad("missing_context", `context is required: ${CANDIDATE_CONTEXTS.join("|")}`);
  if (!(CANDIDATE_CONTEXTS as readonly string[]).includes(context)) {
    return bad(
      "unknown_context",
      `unknown context "${context.slice(0, 40)}"; use ${CANDIDATE_CONTEXTS.join("|")}`,
    );
  }
  const ctx = context as CandidateContext;
  const limitText = params.get("limit");
  let limit = DEFAULT_LIMIT;
  if (limitText !== null) {
    const n = /^\d{1,4}$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!(n >= 1 && n <= MAX_CANDIDATES))
      return bad("bad_limit", `limit must be an integer in 1..${MAX_CANDIDATES}`);
    limit = n;
  }
  const request: CandidateRequest = { context: ctx, limit };
  const parts = [`context=${ctx}`, `limit=${limit}`];
  if (ctx === "item") {
    const text = params.get("item");
    if (text === null || text === "") return bad("missing_item", "context=item needs item=<id>");
    const id = parseId(text);
    if (id === undefined) return bad("bad_item", "item must be a non-negative integer id");
    request.item = id;
    parts.push(`item=${id}`);
  }
  if (ctx === "cart" || ctx === "home") {
    const text = params.get("items");
    if (ctx === "cart" && (text === null || text === ""))
      return bad("missing_items", "context=cart needs items=<id,id,...>");
    if (text !== null && text !== "") {
      const raw = text.split(",");
      if (raw.length > MAX_CONTEXT_ITEMS)
        return bad("too_many_items", `items holds at most ${MAX_CONTEXT_ITEMS} ids`);
      const ids = raw.map((t) => parseId(t.trim()));
      if (ids.some((x) => x === undefined))
        return bad("bad_items", "items must be comma-separated non-negative integer ids");
      request.items = ids as number[];
      parts.push(`items=${request.items.join(",")}`);
    }
  }
  if (ctx === "category") {
    const category = params.get("category")?.trim() ?? "";
    if (category === "") return bad("missing_category", "context=category needs category=<name>");
    if (category.length > MAX_TEXT) return bad("bad_category", `category is at most ${MAX_TEXT} characters`);
    request.category = category;
    parts.push(`category=${encodeURIComponent(category)}`);
  }
  if (ctx === "search") {
    const q = params.get("q")?.trim() ?? "";
    if (q === "") return bad("missing_q", "context=search needs q=<text>");
    if (q.length > MAX_TEXT) return bad("bad_q", `q is at most ${MAX_TEXT} characters`);
    request.query = q;
    parts.push(`q=${encodeURIComponent(q.toLowerCase())}`);
  }
  return { request, canonical: parts.join("&") };
}

/**
 * Turns user text into a safe FTS5 MATCH expression: only letter/digit runs survive, each one quoted
 * as an FTS5 string, so operators, quotes, parentheses and SQL in `q` are plain text
 * (https://sqlite.org/fts5.html#full_text_query_syntax). Returns "" when no token is left.
 * @example ftsMatch('") OR 1=1 --', "AND") // '"or" "1" "1"'
 */
export function ftsMatch(q: string, mode: "AND" | "OR"): string {
  const tokens = (
    q
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, 16);
  return tokens.map((t) => `"${t}"`).join(mode === "AND" ? " " : " OR ");
}
