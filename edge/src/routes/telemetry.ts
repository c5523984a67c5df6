import { Hono } from "hono";
import {
  MAX_REPORT_BYTES,
  NO_MODEL_VERSION,
  parseReport,
  type ReportErrorCode,
} from "../../../telemetry/schema";
import { aggregatorStub } from "../fleet/aggregatorStub";
import { hourOf, shardFor } from "../fleet/shardKey";
import { apiError, bodyLimit, cors } from "../http";
import { isKnownVersion } from "../registry";
import { rolloutTagFor } from "../rollout/rolloutTagFor";
import type { AppEnv } from "../types";

/**
 * Status per refusal: malformed input is a 400; a well-formed report that breaks a privacy or
 * contribution rule (caps, time window) is a 422, so a client can tell a bug from a policy.
 */
const STATUS_OF: Record<ReportErrorCode, 400 | 413 | 422> = {
  invalid_json: 400,
  invalid_field: 400,
  unsupported_version: 400,
  too_large: 413,
  over_limit: 422,
  window_out_of_range: 422,
};

/**
 * `POST /v1/telemetry`: one privacy-filtered report per request.
 * 413 over 64 KB, 400/422 with `parseReport`'s code and message for a refused report (the same
 * parser the device runs), 422 `unknown_version` for a model version the registry does not hold
 * (not a 409: clients treat a 409 as delivered and retry nothing else; no object or row is made
 * for it), 409 `duplicate_report` for a reportId already merged (so an outbox retry after a lost
 * answer is safe), 202 once the report is merged durably. During a guarded rollout the report's
 * contribution to its guardrails is merged with it, in the same transaction (`rolloutTagFor`).
 * Neither the client IP nor its user agent is read, logged or stored: the route only sees the body.
 * @example fetch("/v1/telemetry", { method: "POST", body: JSON.stringify(report) }) // 202 { accepted: true }
 */
export const telemetryRoutes = new Hono<AppEnv>();

telemetryRoutes.use("*", cors({ methods: ["POST", "OPTIONS"] }));

telemetryRoutes.post("/", bodyLimit({ maxBytes: MAX_REPORT_BYTES }), async (c) => {
  const parsed = parseReport(await c.req.text(), Date.now());
  if (!parsed.ok) throw apiError(STATUS_OF[parsed.code], parsed.code, parsed.message);
  const report = parsed.report;
  if (report.modelVersion !== NO_MODEL_VERSION && !(await isKnownVersion(c.env, report.modelVersion))) {
    throw apiError(
      422,
      "unknown_version",
      `model version '${report.modelVersion}' is not in the registry; nothing counted`,
    );
  }
  const shards = Number(c.env.FLEET_SHARDS);
  const meta = shardFor(report.modelVersion, hourOf(Date.parse(report.windowStart)), report.reportId, shards);
  const tag = await rolloutTagFor(c.env, report, Date.now());
  const outcome = await aggregatorStub(c.env, meta.name).ingest(
    { version: meta.version, hour: meta.hour, shard: meta.shard },
    report,
    tag,
  );
  if (outcome === "duplicate") {
    throw apiError(
      409,
      "duplicate_report",
      `report ${report.reportId} was already received; nothing counted`,
    );
  }
  return c.json({ accepted: true }, 202);
});
