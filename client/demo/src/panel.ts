import type { RankedItem, Recommender, RecommenderStatus } from "../../index";
import { isSoftwareAdapter } from "../../scoring/chooseBackend";
import { probeWebGpu } from "../../scoring/probeCapabilities";

/** Last scoring time per slot, measured around recommend() by the demo. */
const lastCall = { ms: null as number | null, slot: "" };
/** Per slot: the edge's order (backend "none") and the latest on-device order, as item ids. */
const orders = new Map<string, { edge?: number[]; device?: number[] }>();
/** What this page's WebGPU is, probed once with the SDK's own probe (null until known). */
let webgpu: Awaited<ReturnType<typeof probeWebGpu>> | null = null;

/**
 * The "under the hood" panel: backend and why, whether WebGPU was skipped as a CPU emulation, the
 * deferred backend benchmark, model
 * version and source, how far the on-device order moved from the edge's, scoring time, store. It sits
 * in the page's flow below the content (never over the recommendations) and polls status() (cheap,
 * synchronous) twice a second while the page is visible.
 * @example mountPanel(demoRecommender());
 */
export function mountPanel(rec: Recommender): void {
  const panel = document.createElement("aside");
  panel.className = "engine-panel";
  panel.id = "engine-panel";
  panel.setAttribute("aria-label", "On-device recommender status");
  panel.innerHTML = `<h2>On-device ranking</h2><dl></dl>`;
  const main = document.querySelector("main");
  if (main) main.after(panel);
  else document.body.append(panel);
  const dl = panel.querySelector("dl") as HTMLDListElement;
  const update = () => {
    if (document.visibilityState === "visible") fill(dl, rec.status());
  };
  void probeWebGpu().then((found) => {
    webgpu = found;
    update();
  });
  update();
  setInterval(update, 500);
}

/** @example noteScoring("home", 12.3); */
export function noteScoring(slot: string, ms: number): void {
  lastCall.ms = ms;
  lastCall.slot = slot;
}

/** Remembers a slot's ranking, so the panel can compare the on-device order with the edge's. */
export function noteRanking(slot: string, ranked: RankedItem[]): void {
  const entry = orders.get(slot) ?? {};
  entry[ranked[0]?.backend === "none" ? "edge" : "device"] = ranked.map((item) => item.id);
  orders.set(slot, entry);
}

/** Pure: what the panel says about WebGPU, given the probe and the backend in use. */
export function describeWebGpu(
  found: Awaited<ReturnType<typeof probeWebGpu>> | null,
  status: Pick<RecommenderStatus, "backend" | "backendReason">,
): string {
  if (!found) return "probing …";
  if (!found.adapter)
    return found.api ? `no adapter${found.error ? ` (${found.error})` : ""}` : "not in this browser";
  const name =
    [found.adapter.vendor, found.adapter.architecture].filter(Boolean).join(" ") || "fallback adapter";
  const software = isSoftwareAdapter(found.adapter);
  if (status.backend === "webgpu") return `in use (${name}${software ? ", a CPU emulation" : ""})`;
  if (status.backendReason.startsWith("forced")) return `not used: another backend was forced (${name})`;
  if (software) return `skipped: ${name} is a CPU emulation of a GPU, so the SDK ranks it after wasm`;
  return `available (${name}), not chosen`;
}

/** Pure: how many of the on-device list's positions hold another item than the edge's list. */
export function describeReorder(order: { edge?: number[]; device?: number[] } | undefined): string {
  if (!order?.device) return "—";
  if (!order.edge) return "on-device order (the edge's was not shown on this page)";
  const { edge, device } = order;
  const moved = device.filter((id, i) => edge[i] !== id).length;
  return `${moved} of ${device.length} positions differ from the edge's order`;
}

/** Pure: the deferred backend benchmark of a first visit (status().backendBenchmark), in a line. */
export function describeBenchmark(b: RecommenderStatus["backendBenchmark"]): string {
  const took =
    b.startedAt !== null && b.endedAt !== null ? `, ${(b.endedAt - b.startedAt).toFixed(0)} ms` : "";
  switch (b.state) {
    case "none":
      return "not needed (a remembered, forced or single backend)";
    case "pending":
      return "due after the first on-device list, in idle time";
    case "running":
      return "running in a worker of its own …";
    case "done":
      return `${b.winner} won (${b.reason}${took}); the next visit starts on it`;
    case "failed":
      return `failed (${b.reason}${took}); the next visit starts on wasm and tries again`;
  }
}

function fill(dl: HTMLDListElement, s: RecommenderStatus): void {
  const faults = Object.entries(s.fallbacks)
    .map(([k, n]) => `${k}×${n}`)
    .join(", ");
  const rows: [string, string, string][] = [
    ["backend", s.backend, "backend"],
    ["reason", s.backendReason || "—", "reason"],
    ["WebGPU", describeWebGpu(webgpu, s), "webgpu"],
    ["benchmark", describeBenchmark(s.backendBenchmark), "benchmark"],
    ["model", `${s.model.version ?? "—"} (${s.model.state}, ${s.model.source})`, "model"],
    ["re-ranking", describeReorder(orders.get(lastCall.slot)), "reorder"],
    ["inference", s.lastInferenceMs === null ? "—" : `${s.lastInferenceMs.toFixed(1)} ms`, "inference"],
    ["idle warm-up", `${s.idleWarmUp.calls} calls, ${s.idleWarmUp.ms.toFixed(0)} ms`, "warm-up"],
    [
      "recommend()",
      lastCall.ms === null ? "—" : `${lastCall.ms.toFixed(1)} ms (${lastCall.slot})`,
      "recommend-ms",
    ],
    ["store", s.store.kind + (s.store.reason ? ` (${s.store.reason})` : ""), "store"],
    ["faults", faults || "none", "faults"],
    ["telemetry", `${s.telemetry.pending} pending, ${s.telemetry.sent} sent`, "telemetry"],
  ];
  dl.replaceChildren();
  for (const [label, value, key] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dd.dataset.field = key;
    dl.append(dt, dd);
  }
}
