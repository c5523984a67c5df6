import { describe, expect, it } from "vitest";
import { parseReport, privatizeReport } from "../../telemetry/index.ts";
import { listOf } from "../candidates/candidateList";
import { buildRanking } from "../scoring/buildRanking";
import { dummyBatch } from "../scoring/dummyBatch";
import { nextAttemptAt, outcomeOf } from "./deliver";
import { MemoryOutbox } from "./Outbox";
import { FEATURE_HISTOGRAMS } from "./types";
import { WindowAggregator } from "./WindowAggregator";

describe("WindowAggregator", () => {
  it("seals nothing for an empty window", () => {
    expect(new WindowAggregator(0).seal(1)).toBeUndefined();
  });

  it("reports cohort none until an assignment arrives", () => {
    const agg = new WindowAggregator(0);
    agg.inference(2);
    expect(agg.seal(1)?.cohort).toBe("none");
  });

  it("produces a raw window that telemetry/'s privacy filter turns into a valid report without identifiers", () => {
    const now = Date.now();
    const agg = new WindowAggregator(now);
    agg.model("demo-int8", "wasm");
    agg.assigned("canary");
    for (const ms of [1.5, 2, 2.5]) agg.inference(ms);
    agg.modelLoad(350);
    agg.firstRecommendation(900);
    agg.vital("lcp", 1200);
    agg.vital("cls", 0);
    const { candidates } = dummyBatch(30);
    // The columns as the scoring worker builds them; "absent" is no candidate feature (NaN, not binned).
    const names = [...FEATURE_HISTOGRAMS, "absent"];
    const scored = { scores: new Float32Array(30).fill(0.4), backend: "wasm" as const, version: "v" };
    const built = buildRanking(listOf(candidates), scored, 5, true, names);
    expect(built.items).toHaveLength(5);
    agg.scored(built.scores, { names, values: built.features }, 7);
    agg.impression("home", 1);
    agg.impression("similar-items-on-/p/123", 12);
    agg.click("home", 1);
    agg.fallback("device-lost");
    agg.backendSkipped("webgpu");
    const raw = agg.seal(now + 1)!;
    expect(raw.modelVersion).toBe("demo-int8");
    expect(raw.cohort).toBe("canary");
    expect(raw.engagement).toEqual({
      home: { "0": { impressions: 1, clicks: 1 } },
      other: { "11+": { impressions: 1, clicks: 0 } },
    });
    expect(raw.errors).toEqual({ backend_fallback: 1, webgpu_unavailable: 1 });
    expect(raw.histograms?.score?.total).toBe(30);
    expect(raw.histograms?.historyLength?.total).toBe(1);
    for (const name of FEATURE_HISTOGRAMS) expect(raw.histograms?.[name]?.total).toBe(30);
    const report = privatizeReport(raw);
    const parsed = parseReport(JSON.parse(JSON.stringify(report)));
    expect(parsed.ok && parsed.report.cohort).toBe("canary");
    const body = JSON.stringify(report);
    expect(body).not.toMatch(/similar-items|\/p\/123|Mozilla/);
    expect(report.windowStart).toMatch(/:00:00Z$/);
    // The window starts afresh after sealing.
    expect(agg.seal(now + 2)).toBeUndefined();
  });
});

describe("delivery rules", () => {
  it("keeps a report until a 2xx, an 'already merged' 409, or a definite 4xx other than 408/409/429", () => {
    expect(outcomeOf(202)).toBe("delivered");
    expect(outcomeOf(409, "duplicate_report")).toBe("delivered");
    expect(outcomeOf(400)).toBe("rejected");
    expect(outcomeOf(413)).toBe("rejected");
    expect([409, 429, 408, 500, 503].map((s) => outcomeOf(s))).toEqual([
      "retry",
      "retry",
      "retry",
      "retry",
      "retry",
    ]);
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(nextAttemptAt(1, 0, () => 0.5)).toBe(5000);
    expect(nextAttemptAt(3, 0, () => 0.5)).toBe(20_000);
    expect(nextAttemptAt(30, 0, () => 0.5)).toBe(600_000);
    expect(nextAttemptAt(1, 0, () => 0)).toBe(2500);
  });

  it("keeps one entry per reportId in the outbox, so a retry cannot duplicate it", async () => {
    const outbox = new MemoryOutbox();
    await outbox.put({ reportId: "a", body: "{}", attempts: 0, nextAttemptAt: 0 });
    await outbox.put({ reportId: "a", body: "{}", attempts: 1, nextAttemptAt: 10 });
    expect(await outbox.all()).toEqual([{ reportId: "a", body: "{}", attempts: 1, nextAttemptAt: 10 }]);
    await outbox.delete("a");
    expect(await outbox.all()).toEqual([]);
  });
});
