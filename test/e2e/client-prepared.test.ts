import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Recommender, RecommenderStatus } from "../../client/types";
import { DEDICATED_WORKER } from "./client-support";
import { useSeededEdge } from "./harness/index";

/**
 * A returning visit's model load in real Chromium, on the script-tag page: the first visit keeps the
 * weights its scoring worker decoded (after its first list), the next visit's worker takes them instead
 * of decoding the int8 bytes, and a damaged record is ignored (the bytes decoded, nothing reported).
 * In the dedicated scoring worker, whose user timing Playwright can read (it lists no shared worker), and
 * which each visit starts afresh, as a shared worker is after the store's last page closed.
 */
const PORT = 8829;
const env = useSeededEdge(PORT);

const RENDERS = `
  window.__renders = [];
  document.addEventListener("pocketrank:render", (e) => {
    window.__recommender = e.detail.recommender;
    window.__renders.push(e.detail.items.map((i) => ({ id: i.id, backend: i.backend })));
  });`;
type Render = { id: number; backend: string }[];
type EmbedWindow = { __renders: Render[]; __recommender: Recommender };
const onDevice = "window.__renders.length > 0 && window.__renders.at(-1)[0]?.backend === 'wasm'";

/** The page's IndexedDB blobs store of the model cache, by key (run in the page). */
const PREPARED_KEYS = async () => {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open("pocketrank-models");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
    const request = db.transaction("blobs").objectStore("blobs").getAllKeys();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return keys.map(String).filter((key) => key.startsWith("prepared-"));
};

/** Visits the script-tag page (again) until its on-device list shows. */
async function visit(page: Page): Promise<{ list: Render; status: RecommenderStatus }> {
  await page.goto(`${env.edge.url}/demo/embed.html`);
  await page.waitForFunction(onDevice);
  return page.evaluate(() => {
    const w = window as unknown as EmbedWindow;
    return { list: w.__renders.at(-1) ?? [], status: w.__recommender.status() };
  });
}

/** Where the scoring worker's weights came from ("prepared" or "bytes"), from its user timing. */
async function weightsFrom(page: Page): Promise<string[]> {
  const found = await Promise.all(
    page
      .workers()
      .map((worker) =>
        worker.evaluate(() =>
          performance
            .getEntriesByName("pocketrank:weights")
            .map((e) => (e as PerformanceMeasure).detail?.from as string),
        ),
      ),
  );
  return found.flat();
}

/** Waits until the page has written the prepared record (it does so after the first list, at idle). */
async function recordKept(page: Page): Promise<string[]> {
  await page.waitForFunction(PREPARED_KEYS_SOURCE, undefined, { timeout: 20_000, polling: 100 });
  return page.evaluate(PREPARED_KEYS);
}
const PREPARED_KEYS_SOURCE = `(${PREPARED_KEYS.toString()})().then((keys) => keys.length > 0)`;

describe("a returning visit's prepared weights", { timeout: 300_000 }, () => {
  it("loads the weights the first visit decoded, without decoding the int8 bytes, and a damaged record as before", async () => {
    const context = await env.browser.newContext();
    await context.addInitScript({ content: RENDERS });
    await context.addInitScript({ content: DEDICATED_WORKER });
    const page = await context.newPage();
    try {
      const first = await visit(page);
      // (Its deferred benchmark's worker decodes them too.)
      expect(new Set(await weightsFrom(page)), "the first visit decodes the bytes").toEqual(
        new Set(["bytes"]),
      );
      const keys = await recordKept(page);
      expect(keys).toHaveLength(1);

      const second = await visit(page);
      expect(second.status.model.source).toBe("cache");
      expect(await weightsFrom(page), "the second visit takes the record").toEqual(["prepared"]);
      expect(second.list.map((i) => i.id)).toEqual(first.list.map((i) => i.id));

      // A record damaged at rest: one value NaN. The next visit decodes the bytes and ranks the same.
      await page.evaluate(async (key) => {
        const db = await new Promise<IDBDatabase>((resolve) => {
          const open = indexedDB.open("pocketrank-models");
          open.onsuccess = () => resolve(open.result);
        });
        const store = () => db.transaction("blobs", "readwrite").objectStore("blobs");
        const record = await new Promise<{ values: Float32Array }>((resolve) => {
          const request = store().get(key);
          request.onsuccess = () => resolve(request.result);
        });
        record.values[100] = Number.NaN;
        await new Promise((resolve) => {
          store().put(record, key).onsuccess = resolve;
        });
        db.close();
      }, keys[0]);
      const third = await visit(page);
      expect(await weightsFrom(page), "the damaged record is ignored").toEqual(["bytes"]);
      expect(third.list.map((i) => i.id)).toEqual(second.list.map((i) => i.id));
      expect(third.status.model.state).toBe("ready");
      expect(third.status.fallbacks, "nothing reported to the shopper").toEqual(second.status.fallbacks);
      expect(third.status.errors.map((e) => e.kind)).toEqual(second.status.errors.map((e) => e.kind));
    } finally {
      await context.close();
    }
  });
});
