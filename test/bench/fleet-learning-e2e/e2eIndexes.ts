// The candidate indexes of the fleet-learning bench, built the way main's generator uses them (its
// separate content source, 45d3b21): every piece comes from test/bench/fleet-learning/, which runs
// the real privacy path (device bounding, the contribution parser, aggregation, the Gaussian release,
// the cron's fold). Only the list of indexes lives here.
import {
  buildCandidateIndex,
  type CandidateIndex,
  type CatalogItemInput,
  contentNeighbours,
} from "../../../edge/candidates/index.ts";
import { contentDomain, foldedIndex, popularityOnly } from "../fleet-learning/fleetIndex.ts";
import { fleetRelease } from "../fleet-learning/releaseFleet.ts";
import { type FleetMapping, replayFleet } from "../fleet-learning/replayFleet.ts";

/** The fleet-learning bench's mapping of Beauty users to devices and days (its `MAPPING`). */
export const FLEET_MAPPING: FleetMapping = { days: 28, itemsPerDay: 3 };
/** The fleet-learning bench's noise seeds for its ε rows (100, 101, …). */
export const FIRST_NOISE_SEED = 100;

/** Which index a row measures; the write-up compares every row with `cold-start` and `raw-log`. */
export type IndexKind =
  | "cold-start"
  | "popularity-raw"
  | "raw-log"
  | "fleet"
  | "fleet-bounding-only"
  | "fleet-popularity";

export type E2eIndex = {
  kind: IndexKind;
  name: string;
  epsilon?: number;
  seed?: number;
  build: () => CandidateIndex;
};

/** What the fleet replay saw, for the write-up. */
export type FleetSetup = { devices: number; contributions: number; pairs: number };

/**
 * The indexes to evaluate, built one at a time (each `build` on demand), from the training part of
 * each sequence (`train`: strict, all before each user's validation item) and the catalog.
 * @example for (const x of e2eIndexes(items, train, { epsilons: [1], seeds: 1 }).indexes) x.build()
 */
export function e2eIndexes(
  items: readonly CatalogItemInput[],
  train: readonly (readonly number[])[],
  o: { epsilons: readonly number[]; seeds: number },
): { setup: FleetSetup; indexes: E2eIndex[] } {
  const content = contentNeighbours(items);
  const domain = contentDomain(items, content);
  const replay = replayFleet(train, FLEET_MAPPING, 1);
  const rawLog = () => buildCandidateIndex(train as number[][], items);
  const fleet = (epsilon: number, seed: number) =>
    foldedIndex(items, content, fleetRelease(replay, domain, epsilon, seed), true);
  const seeds = Array.from({ length: o.seeds }, (_, s) => FIRST_NOISE_SEED + s);
  const indexes: E2eIndex[] = [
    { kind: "cold-start", name: "content-only cold start", build: () => buildCandidateIndex([], items) },
    { kind: "popularity-raw", name: "popularity only (raw log)", build: () => popularityOnly(rawLog()) },
    { kind: "raw-log", name: "raw-log index (today)", build: rawLog },
    ...o.epsilons.flatMap((epsilon) =>
      seeds.map((seed) => ({
        kind: "fleet" as const,
        name: `fleet, ε = ${epsilon}`,
        epsilon,
        seed,
        build: () => fleet(epsilon, seed),
      })),
    ),
    {
      kind: "fleet-bounding-only",
      name: "fleet, bounding only (no noise)",
      build: () => fleet(Number.POSITIVE_INFINITY, 0),
    },
    {
      kind: "fleet-popularity",
      name: "fleet popularity only, ε = 1",
      epsilon: 1,
      seed: FIRST_NOISE_SEED,
      build: () => popularityOnly(fleet(1, FIRST_NOISE_SEED)),
    },
  ];
  return {
    setup: { devices: replay.devices, contributions: replay.contributions, pairs: domain.pairs.length },
    indexes,
  };
}
