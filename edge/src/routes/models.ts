import { Hono } from "hono";
import { MODEL_VERSION_PATTERN } from "../../../telemetry/schema";
import { apiError } from "../http/apiError";
import { bodyLimit } from "../http/bodyLimit";
import { cors } from "../http/cors";
import {
  artifactKey,
  assignCohort,
  contentTypeOf,
  getPublishedVersion,
  getRolloutCached,
  isSafeArtifactPath,
  MANIFEST_PATH,
  type ModelAssignment,
  parseBucket,
} from "../registry";
import type { AppEnv } from "../types";

/** Artifacts never change under a version, so browsers and CDNs may keep them for a year. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** Assignments follow the rollout; 30 s (+ the 5 s isolate cache) bounds how long a rollback takes to reach a browser. */
const ASSIGNMENT_CACHE = "public, max-age=30";
/** Public GETs carry no body; anything larger than this is refused early. */
const PUBLIC_BODY_BYTES = 1024;

/**
 * Public model routes, mounted at /v1:
 * - `GET /v1/model?bucket=0..9999`: the version the rollout assigns to the bucket, with artifact URLs;
 * - `GET /v1/models/:version/<path>`: an immutable artifact (manifest.json or a weight file) from R2.
 */
export const modelRoutes = new Hono<AppEnv>();

// Scoped paths, not "*": this sub-app is mounted at /v1 and "*" would cover every /v1 route.
for (const path of ["/model", "/models/*"]) {
  modelRoutes.use(
    path,
    cors({ methods: ["GET", "HEAD", "OPTIONS"] }),
    bodyLimit({ maxBytes: PUBLIC_BODY_BYTES }),
  );
}

modelRoutes.get("/model", async (c) => {
  const bucket = parseBucket(c.req.query("bucket"));
  if (bucket === undefined) throw apiError(400, "bad_bucket", "bucket must be an integer in 0..9999");
  const rollout = await getRolloutCached(c.env);
  if (!rollout.live) throw apiError(503, "no_live_model", "no model version is live yet");
  const cohort = rollout.canary ? assignCohort(bucket, rollout.salt, rollout.canaryPercent) : "live";
  const version = cohort === "canary" && rollout.canary ? rollout.canary : rollout.live;
  const found = await getPublishedVersion(c.env, version);
  if (!found) throw apiError(503, "no_live_model", `version '${version}' is not in the registry`);

  const { info: stored, manifest } = found;
  const url = (path: string) => new URL(`/v1/models/${version}/${path}`, c.req.url).toString();
  const manifestBytes = stored.bytes - manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  const body: ModelAssignment = {
    version,
    cohort,
    manifest: { url: url(MANIFEST_PATH), sha256: stored.manifestSha256, bytes: manifestBytes },
    files: manifest.files.map((f) => ({ path: f.path, url: url(f.path), sha256: f.sha256, bytes: f.bytes })),
  };
  c.header("Cache-Control", ASSIGNMENT_CACHE);
  return c.json(body);
});

modelRoutes.get("/models/:version/:path{.+}", async (c) => {
  const version = c.req.param("version");
  const path = c.req.param("path");
  if (!MODEL_VERSION_PATTERN.test(version) || !isSafeArtifactPath(path)) {
    throw apiError(400, "bad_path", "artifact paths are /v1/models/<version>/<relative path>");
  }
  const found = await getPublishedVersion(c.env, version);
  if (!found) throw apiError(404, "unknown_version", `no model version '${version}'`);
  const { info: stored, manifest } = found;
  const sha256 =
    path === MANIFEST_PATH ? stored.manifestSha256 : manifest.files.find((f) => f.path === path)?.sha256;
  if (!sha256) throw apiError(404, "unknown_artifact", `version '${version}' has no file '${path}'`);

  const etag = `"${sha256}"`;
  const headers = new Headers({
    "Cache-Control": IMMUTABLE,
    ETag: etag,
    "Content-Type": contentTypeOf(path),
  });
  if (ifNoneMatch(c.req.header("If-None-Match"), etag)) return new Response(null, { status: 304, headers });
  const object = await c.env.MODELS.get(artifactKey(version, path));
  if (!object) throw apiError(404, "unknown_artifact", `version '${version}' has no stored file '${path}'`);
  headers.set("Content-Length", String(object.size));
  return new Response(object.body, { status: 200, headers });
});

/** RFC 9110 §13.1.2 weak comparison against a list of entity tags (or `*`). */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === etag;
  });
}
