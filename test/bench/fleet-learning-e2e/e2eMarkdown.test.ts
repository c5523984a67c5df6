import { describe, expect, it } from "vitest";
import { type E2eResult, type E2eRow, e2eMarkdown } from "./e2eMarkdown";

const setup: E2eResult["setup"] = {
  command: "npx tsx test/bench/fleet-learning-e2e.ts",
  commit: "abc1234",
  main: "abc1234",
  date: "2026-11-30",
  node: "v20",
  model: "model/artifacts/beauty-strict-int8",
  modelWeights: ["v group1-shard1of1.bin sha256:00"],
  stride: 16,
  cases: 200,
  totalCases: 3200,
  limit: 200,
  devices: 10,
  contributions: 20,
  pairs: 30,
  mapping: { days: 28, itemsPerDay: 3 },
};
const row = (kind: E2eRow["kind"], name: string, rerank: number[], seed?: number): E2eRow => ({
  kind,
  name,
  seed,
  recall: 0.5,
  retrieval: {},
  rerank: {},
  seconds: 1,
  ranks: { retrieval: rerank.map(() => 5), rerank },
});
const tableLine = (md: string, name: string) => md.split("\n").find((l) => l.startsWith(`| ${name}`)) ?? "";

describe("e2eMarkdown", () => {
  // 200 users: the cold start ranks every target first; the raw log half of them first.
  const first = Array.from({ length: 200 }, () => 0);
  const half = first.map((_, i) => (i % 2 ? 0 : -1));
  it("bolds a paired difference whose interval excludes 0, and not one that is exactly 0", () => {
    const md = e2eMarkdown({
      setup,
      rows: [row("cold-start", "cold", first), row("raw-log", "raw", half), row("fleet", "same", first)],
    });
    expect(tableLine(md, "raw")).toContain("**−0.5000 [−0.5");
    expect(tableLine(md, "same")).toContain("| +0.0000 [+0.0000, +0.0000] |");
  });
  it("averages the seeds of one index per user, and names them", () => {
    const md = e2eMarkdown({
      setup,
      rows: [row("fleet", "fleet, ε = 1", first, 100), row("fleet", "fleet, ε = 1", half, 101)],
    });
    const line = tableLine(md, "fleet, ε = 1");
    expect(line).toContain("seeds 100, 101");
    // rerank NDCG@10: (1 + 0.5) / 2 per user on average.
    expect(line.split(" | ")[5]).toBe("0.7500");
  });
});
