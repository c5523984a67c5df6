import { describe, expect, it } from "vitest";
import { Histogram } from "../histogram/Histogram";
import { privatizeReport } from "../privacy/privatizeReport";
import { encodeSketch } from "../sketch/encoding";
import { LogSketch } from "../sketch/LogSketch";
import { seededRng } from "../util/rng";
import { MAX_REPORT_BYTES, SKETCH_WEIGHT_CAPS } from "./constants";
import { parseReport } from "./parseReport";
import type { TelemetryReport } from "./ReportSchema";

const NOW = Date.parse("2026-01-31T13:25:00Z");

function goodReport(): TelemetryReport {
  const inference = new LogSketch();
  for (let i = 1; i <= 50; i++) inference.add(i / 3);
  const score = new Histogram("score");
  for (let i = 0; i < 20; i++) score.add(i / 20);
  return {
    schemaVersion: 2,
    reportId: "0123456789abcdef0123456789abcdef",
    windowStart: "2026-01-31T13:00:00Z",
    modelVersion: "beauty-2026.01.31-int8",
    cohort: "canary",
    backend: "webgpu",
    browserFamily: "chrome",
    osFamily: "linux",
    sketches: { inferenceMs: encodeSketch(inference) },
    histograms: { score: { counts: score.counts, underflow: 0, overflow: 0 } },
    engagement: { home: { "0": { impressions: 10, clicks: 2 }, "3-5": { impressions: 30, clicks: 0 } } },
    errors: { backend_fallback: 1 },
  };
}

const withField = (path: string[], value: unknown) => {
  const r = structuredClone(goodReport()) as unknown as Record<string, unknown>;
  let node = r;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]] = value;
  return r;
};

describe("parseReport", () => {
  it("accepts a well-formed report, as an object or as JSON text", () => {
    expect(parseReport(goodReport(), NOW)).toEqual({ ok: true, report: goodReport() });
    expect(parseReport(JSON.stringify(goodReport()), NOW).ok).toBe(true);
  });

  it("reads a v1 report (no cohort) as a v2 report of cohort none", () => {
    const { cohort: _, ...v1 } = { ...goodReport(), schemaVersion: 1 };
    expect(parseReport(v1, NOW)).toEqual({ ok: true, report: { ...goodReport(), cohort: "none" } });
  });

  it("refuses a v2 report without its cohort", () => {
    const { cohort: _, ...bare } = goodReport();
    expect(parseReport(bare, NOW)).toMatchObject({ ok: false, code: "invalid_field", path: "cohort" });
  });

  it("accepts what the device-side filter produces", () => {
    const inferenceMs = new LogSketch();
    for (let i = 0; i < 5000; i++) inferenceMs.add(1 + (i % 97));
    const score = new Histogram("score");
    for (let i = 0; i < 3000; i++) score.add((i % 100) / 100);
    const report = privatizeReport(
      {
        windowStart: NOW,
        modelVersion: "v1",
        backend: "wasm",
        userAgent: "x",
        sketches: { inferenceMs },
        histograms: { score },
      },
      { rng: seededRng(4) },
    );
    expect(parseReport(JSON.stringify(report), NOW)).toMatchObject({ ok: true });
  });

  // Privacy: identifiers have no field, and no string field admits them.
  const forbidden: [string, string[], unknown][] = [
    ["userId", ["userId"], "u-123"],
    ["sessionId", ["sessionId"], "s-1"],
    ["deviceId", ["deviceId"], "d-1"],
    ["itemId", ["itemId"], 42],
    ["ip", ["ip"], "203.0.113.9"],
    ["ua", ["ua"], "Mozilla/5.0 (X11; Linux x86_64)"],
    ["url", ["url"], "https://shop.example/p?id=42"],
    ["an itemId inside engagement", ["engagement", "home", "0", "itemId"], 42],
    ["an unknown sketch", ["sketches", "userAgent"], {}],
    ["an unknown histogram", ["histograms", "itemIds"], { counts: [], underflow: 0, overflow: 0 }],
    ["a URL as the model version", ["modelVersion"], "https://shop.example/p?id=42"],
    ["an e-mail as the model version", ["modelVersion"], "jane@example.com"],
    ["an IP as the model version", ["modelVersion"], "203.0.113.9/32"],
    ["a UA as the browser family", ["browserFamily"], "Mozilla/5.0 (X11; Linux x86_64)"],
    ["a free-text slot", ["engagement", "pdp-item-12345"], { "0": { impressions: 1, clicks: 0 } }],
    ["a user id as report id", ["reportId"], "user-12345"],
  ];

  it.each(forbidden)("rejects %s", (_name, path, value) => {
    const r = parseReport(JSON.stringify(withField(path, value)), NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe("invalid_field");
      expect(r.path).toBe(path.join("."));
    }
  });

  it("refuses nesting deeper than a report has, without recursion", () => {
    const deep = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`; // 60 KB, under the size limit
    expect(parseReport(deep, NOW)).toMatchObject({ ok: false, code: "invalid_field" });
    const r = parseReport(withField(["errors"], { a: { b: { c: { d: { e: 1 } } } } }), NOW);
    expect(r).toMatchObject({ ok: false, code: "invalid_field", path: "errors.a.b.c.d" });
  });

  it.each(["__proto__", "constructor", "prototype"])(
    "refuses a %s key inside the engagement and errors records",
    (key) => {
      for (const field of ["engagement", "errors"]) {
        const text = JSON.stringify(goodReport()).replace(`"${field}":{`, `"${field}":{"${key}":{},`);
        expect(parseReport(text, NOW)).toMatchObject({
          ok: false,
          code: "invalid_field",
          path: `${field}.${key}`,
        });
      }
    },
  );

  it("refuses an array where an object belongs", () => {
    expect(parseReport(withField(["sketches"], []), NOW)).toMatchObject({ ok: false, path: "sketches" });
    expect(parseReport(withField(["engagement", "home"], []), NOW)).toMatchObject({
      ok: false,
      path: "engagement.home",
    });
  });

  it("returns bounded sketches: a claimed sum of 1.5e308 comes back within the buckets", () => {
    const report = goodReport();
    const inferenceMs = {
      ...(report.sketches.inferenceMs as NonNullable<typeof report.sketches.inferenceMs>),
    };
    inferenceMs.sum = 1.5e308;
    inferenceMs.max = 1e308;
    const r = parseReport({ ...report, sketches: { inferenceMs } }, NOW);
    if (!r.ok) throw new Error(r.message);
    expect(r.report.sketches.inferenceMs?.sum).toBeLessThan(50 * 17);
    expect(r.report.sketches.inferenceMs?.max).toBeLessThan(17);
  });

  it("rejects a __proto__ key in the JSON text and pollutes nothing", () => {
    const text = JSON.stringify(goodReport()).replace(/^\{/, '{"__proto__":{"polluted":true},');
    const r = parseReport(text, NOW);
    expect(r).toMatchObject({ ok: false, code: "invalid_field", path: "__proto__" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const malformed: [string, unknown, string, RegExp][] = [
    ["text that is not JSON", "{not json", "invalid_json", /not valid JSON/],
    ["a JSON array", "[]", "invalid_json", /object/],
    ["JSON null", "null", "invalid_json", /object/],
    [
      "another schema version",
      withField(["schemaVersion"], 3),
      "unsupported_version",
      /schemaVersion must be 2/,
    ],
    [
      "a v1 report that claims a cohort (v1 had none)",
      withField(["schemaVersion"], 1),
      "unsupported_version",
      /schemaVersion must be 2/,
    ],
    ["a cohort outside the enum", withField(["cohort"], "beta"), "invalid_field", /cohort/],
    [
      "no schema version",
      (() => {
        const r = withField([], 0) as Record<string, unknown>;
        delete r.schemaVersion;
        return r;
      })(),
      "unsupported_version",
      /nothing/,
    ],
    [
      "a missing field",
      (() => {
        const r = withField([], 0) as Record<string, unknown>;
        delete r.backend;
        return r;
      })(),
      "invalid_field",
      /backend/,
    ],
    [
      "a window start with minutes",
      withField(["windowStart"], "2026-01-31T13:25:00Z"),
      "invalid_field",
      /ISO hour/,
    ],
    [
      "a window start that is no date",
      withField(["windowStart"], "2026-02-30T13:00:00Z"),
      "invalid_field",
      /calendar/,
    ],
    [
      "a window more than 1 h ahead",
      withField(["windowStart"], "2026-01-31T15:00:00Z"),
      "window_out_of_range",
      /future/,
    ],
    [
      "a window more than 48 h old",
      withField(["windowStart"], "2026-01-29T13:00:00Z"),
      "window_out_of_range",
      /past/,
    ],
    ["a negative count", withField(["errors", "inference"], -1), "invalid_field", /errors.inference/],
    ["a fractional count", withField(["engagement", "home", "0", "clicks"], 1.5), "invalid_field", /integer/],
    ["NaN", withField(["errors", "inference"], Number.NaN), "invalid_field", /errors.inference/],
    [
      "Infinity",
      withField(["sketches", "inferenceMs", "sum"], Number.POSITIVE_INFINITY),
      "invalid_field",
      /sum/,
    ],
    [
      "a histogram of the wrong length",
      withField(["histograms", "score", "counts"], [1, 2]),
      "invalid_field",
      /histograms.score.counts/,
    ],
    [
      "a sketch at another alpha",
      withField(["sketches", "inferenceMs", "alpha"], 0.01),
      "invalid_field",
      /alpha/,
    ],
    [
      "a sketch with min above max",
      withField(["sketches", "inferenceMs", "min"], 1e6),
      "invalid_field",
      /min must not exceed max/,
    ],
    [
      "more clicks than impressions",
      withField(["engagement", "home", "0", "clicks"], 11),
      "invalid_field",
      /more clicks/,
    ],
    [
      "too many impressions",
      withField(["engagement", "cart"], { "0": { impressions: 990, clicks: 0 } }),
      "over_limit",
      /impressions exceed 1000/,
    ],
    [
      "too many clicks",
      withField(["engagement", "cart"], { "0": { impressions: 200, clicks: 99 } }),
      "over_limit",
      /clicks exceed 100/,
    ],
    ["too many errors", withField(["errors", "inference"], 101), "over_limit", /exceeds 100/],
    [
      "an overweight histogram",
      withField(["histograms", "score", "underflow"], 1),
      "over_limit",
      /exceeds 20/,
    ],
    [
      "an overweight sketch",
      withField(["sketches", "inferenceMs", "zero"], SKETCH_WEIGHT_CAPS.inferenceMs),
      "over_limit",
      /cap of 1000/,
    ],
    [
      "an oversized body",
      JSON.stringify({ ...goodReport(), pad: "x".repeat(MAX_REPORT_BYTES) }),
      "too_large",
      /bytes/,
    ],
    ["an oversized object", { ...goodReport(), pad: "x".repeat(MAX_REPORT_BYTES) }, "too_large", /bytes/],
  ];

  it.each(malformed)("rejects %s", (_name, input, code, message) => {
    const r = parseReport(input, NOW);
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it("accepts the edges of the time window", () => {
    expect(parseReport(withField(["windowStart"], "2026-01-31T14:00:00Z"), NOW).ok).toBe(true);
    expect(parseReport(withField(["windowStart"], "2026-01-29T14:00:00.000Z"), NOW).ok).toBe(true);
  });

  it("never throws, even on cyclic or exotic values", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(parseReport(cyclic, NOW)).toMatchObject({ ok: false, code: "invalid_json" });
    expect(parseReport(undefined, NOW)).toMatchObject({ ok: false, code: "invalid_json" });
    expect(parseReport(12n as unknown, NOW)).toMatchObject({ ok: false, code: "invalid_json" });
  });
});
