/**
 * Product images are not part of the research dataset, so each product gets a generated placeholder:
 * an SVG tile tinted by its top category, with the brand's initials.
 * @example img.src = placeholderImage({ id: 1, title: "OPI Nail Lacquer", categories: ["Makeup"], brand: "OPI" });
 */
export function placeholderImage(p: { title: string; categories: string[]; brand?: string }): string {
  const top = p.categories[0] ?? "";
  const hue = hash(top || p.title) % 360;
  const label = initials(p.brand && p.brand !== "Unknown" ? p.brand : p.title);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="hsl(${hue} 60% 93%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360} 55% 84%)"/>` +
    `</linearGradient></defs><rect width="100" height="100" fill="url(#g)"/>` +
    `<text x="50" y="56" font-family="system-ui,sans-serif" font-size="22" font-weight="700" ` +
    `fill="hsl(${hue} 35% 35%)" text-anchor="middle">${escapeXml(label)}</text>` +
    `<text x="50" y="78" font-family="system-ui,sans-serif" font-size="7" fill="hsl(${hue} 25% 40%)" ` +
    `text-anchor="middle">${escapeXml(top.slice(0, 22))}</text></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function initials(text: string): string {
  const words = text
    .replace(/[^\p{L}\p{N} ]/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
  return words
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? "")
    .join("");
}

function hash(text: string): number {
  let h = 2166136261; // FNV-1a offset basis
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
