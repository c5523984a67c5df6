/// <reference types="node" />
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { dotenvValue, firstAdminToken } from "./devVars";

/** wrangler's default `wrangler dev` address, used when nothing else names the edge. */
export const DEFAULT_ENDPOINT = "http://localhost:8787";
/** Environment variables every CLI reads, after its flags and before `.dev.vars`. */
export const ENDPOINT_VAR = "POCKETRANK_ENDPOINT";
export const TOKEN_VAR = "POCKETRANK_ADMIN_TOKEN";
/** The flags' usage text, the same in every CLI. */
export const TARGET_USAGE = "[--endpoint URL] [--token T]";

/** Where a value came from, so a CLI can say which edge it talks to and why. */
export type TargetSource = "flag" | "env" | ".dev.vars" | "default" | "none";

/** The edge a CLI talks to, and its admin token (undefined when nothing names one). */
export type EdgeTarget = {
  endpoint: string;
  token: string | undefined;
  from: { endpoint: TargetSource; token: TargetSource };
};

/**
 * Pure: resolves the endpoint and admin token the same way in every CLI. Each comes from its flag
 * (`--endpoint`, `--token`), else its environment variable (POCKETRANK_ENDPOINT,
 * POCKETRANK_ADMIN_TOKEN), else `.dev.vars`: POCKETRANK_ENDPOINT (written by `npm start -- --port N`)
 * and the first token of ADMIN_TOKENS (the Worker's own secret). The endpoint defaults to wrangler
 * dev's address. The endpoint is reduced to its origin; a malformed one throws.
 * @example resolveEdgeTarget({}, {}, "ADMIN_TOKENS=local:abc").token // "abc"
 */
export function resolveEdgeTarget(
  flags: { endpoint?: string; token?: string },
  env: Record<string, string | undefined>,
  devVars: string | undefined,
): EdgeTarget {
  const dev = devVars ?? "";
  const [endpoint, endpointFrom] = pick(
    [flags.endpoint, "flag"],
    [env[ENDPOINT_VAR], "env"],
    [dotenvValue(dev, ENDPOINT_VAR), ".dev.vars"],
    [DEFAULT_ENDPOINT, "default"],
  );
  const [token, tokenFrom] = pick(
    [flags.token, "flag"],
    [env[TOKEN_VAR], "env"],
    [firstAdminToken(dev)?.token, ".dev.vars"],
  );
  const url = parseUrl(endpoint ?? DEFAULT_ENDPOINT);
  if (url?.protocol !== "http:" && url?.protocol !== "https:")
    throw new Error(`the endpoint must be an http(s) URL such as ${DEFAULT_ENDPOINT}, got "${endpoint}"`);
  return { endpoint: url.origin, token, from: { endpoint: endpointFrom, token: tokenFrom } };
}

/**
 * I/O wrapper of {@link resolveEdgeTarget}: reads `process.env` and `.dev.vars` in the working
 * folder (npm runs every script in the repository root, where `npm start` keeps it).
 * @example const { endpoint, token } = edgeTarget(values);
 */
export function edgeTarget(flags: { endpoint?: string; token?: string }, dir = process.cwd()): EdgeTarget {
  const path = join(dir, ".dev.vars");
  return resolveEdgeTarget(flags, process.env, existsSync(path) ? readFileSync(path, "utf8") : undefined);
}

/** The admin token, or a clear error naming the three ways to give one. */
export function requireToken(target: EdgeTarget): string {
  if (target.token) return target.token;
  throw new Error(
    `no admin token: pass --token, set ${TOKEN_VAR}, or run npm start once (it writes ADMIN_TOKENS to .dev.vars)`,
  );
}

/** One line for a CLI's log: which edge, and where that came from. */
export function describeTarget(target: EdgeTarget): string {
  const token = target.token ? `admin token from ${target.from.token}` : "no admin token";
  return `${target.endpoint} (from ${target.from.endpoint}; ${token})`;
}

/** The repository root (this file is edge/dev/edgeTarget.ts). */
export function repoRoot(): string {
  return resolve(import.meta.dirname, "../..");
}

function pick(...candidates: [string | undefined, TargetSource][]): [string | undefined, TargetSource] {
  for (const [value, from] of candidates)
    if (value !== undefined && value.trim() !== "") return [value.trim(), from];
  return [undefined, "none"];
}

/** `new URL` without the throw (URL.parse is missing from Node 20's early releases). */
function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
