/// <reference types="node" />
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, readFile, writeFile } from "node:fs/promises";

/** The admin credential `npm start` uses, and whether this run created it. */
export type DevAdmin = { label: string; token: string; created: boolean };

/**
 * Reads the first `label:token` of ADMIN_TOKENS from a `.dev.vars` file (dotenv syntax; wrangler
 * loads it for `wrangler dev`). When the file or the variable is missing, adds
 * `ADMIN_TOKENS=local:<32 random hex>` so a fresh clone gets a working, private admin token.
 * @example const { token } = await ensureDevAdmin(".dev.vars");
 */
export async function ensureDevAdmin(path: string): Promise<DevAdmin> {
  const text = existsSync(path) ? await readFile(path, "utf8") : undefined;
  const existing = text === undefined ? undefined : firstAdminToken(text);
  if (existing) return { ...existing, created: false };

  const token = randomBytes(16).toString("hex");
  const line = `ADMIN_TOKENS=local:${token}\n`;
  if (text === undefined) {
    await writeFile(path, `# Local secrets for wrangler dev (gitignored). Created by npm start.\n${line}`, {
      mode: 0o600,
    });
  } else {
    await appendFile(path, `${text.endsWith("\n") || text === "" ? "" : "\n"}${line}`);
  }
  return { label: "local", token, created: true };
}

/** The first usable `label:token` pair of an ADMIN_TOKENS line in dotenv text, if any. */
export function firstAdminToken(text: string): { label: string; token: string } | undefined {
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?ADMIN_TOKENS\s*=\s*(.*)$/.exec(raw);
    if (!match) continue;
    const value = match[1].trim().replace(/^(["'])(.*)\1$/, "$2");
    for (const pair of value.split(",")) {
      const colon = pair.indexOf(":");
      const label = pair.slice(0, colon).trim();
      const token = pair.slice(colon + 1).trim();
      if (colon > 0 && label && token) return { label, token };
    }
  }
  return undefined;
}
