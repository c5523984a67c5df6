import { Hono } from "hono";
import * as v from "valibot";
import { MODEL_VERSION_PATTERN } from "../../../telemetry/schema";
import { apiError } from "../http/apiError";
import { bodyLimit } from "../http/bodyLimit";
import { parseJsonBody } from "../http/jsonBody";
import { getRollout } from "../registry";
import { applyTransition } from "../rollout/applyTransition";
import { killTransition, stateTransition } from "../rollout/decisionTransition";
import { getGuarded, listDecisions, listGuarded } from "../rollout/guardedQueries";
import { startGuarded } from "../rollout/startGuarded";
import type { GuardedState } from "../rollout/types";
import type { AppEnv } from "../types";

/** A plan with 40 guardrails and 20 steps fits well inside this. */
const BODY_BYTES = 32 * 1024;

/**
 * Guarded rollouts, mounted at /v1/admin/rollouts (behind the admin token):
 * - `POST /` `{ canary, plan? }` starts one (the plan falls back to `defaultPlan()` field by field);
 * - `GET /` lists them, `GET /:id` returns one with its newest decisions (`?limit=`);
 * - `POST /:id/pause|resume|override|kill` `{ reason? }`: a person's action, which always wins:
 *   pause stops the decisions (traffic stays), resume restarts them, override hands the rollout to
 *   the operator for good (traffic stays), kill withdraws the canary (0 %) for good.
 * Every action is a compare-and-set on the rollout's revision (409 on a lost race), logged and audited.
 */
export const adminRolloutRoutes = new Hono<AppEnv>();

const actorOf = (c: { var: { adminLabel?: string } }) => c.var.adminLabel ?? "unknown";

const StartBody = v.strictObject({
  canary: v.pipe(v.string(), v.regex(MODEL_VERSION_PATTERN, "canary must be a model version")),
  plan: v.optional(v.unknown()),
});
const ActionBody = v.strictObject({ reason: v.optional(v.pipe(v.string(), v.maxLength(200))) });

/** An empty body reads as `empty` (e.g. "{}" for an action without a reason). */
const body = async <T extends v.GenericSchema>(
  c: { req: { text(): Promise<string> } },
  schema: T,
  empty: string,
) =>
  parseJsonBody((await c.req.text()) || empty, schema, {
    code: "bad_rollout",
    notJson: "the body must be JSON",
  });

function idOf(raw: string): number {
  const id = Number(raw);
  if (!/^\d{1,12}$/.test(raw) || id < 1) throw apiError(400, "bad_id", "a rollout id is a positive integer");
  return id;
}

adminRolloutRoutes.use("*", bodyLimit({ maxBytes: BODY_BYTES }));

adminRolloutRoutes.post("/", async (c) => {
  const request = await body(c, StartBody, "");
  return c.json(await startGuarded(c.env, request, actorOf(c), Date.now()), 201);
});

adminRolloutRoutes.get("/", async (c) => c.json({ rollouts: await listGuarded(c.env, 20) }));

adminRolloutRoutes.get("/:id", async (c) => {
  const rollout = await getGuarded(c.env, idOf(c.req.param("id")));
  if (!rollout) throw apiError(404, "unknown_rollout", "no such guarded rollout");
  const limit = Math.min(500, Math.max(1, Number(c.req.query("limit") ?? 50) || 50));
  return c.json({ rollout, decisions: await listDecisions(c.env, rollout.id, limit) });
});

/** From which states each action may start. */
const ALLOWED: Record<"pause" | "resume" | "override" | "kill", GuardedState[]> = {
  pause: ["active"],
  resume: ["paused"],
  override: ["active", "paused"],
  kill: ["active", "paused"],
};

adminRolloutRoutes.post("/:id/:action{pause|resume|override|kill}", async (c) => {
  const action = c.req.param("action") as keyof typeof ALLOWED;
  const { reason } = await body(c, ActionBody, "{}");
  const rollout = await getGuarded(c.env, idOf(c.req.param("id")));
  if (!rollout) throw apiError(404, "unknown_rollout", "no such guarded rollout");
  if (!ALLOWED[action].includes(rollout.state))
    throw apiError(409, "bad_state", `cannot ${action} a rollout that is ${rollout.state}`);
  const actor = actorOf(c);
  const why = reason ?? `${action} by ${actor}`;
  const registry = await getRollout(c.env);
  const t =
    action === "kill"
      ? killTransition(rollout, registry, actor, why)
      : stateTransition(rollout, action, actor, why);
  // A kill moves traffic through the registry's compare-and-set; the rollout's own revision guards the rest.
  if (!(await applyTransition(c.env, rollout, registry, t, Date.now())))
    throw apiError(
      409,
      "rollout_changed",
      "the rollout changed while this request ran; read it again and retry",
    );
  return c.json(await getGuarded(c.env, rollout.id));
});
