import type { AlertInstance } from "../../../telemetry/alerts";
import {
  type FleetInput,
  gate,
  groupRows,
  meetsFigureK,
  percentilesOf,
  versionStatsOf,
} from "../../../telemetry/fleet";
import type { MetricFamily, Sample } from "./prometheusText";

/**
 * The metric families of GET /metrics over the given rollups (all retained hours, so counters only
 * grow). A series is exported only when at least k reports contributed to it (latency: reports that
 * carried an inference sketch; CTR: reports with impressions); a thinner one is simply absent.
 * Quantiles come from the merged sketches (relative error ≤ 0.5 %, telemetry's SKETCH_ALPHA).
 * @example prometheusText(fleetMetrics(input, alerts))
 */
export function fleetMetrics(input: FleetInput, alerts: readonly AlertInstance[]): MetricFamily[] {
  const reports: Sample[] = [];
  const latency: Sample[] = [];
  for (const [key, slice] of groupRows(input.rows, (r) => `${r.version}|${r.backend}`)) {
    const [version, backend] = key.split("|");
    if (!meetsFigureK(slice, "reports", input.k)) continue;
    reports.push({ labels: { version, backend }, value: slice.reports });
    const sketch = slice.sketches.inferenceMs;
    if (!sketch || !meetsFigureK(slice, "sketches.inferenceMs", input.k)) continue;
    const q = percentilesOf(slice, "inferenceMs");
    for (const [quantile, value] of [
      ["0.5", q.p50],
      ["0.95", q.p95],
      ["0.99", q.p99],
    ] as const) {
      latency.push({ labels: { version, backend, quantile }, value });
    }
    latency.push({ suffix: "_sum", labels: { version, backend }, value: sketch.sum });
    latency.push({ suffix: "_count", labels: { version, backend }, value: sketch.count });
  }
  const ctr: Sample[] = [];
  const errors: Sample[] = [];
  const fallbacks: Sample[] = [];
  for (const [version, slice] of groupRows(input.rows, (r) => r.version)) {
    const stats = gate(slice, "reports", input.k, (s) => versionStatsOf(s, input.k));
    if ("insufficient" in stats) continue;
    if (!("insufficient" in stats.ctr) && Number.isFinite(stats.ctr.value))
      ctr.push({ labels: { version }, value: stats.ctr.value });
    errors.push({ labels: { version }, value: stats.errorRate });
    fallbacks.push({ labels: { version }, value: stats.fallbackRate });
  }
  const quarantined: Sample[] = [{ labels: {}, value: input.quarantined ?? 0 }];
  const firing = new Map<string, number>();
  for (const a of alerts) if (a.state === "firing") firing.set(a.rule, (firing.get(a.rule) ?? 0) + 1);
  return [
    {
      name: "pocketrank_telemetry_reports_total",
      help: "Telemetry reports merged, by model version and reported backend.",
      type: "counter",
      samples: reports,
    },
    {
      name: "pocketrank_inference_ms",
      help: "On-device inference latency in ms (quantiles from merged sketches).",
      type: "summary",
      samples: latency,
    },
    {
      name: "pocketrank_ctr_ratio",
      help: "Click-through rate (clicks / impressions) by model version.",
      type: "gauge",
      samples: ctr,
    },
    {
      name: "pocketrank_error_report_ratio",
      help: "Share of reports with a failed recommendation, by model version.",
      type: "gauge",
      samples: errors,
    },
    {
      name: "pocketrank_fallback_report_ratio",
      help: "Share of reports that fell back to a slower backend, by model version.",
      type: "gauge",
      samples: fallbacks,
    },
    {
      name: "pocketrank_rollups_quarantined",
      help: "Stored rollup rows of the window that failed to decode and were set aside.",
      type: "gauge",
      samples: quarantined,
    },
    {
      name: "pocketrank_alerts_firing",
      help: "Firing alerts by rule.",
      type: "gauge",
      samples: [...firing].map(([rule, n]) => ({ labels: { rule }, value: n })),
    },
  ];
}
