import type { GuardedRolloutView } from "../../fleet/apiTypes";
import { lineChart } from "../charts";
import { el, fmt, table } from "../format";

const MINUTE = 60_000;

/** "in 34 min", "now", or "—" when no further step comes. */
function timeToNext(view: NonNullable<GuardedRolloutView["rollout"]>, now: number): string {
  if (view.nextStepNotBefore === null) return "—";
  const minutes = Math.ceil((view.nextStepNotBefore - now) / MINUTE);
  return minutes > 0
    ? `not before ${minutes} min from now (and its report minimum)`
    : "once its report minimum is met";
}

/**
 * The guarded rollout: where it stands and when the next step may come, one tile per guardrail
 * (canary − control, or PSI, with its anytime-valid interval and the tolerance line, at every
 * decision), and the decision log.
 */
export function renderRollout(body: HTMLElement, data: GuardedRolloutView): void {
  body.replaceChildren();
  const r = data.rollout;
  if (!r) {
    body.append(el("p", "", "no guarded rollout yet (npm run publish-model -- --guarded)"));
    return;
  }
  const percent = r.steps[r.step]?.percent ?? 0;
  const summary = el(
    "p",
    "rollout-summary",
    `rollout ${r.id}: canary ${r.canary} vs live ${r.live}, ${r.state}; step ${r.step + 1} of ${r.steps.length} ` +
      `(${percent} %, ${r.steps.map((s) => s.percent).join(" → ")} %); next step ${timeToNext(r, data.generatedAt)}`,
  );
  summary.dataset.state = r.state;
  const tiles = el("div", "charts");
  for (const g of data.guardrails) {
    const x = g.points.map((p) => p.at / 1000);
    const value = (f: (p: (typeof g.points)[number]) => number | null) => g.points.map(f);
    const last = g.points.at(-1)?.status ?? "insufficient";
    tiles.append(
      lineChart(`${g.id} (${last})`, x, [
        { label: "difference", color: "#2f6fde", values: value((p) => p.estimate) },
        { label: "lower", color: "#7aa2e8", dash: [2, 3], values: value((p) => p.lower) },
        { label: "upper", color: "#7aa2e8", dash: [2, 3], values: value((p) => p.upper) },
        {
          label: `tolerance (${g.direction.replace(/_/g, " ")})`,
          color: "#c62828",
          dash: [6, 4],
          values: value(() => g.line),
        },
      ]),
    );
  }
  const log = table(
    ["time", "action", "step", "by", "reason"],
    data.decisions
      .filter((d, i) => d.action !== "hold" || i < 20)
      .slice(0, 50)
      .map((d) => [
        new Date(d.at).toISOString().slice(5, 19).replace("T", " "),
        d.action,
        fmt(d.step + 1),
        d.actor,
        d.reason,
      ]),
  );
  log.dataset.table = "rollout-decisions";
  body.append(summary, tiles, el("h3", "", "Decision log (newest first; older holds left out)"), log);
}
