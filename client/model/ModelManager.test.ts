import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PREPARED_FORMAT, type PreparedWeights, preparedKey } from "../../model/artifact/preparedWeights.ts";
import { MemoryArtifactCache } from "./ArtifactCache";
import { getBucket, parseBucket } from "./bucket";
import { checkAssignment, resolveUrl } from "./downloadVersion";
import { ModelManager, requestAssignment } from "./ModelManager";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const bytes = (text: string) => new TextEncoder().encode(text);

/** A tiny real edge on loopback: /v1/model plus artifact files, with switchable faults. */
type Version = { manifest: Uint8Array; weights: Uint8Array };
const versions: Record<string, Version> = {
  v1: { manifest: bytes('{"version":"v1"}'), weights: bytes("weights-of-v1") },
  v2: { manifest: bytes('{"version":"v2"}'), weights: bytes("weights-of-v2-longer") },
  v3: { manifest: bytes('{"version":"v3"}'), weights: bytes("weights-of-v3-longest") },
};
const edge = { live: "v1", down: false, corrupt: false, requests: [] as string[] };
let server: Server;
let endpoint = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    edge.requests.push(url.pathname + url.search);
    if (edge.down) return void res.writeHead(503).end();
    if (url.pathname === "/v1/model") {
      const v = versions[edge.live];
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(
        JSON.stringify({
          version: edge.live,
          cohort: "live",
          manifest: {
            url: `/v1/models/${edge.live}/manifest.json`,
            sha256: sha(v.manifest),
            bytes: v.manifest.length,
          },
          files: [
            {
              path: "weights.bin",
              url: `/v1/models/${edge.live}/weights.bin`,
              sha256: sha(v.weights),
              bytes: v.weights.length,
            },
          ],
        }),
      );
    }
    const match = /^\/v1\/models\/(\w+)\/(manifest\.json|weights\.bin)$/.exec(url.pathname);
    const v = match && versions[match[1]];
    if (!v) return void res.writeHead(404).end();
    const body = match[2] === "manifest.json" ? v.manifest : Buffer.from(v.weights);
    if (edge.corrupt && match[2] === "weights.bin") body[0] ^= 0xff;
    res.writeHead(200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => Object.assign(edge, { live: "v1", down: false, corrupt: false, requests: [] }));

function manager(cache = new MemoryArtifactCache(), faults: string[] = []) {
  const cohorts: string[] = [];
  return {
    cache,
    faults,
    cohorts,
    m: new ModelManager({
      endpoint,
      bucket: 42,
      cache,
      fetch: (u, i) => fetch(u, i),
      onAssignment: (c) => cohorts.push(c),
      onFallback: (k) => faults.push(k),
    }),
  };
}
const text = (b: ArrayBuffer) => new TextDecoder().decode(b);
/** Prepared weights as the worker would hand them back (contents are the worker's to check). */
const record = (version: string): PreparedWeights => ({
  format: PREPARED_FORMAT,
  sha256: `weights-of-${version}`,
  names: ["w"],
  values: new Float32Array([1, 2, 3]),
});

describe("ModelManager", () => {
  it("downloads the assigned version, verifies it and reports the network as its source", async () => {
    const { m, faults } = manager();
    const bundle = await m.acquire();
    expect(bundle?.version).toBe("v1");
    expect(bundle?.source).toBe("network");
    expect(text(bundle!.files["weights.bin"])).toBe("weights-of-v1");
    expect(faults).toEqual([]);
    expect(edge.requests[0]).toBe("/v1/model?bucket=42");
  });

  it("serves a version from the cache without refetching its files", async () => {
    const { m } = manager();
    await m.markGood((await m.acquire())!);
    edge.requests = [];
    const again = await m.acquire();
    expect(again?.source).toBe("cache");
    expect(edge.requests).toEqual(["/v1/model?bucket=42"]);
  });

  it("falls back to the last good cached model when the edge is down", async () => {
    const { m, faults } = manager();
    await m.markGood((await m.acquire())!);
    edge.down = true;
    const bundle = await m.acquire();
    expect(bundle).toMatchObject({ version: "v1", source: "cache" });
    expect(faults).toEqual(["model-download", "model-cached"]);
  });

  it("falls back to the last good version when the new version's bytes fail their sha256", async () => {
    const { m, faults } = manager();
    await m.markGood((await m.acquire())!);
    edge.live = "v2";
    edge.corrupt = true;
    const bundle = await m.acquire();
    expect(bundle).toMatchObject({ version: "v1", source: "cache" });
    expect(faults).toEqual(["model-hash", "model-cached"]);
  });

  it("gives up (retrieval order) with neither a good download nor a cached model", async () => {
    const { m, faults } = manager();
    edge.corrupt = true;
    expect(await m.acquire()).toBeUndefined();
    expect(faults).toEqual(["model-hash"]);
    edge.corrupt = false;
    edge.down = true;
    expect(await m.acquire()).toBeUndefined();
    expect(faults).toEqual(["model-hash", "model-download"]);
  });

  it("reports the assigned cohort even when that cohort's model fails to verify, and none without an assignment", async () => {
    const { m, cohorts } = manager();
    edge.corrupt = true;
    expect(await m.acquire()).toBeUndefined();
    expect(cohorts).toEqual(["live"]);
    edge.down = true;
    await m.acquire();
    expect(cohorts).toEqual(["live"]);
  });

  it("ignores a cached model whose bytes were corrupted at rest", async () => {
    const { m, cache } = manager();
    const v1 = (await m.acquire())!;
    await m.markGood(v1);
    const weightsSha = sha(versions.v1.weights);
    await cache.put(weightsSha, bytes("tampered-bytes").buffer as ArrayBuffer);
    edge.down = true;
    expect(await m.acquire()).toBeUndefined();
  });

  it("reads a cached version's manifest and files at once, not one after another", async () => {
    const { cache } = manager();
    const first = manager(cache).m;
    await first.markGood((await first.acquire())!);
    // Each read waits until every read of the version has been asked for (or 2 s passed).
    const asked = new Set<string>();
    const get = cache.get.bind(cache);
    cache.get = async (key) => {
      asked.add(key);
      const until = Date.now() + 2_000;
      while (asked.size < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      return get(key);
    };
    const started = Date.now();
    const cached = await manager(cache).m.newestGood();
    expect(text(cached!.files["weights.bin"])).toBe("weights-of-v1");
    expect(asked.size).toBe(2);
    expect(Date.now() - started, "no read waited for the 2 s limit").toBeLessThan(1_500);
  });

  it("asks for a version's manifest and files at once, not the files after the manifest arrived", async () => {
    const events: string[] = [];
    const slowManifest = new ModelManager({
      endpoint,
      bucket: 42,
      cache: new MemoryArtifactCache(),
      fetch: async (url, init) => {
        const name = new URL(url).pathname.split("/").pop();
        events.push(`ask ${name}`);
        const response = await fetch(url, init);
        if (name === "manifest.json") await new Promise((r) => setTimeout(r, 100));
        events.push(`got ${name}`);
        return response;
      },
      onFallback: () => {},
    });
    expect((await slowManifest.acquire())?.version).toBe("v1");
    expect(events.indexOf("ask weights.bin")).toBeGreaterThanOrEqual(0);
    expect(events.indexOf("ask weights.bin")).toBeLessThan(events.indexOf("got manifest.json"));
  });

  it("uses an assignment request started before it was made, and asks for none of its own", async () => {
    const { m } = manager();
    const assigning = requestAssignment({ fetch: (u, i) => fetch(u, i), endpoint, bucket: 7 });
    expect((await m.acquire(assigning))?.version).toBe("v1");
    expect(edge.requests.filter((r) => r.startsWith("/v1/model?"))).toEqual(["/v1/model?bucket=7"]);
  });

  it("reports an assignment request that failed before acquire() was called, as its own would", async () => {
    edge.down = true;
    const { m, faults } = manager();
    const assigning = requestAssignment({ fetch: (u, i) => fetch(u, i), endpoint, bucket: 42 });
    await new Promise((r) => setTimeout(r, 50)); // it has failed by now, with nobody awaiting it yet
    expect(await m.acquire(assigning)).toBeUndefined();
    expect(faults).toEqual(["model-download"]);
  });

  it("writes nothing when the version read from the head of the good list is marked good again", async () => {
    const { cache } = manager();
    const first = manager(cache).m;
    await first.markGood((await first.acquire())!);
    // The next visit: a new manager reads v1 from the cache, loads it and marks it good.
    const writes: string[] = [];
    const put = cache.put.bind(cache);
    cache.put = (key, data) => {
      writes.push(key);
      return put(key, data);
    };
    const next = manager(cache).m;
    const cached = (await next.newestGood())!;
    await next.markGood(cached);
    expect(writes).toEqual([]);
    // Another version is still recorded, ahead of the one before it.
    edge.live = "v2";
    await next.markGood((await next.acquire())!);
    expect(writes.length).toBeGreaterThan(0);
    expect((await cache.goodVersions()).map((v) => v.version)).toEqual(["v2", "v1"]);
  });

  it("names the newest good version without reading its bytes, and none before any version is good", async () => {
    const { cache } = manager();
    const first = manager(cache).m;
    expect(await first.newestGoodVersion()).toBeUndefined();
    await first.markGood((await first.acquire())!);
    const reads: string[] = [];
    const get = cache.get.bind(cache);
    cache.get = (key) => {
      reads.push(key);
      return get(key);
    };
    expect(await manager(cache).m.newestGoodVersion()).toBe("v1");
    expect(reads).toEqual([]);
  });

  it("keeps the current and the previous good version, and drops the bytes of the one before", async () => {
    const { m, cache } = manager();
    await m.markGood((await m.acquire())!);
    edge.live = "v2";
    await m.markGood((await m.acquire())!);
    expect((await cache.goodVersions()).map((v) => v.version)).toEqual(["v2", "v1"]);
    // A failing v3 would fall back to v2 first, then v1.
    expect((await m.lastGood())?.version).toBe("v2");
    expect((await m.lastGood("v2"))?.version).toBe("v1");
    expect(await cache.get(sha(versions.v1.weights))).toBeDefined();
    // A third good version evicts the oldest: its record and its bytes, not the previous one's.
    edge.live = "v3";
    await m.markGood((await m.acquire())!);
    expect((await cache.goodVersions()).map((v) => v.version)).toEqual(["v3", "v2"]);
    expect(await cache.get(sha(versions.v1.weights))).toBeUndefined();
    expect(await cache.get(sha(versions.v1.manifest))).toBeUndefined();
    expect(await cache.get(sha(versions.v2.weights))).toBeDefined();
  });

  it("gives a cached version the weights kept for it, and a new version none of an older one's", async () => {
    const { m, cache } = manager();
    const v1 = (await m.acquire())!;
    await m.markGood(v1);
    expect(v1.prepared, "a download has no prepared weights").toBeUndefined();
    await m.keepPrepared(v1, record("v1"));
    const cached = await manager(cache).m.newestGood();
    expect(cached?.prepared?.sha256).toBe("weights-of-v1");
    expect(Array.from(cached?.prepared?.values ?? [])).toEqual([1, 2, 3]);

    edge.live = "v2";
    const v2 = (await manager(cache).m.acquire())!;
    expect(v2.version).toBe("v2");
    expect(v2.prepared, "the new version's bundle").toBeUndefined();
    await m.markGood(v2);
    expect(
      (await manager(cache).m.newestGood())?.prepared,
      "v2, cached, nothing kept for it",
    ).toBeUndefined();
  });

  it("still reads a cached version whose prepared weights cannot be read, without them", async () => {
    const { m, cache } = manager();
    const v1 = (await m.acquire())!;
    await m.markGood(v1);
    await m.keepPrepared(v1, record("v1"));
    cache.getPrepared = () => Promise.reject(new Error("the record's value could not be read"));
    const cached = await manager(cache).m.newestGood();
    expect(cached?.version).toBe("v1");
    expect(cached?.prepared).toBeUndefined();
  });

  it("drops the prepared weights of a version no longer kept, with its bytes", async () => {
    const { m, cache } = manager();
    for (const version of ["v1", "v2", "v3"]) {
      edge.live = version;
      const bundle = (await m.acquire())!;
      await m.markGood(bundle);
      await m.keepPrepared(bundle, record(version));
    }
    // v1 good again: the two kept versions are v1 and v3, so v2's record goes and v3's stays.
    edge.live = "v1";
    await m.markGood((await m.acquire())!);
    expect((await cache.goodVersions()).map((v) => v.version)).toEqual(["v1", "v3"]);
    expect(await cache.getPrepared(preparedKey(sha(versions.v2.manifest)))).toBeUndefined();
    expect((await cache.getPrepared(preparedKey(sha(versions.v3.manifest))))?.sha256).toBe("weights-of-v3");
  });
});

describe("assignment and bucket", () => {
  it("rejects a malformed assignment and resolves relative URLs against the endpoint", () => {
    expect(() => checkAssignment({ version: "v1" }, endpoint)).toThrow(/malformed/);
    const ok = checkAssignment(
      {
        version: "v1",
        cohort: "canary",
        manifest: { url: "/m", sha256: "a".repeat(64), bytes: 1 },
        files: [{ path: "w", url: "/w", sha256: "b".repeat(64), bytes: 2 }],
      },
      "https://edge.example.com",
    );
    expect(ok.manifest.url).toBe("https://edge.example.com/m");
    expect(resolveUrl("https://edge.example.com/base", "/v1/x")).toBe("https://edge.example.com/v1/x");
  });

  it("keeps one stable bucket in 0..9999 per device storage", () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    };
    const first = getBucket(storage, () => 0.12345);
    expect(first).toBe(1234);
    expect(getBucket(storage, () => 0.9)).toBe(1234);
    expect(getBucket(storage, () => 0.99999999)).toBe(1234);
    expect(getBucket(undefined, () => 0.99999999)).toBe(9999);
    expect(parseBucket("10000")).toBeUndefined();
    expect(parseBucket("-1")).toBeUndefined();
    expect(parseBucket("0042")).toBe(42);
  });
});
