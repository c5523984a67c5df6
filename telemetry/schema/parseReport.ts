import * as v from "valibot";
import { checkReport, type ParseResult, type ReportFailure } from "./checkReport";
import { MAX_REPORT_BYTES, SCHEMA_VERSION } from "./constants";
import { ReportSchema } from "./ReportSchema";
import { shapeProblem } from "./shapeProblem";

/**
 * Strictly parses one untrusted report (a JSON string or an already parsed value): size, JSON,
 * shape (`shapeProblem`: depth, stray arrays, prototype keys), schema version, the strict schema,
 * then `checkReport` (caps, sketch bounds, time window relative to `now`). The device runs it on
 * every report it queues and the edge on every report it receives. Never throws; the first
 * problem is returned with its field path.
 * @example
 * const r = parseReport(await request.text(), Date.now());
 * if (!r.ok) return c.json({ error: { code: r.code, message: r.message } }, 400);
 */
export function parseReport(json: unknown, now: number | Date = Date.now()): ParseResult {
  const fail = (code: ReportFailure["code"], message: string, path = ""): ReportFailure => ({
    ok: false,
    code,
    message,
    path,
  });
  let value = json;
  if (typeof json === "string") {
    const bytes = byteLength(json);
    if (bytes > MAX_REPORT_BYTES)
      return fail("too_large", `report is ${bytes} bytes, more than ${MAX_REPORT_BYTES}`);
    try {
      value = JSON.parse(json);
    } catch (e) {
      return fail("invalid_json", `report is not valid JSON (${(e as Error).message})`);
    }
  } else {
    let text: string | undefined;
    try {
      text = JSON.stringify(json);
    } catch {
      return fail("invalid_json", "report cannot be serialised as JSON");
    }
    if (text === undefined) return fail("invalid_json", "report must be a JSON object");
    const bytes = byteLength(text);
    if (bytes > MAX_REPORT_BYTES)
      return fail("too_large", `report is ${bytes} bytes, more than ${MAX_REPORT_BYTES}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail("invalid_json", "report must be a JSON object");
  }
  const shape = shapeProblem(value);
  if (shape) return fail("invalid_field", `${shape.path}: ${shape.message}`, shape.path);
  const version = (value as Record<string, unknown>).schemaVersion;
  // v1 had no cohort: such a device's assignment is unknown ("none"), the rest of v1 is v2.
  if (version === 1 && !("cohort" in value))
    value = { ...value, schemaVersion: SCHEMA_VERSION, cohort: "none" };
  else if (version !== SCHEMA_VERSION) {
    return fail(
      "unsupported_version",
      `schemaVersion must be ${SCHEMA_VERSION}, got ${JSON.stringify(version) ?? "nothing"}`,
      "schemaVersion",
    );
  }
  const parsed = v.safeParse(ReportSchema, value, { abortEarly: true });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue) ?? "";
    const message = issue.message;
    return fail("invalid_field", path ? `${path}: ${message}` : message, path);
  }
  return checkReport(parsed.output, now);
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
