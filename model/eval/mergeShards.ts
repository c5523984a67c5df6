import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EvalReport } from "./evalReport";
import type { TableRow } from "./formatTable";

/**
 * Merges the `<stem>-shard*.json` reports of one run: query-weighted means of every metric of ours,
 * published rows as they are; wall time = the slowest shard, CPU = the sum.
 */
export function mergeShards(dir: string, stem: string): EvalReport {
  const files = readdirSync(dir).filter((f) => f.startsWith(`${stem}-shard`) && f.endsWith(".json"));
  if (files.length === 0) throw new Error(`no ${stem}-shard*.json files in ${dir}`);
  const parts: EvalReport[] = files.map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));
  const queries = parts.reduce((s, p) => s + p.queries, 0);
  const weighted = (pick: (p: EvalReport) => number) =>
    parts.reduce((s, p) => s + pick(p) * p.queries, 0) / queries;
  const rows: TableRow[] = parts[0].rows.map((row, r) => ({
    ...row,
    metrics:
      row.source === "published"
        ? row.metrics
        : Object.fromEntries(Object.keys(row.metrics).map((k) => [k, weighted((p) => p.rows[r].metrics[k])])),
  }));
  return {
    ...parts[0],
    queries,
    recall: weighted((p) => p.recall),
    seconds: Math.max(...parts.map((p) => p.seconds)),
    cpuSeconds: parts.reduce((s, p) => s + p.cpuSeconds, 0),
    shards: parts.length,
    rows,
  };
}
