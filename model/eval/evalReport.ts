import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Protocol } from "../data/datasets";
import type { Holdout } from "../data/holdout";
import { formatTable, type TableRow } from "./formatTable";
import { PROTOCOL_TABLE } from "./protocolTable";

/** What one `npm run eval` writes as JSON (and, formatted, as markdown). */
export interface EvalReport {
  dataset: string;
  protocol: Protocol;
  holdout: Holdout;
  queries: number;
  /** Test cases of the whole split (before --limit-users / --shard); more than `queries` for a subset. */
  totalCases?: number;
  /** Share of test targets among the generator's candidates. */
  recall: number;
  seconds: number;
  cpuSeconds: number;
  model: string | null;
  shards?: number;
  rows: TableRow[];
}

/** The report's markdown: a title line with its setting, then the table. */
export function reportMarkdown(r: EvalReport): string {
  const t = PROTOCOL_TABLE[r.protocol];
  const shards = r.shards ? ` (${r.shards} shards)` : "";
  const title = `${r.dataset}, ${r.holdout} holdout: ${r.queries} queries${shards}, candidate recall@${t.limit} ${(r.recall * 100).toFixed(2)}%, ${r.seconds.toFixed(0)} s wall / ${r.cpuSeconds.toFixed(0)} s CPU`;
  return `### ${title}\n\n${formatTable(r.rows, t.columns, t.digits)}\n`;
}

/** Writes `<stem>.md` and `<stem>.json` into `dir`. */
export function writeReport(dir: string, stem: string, r: EvalReport): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${stem}.md`), reportMarkdown(r));
  writeFileSync(join(dir, `${stem}.json`), `${JSON.stringify(r, null, 2)}\n`);
}

/**
 * Output file stem: the dataset's own name, with the holdout where it is not the strict default.
 * @example reportStem("my-store", "strict") // "my-store"
 */
export function reportStem(dataset: string, holdout: Holdout): string {
  return holdout === "strict" ? dataset : `${dataset}-${holdout}`;
}
