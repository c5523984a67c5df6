import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../../..");
const wrangler = join(root, "node_modules/.bin/wrangler");

export type EdgeOptions = {
  /** Loopback port for `wrangler dev`; the inspector takes port + 100. */
  port: number;
  /** Load the demo catalog and publish + roll out the committed demo model. */
  seed?: boolean;
  /** Extra `--var NAME:VALUE` bindings (e.g. ALERT_WEBHOOK_URL). */
  vars?: Record<string, string>;
};

export type EdgeHandle = {
  /** Base URL, e.g. http://localhost:8804 (localhost: WebGPU needs a secure origin). */
  url: string;
  /** Admin bearer token (label "e2e"). */
  token: string;
  /** Directory holding this edge's local D1/R2/DO state. */
  stateDir: string;
  /** The tail of wrangler dev's own output (its last 200 chunks), for diagnosing a stall. */
  log(): string;
  stop(): Promise<void>;
};

/**
 * Applies edge/migrations to a fresh local state. Tried twice: under load, local workerd once failed
 * mid-apply with an internal "false == true" assertion (e2e run of 03:09 UTC, 2026-11-30). Applying
 * again is safe, since wrangler records each applied migration and skips it.
 */
async function applyMigrations(stateDir: string): Promise<void> {
  const apply = () =>
    run(wrangler, ["d1", "migrations", "apply", "pocketrank", "--local", "--persist-to", stateDir], {
      cwd: root,
      env: { ...process.env, CI: "true" },
    });
  await apply().catch(apply);
}

/**
 * Starts the real Worker under `wrangler dev` on a fresh local state, with migrations applied.
 * Run `npm run build` first so dist/public holds /sdk, /demo and /dashboard.
 * @example const edge = await startEdge({ port: 8804, seed: true }); ...; await edge.stop();
 */
export async function startEdge(options: EdgeOptions): Promise<EdgeHandle> {
  const { port } = options;
  await assertPortFree(port);
  const stateDir = await mkdtemp(join(tmpdir(), "pocketrank-e2e-"));
  const token = randomBytes(16).toString("hex");
  await applyMigrations(stateDir);
  const vars = { ADMIN_TOKENS: `e2e:${token}`, ...options.vars };
  const args = ["dev", "--port", String(port), "--inspector-port", String(port + 100), "--ip", "127.0.0.1"];
  args.push("--persist-to", stateDir, "--log-level", "warn", "--show-interactive-dev-session=false");
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child = spawn(wrangler, args, { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const url = `http://localhost:${port}`;
  const stop = async () => {
    await killGroup(child);
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, output);
    if (options.seed) await seedDemo(url, token);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, token, stateDir, log: () => output.join(""), stop };
}

/** A server already on the port would answer our health check and make every test lie. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const probe = createServer();
    probe.once("error", () => fail(new Error(`port ${port} is already in use; stop that server first`)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => ok()));
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`wrangler dev exited (${child.exitCode}):\n${output.join("")}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not become healthy in 90 s:\n${output.join("")}`);
}

/** Loads the demo catalog and publishes the committed demo model as the live version. */
export async function seedDemo(endpoint: string, token: string): Promise<void> {
  const { loadCatalog } = await import("../../../edge/catalog/index.ts");
  await loadCatalog({ endpoint, token, dataset: "beauty" });
  const { publishModelDir } = await import("../../../model/artifact/node.ts");
  await publishModelDir({ endpoint, token, dir: join(root, "model/artifacts/demo") });
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
