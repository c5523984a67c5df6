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
  for (const pair of (dotenvValue(text, "ADMIN_TOKENS") ?? "").split(",")) {
    const colon = pair.indexOf(":");
    const label = pair.slice(0, colon).trim();
    const token = pair.slice(colon + 1).trim();
    if (colon > 0 && label && token) return { label, token };
  }
  return undefined;
}

/**
 * Pure: the value of `name` in dotenv text (the first non-empty assignment; quotes removed), if any.
 * @example dotenvValue('export A="x"\n', "A") // "x"
 */
export function dotenvValue(text: string, name: string): string | undefined {
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(raw);
    if (!match || match[1] !== name) continue;
    const value = match[2].trim().replace(/^(["'])(.*)\1$/, "$2");
    if (value) return value;
  }
  return undefined;
}

/**
 * Sets `name=value` in a dotenv file, replacing its earlier assignments and keeping every other line;
 * creates the file (mode 600) when missing.
 * @example await setDevVar(".dev.vars", "POCKETRANK_ENDPOINT", "http://localhost:8790");
 */
export async function setDevVar(path: string, name: string, value: string): Promise<void> {
  const text = existsSync(path) ? await readFile(path, "utf8") : "";
  const assigns = new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=`);
  const kept = text.split(/\r?\n/).filter((line) => !assigns.test(line));
  while (kept.length > 0 && kept[kept.length - 1] === "") kept.pop();
  await writeFile(path, `${[...kept, `${name}=${value}`].join("\n")}\n`, { mode: 0o600 });
}
