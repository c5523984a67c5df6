import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReferenceProfile, loadModel } from "../../model/artifact";
import { exportModel } from "../../model/artifact/node";
import { testRanker } from "../../model/artifact/testRanker";
import { type EdgeHandle, startEdge } from "./harness";

/**
 * The publish CLI against the real Worker (`wrangler dev`: D1 registry, R2 files): upload, rollout,
 * idempotent re-runs, canaries, and clear refusals. The artifacts are exported here from model/'s ranker
 * with random weights (the registry does not care what they mean); the committed demo artifact is
 * published by the harness' seed in other e2e tests.
 */
const root = resolve(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/.bin/tsx");
const run = promisify(execFile);
const PORT = 8805;

let edge: EdgeHandle;
let work: string;
const dirA = () => join(work, "a");
const dirB = () => join(work, "b");

async function publish(...args: string[]): Promise<{ code: number; out: string }> {
  const all = ["model/cli/publish.ts", "--endpoint", edge.url, "--token", edge.token, ...args];
  try {
    const { stdout, stderr } = await run(tsx, all, { cwd: root });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

async function admin<T>(path: string): Promise<T> {
  const res = await fetch(`${edge.url}${path}`, { headers: { Authorization: `Bearer ${edge.token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function exportRandom(outDir: string, version: string, seed: number): Promise<void> {
  const { config, params } = testRanker(seed, { itemBuckets: 512, categoryBuckets: 64 });
  await exportModel({
    params,
    config,
    version,
    precision: "int8",
    metrics: { "ndcg@10": 0.01 },
    referenceProfile: buildReferenceProfile([0.2, 0.7]),
    outDir,
  });
  tf.dispose(Object.values(params));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "model-artifact-e2e-"));
  await exportRandom(dirA(), "pub-a", 1);
  await exportRandom(dirB(), "pub-b", 2);
  edge = await startEdge({ port: PORT });
});

afterAll(async () => {
  await edge?.stop();
  await rm(work, { recursive: true, force: true });
});

describe("npm run publish-model against wrangler dev", () => {
  it("uploads a folder, makes it live, and serves files that load and verify", async () => {
    const { code, out } = await publish("--dir", dirA());
    expect(code, out).toBe(0);
    expect(out).toMatch(/pub-a: uploaded; rollout set: live pub-a/);

    const res = await fetch(`${edge.url}/v1/model?bucket=42`);
    expect(res.status).toBe(200);
    const assignment = (await res.json()) as {
      version: string;
      manifest: { url: string };
      files: { path: string; url: string }[];
    };
    expect(assignment.version).toBe("pub-a");
    const manifest = await (await fetch(assignment.manifest.url)).json();
    const urls = new Map(assignment.files.map((f) => [f.path, f.url]));
    const loaded = await loadModel(manifest, async (path) => (await fetch(urls.get(path)!)).arrayBuffer());
    expect(loaded.params.itemEmbedding.shape).toEqual([512, 16]);
    const local = JSON.parse(await readFile(join(dirA(), "manifest.json"), "utf8"));
    expect(manifest).toEqual(local);
    tf.dispose(Object.values(loaded.params));
  });

  it("changes nothing when re-run with the same folder", async () => {
    const before = await admin<{ entries: unknown[] }>("/v1/admin/audit");
    const { code, out } = await publish("--dir", dirA());
    expect(code, out).toBe(0);
    expect(out).toMatch(/pub-a: already in the registry \(identical\); rollout unchanged: live pub-a/);
    const after = await admin<{ entries: unknown[] }>("/v1/admin/audit");
    expect(after.entries.length).toBe(before.entries.length);
  });

  it("rolls a second version out as a canary on the requested share", async () => {
    const { code, out } = await publish("--dir", dirB(), "--canary", "10");
    expect(code, out).toBe(0);
    const rollout = await admin<{ live: string; canary: string; canaryPercent: number }>("/v1/admin/rollout");
    expect(rollout).toMatchObject({ live: "pub-a", canary: "pub-b", canaryPercent: 10 });
    const again = await publish("--dir", dirB(), "--canary", "10");
    expect(again.out).toMatch(/rollout unchanged/);
  });

  it("refuses to reuse a version for other bytes (409) and leaves the rollout alone", async () => {
    const { code, out } = await publish("--dir", dirB(), "--version", "pub-a");
    expect(code).not.toBe(0);
    expect(out).toMatch(/HTTP 409 version_exists/);
    const rollout = await admin<{ live: string; canary: string }>("/v1/admin/rollout");
    expect(rollout).toMatchObject({ live: "pub-a", canary: "pub-b" });
  });

  it("publishes the same folder under a new version with --version", async () => {
    const { code, out } = await publish("--dir", dirB(), "--version", "pub-b2");
    expect(code, out).toBe(0);
    const rollout = await admin<{ live: string; canary: string | null }>("/v1/admin/rollout");
    expect(rollout).toMatchObject({ live: "pub-b2", canary: null });
  });

  it("starts a guarded rollout with --guarded: the canary at the plan's first step", async () => {
    const plan = join(dirA(), "..", "plan.json");
    await writeFile(plan, JSON.stringify({ onRegression: "pause" }));
    const { code, out } = await publish("--dir", dirA(), "--guarded", "--plan", plan);
    expect(code, out).toBe(0);
    expect(out).toMatch(/canary pub-a on 1%; guarded rollout \d+/);
    const { rollouts } = await admin<{
      rollouts: { canary: string; state: string; plan: { onRegression: string } }[];
    }>("/v1/admin/rollouts");
    expect(rollouts[0]).toMatchObject({ canary: "pub-a", state: "active", plan: { onRegression: "pause" } });
    const again = await publish("--dir", dirA(), "--guarded");
    expect(again.code).not.toBe(0);
    expect(again.out).toMatch(/HTTP 409 rollout_running/);
  });

  it("refuses a wrong token with the edge's error code", async () => {
    const all = ["model/cli/publish.ts", "--endpoint", edge.url, "--token", "wrong", "--dir", dirA()];
    const result = await run(tsx, all, { cwd: root }).catch((e) => e as { code: number; stderr: string });
    expect((result as { code: number }).code).toBe(1);
    expect((result as { stderr: string }).stderr).toMatch(/HTTP 401/);
  });

  it("refuses a folder whose weights were altered, before uploading anything", async () => {
    const dir = join(work, "tampered");
    await exportRandom(dir, "pub-t", 3);
    const shard = join(dir, "group1-shard1of1.bin");
    const bytes = await readFile(shard);
    bytes[0] ^= 0xff;
    await writeFile(shard, bytes);
    const { code, out } = await publish("--dir", dir);
    expect(code).toBe(1);
    expect(out).toMatch(/group1-shard1of1\.bin: sha256 [0-9a-f]{64}, manifest says/);
    const { versions } = await admin<{ versions: { version: string }[] }>("/v1/admin/models");
    expect(versions.map((v) => v.version)).not.toContain("pub-t");
  });
});
