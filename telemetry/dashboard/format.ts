import type { Gated, Insufficient } from "../fleet/apiTypes";

/** Whether a gated figure is the "fewer than k reports" marker. */
export function isInsufficient<T>(value: Gated<T> | null | undefined): value is Insufficient {
  return value !== null && value !== undefined && (value as Insufficient).insufficient === true;
}

/** The text every slice under k shows instead of numbers. */
export const NOT_ENOUGH = "not enough data";

/** A paragraph reading "not enough data", with the k that applies for screen readers and tooltips. */
export function notEnough(k: number): HTMLElement {
  const p = el("p", "insufficient", NOT_ENOUGH);
  p.title = `fewer than ${k} reports in this slice; figures are hidden to protect privacy`;
  return p;
}

/** Compact number: 1234 → "1,234", 0.01234 → "0.0123". */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return "–";
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString("en-US");
  return Number(x.toPrecision(digits)).toString();
}

const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

/** A power of ten as printed (README, PRIVACY.md): 1e-6 → "10⁻⁶", 2.5e-7 → "2.5 × 10⁻⁷". */
export function sci(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return "–";
  if (x === 0) return "0";
  const [mantissa, exponent] = x.toExponential(digits - 1).split("e");
  const power = `10${exponent.replace("+", "").replace(/./g, (c) => SUPERSCRIPT[c])}`;
  return Number(mantissa) === 1 ? power : `${Number(mantissa)} × ${power}`;
}

export function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : "–";
}

export function hourLabel(ms: number): string {
  return `${new Date(ms).toISOString().slice(5, 13).replace("T", " ")}h`;
}

/** Creates an element with a class and text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = "",
  text = "",
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** Builds a table from a header row and body rows of strings or nodes. */
export function table(head: string[], rows: (string | Node)[][]): HTMLTableElement {
  const t = el("table");
  const tr = el("tr");
  for (const h of head) tr.append(Object.assign(el("th", "", h), { scope: "col" }));
  t.append(Object.assign(el("thead"), {}), el("tbody"));
  t.tHead?.append(tr);
  for (const row of rows) {
    const r = el("tr");
    for (const cell of row) {
      const td = el("td");
      td.append(cell);
      r.append(td);
    }
    t.tBodies[0].append(r);
  }
  return t;
}
