import type { Recommender, RecommenderStatus } from "../../index";

/** Last scoring time per slot, measured around recommend() by the demo. */
const lastCall = { ms: null as number | null, slot: "" };

/**
 * The small "under the hood" panel: backend and why, model version and source, scoring time, store.
 * It polls status() (cheap, synchronous) twice a second while the page is visible.
 * @example mountPanel(demoRecommender());
 */
export function mountPanel(rec: Recommender): void {
  const panel = document.createElement("aside");
  panel.className = "engine-panel";
  panel.id = "engine-panel";
  panel.setAttribute("aria-label", "On-device recommender status");
  panel.innerHTML = `<h2>On-device ranking</h2><dl></dl>`;
  document.body.append(panel);
  const dl = panel.querySelector("dl") as HTMLDListElement;
  const update = () => {
    if (document.visibilityState === "visible") fill(dl, rec.status());
  };
  update();
  setInterval(update, 500);
}

/** @example noteScoring("home", 12.3); */
export function noteScoring(slot: string, ms: number): void {
  lastCall.ms = ms;
  lastCall.slot = slot;
}

function fill(dl: HTMLDListElement, s: RecommenderStatus): void {
  const faults = Object.entries(s.fallbacks)
    .map(([k, n]) => `${k}×${n}`)
    .join(", ");
  const rows: [string, string, string][] = [
    ["backend", s.backend, "backend"],
    ["reason", s.backendReason || "—", "reason"],
    ["model", `${s.model.version ?? "—"} (${s.model.state}, ${s.model.source})`, "model"],
    ["inference", s.lastInferenceMs === null ? "—" : `${s.lastInferenceMs.toFixed(1)} ms`, "inference"],
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
