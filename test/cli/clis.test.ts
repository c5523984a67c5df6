/**
 * Smoke tests of every CLI, run as `npm run <name>` runs them (node + tsx, a real process): --help,
 * bad input as a clear usage error without a stack trace, the shared endpoint/token from .dev.vars,
 * and no rewriting of tracked files unless asked.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const tsx = fileURLToPath(import.meta.resolve("tsx"));
const CLIS = {
  train: "model/cli/train.ts",
  eval: "model/cli/eval.ts",
  "publish-model": "model/cli/publish.ts",
  "build-catalog": "edge/catalog/cli.ts",
  "import-catalog": "edge/catalog/importCli.ts",
  simulate: "model/cli/simulate.ts",
  bench: "test/bench/run.ts",
  start: "edge/dev/start.ts",
} as const;
type Cli = keyof typeof CLIS;
type Run = { code: number | null; stdout: string; stderr: string };

/** Runs a CLI with `args` in `cwd` (default: the repository root, as npm does). */
function cli(name: Cli, args: string[], cwd = root, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", tsx, join(root, CLIS[name]), ...args],
      { cwd, env: { ...process.env, POCKETRANK_ENDPOINT: "", POCKETRANK_ADMIN_TOKEN: "", ...env } },
      (error, stdout, stderr) => done({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

const STACK_FRAME = /^\s+at /m;
/** Path → mtime of every file under model/eval/results (the committed results). */
const resultFiles = () => {
  const dir = join(root, "model/eval/results");
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => [f, statSync(join(dir, f)).mtimeMs]),
  );
};

describe("every CLI", { timeout: 120_000 }, () => {
  it.each(Object.keys(CLIS) as Cli[])("%s --help prints its usage and exits 0", async (name) => {
    const run = await cli(name, ["--help"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^usage: npm (run )?${name} --`));
  });

  it.each(Object.keys(CLIS) as Cli[])("%s refuses an unknown flag with its usage, exit 2", async (name) => {
    const run = await cli(name, ["--no-such-flag"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${name}: Unknown option '--no-such-flag'`));
    expect(run.stderr).toMatch(new RegExp(`usage: npm (run )?${name}`));
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it.each(["train", "eval", "build-catalog"] as const)(
    "%s --dataset nope is a clear usage error",
    async (name) => {
      const run = await cli(name, ["--dataset", "nope"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^${name}: --dataset must be .*got "nope"`));
      expect(run.stderr).not.toMatch(STACK_FRAME);
    },
  );
});

describe("bad values", { timeout: 120_000 }, () => {
  it("start --port abc is a usage error before anything is written or started (it wrote the port into .dev.vars)", async () => {
    const devVars = join(root, ".dev.vars");
    const before = existsSync(devVars) ? readFileSync(devVars, "utf8") : null;
    for (const args of [
      ["--port", "abc"],
      ["--port", "0"],
      ["--inspector-port", "70000"],
    ]) {
      const run = await cli("start", args);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^start: --(inspector-)?port must be a port in 1\.\.65535/);
      expect(run.stderr).not.toMatch(STACK_FRAME);
    }
    expect(existsSync(devVars) ? readFileSync(devVars, "utf8") : null).toBe(before);
  });

  it("publish-model --canary 200 is a usage error, not a refusal from the edge", async () => {
    const run = await cli("publish-model", ["--canary", "200", "--endpoint", "http://127.0.0.1:9"]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^publish-model: --canary must be a number in 0\.\.100, got "200"/);
  });
});

describe("the edge and admin token", { timeout: 120_000 }, () => {
  it("simulate --canary with its defaults reaches the token check (no --shift-at error without --shift)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pocketrank-simulate-"));
    const run = await cli("simulate", ["--canary", "bad-ctr"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^simulate: --canary needs the admin token/);
  });

  it("import-catalog refuses a bad store file with file, line and field, exit 1, and checks a good one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pocketrank-import-"));
    writeFileSync(join(dir, "items.csv"), "\uFEFFid,title,price,currency\nA,Soap,4.5,EUR\nB,,x,EUR\n");
    const bad = await cli("import-catalog", ["--items", join(dir, "items.csv")], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("items.csv line 3, title: missing");
    expect(bad.stderr).toContain('items.csv line 3, price: "x" is not a number');
    expect(bad.stderr).not.toMatch(STACK_FRAME);
    writeFileSync(join(dir, "good.jsonl"), '{"id":"A","title":"Soap","availability":"out_of_stock"}\n');
    const good = await cli("import-catalog", ["--items", join(dir, "good.jsonl"), "--check"], dir);
    expect(good).toMatchObject({ code: 0 });
    expect(good.stdout).toContain("checked 1 items (1 out of stock), 0 interactions");
  });

  it("publish-model without --dir says it publishes the demo model, to the edge and token of .dev.vars", async () => {
    const seen: { url?: string; auth?: string }[] = [];
    const server = createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      res.writeHead(401, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: { code: "unauthorized", message: "test edge" } }));
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const { port } = server.address() as AddressInfo;
    // A folder like the repository root after `npm start -- --port N`: only .dev.vars names the edge.
    const cwd = mkdtempSync(join(tmpdir(), "pocketrank-cli-"));
    writeFileSync(
      join(cwd, ".dev.vars"),
      `ADMIN_TOKENS=local:from-dev-vars\nPOCKETRANK_ENDPOINT=http://127.0.0.1:${port}\n`,
    );
    const run = await cli("publish-model", [], cwd);
    server.close();
    const demo = JSON.parse(readFileSync(join(root, "model/artifacts/demo/manifest.json"), "utf8"));
    expect(run.stdout).toContain(`(no --dir given: the committed demo model): version ${demo.version}`);
    expect(run.stdout).toContain(`to http://127.0.0.1:${port} (from .dev.vars; admin token from .dev.vars)`);
    expect(seen[0]).toEqual({ url: "/v1/admin/rollout", auth: "Bearer from-dev-vars" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^publish-model: .*401/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});

describe("no CLI rewrites tracked files unless asked", { timeout: 180_000 }, () => {
  it("eval prints its table and writes nothing without --out", async () => {
    const before = resultFiles();
    const run = await cli("eval", ["--dataset", "beauty", "--no-model", "--limit-users", "20"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("generator order");
    expect(resultFiles()).toEqual(before);
  });

  it("train writes its artifact to --out and its record only to --record", async () => {
    const before = resultFiles();
    const dir = mkdtempSync(join(tmpdir(), "pocketrank-train-"));
    const args = ["--dataset", "beauty", "--quick", "--max-train-cases", "64", "--budget-s", "1"];
    const run = await cli("train", [...args, "--out", join(dir, "a"), "--record", join(dir, "record.json")]);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(dir, "a/manifest.json"))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "record.json"), "utf8")).dataset).toBe("beauty");
    expect(resultFiles()).toEqual(before);
  });
});
