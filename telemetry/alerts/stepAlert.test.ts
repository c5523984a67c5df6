import { describe, expect, it } from "vitest";
import { runAlertRules } from "./runAlertRules";
import { stepAlert } from "./stepAlert";
import type { AlertInstance, AlertObservation, AlertRule, AlertStateName } from "./types";

const MIN = 60_000;
const rule: AlertRule = {
  id: "latency_p95",
  summary: "p95 {value} ms > {threshold} ms",
  severity: "critical",
  forMs: 2 * MIN,
  threshold: 200,
  staleMs: 30 * MIN,
};
const labels = { version: "v1", backend: "webgpu" };
const obs = (value: number): AlertObservation => ({
  rule: rule.id,
  labels,
  value,
  threshold: 200,
  breached: value > 200,
});

/** Feeds a hand-written sequence (one entry per minute; null = no data) and returns the states. */
function play(
  sequence: (number | null)[],
  r: AlertRule = rule,
): { states: AlertStateName[]; changes: string[] } {
  let state: AlertInstance | undefined;
  const states: AlertStateName[] = [];
  const changes: string[] = [];
  sequence.forEach((value, minute) => {
    if (value === null && state === undefined) {
      states.push("inactive");
      return;
    }
    const step = stepAlert(state, r, value === null ? undefined : obs(value), minute * MIN);
    state = step.next;
    states.push(state.state);
    if (step.transition) changes.push(`${step.transition.from}->${step.transition.to}@${minute}`);
  });
  return { states, changes };
}

describe("stepAlert", () => {
  it("goes pending, then firing after the for duration, then resolved", () => {
    const { states, changes } = play([100, 250, 260, 270, 120, 110]);
    expect(states).toEqual(["inactive", "pending", "pending", "firing", "resolved", "resolved"]);
    expect(changes).toEqual(["inactive->pending@1", "pending->firing@3", "firing->resolved@4"]);
  });

  it("returns a pending alert to inactive when the condition clears before the for duration", () => {
    const { states, changes } = play([250, 150, 250, 250, 250]);
    expect(states).toEqual(["pending", "inactive", "pending", "pending", "firing"]);
    expect(changes).toEqual([
      "inactive->pending@0",
      "pending->inactive@1",
      "inactive->pending@2",
      "pending->firing@4",
    ]);
  });

  it("fires at once when for is zero", () => {
    const { states, changes } = play([300, 300, 100], { ...rule, forMs: 0 });
    expect(states).toEqual(["firing", "firing", "resolved"]);
    expect(changes).toEqual(["inactive->firing@0", "firing->resolved@2"]);
  });

  it("re-fires after a resolution through pending again", () => {
    const { changes } = play([300, 300, 300, 100, 300, 300, 300]);
    expect(changes).toEqual([
      "inactive->pending@0",
      "pending->firing@2",
      "firing->resolved@3",
      "resolved->pending@4",
      "pending->firing@6",
    ]);
  });

  it("holds its state through gaps in the data and resolves once the series is stale", () => {
    const gaps: (number | null)[] = [300, 300, 300, null, null, 300];
    expect(play(gaps).states).toEqual(["pending", "pending", "firing", "firing", "firing", "firing"]);
    const stale: (number | null)[] = [300, 300, 300, ...Array(31).fill(null)];
    const { states, changes } = play(stale);
    expect(states.at(-1)).toBe("resolved");
    expect(changes.at(-1)).toBe("firing->resolved@32");
  });

  it("keeps the time the condition started while pending", () => {
    const first = stepAlert(undefined, rule, obs(250), 0);
    const second = stepAlert(first.next, rule, obs(260), MIN);
    expect(second.next.activeSince).toBe(0);
    expect(second.transition).toBeUndefined();
    expect(first.transition?.summary).toBe("[pending] p95 250 ms > 200 ms (version=v1, backend=webgpu)");
  });
});

describe("runAlertRules", () => {
  it("steps every instance once, including those without an observation", () => {
    const other = { ...obs(300), labels: { version: "v2", backend: "wasm" } };
    const round1 = runAlertRules([rule], [], [obs(300), other], 0);
    expect(round1.instances.map((i) => i.state)).toEqual(["pending", "pending"]);
    const round2 = runAlertRules([rule], round1.instances, [obs(100)], 3 * MIN);
    expect(round2.instances.map((i) => `${i.key}:${i.state}`)).toEqual([
      'latency_p95{backend="webgpu",version="v1"}:inactive',
      'latency_p95{backend="wasm",version="v2"}:pending',
    ]);
    expect(round2.transitions).toHaveLength(1);
  });

  it("rejects observations of unknown rules and duplicates", () => {
    expect(() => runAlertRules([rule], [], [{ ...obs(1), rule: "nope" }], 0)).toThrow(/unknown alert rule/);
    expect(() => runAlertRules([rule], [], [obs(1), obs(2)], 0)).toThrow(/two observations/);
  });
});
