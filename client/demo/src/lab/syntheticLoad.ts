import { BINARY_CANDIDATES_TYPE, encodeAnswer } from "../../../../model/catalog/binaryAnswer/index.ts";
import type { Candidate, CandidatesResponse } from "../../../../model/catalog/index.ts";

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
 * can exceed the edge's 500 cap) and passes every other request to the real fetch. It negotiates as the
 * edge does: the binary answer when `Accept` names it (the SDK's worker path), JSON otherwise. Each body
 * is encoded once: a network answer arrives as bytes, so encoding per call would charge the benchmark's
 * own work to recommend() (`new Response(bytes)` copies the bytes, as a network read would).
 * @example createRecommender({ endpoint: location.origin, fetch: fetchWithCandidates(candidates) });
 */
export function fetchWithCandidates(candidates: Candidate[]): typeof fetch {
  const answer: CandidatesResponse = { catalogVersion: "bench", context: "home", candidates };
  const json = new TextEncoder().encode(JSON.stringify(answer));
  const binary = encodeAnswer(answer);
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url, location.href).pathname === "/v1/candidates") {
      const wantsBinary = new Headers(init?.headers).get("Accept")?.includes(BINARY_CANDIDATES_TYPE);
      const type = wantsBinary ? BINARY_CANDIDATES_TYPE : "application/json";
      return new Response(wantsBinary ? binary : json, { headers: { "content-type": type } });
    }
    return fetch(input, init);
  };
}
