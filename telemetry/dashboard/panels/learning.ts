import type { FleetLearningView, LabelledItem } from "../../fleet/apiTypes";
import { TRENDING_STEP_MINUTES } from "../../learning/trendingStep";
import { el, fmt, sci, table } from "../format";

/** Releases listed: the days, and the newest trending steps. */
const STEPS_SHOWN = 8;

/** "SKU · title", falling back to the dense id where the active catalog does not hold the item. */
function itemLabel(item: LabelledItem): string {
  const parts = [item.sku, item.title].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(" · ") : `item ${item.id} (not in the active catalog)`;
}

/** "days 2026-11-16 to 2026-11-29" (a release period) or "trending step to 14:15 UTC" (a step's period is its first minute, `stepOf`). */
function periodLabel(period: string): string {
  const [kind, value] = period.split(":");
  if (kind === "period") return `days ${value.replace("..", " to ")}`;
  const end = new Date((Number(value) + TRENDING_STEP_MINUTES) * 60_000).toISOString();
  return `trending step to ${end.slice(5, 10)} ${end.slice(11, 16)} UTC`;
}

/** The budget line and the releases, each with the ε and δ it spends per device-day. */
function budget(data: FleetLearningView): HTMLElement[] {
  const { budget: b, spent } = data;
  const line = el(
    "p",
    "learning-budget",
    `Privacy budget: ε = ${fmt(b.epsilon)}, δ = ${sci(b.delta)} per ${b.unit}, all releases together. ` +
      `A device that contributed on each of the ${spent.days} released day(s) has spent at most ` +
      `ε = ${fmt(spent.epsilon)}, δ = ${sci(spent.delta)}.`,
  );
  line.dataset.spentDays = String(spent.days);
  const days = data.releases.filter((r) => r.period.startsWith("period:"));
  const steps = data.releases.filter((r) => r.period.startsWith("step:")).slice(0, STEPS_SHOWN);
  const releases = table(
    ["release", "released at", "ε per device-day", "δ"],
    [...steps, ...days].map((r) => [
      periodLabel(r.period),
      r.releasedAt.slice(5, 19).replace("T", " "),
      fmt(r.epsilon),
      sci(r.delta),
    ]),
  );
  releases.dataset.table = "learning-releases";
  const note = el(
    "p",
    "note",
    "The trending steps of one day together spend their share once: a device-day's one trending item (its first view) lands in one step.",
  );
  return [line, releases, note];
}

/** Items the fleet moved up a served list: ranks only, with the noise behind them. */
function movers(data: FleetLearningView): HTMLElement[] {
  const { noise } = data;
  const caption = el(
    "p",
    "note",
    `Ranks come from released (noisy) counts: the pooled noise sd is ${fmt(noise.popularitySd)} for ` +
      `popularity and ${fmt(noise.trendingSd)} for trending, and a count is used only above a cut for ` +
      `its whole list (a ${fmt(100 * noise.familyAlpha)} % chance that any noise-only item clears it). ` +
      "Counts themselves are not shown.",
  );
  if (data.movers.length === 0)
    return [
      caption,
      el("p", "empty", "no item moved up the served lists (the imported lists serve as they are)"),
    ];
  const list = table(
    ["list", "item", "rank now", "rank in the imported list", "moved"],
    data.movers.map((m) => [
      m.list,
      itemLabel(m),
      String(m.rank + 1),
      m.before === null ? "not listed" : String(m.before + 1),
      m.before === null ? "new" : `↑ ${m.before - m.rank}`,
    ]),
  );
  list.dataset.table = "learning-movers";
  return [caption, list];
}

/** Neighbour pairs the latest release added. */
function newPairs(data: FleetLearningView): HTMLElement[] {
  const caption = el(
    "p",
    "note",
    `From released (noisy) transition counts over candidate pairs, noise sd ${fmt(data.noise.transitionsSd)}; ` +
      `each pair cleared a cut for all candidate pairs (family-wise α = ${fmt(data.noise.familyAlpha)}).`,
  );
  if (data.newPairs.length === 0)
    return [caption, el("p", "empty", "no new neighbour pairs in the latest release")];
  const pairs = table(
    ["previous item", "next item"],
    data.newPairs.map((p) => [itemLabel(p.from), itemLabel(p.to)]),
  );
  pairs.dataset.table = "learning-pairs";
  return [caption, pairs];
}

/**
 * What the fleet taught the store (`GET /v1/fleet/learning`): the privacy budget spent, the items
 * the fleet moved up the popular and trending lists, and new neighbour pairs. Every figure comes
 * from differentially private releases and says so; raw noisy counts are never shown as if exact.
 */
export function renderLearning(body: HTMLElement, data: FleetLearningView): void {
  body.replaceChildren();
  if (data.releases.length === 0) {
    const empty = el(
      "p",
      "empty",
      "nothing released yet: contributions are released with noise once a 15-minute step or a UTC day " +
        "has completed (PRIVACY.md, Fleet learning)",
    );
    empty.dataset.state = "empty";
    body.append(empty);
    return;
  }
  body.append(
    ...budget(data),
    el("h3", "", "Top movers"),
    ...movers(data),
    el("h3", "", "New neighbour pairs"),
    ...newPairs(data),
  );
}
