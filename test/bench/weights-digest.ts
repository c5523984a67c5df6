/**
 * What a second SHA-256 of a one-file model's weights cost the scoring worker, in headless Chromium: the
 * work checkModel no longer does for such a model (model/artifact/loadModel.ts), i.e. copying the file into
 * a joined buffer and hashing it again after the file's own digest. Each trial is a fresh dedicated worker
 * (cold, as on a visit) on a secure origin served by request interception; it hashes the committed demo
 * model's file once, then does the removed work and times it: the copy, the digest's synchronous part
 * (the worker thread's, until `digest` returns its promise) and the digest awaited.
 *   npx tsx test/bench/weights-digest.ts [--trials 20] [--out weights-digest]
 * Raw results: test/bench/results/<out>.json.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { launchBrowser } from "../e2e/harness/index.ts";
import { median } from "./stats/medianBootstrap.ts";

const { values } = parseArgs({
  options: { trials: { type: "string", default: "20" }, out: { type: "string", default: "weights-digest" } },
});
const demo = resolve(import.meta.dirname, "../../model/artifacts/demo");
const manifest = JSON.parse(readFileSync(resolve(demo, "manifest.json"), "utf8"));
const weights = readFileSync(resolve(demo, manifest.files[0].path));

/** The worker: the file's digest (as checkModel does first), then the removed work, timed. */
const WORKER = `
onmessage = async ({ data }) => {
  const file = data;
  await crypto.subtle.digest("SHA-256", file);
  const t0 = performance.now();
  const all = new Uint8Array(file.byteLength);
  all.set(new Uint8Array(file), 0);
  const t1 = performance.now();
  const pending = crypto.subtle.digest("SHA-256", all);
  const t2 = performance.now();
  await pending;
  const t3 = performance.now();
  postMessage({ copyMs: t1 - t0, digestSyncMs: t2 - t1, digestMs: t3 - t1 });
};`;
const PAGE = `<script>
window.trial = (bytes) => new Promise((done) => {
  const worker = new Worker("/worker.js");
  worker.onmessage = (e) => { worker.terminate(); done(e.data); };
  worker.postMessage(new Uint8Array(bytes).buffer);
});
</script>`;

const loadAtStart = loadavg();
const browser = await launchBrowser();
type Trial = { copyMs: number; digestSyncMs: number; digestMs: number };
const trials: Trial[] = [];
try {
  const page = await browser.newPage();
  await page.route("https://probe.pocketrank.test/**", (route) => {
    const worker = route.request().url().endsWith("/worker.js");
    return route.fulfill({
      contentType: worker ? "text/javascript" : "text/html",
      body: worker ? WORKER : PAGE,
    });
  });
  await page.goto("https://probe.pocketrank.test/");
  const bytes = [...weights];
  for (let i = 0; i < Number(values.trials); i++)
    trials.push(
      await page.evaluate(
        (b) => (window as unknown as { trial: (b: number[]) => Promise<Trial> }).trial(b),
        bytes,
      ),
    );
} finally {
  await browser.close();
}
const summary = Object.fromEntries(
  (["copyMs", "digestSyncMs", "digestMs"] as const).map((k) => [
    k,
    +median(trials.map((t) => t[k])).toFixed(2),
  ]),
);
console.log(`${weights.length} bytes, ${trials.length} fresh workers, medians: ${JSON.stringify(summary)}`);
const raw = {
  date: new Date().toISOString(),
  bytes: weights.length,
  loadAtStart,
  loadAverage: loadavg(),
  summary,
  trials,
};
writeFileSync(
  resolve(import.meta.dirname, `results/${values.out}.json`),
  `${JSON.stringify(raw, null, 2)}\n`,
);
