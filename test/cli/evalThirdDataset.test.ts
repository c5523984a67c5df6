/**
 * A third dataset, run as a new user would (`npm run train/eval -- --data DIR`, Beauty's layout or a store's catalog files): its outputs carry its own
 * name, and no other dataset's published rows appear beside it. Before, it had to pose as Beauty and
 * was labelled Beauty, with Beauty's published rows.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const tsx = fileURLToPath(import.meta.resolve("tsx"));

/** 40 users over 12 items in Beauty's layout (one line per user, items.tsv with categories). */
function writeCornerShop(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const lines = Array.from(
    { length: 40 },
    (_, u) => `${u + 1} ${[0, 1, 2, 3, 4].map((j) => 1 + ((u + j * 5) % 12)).join(" ")}`,
  );
  writeFileSync(join(dir, "Beauty.txt"), `${lines.join("\n")}\n`);
  const items = Array.from(
    { length: 12 },
    (_, i) => `${i + 1}\tS${i + 1}\tItem ${i + 1}\t1\tShop|Aisle ${i % 3}\t10`,
  );
  writeFileSync(
    join(dir, "items.tsv"),
    `item_id\tasin\ttitle\tattr_ids\tattr_names\tn_interactions\n${items.join("\n")}\n`,
  );
}

/** 40 shoppers over 12 products in the store catalog format (model/catalog/README.md): items.csv + interactions.csv. */
function writeStoreDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const items = Array.from(
    { length: 12 },
    (_, i) => `SKU-${i + 1},Item ${i + 1},Shop > Aisle ${i % 3},Brand ${i % 2}`,
  );
  writeFileSync(join(dir, "items.csv"), `id,title,category,brand\n${items.join("\n")}\n`);
  const rows = Array.from({ length: 40 }, (_, u) =>
    [0, 1, 2, 3, 4].map((j) => `shopper-${u},SKU-${1 + ((u + j * 5) % 12)},${1_700_000_000 + u * 100 + j}`),
  ).flat();
  writeFileSync(join(dir, "interactions.csv"), `key,sku,time\n${rows.join("\n")}\n`);
}

/** Runs one of model/'s CLIs as npm does (node + tsx, a real process). */
function cli(
  name: "train" | "eval",
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      process.execPath,
      ["--import", tsx, join(root, `model/cli/${name}.ts`), ...args],
      { cwd: root },
      (error, stdout, stderr) => done({ code: error ? (error.code as number) : 0, stdout, stderr }),
    ),
  );
}

describe("train and eval --data DIR (a third dataset)", { timeout: 180_000 }, () => {
  it("names its outputs after the directory and shows no published rows", async () => {
    const base = mkdtempSync(join(tmpdir(), "pocketrank-third-"));
    const data = join(base, "corner-shop");
    writeCornerShop(data);
    const out = join(base, "out");
    const run = await cli("eval", ["--data", data, "--no-model", "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(out, "corner-shop.json"))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, "corner-shop.json"), "utf8"));
    expect(report.dataset).toBe("corner-shop");
    expect(report.holdout).toBe("strict");
    expect(report.queries).toBe(40);
    expect(report.rows.filter((r: { source: string }) => r.source === "published")).toEqual([]);
    expect(run.stdout).toContain("corner-shop, strict holdout");
    expect(run.stdout).not.toMatch(/beauty|S3-Rec|SASRec/i);
  });

  it("trains on a store's catalog files (items.csv + interactions.csv) and evaluates that model by the store's name", async () => {
    const base = mkdtempSync(join(tmpdir(), "pocketrank-store-"));
    const data = join(base, "my-store");
    writeStoreDir(data);
    const model = join(base, "model");
    const train = await cli("train", ["--data", data, "--quick", "--budget-s", "1", "--out", model]);
    expect(train.code, train.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(model, "manifest.json"), "utf8"));
    expect(manifest.version).toBe("my-store-quick-strict-s42");
    const out = join(base, "out");
    const run = await cli("eval", ["--data", data, "--model", model, "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "my-store.json"), "utf8"));
    expect(report.queries).toBe(40);
    expect(report.rows.map((r: { method: string }) => r.method)).toContain(`generator → rerank (${model})`);
    expect(report.rows.filter((r: { source: string }) => r.source === "published")).toEqual([]);
  });
});
