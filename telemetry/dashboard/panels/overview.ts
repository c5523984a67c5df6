import type { FleetOverview } from "../../fleet/apiTypes";
import { el, fmt, isInsufficient, notEnough, pct, table } from "../format";

/** Fleet overview: report count, backend and browser shares, versions with their cohort, rollout. */
export function renderOverview(body: HTMLElement, data: FleetOverview): void {
  body.replaceChildren();
  const kpis = el("div", "kpis");
  const kpi = (label: string, value: string | HTMLElement, id: string) => {
    const box = el("div", "kpi");
    box.dataset.kpi = id;
    box.append(el("div", "label", label));
    const v = el("div", "value");
    v.append(value);
    box.append(v);
    kpis.append(box);
  };
  const rollout = data.rollout;
  kpi("Live version", rollout?.live ?? "none", "live");
  kpi("Canary", rollout?.canary ? `${rollout.canary} (${rollout.canaryPercent} %)` : "none", "canary");
  if (isInsufficient(data.fleet)) {
    kpi("Reports", notEnough(data.k), "reports");
    body.append(kpis);
    return;
  }
  kpi("Reports", fmt(data.fleet.reports), "reports");
  body.append(kpis);
  const shares = (title: string, share: Record<string, number>, column: string) => {
    const rows = Object.entries(share)
      .sort((a, b) => b[1] - a[1])
      .map(([name, s]) => [name, pct(s)]);
    const t = table([title, column], rows);
    t.dataset.table = title;
    return t;
  };
  const grid = el("div", "charts");
  grid.append(
    shares("backend", data.fleet.backendShare, "share"),
    shares("browser", data.fleet.browserShare, "share (de-biased)"),
  );
  const versions = table(
    ["version", "cohort", "reports"],
    data.versions.map((v) => [
      v.version,
      v.cohort,
      isInsufficient(v.stats) ? notEnough(data.k) : fmt(v.stats.reports),
    ]),
  );
  versions.dataset.table = "versions";
  grid.append(versions);
  body.append(grid);
}
