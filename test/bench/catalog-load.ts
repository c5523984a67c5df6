// Edge load on the candidate route: requests/s and p50/p99 latency of
// GET /v1/candidates?context=item&item=<popular ids, rotated> (D1 reads + the pure generator) side by side
// with the trivial GET /healthz on the same `wrangler dev` with the demo catalog, 32 connections on
// loopback; also times the catalog upload and its idempotent re-run.
//   npx tsx test/bench/catalog-load.ts             (uses port 8802; BENCH_PORT to change)
import { createRequire } from "node:module";
import { buildCatalog, uploadCatalog } from "../../edge/catalog/index.ts";
import { startEdge } from "../e2e/harness/index.ts";

type Result = {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
};
type Options = {
  url: string;
  connections: number;
  duration: number;
  requests?: { setupRequest: (req: Record<string, unknown>) => Record<string, unknown> }[];
};
const autocannon = createRequire(import.meta.url)("autocannon") as (o: Options) => Promise<Result>; // ships no types

const PORT = Number(process.env.BENCH_PORT ?? 8802);
const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = 2;
const ROTATE = 200; // distinct popular items, so answers are not one cached body
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const edge = await startEdge({ port: PORT });
  try {
    let t = performance.now();
    const payload = await buildCatalog("beauty");
    const buildS = (performance.now() - t) / 1000;
    t = performance.now();
    const first = await uploadCatalog(payload, { endpoint: edge.url, token: edge.token });
    const uploadS = (performance.now() - t) / 1000;
    t = performance.now();
    const again = await uploadCatalog(payload, { endpoint: edge.url, token: edge.token });
    const rerunS = (performance.now() - t) / 1000;
    console.log(
      `catalog ${payload.version}: ${payload.items.length} items, ${payload.lists.length} lists; build ${buildS.toFixed(1)} s, ` +
        `upload ${uploadS.toFixed(1)} s (changed=${first.changed}), re-run ${rerunS.toFixed(2)} s (changed=${again.changed})`,
    );
    const popular = payload.lists
      .find((l) => l.name === "popular")!
      .entries.slice(0, ROTATE)
      .map(([id]) => id);
    const rotating = (path: (i: number) => string): Options["requests"] => {
      let i = 0;
      return [{ setupRequest: (req) => ({ ...req, path: path(i++) }) }];
    };
    const routes: Record<string, Options> = {
      "GET /healthz (trivial)": { url: `${edge.url}/healthz`, connections: CONNECTIONS, duration: SECONDS },
      "GET /v1/candidates?context=item (limit 100)": {
        url: edge.url,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: rotating((i) => `/v1/candidates?context=item&item=${popular[i % popular.length]}`),
      },
    };
    const samples: Record<string, Result[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, options] of Object.entries(routes)) {
        const result = await autocannon(options);
        if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} non-2xx answers`);
        // Errors are client timeouts (autocannon's 10 s) on an overloaded machine; report them.
        if (result.errors > 0) console.log(`${name}, round ${round + 1}: ${result.errors} timeouts`);
        samples[name] = [...(samples[name] ?? []), result];
      }
    }
    const rows = Object.entries(samples).map(([name, rs]) => ({
      name,
      rps: median(rs.map((r) => r.requests.average)),
      p50: median(rs.map((r) => r.latency.p50)),
      p99: median(rs.map((r) => r.latency.p99)),
    }));
    const base = rows[0].rps;
    console.log(`\n${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS} s per route, medians:`);
    console.log("| route | req/s | p50 ms | p99 ms | ratio to /healthz |\n|---|---|---|---|---|");
    for (const r of rows) {
      console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${(r.rps / base).toFixed(2)} |`);
    }
  } finally {
    await edge.stop();
  }
}

await main();
