import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StartingWorker } from "./startingWorker";

/** Node has no Worker: a stand-in that records what the page posts (the browser path is in e2e). */
const posted: unknown[] = [];
class RecordingWorker {
  onerror: unknown = null;
  postMessage(message: unknown) {
    posted.push(message);
  }
  terminate() {}
}

const hint = { backend: "auto", dbName: "pocketrank" } as const;
const url = "https://edge.example.com/v1/candidates?context=home&limit=200";
const prefetches = () => posted.filter((m) => (m as { type: string }).type === "prefetch");

describe("StartingWorker", () => {
  beforeEach(() => {
    posted.length = 0;
    vi.stubGlobal("Worker", RecordingWorker);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("sends a URL asked for before the start once the worker starts, and later ones at once", () => {
    const early = new StartingWorker(true, hint);
    early.prefetch(url);
    expect(posted).toEqual([]);
    expect(early.start()).toBeDefined();
    expect(prefetches()).toEqual([{ type: "prefetch", id: 0, url }]);
    early.prefetch(`${url}&item=7`);
    expect(prefetches()).toHaveLength(2);
  });

  it("sends nothing once the runtime owns the worker, nor with the page's own fetch", () => {
    const owned = new StartingWorker(true, hint);
    owned.start();
    owned.end();
    owned.prefetch(url);
    const custom = new StartingWorker(false, hint);
    custom.prefetch(url);
    custom.start();
    custom.prefetch(url);
    expect(prefetches()).toEqual([]);
  });

  it("starts nothing where the browser has no Worker", () => {
    vi.unstubAllGlobals();
    const early = new StartingWorker(true, hint);
    early.prefetch(url);
    expect(early.start()).toBeUndefined();
    expect(posted).toEqual([]);
  });
});
