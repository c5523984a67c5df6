// Edge load on the model-assignment route: requests/s and latency of GET /v1/model?bucket= (rollout
// read + salted bucket permutation + manifest lookup in D1) and of an R2 artifact GET, side by side
// with the trivial GET /healthz on the same `wrangler dev`, 32 connections on loopback.
//   npx tsx test/bench/edge-core-model.ts            (uses port 8801; BENCH_PORT to change)
import { createRequire } from "node:module";
import { publishTestModel, startEdge } from "../e2e/harness";

type Result = {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
};
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests?: { setupRequest: (req: Record<string, unknown>) => Record<string, unknown> }[];
}) => Promise<Result>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon; // ships no types

const PORT = Number(process.env.BENCH_PORT ?? 8801);
const CONNECTIONS = 32;
const SECONDS = 8;
const ROUNDS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const edge = await startEdge({ port: PORT });
  try {
    await publishTestModel(edge, "bench-a", { shardBytes: 256 * 1024 });
    await publishTestModel(edge, "bench-b", { shardBytes: 256 * 1024 });
    const rollout = await fetch(`${edge.url}/v1/admin/rollout`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${edge.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ live: "bench-a", canary: "bench-b", canaryPercent: 10 }),
    });
    if (!rollout.ok) throw new Error(`rollout: ${rollout.status}`);

    let bucket = 0;
    const routes: Record<string, Parameters<Autocannon>[0]> = {
      "GET /healthz (trivial)": { url: `${edge.url}/healthz`, connections: CONNECTIONS, duration: SECONDS },
      "GET /v1/model?bucket=": {
        url: edge.url,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: [{ setupRequest: (req) => ({ ...req, path: `/v1/model?bucket=${bucket++ % 10_000}` }) }],
      },
      "GET /v1/models/:v/shard (256 KiB, R2)": {
        url: `${edge.url}/v1/models/bench-a/group1-shard1of1.bin`,
        connections: CONNECTIONS,
        duration: SECONDS,
      },
    };
    const samples: Record<string, Result[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, options] of Object.entries(routes)) {
        const result = await autocannon(options);
        if (result.non2xx > 0 || result.errors > 0)
          throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        samples[name] = [...(samples[name] ?? []), result];
        console.log(`round ${round + 1} ${name}: ${result.requests.average.toFixed(0)} req/s`);
      }
    }
    const trivial = median(samples["GET /healthz (trivial)"].map((r) => r.requests.average));
    console.log(`\n${CONNECTIONS} connections, ${SECONDS} s x ${ROUNDS} rounds each (medians over rounds):`);
    console.log("| route | req/s | p50 ms | p99 ms | ratio to trivial |\n|---|---|---|---|---|");
    for (const [name, results] of Object.entries(samples)) {
      const rps = median(results.map((r) => r.requests.average));
      const p50 = median(results.map((r) => r.latency.p50));
      const p99 = median(results.map((r) => r.latency.p99));
      console.log(`| ${name} | ${rps.toFixed(0)} | ${p50} | ${p99} | ${(rps / trivial).toFixed(2)} |`);
    }
  } finally {
    await edge.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
