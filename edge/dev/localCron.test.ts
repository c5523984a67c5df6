import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startLocalCron, WORKER_CRON } from "./localCron";

/** A local HTTP server in the place of `wrangler dev --test-scheduled`: records each request's URL. */
async function edgeRecording(status = 200): Promise<{ url: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(status).end("Ran scheduled event");
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe("startLocalCron: npm start runs the Worker's scheduled handler, as the cron trigger does", () => {
  it("asks wrangler dev to run the scheduled handler with the Worker's cron, once per period, until stopped", async () => {
    const edge = await edgeRecording();
    servers.push(edge.server);
    const cron = startLocalCron(edge.url, { everyMs: 40 });
    await wait(230);
    cron.stop();
    const fired = edge.hits.length;
    expect(fired).toBeGreaterThanOrEqual(3);
    expect(new Set(edge.hits)).toEqual(new Set([`/__scheduled?cron=${encodeURIComponent(WORKER_CRON)}`]));
    await wait(120);
    expect(edge.hits.length).toBe(fired);
  });

  it("reports a failed run (an error answer, or no edge) and keeps ticking", async () => {
    const edge = await edgeRecording(500);
    servers.push(edge.server);
    const errors: string[] = [];
    const cron = startLocalCron(edge.url, { everyMs: 40, onError: (e) => errors.push(e.message) });
    await wait(150);
    cron.stop();
    expect(edge.hits.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]).toMatch(/answered 500/);

    const gone: string[] = [];
    const offline = startLocalCron("http://127.0.0.1:9", {
      everyMs: 40,
      onError: (e) => gone.push(e.message),
    });
    await wait(150);
    offline.stop();
    expect(gone.length).toBeGreaterThanOrEqual(2);
  });
});
