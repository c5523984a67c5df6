import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { el } from "./format";

/** One line of a chart: label, colour, optional dash pattern, and its y values (null = gap). */
export type Line = {
  label: string;
  color: string;
  dash?: number[];
  values: (number | null)[];
  bars?: boolean;
};

const WIDTH = 440;
const HEIGHT = 200;

/**
 * A small uPlot chart in a titled figure. The number of plotted (non-null) points is written to
 * `data-points`, so tests and screen readers can tell an empty chart from a drawn one.
 * @example panel.append(lineChart("webgpu", hours, [{ label: "p95", color: "#c62828", values: p95 }]));
 */
export function lineChart(
  title: string,
  x: number[],
  lines: Line[],
  options: { time?: boolean; yLabel?: string; xValues?: (u: uPlot, ticks: number[]) => string[] } = {},
): HTMLElement {
  const figure = el("figure", "chart");
  figure.append(el("h3", "", title));
  const points = lines.reduce(
    (n, l) => n + l.values.filter((v) => v !== null && Number.isFinite(v)).length,
    0,
  );
  figure.dataset.points = String(points);
  figure.setAttribute("role", "img");
  figure.setAttribute("aria-label", `${title}: ${lines.map((l) => l.label).join(", ")}; ${points} points`);
  const opts: uPlot.Options = {
    width: WIDTH,
    height: HEIGHT,
    scales: { x: { time: options.time ?? true } },
    axes: [{ values: options.xValues }, { label: options.yLabel, size: 56 }],
    series: [
      {},
      ...lines.map((l) => ({
        label: l.label,
        stroke: l.color,
        dash: l.dash,
        width: 2,
        spanGaps: false,
        ...(l.bars ? { paths: uPlot.paths.bars?.({ size: [0.9, 40] }), fill: `${l.color}55` } : {}),
      })),
    ],
  };
  const data: uPlot.AlignedData = [x, ...lines.map((l) => l.values)];
  new uPlot(opts, data, figure);
  return figure;
}
