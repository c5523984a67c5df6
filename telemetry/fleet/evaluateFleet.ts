import {
  type AlertInstance,
  type AlertObservation,
  type AlertRound,
  type AlertRule,
  runAlertRules,
} from "../alerts";
import type { ReferenceProfile } from "../histogram";
import { alertObservations } from "./alertObservations";
import { baselineKey, type FleetBaseline, newBaselines } from "./baselines";
import type { FleetInput } from "./rollups";

/** One evaluation round: the baselines it established, what it observed, and the alert changes. */
export type FleetEvaluation = {
  baselines: FleetBaseline[];
  observations: AlertObservation[];
  round: AlertRound;
};

/**
 * The whole alert evaluation as a pure function, shared by the edge's cron (which loads and stores
 * the state in D1) and the in-memory benchmarks: establish the baselines the previous hour allows,
 * observe every rule on the current hour, step every alert instance.
 * @example const { baselines, round } = evaluateFleet(input, references, known, instances, rules, now);
 */
export function evaluateFleet(
  input: FleetInput,
  references: ReadonlyMap<string, ReferenceProfile | null>,
  known: ReadonlyMap<string, FleetBaseline>,
  instances: readonly AlertInstance[],
  rules: readonly AlertRule[],
  now: number,
): FleetEvaluation {
  const baselines = newBaselines(input, known);
  const all = new Map(known);
  for (const b of baselines) all.set(baselineKey(b.version, b.backend), b);
  const observations = alertObservations(input, references, rules, all);
  return { baselines, observations, round: runAlertRules(rules, instances, observations, now) };
}
