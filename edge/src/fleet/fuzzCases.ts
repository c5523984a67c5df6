// Test support for the ingest fuzz test (not imported by the Worker): seeded generators of requests
// that POST /v1/telemetry must refuse. Each case is invalid by construction, whatever the draw.
import type { TelemetryReport } from "../../../telemetry/schema";
import type { Rng } from "../../../telemetry/util/rng";

/** One hostile request body and the family it belongs to. */
export type FuzzCase = { kind: string; body: string };

type Mutable = Record<string, unknown>;
const HOUR = 3_600_000;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const clone = (r: TelemetryReport): Mutable => JSON.parse(JSON.stringify(r)) as Mutable;
const iso = (ms: number) => new Date(Math.floor(ms / HOUR) * HOUR).toISOString().replace(".000Z", "Z");

/** Paths to every number in a report that is a count (integers ≥ 0). */
function countPaths(report: Mutable): (string | number)[][] {
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) {
      for (const [i, x] of node.entries()) walk(x, [...path, i]);
    } else if (node && typeof node === "object")
      for (const [k, x] of Object.entries(node)) walk(x, [...path, k]);
    else if (typeof node === "number") {
      const last = String(path.at(-1));
      const isCount =
        path.includes("counts") || ["zero", "underflow", "overflow", "impressions", "clicks"].includes(last);
      if (isCount || path[0] === "errors") paths.push(path);
    }
  };
  walk(report, []);
  return paths;
}

function setAt(target: Mutable, path: (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
}

/** Objects inside a report where an extra key can hide. */
function objectPaths(report: Mutable): (string | number)[][] {
  const out: (string | number)[][] = [[]];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (!node || typeof node !== "object" || Array.isArray(node)) return;
    for (const [k, x] of Object.entries(node)) {
      if (x && typeof x === "object" && !Array.isArray(x)) {
        out.push([...path, k]);
        walk(x, [...path, k]);
      }
    }
  };
  walk(report, []);
  return out;
}

const FORBIDDEN_KEYS = [
  "userId",
  "sessionId",
  "deviceId",
  "itemId",
  "ip",
  "ua",
  "userAgent",
  "url",
  "email",
  "extra",
];

/**
 * Builds the `i`-th hostile case from a valid `base` report and the already accepted `accepted`
 * ones (for replays). Families cycle, values are drawn from `rng`.
 * @example const c = fuzzCase(rng, i, base, accepted); await post(c.body) // 4xx
 */
export function fuzzCase(
  rng: Rng,
  i: number,
  base: TelemetryReport,
  accepted: TelemetryReport[],
  now: number,
): FuzzCase {
  const r = clone(base);
  r.reportId = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16)).join("");
  const text = () => JSON.stringify(r);
  const families = [
    "malformed",
    "oversized",
    "non_finite",
    "negative_count",
    "fractional_count",
    "far_future",
    "far_past",
    "unknown_field",
    "replayed",
    "wrong_type",
    "over_limit",
    "not_an_object",
    "bad_identifier",
  ] as const;
  const kind = families[i % families.length];
  switch (kind) {
    case "malformed": {
      const t = text();
      const cut = 1 + Math.floor(rng() * (t.length - 2));
      return {
        kind,
        body:
          rng() < 0.5
            ? t.slice(0, cut)
            : `${t.slice(0, cut)}${pick(rng, ["}", "{", ",", ":", "'", "\\"])}${t.slice(cut)}`,
      };
    }
    case "oversized": {
      const pad = 64 * 1024 + Math.floor(rng() * 64 * 1024);
      return {
        kind,
        body:
          rng() < 0.5 ? `${text()}${" ".repeat(pad)}` : JSON.stringify({ ...r, padding: "x".repeat(pad) }),
      };
    }
    case "non_finite": {
      const path = pick(rng, countPaths(r));
      setAt(r, path, 0.5); // placeholder replaced in the text below
      const literal = pick(rng, ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"]);
      return { kind, body: text().replace(/0\.5(?=[,\]}])/, literal) };
    }
    case "negative_count":
      setAt(r, pick(rng, countPaths(r)), -1 - Math.floor(rng() * 1000));
      return { kind, body: text() };
    case "fractional_count":
      setAt(r, pick(rng, countPaths(r)), Math.floor(rng() * 10) + 0.25 + rng() / 2);
      return { kind, body: text() };
    case "far_future":
      r.windowStart = iso(now + (2 + Math.floor(rng() * 10_000)) * HOUR);
      return { kind, body: text() };
    case "far_past":
      r.windowStart = iso(now - (50 + Math.floor(rng() * 100_000)) * HOUR);
      return { kind, body: text() };
    case "unknown_field": {
      const path = pick(rng, objectPaths(r));
      let node = r as Record<string, unknown>;
      for (const key of path) node = node[key as string] as Record<string, unknown>;
      node[pick(rng, FORBIDDEN_KEYS)] = pick(rng, [
        "abc",
        1,
        true,
        { nested: 1 },
        "https://shop.example/p?id=1",
      ]);
      return { kind, body: text() };
    }
    case "replayed": {
      const original = pick(rng, accepted);
      return { kind, body: rng() < 0.5 ? JSON.stringify(original) : JSON.stringify(original, null, 2) };
    }
    case "wrong_type": {
      const field = pick(rng, [
        "schemaVersion",
        "reportId",
        "backend",
        "cohort",
        "browserFamily",
        "sketches",
        "engagement",
        "errors",
      ]);
      r[field] = pick(
        rng,
        [null, "quantum", 42, [], true, { a: 1 }].filter(
          (x) => JSON.stringify(x) !== JSON.stringify(r[field]),
        ),
      );
      if (field === "engagement" || field === "errors") r[field] = pick(rng, [null, "x", 1, [1]]);
      return { kind, body: text() };
    }
    case "over_limit": {
      const which = Math.floor(rng() * 4);
      if (which === 0)
        r.engagement = { home: { "0": { impressions: 1, clicks: 2 + Math.floor(rng() * 50) } } };
      else if (which === 1)
        r.engagement = { home: { "0": { impressions: 1001 + Math.floor(rng() * 9000), clicks: 0 } } };
      else if (which === 2) r.errors = { inference: 101 + Math.floor(rng() * 1000) };
      else (r.histograms as Mutable).score = { counts: Array(20).fill(2), underflow: 0, overflow: 0 };
      return { kind, body: text() };
    }
    case "not_an_object":
      return { kind, body: pick(rng, ["[]", "null", "42", '"report"', "true", "", "[{}]", "{}"]) };
    case "bad_identifier": {
      const which = Math.floor(rng() * 4);
      if (which === 0) r.reportId = pick(rng, ["user-42", "", "ABCDEF", "x".repeat(32), "192.168.0.1"]);
      else if (which === 1)
        r.modelVersion = pick(rng, ["../etc", "v 1", "https://x.example/?a=1", "", "v".repeat(41)]);
      else if (which === 2)
        r.windowStart = iso(now).replace(
          ":00:00",
          `:${String(1 + Math.floor(rng() * 59)).padStart(2, "0")}:00`,
        );
      else r.schemaVersion = pick(rng, [0, 3, 99, "2"]);
      return { kind, body: text() };
    }
  }
}
