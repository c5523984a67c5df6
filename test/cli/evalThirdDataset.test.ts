/**
 * A third dataset, run as a new user would (`npm run eval -- --data DIR`): its outputs carry its own
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

describe("eval --data DIR (a third dataset)", { timeout: 180_000 }, () => {
  it("names its outputs after the directory and shows no published rows", async () => {
    const base = mkdtempSync(join(tmpdir(), "pocketrank-third-"));
    const data = join(base, "corner-shop");
    writeCornerShop(data);
    const out = join(base, "out");
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(
        process.execPath,
        ["--import", tsx, join(root, "model/cli/eval.ts"), "--data", data, "--no-model", "--out", out],
        { cwd: root },
        (error, stdout, stderr) => done({ code: error ? (error.code as number) : 0, stdout, stderr }),
      ),
    );
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
});
