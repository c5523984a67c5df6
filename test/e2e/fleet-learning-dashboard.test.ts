import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { CandidatesResponse } from "../../model/catalog";
import type { FleetLearningView } from "../../telemetry/fleet/apiTypes";
import {
  CONTRIBUTION_VERSION,
  DAY_MS,
  periodDays,
  periodOf,
  RELEASE_PERIOD_DAYS,
  utcDay,
} from "../../telemetry/learning";
import { edgeApi, useSeededEdge } from "./harness/index";

/**
 * The dashboard's fleet-learning and rollout panels as an operator sees them: the seeded demo edge,
 * an empty state first; then a fleet of devices contributes first views of one shelf-warmer, the release
 * runs (`POST /v1/fleet/evaluate` at a time past the current trending step), and the panel names
 * the item among the trending movers, with the noise behind the ranks and the budget spent. A guarded
 * rollout started beside it shows its step and decision log.
 */
const PORT = 8821;
/**
 * Devices whose first view of the day is the item: its pooled trending count must clear the cut for
 * the whole catalog (≈ 4.5 × 10.9 ≈ 49 at ε = 1).
 */
const DEVICES = 200;
// Room for the devices on the e2e project's retry too: they all come from one loopback address.
const env = useSeededEdge(PORT, { vars: { CONTRIBUTION_LIMIT_PER_DAY: String(2 * DEVICES + 10) } });
const root = resolve(import.meta.dirname, "../..");
let page: Page;
/** Console errors and failed requests of the dashboard page (a missing favicon was one). */
const problems: string[] = [];

/** The edge's JSON API with the admin token. */
const api = <T>(path: string, init: RequestInit = {}) => edgeApi<T>(env.edge, path, init);

/** An item of the catalog far from the home shelves: a neighbour of a popular item that home does not list. */
async function shelfWarmer(): Promise<{ id: number; title: string }> {
  const home = await api<CandidatesResponse>("/v1/candidates?context=home&limit=500");
  const onHome = new Set(home.candidates.map((c) => c.id));
  const item = await api<CandidatesResponse>(
    `/v1/candidates?context=item&item=${home.candidates[0].id}&limit=200`,
  );
  const far = item.candidates.filter((c) => !onHome.has(c.id)).at(-1);
  if (!far) throw new Error("no catalog item outside the home candidates");
  return { id: far.id, title: far.title };
}

const hex = (i: number) => `${Date.now().toString(16)}${i.toString(16)}`.padStart(32, "0").slice(-32);

describe("fleet-learning and rollout panels in Chromium", { timeout: 600_000 }, () => {
  beforeAll(async () => {
    page = await env.browser.newPage({ viewport: { width: 1280, height: 1800 } });
    page.setDefaultTimeout(120_000);
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`page: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
    await page.goto(`${env.edge.url}/dashboard/?refreshMs=2000`);
    await page.waitForSelector("body[data-ready=true]");
  });

  it("shows empty states before anything is released or rolled out", async () => {
    expect(await page.locator('#learning [data-state="empty"]').textContent()).toContain(
      "nothing released yet",
    );
    expect(await page.textContent("#rollout .body")).toContain("no guarded rollout yet");
  });

  it("names the item the fleet moved up, with the noise sd and the budget spent", async () => {
    const warmer = await shelfWarmer();
    const postedDay = utcDay(Date.now());
    for (let i = 0; i < DEVICES; i++) {
      const body = {
        contributionVersion: CONTRIBUTION_VERSION,
        contributionId: hex(i),
        day: postedDay,
        viewed: [warmer.id],
        clicked: [],
        carted: [],
        transitions: [],
        trending: [warmer.id],
      };
      const res = await fetch(`${env.edge.url}/v1/contributions`, {
        method: "POST",
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(202);
    }
    // 20 minutes ahead: the step the contributions arrived in has completed, so it is released.
    const evaluateAt = Date.now() + 20 * 60_000;
    const { learning } = await api<{ learning: { steps: number; contributions: number; derived: string } }>(
      `/v1/fleet/evaluate?now=${evaluateAt}`,
      { method: "POST" },
    );
    // Within 20 minutes of midnight UTC the run also completes the contributions' day, and a run reads
    // each contribution once per release kind it lands in (the step's, the day's).
    const dayCompleted = utcDay(evaluateAt - DAY_MS) >= postedDay;
    expect(learning).toMatchObject({
      steps: 1,
      contributions: DEVICES * (dayCompleted ? 2 : 1),
      derived: expect.any(String),
    });
    const shown = await api<FleetLearningView>("/v1/fleet/learning");
    const mover = shown.movers.find((m) => m.id === warmer.id);
    expect(mover, JSON.stringify(shown.movers)).toMatchObject({ list: "trending", title: warmer.title });

    const movers = '[data-table="learning-movers"]';
    await page.waitForFunction(
      ([selector, title]) => document.querySelector(selector)?.textContent?.includes(title),
      [movers, warmer.title],
    );
    const rows = await page.locator(`${movers} tbody tr`).allTextContents();
    expect(rows.some((r) => r.startsWith("trending") && r.includes(warmer.title))).toBe(true);
    const panel = (await page.textContent("#learning .body")) ?? "";
    expect(panel).toMatch(
      /released \(noisy\) counts: the pooled noise sd is [\d.]+ for popularity and [\d.]+ for trending/,
    );
    expect(panel).toContain("no new neighbour pairs"); // transitions are released per 14-day period, not per step
    expect(await page.textContent(".learning-budget")).toContain("ε = 1, δ = 10⁻⁶ per device-day");
    // The first run adds yesterday to its 14-day period, and releases that period (noise only) only
    // when yesterday was its last day: the budget counts the period's 14 device-days then.
    const releases = await page.locator('[data-table="learning-releases"] tbody tr').allTextContents();
    expect(releases.filter((r) => r.startsWith("trending step"))).toHaveLength(1);
    const yesterday = utcDay(Date.now() + 20 * 60_000 - DAY_MS);
    const released = periodDays(periodOf(yesterday)).last === yesterday ? RELEASE_PERIOD_DAYS : 0;
    expect(await page.locator(".learning-budget").getAttribute("data-spent-days")).toBe(String(released));
    await mkdir(resolve(root, "test-results"), { recursive: true });
    await page.locator("#learning").screenshot({ path: resolve(root, "test-results/learning-panel.png") });
  });

  it("shows a guarded rollout's step and its decision log", async () => {
    const { live } = await api<{ live: string }>("/v1/admin/rollout");
    const { publishModelDir } = await import("../../model/artifact/node.ts");
    await publishModelDir({
      endpoint: env.edge.url,
      token: env.edge.token,
      dir: join(root, "model/artifacts/demo"),
      version: "demo-canary",
      guarded: {}, // the default plan: 1 % first, an hour and 200 reports per cohort before the next step
    });
    await api("/v1/fleet/evaluate", { method: "POST" }); // one tick: no reports yet, so it holds
    const summary = page.locator('.rollout-summary[data-state="active"]');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(
      `canary demo-canary vs live ${live}, active; step 1 of 5 (1 %`,
    );
    // The page refreshes on its own clock: one refresh may land between the publish and the tick,
    // showing the active rollout before its first decision. Wait for the decision itself.
    const decisions = '[data-table="rollout-decisions"] tbody';
    await page.waitForFunction(
      (selector) => /hold/.test(document.querySelector(selector)?.textContent ?? ""),
      decisions,
      {
        timeout: 30_000,
      },
    );
    const log = await page.locator(`${decisions} tr`).allTextContents();
    expect(log.some((row) => row.includes("hold"))).toBe(true);
  });

  it("logged no console error and no failed request through all of the above", () => {
    expect(problems).toEqual([]);
  });
});
