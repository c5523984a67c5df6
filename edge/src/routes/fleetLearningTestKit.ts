// Test kit for the fleet-learning tests (the release cron in edge/src/learning, the dashboard's route
// here): the Worker called in-process, the Beauty slice it serves, and the items the devices contribute.
import { exports } from "cloudflare:workers";
import { catalogPayload, uploadCatalog } from "../../catalog";
import { beautySlice } from "../../catalog/testing/beautySlice";
import { BASE, OPS_TOKEN } from "./registryTestKit";

export { BASE };

/** The Worker's own fetch, in-process (also what the catalog uploader sends through). */
export const fetchWorker = (url: string, init?: RequestInit) => exports.default.fetch(url, init);

/** `POST /v1/contributions` with `body` (a string is sent as it is, to test bad JSON and sizes). */
export const contribute = (body: unknown) =>
  fetchWorker(`${BASE}/v1/contributions`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

/** A contributionId: `i` as 32 hex digits. */
export const hex = (i: number) => i.toString(16).padStart(32, "0");

/** The candidate index of the Beauty slice the edge serves (2000 users). */
export const { index } = beautySlice(2000);

/** A popular item: the tests give it new neighbours. */
export const A = index.popular[3].id;

/** Tail items, in catalog order: one interaction each, far from the popular top. */
export const TAIL = [...index.items.values()]
  .filter((it) => it.count === 1 && !index.popular.slice(0, 100).some((e) => e.id === it.id))
  .map((it) => it.id);

/** Devices contributing in each test. */
export const DEVICES = 200;

/** Loads the slice into the edge (call in `beforeAll`: storage is isolated per test file). */
export async function uploadSlice(): Promise<void> {
  await uploadCatalog(await catalogPayload(index), { endpoint: BASE, token: OPS_TOKEN, fetch: fetchWorker });
}
