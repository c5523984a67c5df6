import type { Holdout } from "../../../model/data";
import type { EvalReport } from "../../../model/eval/evalReport";
import { formatTable, type TableRow } from "../../../model/eval/formatTable";

type Run = EvalReport & { command: string; subset?: string };
/** Per shard: the valid-visible and the strict report of the same users. */
export type ShardPairs = [EvalReport, EvalReport][];
const COLUMNS = ["HR@10", "NDCG@10", "HR@20", "NDCG@20"];
/** Rows of ours matched across the two settings by what they are, not by their model path. */
const KINDS = ["PopRec", "generator order", "generator → rerank"];

const kindOf = (r: TableRow) => KINDS.find((k) => r.method.startsWith(k));
const pct = (a: number, b: number) => `${b >= a ? "+" : ""}${(((b - a) / a) * 100).toFixed(1)} %`;

/** The change of one row's metric in each shard (same users in both settings), as "min … max". */
function shardRange(shards: ShardPairs, kind: string, metric: string): string {
  const changes = shards.flatMap(([a, b]) => {
    const x = a.rows.find((r) => r.source === "ours" && kindOf(r) === kind)?.metrics[metric];
    const y = b.rows.find((r) => r.source === "ours" && kindOf(r) === kind)?.metrics[metric];
    return x && y ? [((y - x) / x) * 100] : [];
  });
  if (changes.length < 2) return "";
  return `${Math.min(...changes).toFixed(1)} … ${Math.max(...changes).toFixed(1)} %`;
}

function runLine(r: Run): string {
  const subset = r.subset ? ` — **subset: ${r.subset}, ${r.queries} of ${r.totalCases} users**` : "";
  return `\`${r.command}\` → ${r.queries} queries${subset}, candidate recall@200 ${(r.recall * 100).toFixed(2)} %, ${r.shards ? `${r.shards} shards, the slowest ${r.seconds.toFixed(0)} s wall, ${r.cpuSeconds.toFixed(0)} s CPU in all` : `${r.seconds.toFixed(0)} s wall / ${r.cpuSeconds.toFixed(0)} s CPU`}; ranker \`${r.model}\``;
}

/** The model-strict write-up, generated from the raw runs (test/bench/results/model-strict.json). */
export function strictMarkdown(runs: Partial<Record<Holdout, Run>>, shards: ShardPairs = []): string {
  const strict = runs.strict;
  const visible = runs["valid-visible"];
  const out = [
    "# model-strict: Beauty against the published rows, strict holdout first",
    "",
    "Raw results: `test/bench/results/model-strict.json`, written by `npx tsx test/bench/model-strict.ts`",
    "(each setting runs `npm run eval`; `--only strict|valid-visible` reruns one). Holdouts: model/data/holdout.ts.",
    "",
    "- **strict** (the headline, the only setting compared with published rows): the candidate index holds",
    "  each user's items before the validation item, and the ranker trains on cuts 3, 4 and 5 (targets",
    "  before the validation item, each over an index that ends before its cut); validation targets of",
    "  every 10th user only pick the checkpoint, as the published baselines use theirs.",
    "- **valid-visible** (the setting before, kept as its own labelled table): the index holds every",
    "  item but each user's test item, so other users' validation items sit at the most recent position,",
    "  and the ranker (the committed demo artifact) trained on 90 % of users' validation targets.",
    "",
  ];
  if (strict) {
    out.push(
      "## Strict holdout (headline)",
      "",
      runLine(strict),
      "",
      formatTable(strict.rows, COLUMNS, 4),
      "",
    );
    const gen = strict.rows.find((r) => kindOf(r) === "generator order");
    const rerank = strict.rows.find((r) => kindOf(r) === "generator → rerank");
    if (gen && rerank)
      out.push(
        `Rerank over the generator's own order, strict: NDCG@10 ${pct(gen.metrics["NDCG@10"], rerank.metrics["NDCG@10"])}, HR@10 ${pct(gen.metrics["HR@10"], rerank.metrics["HR@10"])}.`,
        "",
      );
  }
  if (visible) {
    const ours = visible.rows.filter((r) => r.source === "ours");
    out.push("## Valid-visible holdout (the setting before; not comparable with published rows)", "");
    out.push(runLine(visible), "", formatTable(ours, COLUMNS, 4), "");
  }
  if (strict && visible) {
    out.push("## What the strict holdout changes (same test cases, relative to valid-visible)", "");
    out.push(
      `| row | metric | valid-visible | strict | change | change per shard (${shards.length} shards of the same users) |`,
      "|---|---|---:|---:|---:|---:|",
    );
    for (const kind of KINDS) {
      const a = visible.rows.find((r) => r.source === "ours" && kindOf(r) === kind);
      const b = strict.rows.find((r) => r.source === "ours" && kindOf(r) === kind);
      if (!a || !b) continue;
      for (const m of ["HR@10", "NDCG@10"])
        out.push(
          `| ${kind} | ${m} | ${a.metrics[m].toFixed(4)} | ${b.metrics[m].toFixed(4)} | ${pct(a.metrics[m], b.metrics[m])} | ${shardRange(shards, kind, m)} |`,
        );
    }
    out.push(
      `| candidate recall@200 | | ${(visible.recall * 100).toFixed(2)} % | ${(strict.recall * 100).toFixed(2)} % | ${pct(visible.recall, strict.recall)} | |`,
      "",
    );
  }
  out.push(
    "Diginetica has no strict/valid-visible split: its test sessions come after every training session,",
    "the index holds training sessions only and the ranker trains on them, so its published comparison",
    "(model-science, `model/eval/results/full/diginetica.md`) is strict by construction.",
    "",
  );
  return out.join("\n");
}
