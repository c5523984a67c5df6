import type { AlertLabels } from "./types";

/**
 * Identity of an alert instance: the rule id and its labels sorted by name, in Prometheus notation
 * so keys read well in logs and webhooks.
 * @example alertKey("latency_p95", { version: "v2", backend: "webgpu" }) // 'latency_p95{backend="webgpu",version="v2"}'
 */
export function alertKey(rule: string, labels: AlertLabels): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return rule;
  return `${rule}{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(",")}}`;
}
