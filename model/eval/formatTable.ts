/** One row of an evaluation table: a method and its metrics (fractions, or ×100 where stated). */
export interface TableRow {
  method: string;
  source: "ours" | "published";
  metrics: Record<string, number>;
}

/**
 * Markdown table with one column per metric; missing values print as "–".
 * @example formatTable([{ method: "POP", source: "ours", metrics: { "HR@20": 0.9 } }], ["HR@20"], 2)
 */
export function formatTable(rows: readonly TableRow[], columns: readonly string[], digits: number): string {
  const head = `| method | source | ${columns.join(" | ")} |`;
  const rule = `|---|---|${columns.map(() => "---:").join("|")}|`;
  const body = rows.map((r) => {
    const cells = columns.map((c) => (Number.isFinite(r.metrics[c]) ? r.metrics[c].toFixed(digits) : "–"));
    return `| ${r.method} | ${r.source} | ${cells.join(" | ")} |`;
  });
  return [head, rule, ...body].join("\n");
}

/** Multiplies every metric by `factor` (Diginetica tables are ×100). */
export function scaleMetrics(m: Record<string, number>, factor: number): Record<string, number> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v * factor]));
}
