import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../types";

/** Options of {@link cors}. */
export type CorsOptions = {
  /**
   * Allowed origins (exact `scheme://host[:port]` strings). When omitted, the allowlist is read per
   * request from `env.CORS_ORIGINS` (comma-separated), so operators change it without a deploy.
   * A `"*"` entry allows every origin, but only when `credentials` is false.
   */
  origins?: readonly string[];
  /** Methods announced in preflight answers. Default: GET, HEAD, POST, OPTIONS. */
  methods?: readonly string[];
  /** Request headers a browser may send. Default: Content-Type. */
  allowHeaders?: readonly string[];
  /** Response headers a page may read. Default: ETag. */
  exposeHeaders?: readonly string[];
  /** Seconds a browser may cache a preflight answer. Default: 600 (Chromium caps it at 7200). */
  maxAge?: number;
  /** Send `Access-Control-Allow-Credentials: true` to allowed origins. Default: false. */
  credentials?: boolean;
};

/** Splits a comma-separated allowlist such as `env.CORS_ORIGINS`, trimming blanks. */
export function parseOrigins(list: string | undefined): string[] {
  return (list ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * CORS for the public API with an explicit origin allowlist.
 * An allowed origin is echoed back (never `*` together with credentials); any other origin gets no
 * `Access-Control-Allow-Origin`, so the browser blocks the read. Every answer carries `Vary: Origin`
 * because it differs by origin (https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches).
 * Preflights (`OPTIONS` with `Access-Control-Request-Method`) are answered here with 204.
 * Hand-written rather than hono's `cors` (4.13), which answers every OPTIONS as a preflight and gives a
 * refused origin's preflight the allow headers; this one gives a refused origin nothing.
 * @example publicRoutes.use("/model", cors()); // allowlist from env.CORS_ORIGINS
 */
export function cors(options: CorsOptions = {}): MiddlewareHandler<AppEnv> {
  const credentials = options.credentials ?? false;
  if (credentials && options.origins?.includes("*")) {
    throw new Error("cors: a wildcard origin cannot be combined with credentials");
  }
  const methods = (options.methods ?? ["GET", "HEAD", "POST", "OPTIONS"]).join(", ");
  const allowHeaders = (options.allowHeaders ?? ["Content-Type"]).join(", ");
  const exposeHeaders = (options.exposeHeaders ?? ["ETag"]).join(", ");
  const maxAge = String(options.maxAge ?? 600);

  return async function cors(c, next) {
    const origin = c.req.header("Origin");
    const allowed = options.origins ?? parseOrigins(c.env.CORS_ORIGINS);
    let allowOrigin: string | undefined;
    if (origin && allowed.includes(origin)) allowOrigin = origin;
    else if (origin && !credentials && allowed.includes("*")) allowOrigin = "*";

    const headers = new Headers();
    headers.append("Vary", "Origin");
    if (allowOrigin) {
      headers.set("Access-Control-Allow-Origin", allowOrigin);
      if (credentials) headers.set("Access-Control-Allow-Credentials", "true");
    }

    const isPreflight = c.req.method === "OPTIONS" && c.req.header("Access-Control-Request-Method");
    if (isPreflight) {
      if (allowOrigin) {
        headers.set("Access-Control-Allow-Methods", methods);
        headers.set("Access-Control-Allow-Headers", allowHeaders);
        headers.set("Access-Control-Max-Age", maxAge);
      }
      return new Response(null, { status: 204, headers });
    }

    await next();
    if (allowOrigin && exposeHeaders) headers.set("Access-Control-Expose-Headers", exposeHeaders);
    c.res = withHeaders(c.res, headers);
  };
}

/** Adds `extra` to `res`, copying the response first when its headers are immutable (fetch results). */
function withHeaders(res: Response, extra: Headers): Response {
  try {
    applyHeaders(res.headers, extra);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    applyHeaders(copy.headers, extra);
    return copy;
  }
}

function applyHeaders(target: Headers, extra: Headers): void {
  for (const [name, value] of extra) {
    if (name !== "vary") target.set(name, value);
    else if (
      !target
        .get("Vary")
        ?.split(",")
        .some((v) => v.trim().toLowerCase() === "origin")
    ) {
      target.append("Vary", value);
    }
  }
}
