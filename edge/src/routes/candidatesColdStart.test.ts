import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CandidatesResponse } from "../../../model/catalog";
import { buildCandidateIndex, contentNeighbours } from "../../candidates";
import { TINY_CATALOG } from "../../candidates/testing/tinyCatalog";
import { catalogPayload, uploadCatalog } from "../../catalog";

const BASE = "http://edge.test";
const workerFetch = (url: string, init: RequestInit) => exports.default.fetch(url, init);
const ids = async (query: string) => {
  const res = await exports.default.fetch(`${BASE}/v1/candidates?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as CandidatesResponse).candidates.map((c) => c.id);
};
const content = contentNeighbours(TINY_CATALOG);

describe("GET /v1/candidates on day zero: a new store's catalog with no interactions", () => {
  beforeAll(async () => {
    const payload = await catalogPayload(buildCandidateIndex([], TINY_CATALOG));
    await uploadCatalog(payload, { endpoint: BASE, token: "test-admin-token", fetch: workerFetch });
  }, 60_000);

  it("item: the item's content neighbours, best first, read from D1", async () => {
    const expected = (content.get(1) ?? []).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(2);
    expect((await ids("context=item&item=1&limit=9")).slice(0, expected.length)).toEqual(expected);
  });

  it("item: a shared brand alone still ranks above an unrelated department", async () => {
    const out = await ids("context=item&item=6&limit=9");
    expect(out[0]).toBe(7); // the other shampoo
    expect(out.indexOf(9)).toBeLessThan(out.indexOf(1)); // Dove body wash before nail polish
  });

  it("cart: content neighbours of the cart, the last item weighing most, the cart excluded", async () => {
    const out = await ids("context=cart&items=6,1&limit=9");
    expect(out).not.toContain(6);
    expect(out).not.toContain(1);
    expect(out[0]).toBe(2); // the last item's best neighbour
    expect(out.slice(0, 4)).toContain(7); // the shampoo's best neighbour follows
  });

  it("home without history: the catalog in catalog order", async () => {
    expect(await ids("context=home&limit=9")).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("home with history: the history's category first, then catalog order", async () => {
    const out = await ids("context=home&items=8&limit=9");
    expect(out.slice(0, 2).sort()).toEqual([6, 7]); // the two shampoos share Hair Care with the dryer
    expect(out.slice(2)).toEqual([1, 2, 3, 4, 5, 9]); // the rest in catalog order
  });

  it("category: that category's items in catalog order", async () => {
    expect(await ids("context=category&category=Nails&limit=9")).toEqual([1, 2, 3, 4]);
  });
});
