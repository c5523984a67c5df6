import * as v from "valibot";
import { apiError } from "./apiError";

/** A route's names for its 400s: the code of a body that fails the schema, the message of one that is not JSON. */
export type JsonBodyErrors = { code: string; notJson: string };

/**
 * A request body's text parsed as JSON and checked against `schema`: 400 `bad_json` (with
 * `errors.notJson`) when it is not JSON, else 400 `errors.code` naming the first issue's path.
 * @example const { reason } = parseJsonBody(await c.req.text(), ActionBody, { code: "bad_rollout", notJson: "…" });
 */
export function parseJsonBody<T extends v.GenericSchema>(
  text: string,
  schema: T,
  errors: JsonBodyErrors,
): v.InferOutput<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw apiError(400, "bad_json", errors.notJson);
  }
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw apiError(400, errors.code, `${v.getDotPath(issue) ?? "body"}: ${issue.message}`);
  }
  return parsed.output;
}
