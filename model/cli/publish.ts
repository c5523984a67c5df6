/**
 * `npm run publish-model -- --dir model/artifacts/<x> [--version X] [--canary 10]
 *   [--endpoint http://localhost:8787] [--token T]`
 * Uploads an artifact folder to the edge registry and makes it live (or a canary on N % of buckets).
 * The token comes from --token, else $ADMIN_TOKEN, else the first token of ADMIN_TOKENS in .dev.vars.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { publishModelDir } from "../artifact";

const USAGE =
  "usage: npm run publish-model -- --dir <artifact folder> [--version X] [--canary <0..100>] " +
  "[--endpoint http://localhost:8787] [--token T]";

/** wrangler's default `wrangler dev` address. */
const DEFAULT_ENDPOINT = "http://localhost:8787";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: "string", default: "model/artifacts/demo" },
      version: { type: "string" },
      canary: { type: "string" },
      endpoint: { type: "string", default: DEFAULT_ENDPOINT },
      token: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  let canaryPercent: number | undefined;
  if (values.canary !== undefined) {
    canaryPercent = Number(values.canary);
    if (values.canary.trim() === "" || !Number.isFinite(canaryPercent)) {
      throw new Error(`--canary must be a number in 0..100, got "${values.canary}"`);
    }
  }
  const token = values.token ?? process.env.ADMIN_TOKEN ?? (await tokenFromDevVars());
  if (!token)
    throw new Error("no admin token: pass --token, set ADMIN_TOKEN, or put ADMIN_TOKENS in .dev.vars");
  const result = await publishModelDir({
    endpoint: values.endpoint,
    token,
    dir: values.dir,
    version: values.version,
    canaryPercent,
  });
  const { rollout } = result;
  const canary = rollout.canary ? `, canary ${rollout.canary} on ${rollout.canaryPercent}%` : "";
  console.log(
    `${result.version}: ${result.upload === "created" ? "uploaded" : "already in the registry (identical)"}; ` +
      `rollout ${result.rolloutChanged ? "set" : "unchanged"}: live ${rollout.live}${canary}`,
  );
}

/** First token of `ADMIN_TOKENS="label:token,..."` in wrangler's .dev.vars (dotenv syntax), if any. */
async function tokenFromDevVars(): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(".dev.vars", "utf8");
  } catch {
    return undefined;
  }
  const line = text.split("\n").find((l) => /^\s*ADMIN_TOKENS\s*=/.test(l));
  const value = line
    ?.slice(line.indexOf("=") + 1)
    .trim()
    .replace(/^["']|["']$/g, "");
  const first = value?.split(",")[0]?.trim();
  return first ? first.slice(first.indexOf(":") + 1) : undefined;
}

main().catch((error: unknown) => {
  console.error(`publish-model: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
