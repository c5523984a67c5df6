import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecommender } from "../index";
import { dummyBatch } from "../scoring/dummyBatch";

/** A real loopback server answering /v1/candidates like the edge; `down` makes it fail. */
const edge = { down: false, urls: [] as string[] };
let server: Server;
let endpoint = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    edge.urls.push(req.url ?? "");
    if (edge.down) return void res.writeHead(503).end();
    const { candidates } = dummyBatch(20);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ catalogVersion: "c1", context: "home", candidates }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const options = () => ({ endpoint, model: false, telemetry: false, storage: "memory" as const });

describe("createRecommender (Node, no model)", () => {
  it("returns the edge's retrieval order marked backend none", async () => {
    const pr = createRecommender(options());
    const ranked = await pr.recommend({ context: "home", k: 5 });
    expect(ranked.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(ranked.every((r) => r.backend === "none" && r.modelVersion === null)).toBe(true);
    expect((await pr.ready()).model.state).toBe("disabled");
    expect(pr.status().timeToFirstRecommendationMs).toBeGreaterThan(0);
  });

  it("never throws: bad options and bad requests are reported in status()", async () => {
    const broken = createRecommender(undefined as never);
    expect(await broken.recommend({ context: "home" })).toEqual([]);
    expect(broken.status().fallbacks["bad-request"]).toBe(1);
    const pr = createRecommender(options());
    expect(await pr.recommend({ context: "item" })).toEqual([]);
    await pr.track({ type: "view", itemId: Number.NaN });
    expect(pr.status().fallbacks["bad-request"]).toBe(2);
    expect(pr.status().errors.at(-1)?.message).toMatch(/itemId/);
  });

  it("serves cached candidates when the edge goes down, and nothing when it never answered", async () => {
    const pr = createRecommender(options());
    expect(await pr.recommend({ context: "home", k: 3 })).toHaveLength(3);
    edge.down = true;
    try {
      expect(await pr.recommend({ context: "home", k: 3 })).toHaveLength(3);
      expect(pr.status().fallbacks["candidates-cached"]).toBe(1);
      expect(await pr.recommend({ context: "search", query: "never asked" })).toEqual([]);
      expect(pr.status().fallbacks["edge-unreachable"]).toBe(1);
    } finally {
      edge.down = false;
    }
  });

  it("keeps behaviour on the device, counts it, and forgets it", async () => {
    const pr = createRecommender(options());
    edge.urls = [];
    await pr.track({ type: "view", itemId: 11, categories: ["Makeup"] });
    await pr.track({ type: "search", query: "private words" });
    expect(pr.status().store).toMatchObject({ kind: "memory", events: 2 });
    await pr.recommend({ context: "home" });
    expect(edge.urls.join()).not.toMatch(/11|private/);
    await pr.forget();
    expect(pr.status().store.events).toBe(0);
  });
});
