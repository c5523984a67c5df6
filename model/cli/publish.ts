/**
 * `npm run publish-model -- [--dir model/artifacts/<x>] [--version X] [--canary 10 | --guarded [--plan F]] [--endpoint URL] [--token T]`
 * Uploads an artifact folder to the edge registry and makes it live, a canary on N % of buckets, or
 * the canary of a guarded rollout that the edge advances or withdraws on its own.
 * Without --dir it publishes the committed demo model. The edge and token are resolved as in every
 * CLI (edge/dev/edgeTarget.ts): flags, else POCKETRANK_ENDPOINT / POCKETRANK_ADMIN_TOKEN, else .dev.vars.
 */
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describeTarget, edgeTarget, repoRoot, requireToken, TARGET_USAGE } from "../../edge/dev/edgeTarget";
import { type CliArgs, runCli, UsageError } from "../../edge/dev/runCli";
import { publishModelDir, readArtifactDir } from "../artifact/node";

/** What publish-model uploads when no --dir is given. */
const DEMO_DIR = "model/artifacts/demo";

const USAGE = `usage: npm run publish-model -- [--dir DIR] [--version X] [--canary 0..100 | --guarded [--plan FILE]] ${TARGET_USAGE}
  --dir DIR        artifact folder (manifest.json + weights); default ${DEMO_DIR}, the committed demo model
  --version X      publish under this version instead of the manifest's
  --canary N       roll out to N % of buckets next to the live version (default: make it live)
  --guarded        start a guarded rollout: 1 → 5 → 25 → 50 → 100 % on the fleet's evidence
  --plan FILE      with --guarded: JSON overriding the default plan (steps, guardrails, onRegression, alpha)
  --endpoint URL   the edge (default: $POCKETRANK_ENDPOINT, else .dev.vars, else http://localhost:8787)
  --token T        admin token (default: $POCKETRANK_ADMIN_TOKEN, else ADMIN_TOKENS in .dev.vars)`;

const OPTIONS = {
  dir: { type: "string" },
  version: { type: "string" },
  canary: { type: "string" },
  guarded: { type: "boolean" },
  plan: { type: "string" },
  endpoint: { type: "string" },
  token: { type: "string" },
} as const;

async function main({ values }: CliArgs<typeof OPTIONS>): Promise<void> {
  let canaryPercent: number | undefined;
  if (values.canary !== undefined) {
    canaryPercent = Number(values.canary);
    if (values.canary.trim() === "" || !(canaryPercent >= 0 && canaryPercent <= 100))
      throw new UsageError(`--canary must be a number in 0..100, got "${values.canary}"`);
  }
  if (values.guarded && canaryPercent !== undefined)
    throw new UsageError("--guarded sets the share itself: drop --canary");
  if (values.plan !== undefined && !values.guarded) throw new UsageError("--plan needs --guarded");
  const plan = values.plan === undefined ? undefined : JSON.parse(await readFile(values.plan, "utf8"));
  const dir = values.dir ?? join(repoRoot(), DEMO_DIR);
  const target = edgeTarget(values);
  const { manifest, files } = await readArtifactDir(dir, values.version);
  const bytes = files.reduce((n, f) => n + f.data.length, 0);
  const what = values.dir
    ? dir
    : `${relative(process.cwd(), dir)} (no --dir given: the committed demo model)`;
  console.log(
    `publishing ${what}: version ${manifest.version}, ${manifest.precision}, ${bytes} weight bytes, ` +
      `${values.guarded ? "as a guarded canary" : canaryPercent === undefined ? "as the live version" : `as a canary on ${canaryPercent} %`}`,
  );
  console.log(`to ${describeTarget(target)}`);
  const result = await publishModelDir({
    endpoint: target.endpoint,
    token: requireToken(target),
    dir,
    version: values.version,
    canaryPercent,
    guarded: values.guarded ? { plan } : undefined,
  });
  const { rollout } = result;
  const canary = rollout.canary ? `, canary ${rollout.canary} on ${rollout.canaryPercent}%` : "";
  const watch = result.guardedId
    ? `; guarded rollout ${result.guardedId}: GET /v1/admin/rollouts/${result.guardedId}`
    : "";
  console.log(
    `${result.version}: ${result.upload === "created" ? "uploaded" : "already in the registry (identical)"}; ` +
      `rollout ${result.rolloutChanged ? "set" : "unchanged"}: live ${rollout.live}${canary}${watch}`,
  );
}

void runCli({ name: "publish-model", usage: USAGE, options: OPTIONS }, main);
