/// <reference types="node" />
import { existsSync } from "node:fs";
import { join } from "node:path";

type Log = (message: string) => void;

async function getJson(url: string, token?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

/** True when `/v1/candidates?context=home` returns at least one candidate. */
async function catalogLoaded(endpoint: string): Promise<boolean> {
  const { status, body } = await getJson(`${endpoint}/v1/candidates?context=home&limit=1`);
  const candidates = (body as { candidates?: unknown[] } | undefined)?.candidates;
  return status === 200 && Array.isArray(candidates) && candidates.length > 0;
}

/** The live version from the admin rollout, or null. */
async function liveVersion(endpoint: string, token: string): Promise<string | null> {
  const { status, body } = await getJson(`${endpoint}/v1/admin/rollout`, token);
  if (status !== 200) throw new Error(`GET /v1/admin/rollout answered ${status}: ${JSON.stringify(body)}`);
  return (body as { live: string | null }).live;
}

/**
 * Seeds an empty local edge: loads the demo catalog when `/v1/candidates` has nothing, and publishes
 * model/artifacts/demo as the live version when no version is live. Each step is skipped when its
 * module is not in the tree yet (a clear message says so), and both steps are idempotent.
 * @example await seedLocal({ endpoint: "http://localhost:8787", token, root, log: console.log });
 */
export async function seedLocal(options: { endpoint: string; token: string; root: string; log: Log }) {
  const { endpoint, token, root, log } = options;
  if (await catalogLoaded(endpoint)) {
    log("catalog: already loaded");
  } else {
    const catalog = await importOptional<typeof import("../catalog/index.ts")>("../catalog/index.ts", log);
    if (catalog) {
      log("catalog: loading the demo catalog (Amazon Beauty) ...");
      const result = await catalog.loadCatalog({ endpoint, token, dataset: "beauty" });
      log(`catalog: done ${JSON.stringify(result)}`);
    }
  }

  if ((await liveVersion(endpoint, token)) !== null) {
    log(`model: version ${await liveVersion(endpoint, token)} is live`);
    return;
  }
  const dir = join(root, "model/artifacts/demo");
  if (!existsSync(join(dir, "manifest.json"))) {
    log(
      `skipped: ${dir}/manifest.json is not in this tree yet, so no model is live (GET /v1/model answers 503)`,
    );
    return;
  }
  const artifact = await importOptional<typeof import("../../model/artifact/node.ts")>(
    "../../model/artifact/node.ts",
    log,
  );
  if (!artifact) return;
  log(`model: publishing ${dir} ...`);
  const result = await artifact.publishModelDir({ endpoint, token, dir });
  if ((await liveVersion(endpoint, token)) !== result.version) {
    const res = await fetch(`${endpoint}/v1/admin/rollout`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ live: result.version }),
    });
    if (!res.ok) throw new Error(`setting ${result.version} live failed: ${res.status} ${await res.text()}`);
  }
  log(`model: version ${result.version} is live (upload ${result.upload})`);
}

/** Imports a module that another engineer may not have landed yet; logs and returns undefined if absent. */
async function importOptional<T>(specifier: string, log: Log): Promise<T | undefined> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      log(`skipped: ${specifier} is not in this tree yet (${(error as Error).message.split("\n")[0]})`);
      return undefined;
    }
    throw error;
  }
}
