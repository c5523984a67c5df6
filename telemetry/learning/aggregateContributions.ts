import type { Contribution } from "./ContributionSchema";
import { ITEM_KINDS, type ItemKind } from "./constants";

/** Exact fleet counts of a period, before any noise: items per kind, and transitions by `pairKey`. */
export type ContributionCounts = Record<ItemKind, Map<number, number>> & { transitions: Map<string, number> };

/**
 * Sums accepted contributions (each already bounded by `parseContribution`): every listed item and
 * pair adds 1.
 * @example aggregateContributions([c1, c2]).viewed.get(7) // 2
 */
export function aggregateContributions(contributions: Iterable<Contribution>): ContributionCounts {
  const counts: ContributionCounts = {
    viewed: new Map(),
    clicked: new Map(),
    carted: new Map(),
    transitions: new Map(),
  };
  for (const c of contributions) {
    for (const kind of ITEM_KINDS) for (const id of c[kind]) bump(counts[kind], id);
    for (const [a, b] of c.transitions) bump(counts.transitions, pairKey(a, b));
  }
  return counts;
}

/**
 * Sums the trending lists of accepted contributions (the trending release's counts; each device-day
 * lists at most `TRENDING_BOUND` items there). A list missing from a row stored before the field
 * existed counts nothing.
 * @example trendingCounts([c1, c2]).get(7) // 2
 */
export function trendingCounts(contributions: Iterable<Contribution>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const c of contributions) for (const id of c.trending ?? []) bump(counts, id);
  return counts;
}

/**
 * Adds one period's counts to another's (the cron sums a release period's days as they complete).
 * @example addCounts(aggregateContributions([c1]), aggregateContributions([c2])).viewed.get(7) // 2
 */
export function addCounts(a: ContributionCounts, b: ContributionCounts): ContributionCounts {
  const sum = <K>(x: Map<K, number>, y: Map<K, number>) => {
    const out = new Map(x);
    for (const [k, v] of y) out.set(k, (out.get(k) ?? 0) + v);
    return out;
  };
  return {
    viewed: sum(a.viewed, b.viewed),
    clicked: sum(a.clicked, b.clicked),
    carted: sum(a.carted, b.carted),
    transitions: sum(a.transitions, b.transitions),
  };
}

/**
 * JSON form of a record of maps (entries arrays): the pools, and the period's exact counts, stored
 * between cron runs.
 */
export function mapsToJson(maps: Record<string, ReadonlyMap<unknown, number>>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(maps).map(([k, m]) => [k, [...m]])));
}

/**
 * Reads `mapsToJson`'s form into the keys of `empty`; nothing stored or anything unreadable gives
 * `empty`.
 * @example mapsFromJson(stored, aggregateContributions([])) // ContributionCounts
 */
export function mapsFromJson<T extends { [K in keyof T]: Map<unknown, number> }>(
  text: string | null | undefined,
  empty: T,
): T {
  try {
    const o = JSON.parse(text ?? "") as Record<string, [unknown, number][]>;
    return Object.fromEntries(Object.keys(empty).map((key) => [key, new Map(o[key])])) as T;
  } catch {
    return empty;
  }
}

/**
 * The key of a directed pair (previous → next).
 * @example pairKey(3, 9) // "3>9"
 */
export function pairKey(from: number, to: number): string {
  return `${from}>${to}`;
}

/**
 * The ids of a `pairKey`.
 * @example parsePairKey("3>9") // [3, 9]
 */
export function parsePairKey(key: string): [number, number] {
  const at = key.indexOf(">");
  return [Number(key.slice(0, at)), Number(key.slice(at + 1))];
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
