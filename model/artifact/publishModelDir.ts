import { readArtifactDir } from "./readArtifactDir";

export type PublishOptions = {
  /** Edge base URL, e.g. http://localhost:8787. */
  endpoint: string;
  /** Admin bearer token. */
  token: string;
  /** Artifact folder holding manifest.json and its weight files. */
  dir: string;
  /** Publish under this version instead of the manifest's own. */
  version?: string;
  /** Roll out as a canary on this share of buckets (0..100) next to the current live version; else make it live. */
  canaryPercent?: number;
  /**
   * Start a guarded rollout of it (`POST /v1/admin/rollouts`): the edge walks it through the plan's
   * steps on its own and withdraws it on a regression. `plan` overrides `defaultPlan()` field by field.
   */
  guarded?: { plan?: unknown };
};

type RolloutState = { live: string | null; canary: string | null; canaryPercent: number };

export type PublishResult = {
  version: string;
  /** "created": new in the registry (201); "unchanged": a byte-identical copy was already there (200). */
  upload: "created" | "unchanged";
  rollout: RolloutState;
  /** False when the rollout already was what was asked for (a re-run changes nothing). */
  rolloutChanged: boolean;
  /** The guarded rollout's id, when one was started. */
  guardedId?: number;
};

/**
 * Publishes an artifact folder through the edge admin API (contract 4): checks the folder, checks that the
 * requested rollout is possible, uploads `PUT /v1/admin/models/:version` (multipart: `manifest` + one part
 * per file, named by its path), then sets `PUT /v1/admin/rollout`. Idempotent: re-running it uploads
 * identical bytes (200) and leaves an already-matching rollout alone. Any 4xx/5xx throws with its code.
 * @example await publishModelDir({ endpoint: "http://localhost:8787", token, dir: "model/artifacts/demo" });
 */
export async function publishModelDir(options: PublishOptions): Promise<PublishResult> {
  const { canaryPercent, guarded } = options;
  if (guarded && canaryPercent !== undefined)
    throw new Error("a guarded rollout sets the canary's share itself");
  if (
    canaryPercent !== undefined &&
    !(Number.isFinite(canaryPercent) && canaryPercent >= 0 && canaryPercent <= 100)
  ) {
    throw new Error(`canary percent must be a number in 0..100, got ${canaryPercent}`);
  }
  const artifact = await readArtifactDir(options.dir, options.version);
  const version = artifact.manifest.version;
  const api = adminApi(options.endpoint, options.token);

  const current = (await api<RolloutState>("GET", "/v1/admin/rollout")).json;
  let wanted: { live: string; canary?: string; canaryPercent?: number };
  if (canaryPercent === undefined && !guarded) {
    wanted = { live: version };
  } else {
    if (current.live === null)
      throw new Error(`no live version to canary ${version} against: publish one live first`);
    if (current.live === version)
      throw new Error(`${version} is already live; a canary must be another version`);
    wanted = { live: current.live, canary: version, canaryPercent: canaryPercent ?? 0 };
  }

  const form = new FormData();
  form.append("manifest", new Blob([artifact.manifestText], { type: "application/json" }), "manifest.json");
  for (const file of artifact.files) {
    form.append(
      file.path,
      new Blob([file.data as BlobPart], { type: "application/octet-stream" }),
      file.path,
    );
  }
  const { status } = await api<unknown>("PUT", `/v1/admin/models/${encodeURIComponent(version)}`, form);
  const upload = status === 201 ? "created" : "unchanged";

  if (guarded) {
    const body = JSON.stringify({ canary: version, plan: guarded.plan });
    const started = (await api<{ id: number }>("POST", "/v1/admin/rollouts", body)).json;
    const after = (await api<RolloutState>("GET", "/v1/admin/rollout")).json;
    return { version, upload, rollout: pick(after), rolloutChanged: true, guardedId: started.id };
  }
  // Publishing live when it already is live keeps any running canary; otherwise a new live clears it.
  const same =
    canaryPercent === undefined
      ? current.live === version
      : current.canary === version && current.canaryPercent === canaryPercent;
  if (same) return { version, upload, rollout: pick(current), rolloutChanged: false };
  const next = (await api<RolloutState>("PUT", "/v1/admin/rollout", JSON.stringify(wanted))).json;
  return { version, upload, rollout: pick(next), rolloutChanged: true };
}

function pick(r: RolloutState): RolloutState {
  return { live: r.live, canary: r.canary, canaryPercent: r.canaryPercent };
}

/** A tiny admin API client: JSON in and out, `{ error: { code, message } }` turned into an Error. */
function adminApi(endpoint: string, token: string) {
  const base = endpoint.replace(/\/+$/, "");
  return async <T>(method: string, path: string, body?: BodyInit): Promise<{ status: number; json: T }> => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (typeof body === "string") headers["Content-Type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { method, headers, body });
    } catch (error) {
      throw new Error(`cannot reach ${base} (${method} ${path}): ${(error as Error).message}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      const detail = err ? `${err.code}: ${err.message}` : text.slice(0, 200) || res.statusText;
      throw new Error(`${method} ${path} failed with HTTP ${res.status} ${detail}`);
    }
    return { status: res.status, json: json as T };
  };
}
