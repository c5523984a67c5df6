import type {
  AlertsView,
  DriftView,
  FleetLearningView,
  FleetOverview,
  GuardedRolloutView,
  LatencyView,
  ScoresView,
  VersionsView,
  VitalsView,
} from "../fleet/apiTypes";
import { fleetApi } from "./api";
import { renderAlerts } from "./panels/alerts";
import { renderDrift } from "./panels/drift";
import { renderLatency } from "./panels/latency";
import { renderLearning } from "./panels/learning";
import { renderOverview } from "./panels/overview";
import { renderRollout } from "./panels/rollout";
import { renderScores } from "./panels/scores";
import { renderVersions } from "./panels/versions";
import { renderVitals } from "./panels/vitals";

/** Poll period: the aggregators flush every few seconds and the alert cron runs every minute. */
const REFRESH_MS = Number(new URLSearchParams(location.search).get("refreshMs") ?? 10_000);

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
const versionSelect = $<HTMLSelectElement>("#version");
const hoursSelect = $<HTMLSelectElement>("#hours");
const status = $<HTMLElement>("#status");
const body = (id: string) => $<HTMLElement>(`#${id} .body`);

let chosenVersion: string | null = null;
versionSelect.addEventListener("change", () => {
  chosenVersion = versionSelect.value;
  void refresh();
});
hoursSelect.addEventListener("change", () => void refresh());

/** Fills the version picker, keeping the user's choice; defaults to the live version. */
function syncVersions(overview: FleetOverview): string | null {
  const names = [
    ...new Set([
      overview.rollout?.live,
      overview.rollout?.canary,
      ...overview.versions.map((v) => v.version),
    ]),
  ].filter((v): v is string => typeof v === "string");
  if (
    versionSelect.options.length !== names.length ||
    names.some((n, i) => versionSelect.options[i]?.value !== n)
  ) {
    versionSelect.replaceChildren(...names.map((n) => new Option(n, n)));
  }
  const version = chosenVersion && names.includes(chosenVersion) ? chosenVersion : (names[0] ?? null);
  if (version) versionSelect.value = version;
  return version;
}

let running = false;
async function refresh(): Promise<void> {
  if (running) return;
  running = true;
  const hours = Number(hoursSelect.value);
  try {
    const overview = await fleetApi<FleetOverview>("overview", { hours });
    renderOverview(body("overview"), overview);
    const version = syncVersions(overview) ?? undefined;
    const [latency, vitals, alerts, versions, rollout, learning] = await Promise.all([
      fleetApi<LatencyView>("latency", { hours }),
      fleetApi<VitalsView>("vitals", { hours, version }),
      fleetApi<AlertsView>("alerts"),
      fleetApi<VersionsView>("versions", { hours }),
      fleetApi<GuardedRolloutView>("rollout"),
      fleetApi<FleetLearningView>("learning"),
    ]);
    renderLatency(body("latency"), latency);
    renderVitals(body("vitals"), vitals);
    renderAlerts(body("alerts"), alerts);
    renderVersions(body("versions"), versions);
    renderRollout(body("rollout"), rollout);
    renderLearning(body("learning"), learning);
    if (version) {
      const [scores, drift] = await Promise.all([
        fleetApi<ScoresView>("scores", { hours, version }),
        fleetApi<DriftView>("drift", { hours, version }),
      ]);
      renderScores(body("scores"), scores);
      renderDrift(body("drift"), drift);
    } else {
      body("scores").textContent = "no model version yet";
      body("drift").textContent = "no model version yet";
    }
    status.textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.body.dataset.ready = "true";
  } catch (error) {
    status.textContent = `refresh failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    running = false;
  }
}

void refresh();
setInterval(() => void refresh(), REFRESH_MS);
