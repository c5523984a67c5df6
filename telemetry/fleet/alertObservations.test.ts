import { describe, expect, it } from "vitest";
import { DEFAULT_ALERT_RULES } from "../alerts";
import { referenceProfileFrom } from "../histogram";
import { InProcessFleet } from "../simulator/InProcessFleet";
import { currentWindowStart, type SyntheticOptions, syntheticReport } from "../simulator/syntheticReport";
import { normal, seededRng } from "../util/rng";
import { alertObservations } from "./alertObservations";

const HOUR = 3_600_000;
const H0 = Date.parse("2026-03-02T10:00:00Z");
const NOW = H0 + HOUR + 30 * 60_000; // half past the second hour
const rng = seededRng(21);
const profile = referenceProfileFrom({
  scores: Array.from({ length: 40_000 }, () => Math.min(1, Math.max(0, 0.3 + 0.15 * normal(rng)))),
});

/** A fleet with `n` baseline reports in the first hour and `m` reports in the current one. */
function fleet(n: number, base: SyntheticOptions, m: number, now: SyntheticOptions): InProcessFleet {
  const f = new InProcessFleet(new Map([["v1", profile]]));
  for (let i = 0; i < n; i++)
    f.ingest(syntheticReport(rng, { modelVersion: "v1", windowStart: currentWindowStart(H0), ...base }), NOW);
  for (let i = 0; i < m; i++)
    f.ingest(syntheticReport(rng, { modelVersion: "v1", windowStart: currentWindowStart(NOW), ...now }), NOW);
  return f;
}

/** Runs the cron for `minutes` minutes up to NOW; the alert states at the end by key. */
function run(f: InProcessFleet, minutes = 6): Map<string, string> {
  for (let t = minutes; t >= 0; t--) f.evaluate(NOW - t * 60_000);
  return new Map(f.firing().map((a) => [a.key, a.state]));
}

describe("alert rules on the current hour", () => {
  it("judges latency against the version's own baseline on the same backend, not one number for all", () => {
    // cpu at ~250 ms median: far over the old absolute 200 ms rule, but unchanged since its baseline.
    const cpu = { backend: "cpu", medianInferenceMs: 250 } as const;
    expect(run(fleet(300, cpu, 120, cpu)).size).toBe(0);
    const slower = run(fleet(300, cpu, 120, { ...cpu, medianInferenceMs: 400 }));
    expect([...slower.keys()]).toEqual(['latency_p95{backend="cpu",version="v1"}']);
  });

  it("does not call a p95 rise past 1.5× a regression while the noise can explain it", () => {
    // A baseline of 200 reports and a current hour of 50: the current p95 (≈1.6× the baseline's)
    // has a 99.7 % rank interval down to its 86th percentile, which lies under the top of the
    // baseline's own interval (its 99.6th percentile).
    const f = fleet(200, { medianInferenceMs: 10 }, 50, { medianInferenceMs: 16 });
    expect(run(f).size).toBe(0);
    const latency = f.states().find((a) => a.rule === "latency_p95");
    expect(latency?.value).toBeGreaterThanOrEqual(latency?.threshold ?? Number.POSITIVE_INFINITY);
    expect(latency?.state).toBe("inactive");
  });

  it("needs a baseline hour with enough reports before any latency or fallback alert", () => {
    const f = fleet(100, {}, 300, { medianInferenceMs: 100, errors: { backend_fallback: 1 } });
    expect(run(f).size).toBe(0);
  });

  it("fires fallback_rate on a rise of 10 points over the version's baseline share, not on the share itself", () => {
    const third = (i: number) => (i % 3 === 0 ? { webgpu_unavailable: 1 } : {});
    const f = new InProcessFleet(new Map([["v1", profile]]));
    const send = (n: number, hour: number, errors: (i: number) => SyntheticOptions["errors"]) => {
      for (let i = 0; i < n; i++)
        f.ingest(
          syntheticReport(rng, {
            modelVersion: "v1",
            windowStart: currentWindowStart(hour),
            errors: errors(i),
          }),
          NOW,
        );
    };
    // Counted per device (reports / 10): 2,000 baseline reports, then 500 and 1,500 current ones.
    send(2000, H0, third);
    send(500, NOW, third);
    expect(run(f).size).toBe(0); // a third of reports fell back in both hours
    send(1000, NOW, () => ({ backend_fallback: 1 }));
    expect([...run(f).keys()]).toEqual(['fallback_rate{version="v1"}']); // now 78 %
  });

  it("fires ctr_drop for a canary set by hand, and not for one a guarded rollout judges", () => {
    const f = new InProcessFleet(
      new Map([
        ["v1", profile],
        ["v2", profile],
      ]),
    );
    for (let i = 0; i < 400; i++) {
      const windowStart = currentWindowStart(NOW);
      f.ingest(
        syntheticReport(rng, { modelVersion: "v1", windowStart, impressions: 20, clickRate: 0.1 }),
        NOW,
      );
      f.ingest(
        syntheticReport(rng, { modelVersion: "v2", windowStart, impressions: 20, clickRate: 0.02 }),
        NOW,
      );
    }
    const byHand = { live: "v1", canary: "v2", canaryPercent: 50 };
    const ctrDrop = (rollout: typeof byHand & { guarded?: boolean }) =>
      alertObservations({ ...f.input(NOW), rollout }, new Map(), DEFAULT_ALERT_RULES).filter(
        (o) => o.rule === "ctr_drop",
      );
    expect(ctrDrop(byHand).map((o) => o.breached)).toEqual([true]);
    expect(ctrDrop({ ...byHand, guarded: true })).toEqual([]);
  });

  it("fires score drift on a practical shift and stays quiet on an unchanged fleet of any size", () => {
    expect(run(fleet(0, {}, 3000, { scoreMean: 0.3 })).size).toBe(0);
    const shifted = run(fleet(0, {}, 300, { scoreMean: 0.5 }));
    expect([...shifted.keys()]).toContain('score_drift_reference{version="v1"}');
  });
});
