/// <reference types="node" />
// `npm start`: one command from a fresh clone to a seeded local pocketrank edge.
//   npm start [-- --port 8787 --persist-to .wrangler/state --inspector-port 9229 --ip localhost]
// Steps: .dev.vars admin token -> vite build (if dist/public is missing or older than its sources) ->
// D1 migrations -> wrangler dev -> wait for /healthz -> seed catalog + demo model when empty -> print
// URLs -> the Worker's cron every minute (wrangler dev fires none).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { staleBuild } from "./builtAssets";
import { ensureDevAdmin, setDevVar } from "./devVars";
import { ENDPOINT_VAR } from "./edgeTarget";
import { startLocalCron } from "./localCron";
import { type CliArgs, runCli, UsageError } from "./runCli";
import { seedLocal } from "./seedLocal";

const root = resolve(import.meta.dirname, "../..");
const wrangler = join(root, "node_modules/.bin/wrangler");
const log = (message: string) => console.log(`[pocketrank] ${message}`);
let child: ChildProcess | undefined;

const USAGE = `usage: npm start -- [--port 8787] [--ip ADDR] [--persist-to DIR] [--inspector-port N]
  Builds (when dist/public is missing or older than its sources), applies the local D1 migrations, runs
  wrangler dev, seeds the demo catalog and model, runs the Worker's cron every minute, and records the
  endpoint (POCKETRANK_ENDPOINT) and admin token (ADMIN_TOKENS) in .dev.vars, where every other CLI finds them.`;

const OPTIONS = {
  port: { type: "string", default: "8787" },
  ip: { type: "string" },
  "persist-to": { type: "string" },
  "inspector-port": { type: "string" },
} as const;

/** A port flag's value; anything else is a usage error, found before .dev.vars or wrangler is touched. */
function portArg(flag: string, value: string): string {
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535)
    throw new UsageError(`--${flag} must be a port in 1..65535, got "${value}"`);
  return value;
}

/** Runs a command with inherited stdio; resolves with its exit code. */
function run(command: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(command, argv, { cwd: root, stdio: "inherit", env });
    child.once("error", fail);
    child.once("exit", (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url}/healthz did not answer within ${timeoutMs / 1000} s`);
}

async function main({ values: args }: CliArgs<typeof OPTIONS>): Promise<void> {
  const port = portArg("port", args.port);
  if (args["inspector-port"] !== undefined) portArg("inspector-port", args["inspector-port"]);
  const admin = await ensureDevAdmin(join(root, ".dev.vars"));
  log(
    admin.created
      ? `created .dev.vars with a new admin token (label "${admin.label}")`
      : "using the admin token from .dev.vars",
  );

  // The other CLIs read the endpoint from .dev.vars (edge/dev/edgeTarget.ts), so they need no --endpoint.
  // Written before wrangler dev starts: it reads .dev.vars once, when it starts.
  const endpoint = `http://localhost:${port}`;
  await setDevVar(join(root, ".dev.vars"), ENDPOINT_VAR, endpoint);

  const stale = staleBuild(root);
  if (stale) {
    log(`${stale}: running npm run build ...`);
    if ((await run("npm", ["run", "build"])) !== 0) {
      log(
        "WARNING: npm run build failed; the API still starts, but /sdk, /demo or /dashboard may be missing",
      );
    }
    mkdirSync(join(root, "dist/public"), { recursive: true });
  }

  const persist = args["persist-to"] ? ["--persist-to", args["persist-to"]] : [];
  log("applying D1 migrations (local) ...");
  const migrated = await run(wrangler, ["d1", "migrations", "apply", "pocketrank", "--local", ...persist], {
    ...process.env,
    CI: "true", // no confirmation prompt
  });
  if (migrated !== 0) throw new Error("wrangler d1 migrations apply failed");

  // --test-scheduled: wrangler dev runs the scheduled handler on /__scheduled (edge/dev/localCron.ts).
  const devArgs = ["dev", "--port", port, "--test-scheduled", ...persist];
  if (args.ip) devArgs.push("--ip", args.ip);
  if (args["inspector-port"]) devArgs.push("--inspector-port", args["inspector-port"]);
  const dev = spawn(wrangler, devArgs, { cwd: root, stdio: "inherit" });
  child = dev;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    if (dev.exitCode === null) dev.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  dev.once("exit", (code) => {
    log(stopping ? "wrangler dev stopped" : `wrangler dev exited with code ${code}`);
    process.exit(stopping ? 0 : (code ?? 1));
  });

  await waitForHealth(endpoint, dev);
  try {
    await seedLocal({ endpoint, token: admin.token, root, log });
  } catch (error) {
    log(`WARNING: seeding failed, the server keeps running: ${(error as Error).message}`);
  }

  startLocalCron(endpoint, {
    onError: (error) => log(`WARNING: the minute's cron run failed: ${error.message}`),
  });
  console.log(
    [
      "",
      "pocketrank is running:",
      `  demo storefront  ${endpoint}/demo/`,
      `  dashboard        ${endpoint}/dashboard/`,
      `  API              ${endpoint}/v1/candidates?context=home   ${endpoint}/v1/model?bucket=0`,
      `  metrics          ${endpoint}/metrics`,
      `  admin token      ${admin.token}   (Authorization: Bearer <token>; label "${admin.label}", in .dev.vars)`,
      "  cron             the Worker's scheduled handler runs every minute (alerts, guarded rollout, fleet learning)",
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}

void runCli({ name: "start", usage: USAGE, options: OPTIONS }, (args) =>
  main(args).catch((error: Error) => {
    // wrangler dev must not outlive a failed start.
    if (child && child.exitCode === null) child.kill("SIGTERM");
    throw error;
  }),
);
