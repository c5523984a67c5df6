import type { AlertsView } from "../../fleet/apiTypes";
import { el, fmt, table } from "../format";

/** Active (pending or firing) alerts first, then the latest state changes. */
export function renderAlerts(body: HTMLElement, data: AlertsView): void {
  body.replaceChildren();
  const labels = (l: Record<string, string>) =>
    Object.entries(l)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
  if (data.active.length === 0) body.append(el("p", "good", "no active alerts"));
  else {
    const t = table(
      ["state", "rule", "labels", "value", "threshold", "since"],
      data.active.map((a) => [
        el("span", a.state, a.state),
        a.rule,
        labels(a.labels),
        a.value === null ? "–" : fmt(a.value),
        a.threshold === null ? "–" : fmt(a.threshold),
        a.activeSince ? new Date(a.activeSince).toISOString().slice(11, 19) : "–",
      ]),
    );
    t.dataset.table = "active-alerts";
    body.append(t);
  }
  if (data.events.length > 0) {
    const t = table(
      ["time (UTC)", "change", "summary"],
      data.events
        .slice(0, 15)
        .map((e) => [
          new Date(e.at).toISOString().slice(5, 19).replace("T", " "),
          `${e.from} → ${e.to}`,
          e.summary,
        ]),
    );
    t.dataset.table = "alert-events";
    body.append(el("h3", "", "Recent changes"), t);
  }
}
