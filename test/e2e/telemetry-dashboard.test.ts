import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { referenceProfileFrom, type TelemetryReport } from "../../telemetry";
import { currentWindowStart, syntheticReport } from "../../telemetry/simulator/syntheticReport";
import { normal, seededRng } from "../../telemetry/util/rng";
import { type EdgeHandle, launchBrowser, publishTestModel, startEdge } from "./harness";

const root = resolve(import.meta.dirname, "../..");
const PORT = 8803; // telemetry-fleet's port

let edge: EdgeHandle;
let browser: Browser;
let page: Page;

async function post(reports: TelemetryReport[]): Promise<void> {
  for (const report of reports) {
    const res = await fetch(`${edge.url}/v1/telemetry`, { method: "POST", body: JSON.stringify(report) });
    expect(res.status).toBe(202);
  }
}

async function waitForFleet(reports: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const body = (await (await fetch(`${edge.url}/v1/fleet/overview?hours=2`)).json()) as {
      fleet: { reports?: number };
    };
    if (body.fleet.reports === reports) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the fleet did not reach ${reports} flushed reports`);
}

// The seeded fleet: "shop-v2" live with 200 cpu reports ~100 ms in the previous hour (its baseline)
// and 150 in this hour (100 webgpu ~6 ms, 50 cpu ~400 ms), "shop-v1" with 12 (< k).
const rng = seededRng(5);
const baseline = Array.from({ length: 200 }, () =>
  syntheticReport(rng, {
    modelVersion: "shop-v2",
    backend: "cpu",
    medianInferenceMs: 100,
    browserFamily: "firefox",
    windowStart: currentWindowStart(Date.now() - 3_600_000),
  }),
);
const webgpu = Array.from({ length: 100 }, () =>
  syntheticReport(rng, { modelVersion: "shop-v2", medianInferenceMs: 6 }),
);
const cpu = Array.from({ length: 50 }, () =>
  syntheticReport(rng, {
    modelVersion: "shop-v2",
    backend: "cpu",
    medianInferenceMs: 400,
    browserFamily: "firefox",
  }),
);
const thin = Array.from({ length: 12 }, () => syntheticReport(rng, { modelVersion: "shop-v1" }));

beforeAll(async () => {
  if (!existsSync(resolve(root, "dist/public/dashboard/index.html"))) {
    await promisify(execFile)("npx", ["vite", "build"], {
      cwd: root,
      env: { ...process.env, BUILD_TARGET: "dashboard" },
    });
  }
  edge = await startEdge({ port: PORT });
  const scores = Array.from({ length: 20_000 }, () => Math.min(1, Math.max(0, 0.3 + 0.15 * normal(rng))));
  // Reports are only aggregated for registered versions: shop-v1 first, then shop-v2 goes live.
  await publishTestModel(edge, "shop-v1");
  await publishTestModel(edge, "shop-v2", { referenceProfile: referenceProfileFrom({ scores }), live: true });
  await post([...baseline, ...webgpu, ...cpu, ...thin]);
  await waitForFleet(362);
  const evaluated = await fetch(`${edge.url}/v1/fleet/evaluate`, {
    method: "POST",
    headers: { authorization: `Bearer ${edge.token}` },
  });
  expect(evaluated.status).toBe(200);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
  await page.goto(`${edge.url}/dashboard/?refreshMs=2000`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await edge?.stop();
});

describe("fleet dashboard in Chromium", () => {
  it("shows the seeded fleet's numbers in the overview", async () => {
    expect(await page.textContent('[data-kpi="reports"] .value')).toBe("362");
    expect(await page.textContent('[data-kpi="live"] .value')).toBe("shop-v2");
    const versions = await page.locator('[data-table="versions"] tbody tr').allTextContents();
    expect(versions).toContain("shop-v2live350");
    expect(versions.find((v) => v.startsWith("shop-v1"))).toContain("not enough data");
  });

  it("draws non-empty latency, score and drift charts", async () => {
    const points = async (panel: string) =>
      page
        .locator(`#${panel} figure.chart`)
        .evaluateAll((figs) => figs.map((f) => Number((f as HTMLElement).dataset.points)));
    const latency = await points("latency");
    expect(latency.length).toBeGreaterThanOrEqual(2); // webgpu and cpu (shop-v1's chrome reports join webgpu)
    expect(latency.every((n) => n > 0)).toBe(true);
    expect(await page.locator("#latency canvas").count()).toBeGreaterThanOrEqual(2);
    expect((await points("scores"))[0]).toBeGreaterThan(0);
    expect((await points("drift"))[0]).toBeGreaterThan(0);
  });

  it("rates web vitals, lists the latency alert and compares versions", async () => {
    expect(await page.locator('[data-vital="LCP"]').textContent()).toMatch(/^\d[\d,]* ms$/);
    const alerts = await page.locator('[data-table="active-alerts"] tbody tr').allTextContents();
    expect(alerts.some((row) => row.includes("latency_p95") && row.includes("backend=cpu"))).toBe(true);
    const compare = await page.locator('[data-table="versions-compare"]').textContent();
    expect(compare).toContain("shop-v2 (live)");
    expect(compare).toContain("not enough data"); // shop-v1's column
  });

  it("saves a full-page PNG screenshot of the dashboard, the viewport's width and at least its height", async () => {
    await mkdir(resolve(root, "test-results"), { recursive: true });
    const png = await page.screenshot({ path: resolve(root, "test-results/dashboard.png"), fullPage: true });
    // PNG signature, then the IHDR chunk: width and height as big-endian u32 at bytes 16 and 20.
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(1800);
  });

  it("reads 'not enough data' for a version under k reports, never a number", async () => {
    await page.selectOption("#version", "shop-v1");
    await page.waitForFunction(() => document.querySelector("#scores .insufficient") !== null, null, {
      timeout: 120_000, // the next 2 s poll picks the choice up; refreshes are slow on a loaded machine
    });
    expect(await page.textContent("#scores .body")).toBe("not enough data");
    expect(await page.textContent("#vitals .body")).not.toMatch(/\d+ ms/);
  });

  it("refreshes again after a fleet request that never answers: it times out instead of holding every later refresh", async () => {
    const learning = "**/v1/fleet/learning*";
    let requests = 0;
    await page.route(learning, async (route) => {
      if (requests++ > 0) await route.continue(); // the first is never answered
    });
    const status = (prefix: string) =>
      page.waitForFunction((p) => document.querySelector("#status")?.textContent?.startsWith(p), prefix, {
        timeout: 90_000,
      });
    await status("refresh failed");
    await status("updated");
    expect(requests).toBeGreaterThan(1);
    await page.unroute(learning);
  });
});
