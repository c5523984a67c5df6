/** One sample: metric name suffix (e.g. "_count"), labels and value. */
export type Sample = { suffix?: string; labels: Record<string, string>; value: number };

/** One metric family of the text exposition format. */
export type MetricFamily = {
  name: string;
  help: string;
  type: "counter" | "gauge" | "summary";
  samples: Sample[];
};

/**
 * Renders families in the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): `# HELP` and `# TYPE` lines,
 * label values escaped (backslash, double quote, newline), HELP text escaped (backslash, newline),
 * non-finite values as NaN / +Inf / -Inf. Families without samples are left out.
 * @example prometheusText([{ name: "x_total", help: "X.", type: "counter", samples: [{ labels: {}, value: 1 }] }])
 */
export function prometheusText(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    if (f.samples.length === 0) continue;
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`);
    lines.push(`# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples)
      lines.push(`${f.name}${s.suffix ?? ""}${labelText(s.labels)} ${valueText(s.value)}`);
  }
  return `${lines.join("\n")}\n`;
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  const escapeValue = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  return `{${entries.map(([k, v]) => `${k}="${escapeValue(v)}"`).join(",")}}`;
}

function valueText(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "+Inf";
  if (x === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(x);
}
