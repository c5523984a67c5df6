import type { VitalsView } from "../../fleet/apiTypes";
import { el, fmt, isInsufficient, notEnough, table } from "../format";

/** Web-vitals p75 on a good / needs-improvement / poor scale (thresholds from the web-vitals library). */
export function renderVitals(body: HTMLElement, data: VitalsView): void {
  body.replaceChildren();
  const rows = data.vitals.map((v) => {
    if (isInsufficient(v.value))
      return [v.name, notEnough(data.k), "", `≤ ${fmt(v.good)}${v.unit} / > ${fmt(v.poor)}${v.unit}`];
    const scaleMax = v.poor * 1.5;
    const bar = el("div", "bar");
    bar.style.setProperty("--good-at", `${(100 * v.good) / scaleMax}%`);
    bar.style.setProperty("--poor-at", `${(100 * v.poor) / scaleMax}%`);
    const mark = el("span", "mark");
    mark.style.left = `${Math.min(100, (100 * v.value.p75) / scaleMax)}%`;
    bar.append(mark);
    bar.setAttribute("aria-hidden", "true");
    const value = el("span", v.value.rating, `${fmt(v.value.p75)}${v.unit ? ` ${v.unit}` : ""}`);
    value.dataset.vital = v.name;
    const cell = el("div");
    cell.append(value, bar);
    return [
      v.name,
      cell,
      el("span", v.value.rating, v.value.rating),
      `≤ ${fmt(v.good)}${v.unit} / > ${fmt(v.poor)}${v.unit}`,
    ];
  });
  body.append(table(["metric", "p75", "rating", "good / poor"], rows));
}
