import type { ScoresView } from "../../fleet/apiTypes";
import { lineChart } from "../charts";
import { el, fmt, isInsufficient, notEnough } from "../format";

/** The live score histogram (bars) overlaid with the reference profile's (line), both as densities. */
export function renderScores(body: HTMLElement, data: ScoresView): void {
  body.replaceChildren();
  if (isInsufficient(data.live)) {
    body.append(notEnough(data.k));
    return;
  }
  const centres = data.edges.slice(1).map((e, i) => (data.edges[i] + e) / 2);
  const lines = [
    {
      label: `live (${fmt(data.live.reports)} reports)`,
      color: "#2f6fde",
      values: data.live.density,
      bars: true,
    },
  ];
  if (data.reference)
    lines.push({ label: "reference", color: "#1b1f24", values: data.reference.density, bars: false });
  else body.append(el("p", "empty", "the model manifest has no reference profile"));
  body.append(
    lineChart(`score density, ${data.version}`, centres, lines, { time: false, yLabel: "density" }),
  );
}
