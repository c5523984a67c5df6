import type { DriftView } from "../../fleet/apiTypes";
import { lineChart } from "../charts";
import { el, fmt, isInsufficient, notEnough, table } from "../format";

/**
 * PSI of each hour against the reference and the previous hour, with both bars an alert needs:
 * the noise threshold for the hour's sample size and the practical effect size.
 */
export function renderDrift(body: HTMLElement, data: DriftView): void {
  body.replaceChildren();
  const points = data.points;
  const gated = (p: (typeof points)[number]["vsReference"]) => (p === null || isInsufficient(p) ? null : p);
  if (points.every((p) => gated(p.vsReference) === null && gated(p.vsPrevious) === null)) {
    body.append(notEnough(data.k));
    return;
  }
  const x = points.map((p) => p.hour / 1000);
  body.append(
    lineChart(
      `PSI, ${data.version}`,
      x,
      [
        {
          label: "vs reference",
          color: "#2f6fde",
          values: points.map((p) => gated(p.vsReference)?.psi ?? null),
        },
        {
          label: "vs previous hour",
          color: "#8250df",
          values: points.map((p) => gated(p.vsPrevious)?.psi ?? null),
        },
        {
          label: "noise threshold",
          color: "#c62828",
          dash: [6, 4],
          values: points.map((p) => gated(p.vsReference)?.psiThreshold ?? null),
        },
        {
          label: "effect size",
          color: "#e65100",
          dash: [2, 3],
          values: points.map((p) => gated(p.vsReference)?.effectSize ?? null),
        },
      ],
      { yLabel: "PSI" },
    ),
  );
  const last = [...points].reverse().find((p) => gated(p.vsReference) !== null);
  const ref = last ? gated(last.vsReference) : null;
  if (ref) {
    const t = table(
      ["latest hour vs reference", "value"],
      [
        ["PSI", fmt(ref.psi)],
        ["noise threshold · effect size", `${fmt(ref.psiThreshold)} · ${fmt(ref.effectSize)}`],
        ["Jensen–Shannon", fmt(ref.jensenShannon)],
        ["Wasserstein (normalised)", fmt(ref.wasserstein)],
        ["KS statistic", fmt(ref.ks)],
        ["verdict", el("span", ref.drifted ? "poor" : "good", ref.drifted ? "drifted" : "no drift")],
      ],
    );
    t.dataset.table = "drift";
    body.append(t);
  }
}
