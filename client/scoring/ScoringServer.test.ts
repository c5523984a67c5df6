import { afterEach, describe, expect, it } from "vitest";
import { dummyBatch } from "./dummyBatch";
import type { WorkerRequest, WorkerResponse } from "./protocol";
import { KEPT_REASON } from "./ScoringEngine";
import { type PagePort, ScoringServer } from "./ScoringServer";
import { demoLoadRequest } from "./testDemoModel";

const url = "https://edge.example.com/v1/candidates?context=home";
const { history, historyCategories, candidates } = dummyBatch(40);
const answer = () => ({
  etag: '"c1"',
  body: new TextEncoder().encode(JSON.stringify({ catalogVersion: "c1", context: "home", candidates }))
    .buffer,
});
const rank = (id: number): WorkerRequest => ({
  type: "rank",
  id,
  url,
  answer: answer(),
  history,
  historyCategories,
  k: 10,
  wantScores: false,
  featureNames: [],
});

/** One page connected to the server over a real MessageChannel: what it sent and what it heard. */
class Page {
  readonly heard: WorkerResponse[] = [];
  private readonly channel = new MessageChannel();
  constructor(server: ScoringServer) {
    this.channel.port2.onmessage = (event: MessageEvent<WorkerResponse>) => this.heard.push(event.data);
    server.connect(this.channel.port1 as unknown as PagePort, true);
  }
  send(request: WorkerRequest, transfer: Transferable[] = []): void {
    this.channel.port2.postMessage(request, transfer);
  }
  /** The answer to request `id`, once it arrived. */
  async answer(id: number): Promise<WorkerResponse> {
    for (let i = 0; i < 2000; i++) {
      const found = this.heard.find((r) => r.id === id);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no answer to ${id}`);
  }
  close(): void {
    this.channel.port2.close();
  }
}

/** Node's tfjs: cpu alone (no WebGPU, no WebGL, wasm declared absent). */
const server = () =>
  new ScoringServer(
    async () => ({ webgpu: { api: false, adapter: null }, webgl: false, wasm: false }),
    async () => {
      throw new Error("the pages give their answers");
    },
  );

const pages: Page[] = [];
const open = (s: ScoringServer) => {
  const page = new Page(s);
  pages.push(page);
  return page;
};
afterEach(() => {
  for (const page of pages.splice(0)) page.close();
});

describe("ScoringServer serving several pages", () => {
  it("tells a later page the model it holds, keeps it for that page's load without bytes, and answers each page on its own port", async () => {
    const s = server();
    const first = open(s);
    const load = await demoLoadRequest("auto");
    first.send({ ...load, id: 1 }, [load.manifest, ...Object.values(load.files)]);
    expect(await first.answer(1)).toMatchObject({ type: "loaded", choice: "probed", backend: "cpu" });
    expect(first.heard[0]).toEqual({ type: "held", id: 0, held: null });

    const second = open(s);
    await second.answer(0);
    expect(second.heard[0]).toEqual({ type: "held", id: 0, held: { version: load.version, backend: "cpu" } });
    second.send({ type: "load", id: 1, backend: "auto", version: load.version });
    const kept = await second.answer(1);
    expect(kept).toMatchObject({ type: "loaded", choice: "kept", backend: "cpu", history: [] });
    expect(kept.type === "loaded" && kept.reason).toBe(`${KEPT_REASON} (cpu)`);

    // The same request id from both pages: each hears only its own answer.
    first.send(rank(2));
    second.send(rank(2));
    const [a, b] = await Promise.all([first.answer(2), second.answer(2)]);
    expect(a).toMatchObject({ type: "ranked", backend: "cpu", count: 40 });
    expect(b).toMatchObject({ type: "ranked", backend: "cpu", count: 40 });
    expect(a.type === "ranked" && a.items).toEqual(b.type === "ranked" && b.items);
    await new Promise((r) => setTimeout(r, 50));
    expect(first.heard.filter((r) => r.id === 2)).toHaveLength(1);
    expect(second.heard.filter((r) => r.id === 2)).toHaveLength(1);
  });

  it("answers not-held to a load without bytes of a version it does not hold, and loads it when the bytes follow", async () => {
    const s = server();
    const page = open(s);
    const load = await demoLoadRequest("auto");
    page.send({ type: "load", id: 1, backend: "auto", version: load.version });
    expect(await page.answer(1)).toMatchObject({ type: "error", kind: "not-held" });
    page.send({ ...load, id: 2 }, [load.manifest, ...Object.values(load.files)]);
    expect(await page.answer(2)).toMatchObject({ type: "loaded", choice: "probed", backend: "cpu" });
  });

  it("loads what a later page asks when it remembers another backend than the one held", async () => {
    const s = server();
    const first = open(s);
    const load = await demoLoadRequest("auto");
    first.send({ ...load, id: 1 }, [load.manifest, ...Object.values(load.files)]);
    await first.answer(1);
    const second = open(s);
    // Remembered WebGL: not what is held, so the worker brings it up (it fails in Node, and cpu is probed).
    const again = await demoLoadRequest("auto", "webgl");
    second.send({ ...again, id: 1 }, [again.manifest, ...Object.values(again.files)]);
    const loaded = await second.answer(1);
    expect(loaded).toMatchObject({ type: "loaded", choice: "probed", backend: "cpu" });
    expect(loaded.type === "loaded" && loaded.history[0].reason).toMatch(/remembered backend failed/);
  });

  it("stops serving a page that left and keeps serving the others", async () => {
    const s = server();
    const staying = open(s);
    const leaving = open(s);
    const load = await demoLoadRequest("auto");
    staying.send({ ...load, id: 1 }, [load.manifest, ...Object.values(load.files)]);
    await staying.answer(1);
    expect(s.connected).toBe(2);
    leaving.send({ type: "leave", id: 0 });
    for (let i = 0; i < 100 && s.connected > 1; i++) await new Promise((r) => setTimeout(r, 5));
    expect(s.connected).toBe(1);
    staying.send(rank(2));
    expect(await staying.answer(2)).toMatchObject({ type: "ranked", backend: "cpu" });
  });
});
