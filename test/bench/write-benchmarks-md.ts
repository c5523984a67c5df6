// Regenerates BENCHMARKS.md from the committed write-ups in test/bench/results/, `npx tsx test/bench/write-benchmarks-md.ts`
// (`npm run bench` runs it last). overview.md (the goals at a glance) comes first, then each area's
// write-up in the order below with its headings one level down; a write-up not listed is appended
// in name order, so a new area cannot be left out. Each write-up names the script and the raw JSON
// that its figures come from.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const ORDER = [
  "catalog",
  "edge-core",
  "model-strict",
  "model-science",
  "model-artifact",
  "model-encode",
  "storefront",
  "scoring-floor",
  "telemetry-core",
  "telemetry-fleet",
  "telemetry-alerts",
];
/** Notes that are not write-ups of a benchmark (kept beside them, not in BENCHMARKS.md). */
const NOT_SECTIONS = new Set(["overview", "storefront-notes"]);

const dir = resolve(import.meta.dirname, "results");
const stems = readdirSync(dir)
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.slice(0, -3))
  .filter((s) => !NOT_SECTIONS.has(s));
const sections = [
  ...ORDER.filter((s) => stems.includes(s)),
  ...stems.filter((s) => !ORDER.includes(s)).sort(),
];
const read = (stem: string) => readFileSync(resolve(dir, `${stem}.md`), "utf8");
const demoted = (text: string) => text.replace(/^(#+) /gm, "#$1 ");
const text = [read("overview"), ...sections.map((s) => demoted(read(s)))].join("\n\n");
writeFileSync(resolve(import.meta.dirname, "../../BENCHMARKS.md"), text.endsWith("\n") ? text : `${text}\n`);
console.log(`BENCHMARKS.md: overview + ${sections.join(", ")}`);
