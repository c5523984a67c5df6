import type { LatencyView } from "../../fleet/apiTypes";
import { lineChart } from "../charts";
import { el, isInsufficient, notEnough } from "../format";

/** One chart per backend with p50, p95 and p99 per hour; hours under k are gaps. */
export function renderLatency(body: HTMLElement, data: LatencyView): void {
  body.replaceChildren();
  if (data.backends.length === 0) {
    body.append(el("p", "empty", "no reports in this window"));
    return;
  }
  for (const { backend, points } of data.backends) {
    const shown = points.filter((p) => !isInsufficient(p.value));
    if (shown.length === 0) {
      const box = el("figure", "chart");
      box.append(el("h3", "", backend), notEnough(data.k));
      body.append(box);
      continue;
    }
    const x = points.map((p) => p.hour / 1000);
    const pick = (q: "p50" | "p95" | "p99") =>
      points.map((p) => (isInsufficient(p.value) ? null : p.value[q]));
    body.append(
      lineChart(
        backend,
        x,
        [
          { label: "p50", color: "#1a7f37", values: pick("p50") },
          { label: "p95", color: "#9a6700", values: pick("p95") },
          { label: "p99", color: "#c62828", dash: [4, 4], values: pick("p99") },
        ],
        { yLabel: "ms" },
      ),
    );
  }
}
