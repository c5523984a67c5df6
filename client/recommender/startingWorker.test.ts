import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StartingWorker } from "./startingWorker";

/** Node has no Worker: a stand-in that records what the page posts (the browser path is in e2e). */
const posted: unknown[] = [];
const started: string[] = [];
class RecordingWorker {
  onerror: unknown = null;
  constructor(_url: string, options: { name: string }) {
    started.push(options.name);
  }
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
    started.length = 0;
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

  describe("the start while the page loads (startEarly)", () => {
    const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0";
    /** This browser's localStorage holding `kept` under the backend memory's key, if any. */
    const browser = (kept?: { backend: string; device: string }) => {
      const items = new Map(kept ? [["pocketrank:backend", JSON.stringify(kept)]] : []);
      vi.stubGlobal("navigator", { userAgent: USER_AGENT });
      vi.stubGlobal("localStorage", { getItem: (key: string) => items.get(key) ?? null, setItem() {} });
    };

    it("starts a returning browser's worker at once, named with its remembered backend", () => {
      browser({ backend: "webgl", device: `${USER_AGENT}#no-webgpu` });
      const early = new StartingWorker(true, hint);
      expect(early.startEarly()).toBe(true);
      expect(started).toEqual(["pocketrank-scoring:webgl"]);
      expect(early.start(), "the model's start adopts it").toBeDefined();
      expect(started, "and starts no second worker").toHaveLength(1);
    });

    it("starts nothing on a first visit, nor where another browser build was remembered", () => {
      browser();
      expect(new StartingWorker(true, hint).startEarly()).toBe(false);
      browser({ backend: "webgl", device: "Mozilla/5.0 Chrome/155.0.0.0#no-webgpu" });
      expect(new StartingWorker(true, hint).startEarly()).toBe(false);
      browser({ backend: "not-a-backend", device: `${USER_AGENT}#no-webgpu` });
      expect(new StartingWorker(true, hint).startEarly()).toBe(false);
      expect(started).toEqual([]);
    });

    it("holds the candidates' prefetch until the model's start (no request to the edge before it)", () => {
      browser({ backend: "wasm", device: `${USER_AGENT}#no-webgpu` });
      const early = new StartingWorker(true, hint);
      early.startEarly();
      early.prefetch(url);
      expect(prefetches()).toEqual([]);
      early.start();
      expect(prefetches()).toEqual([{ type: "prefetch", id: 0, url }]);
    });
  });
});
