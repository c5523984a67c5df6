import { Hono } from "hono";
import * as v from "valibot";
import { MODEL_VERSION_PATTERN } from "../../../telemetry/schema";
import { adminAuth } from "../http/adminAuth";
import { apiError } from "../http/apiError";
import { bodyLimit } from "../http/bodyLimit";
import { parseJsonBody } from "../http/jsonBody";
import {
  getModelVersion,
  getRollout,
  listAudit,
  listModelVersions,
  MAX_UPLOAD_BYTES,
  nextRollout,
  promoteCanary,
  publishVersion,
  type Rollout,
  type RolloutChange,
  randomSalt,
  rollbackLive,
  saveRollout,
  verifyUpload,
} from "../registry";
import type { AppEnv } from "../types";
import { adminCatalogRoutes } from "./adminCatalog";
import { adminRolloutRoutes } from "./adminRollouts";
import { adminStockRoutes } from "./adminStock";

/** JSON bodies of rollout actions are tiny. */
const ROLLOUT_BODY_BYTES = 4 * 1024;

/**
 * Admin API, mounted at /v1/admin; every route needs `Authorization: Bearer <token>` (adminAuth).
 * Model registry: `PUT /models/:version` (multipart upload), `GET /models`. Rollout: `GET|PUT /rollout`,
 * `POST /rollout/promote`, `POST /rollout/rollback`. `GET /audit?limit=&before=`. `/catalog/*` belongs
 * to the catalog sub-app, `/rollouts/*` (guarded rollouts) to its own.
 */
export const adminRoutes = new Hono<AppEnv>();

adminRoutes.use("*", adminAuth());
adminRoutes.route("/catalog", adminStockRoutes); // /skus, /stock
adminRoutes.route("/catalog", adminCatalogRoutes);
adminRoutes.route("/rollouts", adminRolloutRoutes);

const actorOf = (c: { var: { adminLabel?: string } }) => c.var.adminLabel ?? "unknown";

adminRoutes.put("/models/:version", bodyLimit({ maxBytes: MAX_UPLOAD_BYTES }), async (c) => {
  const version = c.req.param("version");
  if (!MODEL_VERSION_PATTERN.test(version)) {
    throw apiError(400, "bad_version", `version must match ${MODEL_VERSION_PATTERN.source}`);
  }
  if (!c.req.header("Content-Type")?.toLowerCase().startsWith("multipart/form-data")) {
    throw apiError(400, "bad_content_type", "upload a model version as multipart/form-data");
  }
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    throw apiError(400, "bad_multipart", "the multipart/form-data body could not be parsed");
  }
  const upload = await verifyUpload(form, version);
  const { status, version: stored } = await publishVersion(c.env, upload, actorOf(c));
  return c.json(stored, status);
});

adminRoutes.get("/models", async (c) => {
  const limit = parseLimit(c.req.query("limit"), 100);
  return c.json({ versions: await listModelVersions(c.env, limit) });
});

adminRoutes.get("/rollout", async (c) => c.json(await getRollout(c.env)));

const RolloutBody = v.strictObject({
  live: v.string(),
  canary: v.optional(v.nullable(v.string())),
  canaryPercent: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100))),
});

adminRoutes.put("/rollout", bodyLimit({ maxBytes: ROLLOUT_BODY_BYTES }), async (c) => {
  const request = parseJsonBody(await c.req.text(), RolloutBody, {
    code: "bad_rollout",
    notJson: "the body must be JSON: { live, canary?, canaryPercent? }",
  });
  const current = await getRollout(c.env);
  const next = nextRollout(current, request, randomSalt());
  for (const version of [next.live, next.canary]) {
    if (version !== null && !(await getModelVersion(c.env, version))) {
      throw apiError(404, "unknown_version", `no model version '${version}'`);
    }
  }
  return c.json(await record(c.env, current, next, actorOf(c), "rollout.set", next.live));
});

adminRoutes.post("/rollout/promote", bodyLimit({ maxBytes: ROLLOUT_BODY_BYTES }), async (c) => {
  const current = await getRollout(c.env);
  const next = promoteCanary(current);
  return c.json(await record(c.env, current, next, actorOf(c), "rollout.promote", next.live));
});

adminRoutes.post("/rollout/rollback", bodyLimit({ maxBytes: ROLLOUT_BODY_BYTES }), async (c) => {
  const current = await getRollout(c.env);
  const next = rollbackLive(current);
  return c.json(await record(c.env, current, next, actorOf(c), "rollout.rollback", next.live));
});

adminRoutes.get("/audit", async (c) => {
  const limit = parseLimit(c.req.query("limit"), 50);
  const rawBefore = c.req.query("before");
  const before = rawBefore === undefined ? undefined : Number(rawBefore);
  if (before !== undefined && !(Number.isSafeInteger(before) && before > 0)) {
    throw apiError(400, "bad_before", "before must be a positive integer audit id");
  }
  return c.json({ entries: await listAudit(c.env, { limit, before }) });
});

/** Saves a rollout change with its audit row (what changed, before and after). */
function record(
  env: AppEnv["Bindings"],
  current: Rollout,
  next: RolloutChange,
  actor: string,
  action: string,
  target: string | null,
) {
  const view = (r: RolloutChange) => ({ live: r.live, canary: r.canary, canaryPercent: r.canaryPercent });
  return saveRollout(env, current, next, {
    actor,
    action,
    target,
    detail: { before: view(current), after: view(next) },
  });
}

/** `limit` query values: an integer 1..500, or `fallback` when absent. */
function parseLimit(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > 500)
    throw apiError(400, "bad_limit", "limit must be an integer in 1..500");
  return limit;
}
