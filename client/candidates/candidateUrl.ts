import { resolveUrl } from "../model/downloadVersion";
import type { RecommendRequest } from "../types";

/** URLs made lately, by what they were made from: a slot asks for the same one call after call. */
const made = new Map<string, string>();
const MAX_MADE = 32;

/**
 * Pure: the `/v1/candidates` URL for a request. Only the context the slot needs goes into it (the item,
 * the cart items, the category or the query); behaviour history never does. The last 32 are remembered:
 * building one (URLSearchParams, then URL against the endpoint) is most of the page's own work in a
 * recommend() before it posts to the worker.
 * @example candidateUrl("", { context: "item", itemId: 7 }, 200); // "http://…/v1/candidates?context=item&item=7&limit=200"
 */
export function candidateUrl(endpoint: string, request: RecommendRequest, limit: number): string {
  const { context, itemId, items, category, query } = request;
  const key = JSON.stringify([endpoint, limit, context, itemId, items, category, query]);
  let url = made.get(key);
  if (url === undefined) {
    url = buildUrl(endpoint, request, limit);
    if (made.size >= MAX_MADE) made.delete(made.keys().next().value!);
    made.set(key, url);
  }
  return url;
}

function buildUrl(endpoint: string, request: RecommendRequest, limit: number): string {
  const params = new URLSearchParams({ context: request.context });
  if (request.context === "item" && request.itemId !== undefined) params.set("item", String(request.itemId));
  if (request.context === "cart" && request.items?.length) params.set("items", request.items.join(","));
  if (request.context === "category" && request.category) params.set("category", request.category);
  if (request.context === "search" && request.query) params.set("q", request.query);
  params.set("limit", String(limit));
  return resolveUrl(endpoint, `/v1/candidates?${params}`);
}

/**
 * Pure: checks a request before anything goes on the wire; returns the problem, or undefined when valid.
 * @example checkRequest({ context: "item" }); // "context item needs itemId"
 */
export function checkRequest(request: RecommendRequest): string | undefined {
  const contexts = ["home", "item", "category", "search", "cart"];
  if (!request || !contexts.includes(request.context)) return `unknown context ${String(request?.context)}`;
  const isId = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  if (request.context === "item" && !isId(request.itemId))
    return "context item needs a non-negative integer itemId";
  if (
    request.context === "cart" &&
    !(Array.isArray(request.items) && request.items.length && request.items.every(isId))
  )
    return "context cart needs items: a non-empty list of item ids";
  if (request.context === "category" && !(typeof request.category === "string" && request.category.trim()))
    return "context category needs a category";
  if (request.context === "search" && !(typeof request.query === "string" && request.query.trim()))
    return "context search needs a query";
  if (request.k !== undefined && !(Number.isInteger(request.k) && request.k >= 1 && request.k <= 500))
    return "k must be an integer in 1..500";
  return undefined;
}
