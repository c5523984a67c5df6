import type { Candidate } from "../../../../model/catalog/index.ts";

/**
 * Benchmark input: `n` real candidates from the edge (the item neighbourhoods of a few popular items,
 * concatenated); past the edge's 500 cap the list repeats with shifted ids so 1000 candidates stay
 * realistic in their features. Returns [] when the edge does not answer.
 * @example const candidates = await benchCandidates(1000);
 */
export async function benchCandidates(n: number): Promise<Candidate[]> {
  const get = async (query: string) => {
    const res = await fetch(`/v1/candidates?${query}`);
    if (!res.ok) throw new Error(`candidates ${query}: HTTP ${res.status}`);
    return ((await res.json()) as { candidates: Candidate[] }).candidates;
  };
  const home = await get("context=home&limit=500");
  const out: Candidate[] = [];
  const seen = new Set<number>();
  for (const c of home) {
    if (out.length >= n) break;
    seen.add(c.id);
    out.push(c);
  }
  for (let round = 1; out.length < n && home.length > 0; round++) {
    for (const c of home) {
      if (out.length >= n) break;
      const id = c.id + round * 100_000;
      if (!seen.has(id)) out.push({ ...c, id });
    }
  }
  return out;
}

/**
 * A fetch that answers `/v1/candidates` from memory (so recommend() latency excludes the network and
 * can exceed the edge's 500 cap) and passes every other request to the real fetch. The body is encoded
 * to UTF-8 once: a network answer arrives as bytes, so encoding a string per call would charge the
 * benchmark's own work to recommend() (`new Response(bytes)` copies the bytes, as a network read would).
 * @example createRecommender({ endpoint: location.origin, fetch: fetchWithCandidates(candidates) });
 */
export function fetchWithCandidates(candidates: Candidate[]): typeof fetch {
  const body = new TextEncoder().encode(
    JSON.stringify({ catalogVersion: "bench", context: "home", candidates }),
  );
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url, location.href).pathname === "/v1/candidates") {
      return new Response(body, { headers: { "content-type": "application/json" } });
    }
    return fetch(input, init);
  };
}
