import type { LogSketch } from "../sketch/LogSketch";

/** The web-vitals a report carries. */
export type WebVitalName = "lcp" | "inp" | "cls" | "fcp" | "ttfb";
/** The rating names of the web-vitals library. */
export type WebVitalRating = "good" | "needs-improvement" | "poor";

/**
 * [good, poor] boundaries, as exported by the web-vitals library (LCPThresholds, INPThresholds,
 * CLSThresholds, FCPThresholds, TTFBThresholds in web-vitals 5/6 `src/on*.ts`; explained at
 * https://web.dev/articles/vitals): ≤ good is "good", > poor is "poor". ms except CLS (unitless).
 */
export const WEB_VITALS_THRESHOLDS: Record<WebVitalName, readonly [number, number]> = {
  lcp: [2500, 4000],
  inp: [200, 500],
  cls: [0.1, 0.25],
  fcp: [1800, 3000],
  ttfb: [800, 1800],
};

/**
 * Rating of one value, with the web-vitals library's rule.
 * @example rateWebVital("lcp", 3000) // "needs-improvement"
 */
export function rateWebVital(name: WebVitalName, value: number): WebVitalRating {
  const [good, poor] = WEB_VITALS_THRESHOLDS[name];
  if (value > poor) return "poor";
  return value > good ? "needs-improvement" : "good";
}

/**
 * The p75 of a web-vital across page views (the percentile Core Web Vitals are judged at) and its
 * rating; undefined rating when the sketch is empty.
 * @example webVitalP75("lcp", fleet.lcp) // { p75: 2210, rating: "good", count: 812 }
 */
export function webVitalP75(
  name: WebVitalName,
  sketch: LogSketch,
): { p75: number; rating: WebVitalRating | undefined; count: number } {
  const p75 = sketch.quantile(0.75);
  return { p75, rating: Number.isNaN(p75) ? undefined : rateWebVital(name, p75), count: sketch.count };
}
