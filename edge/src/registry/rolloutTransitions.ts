import { apiError } from "../http/apiError";
import type { RolloutChange } from "./rolloutQueries";
import type { Rollout } from "./types";

/** What `PUT /v1/admin/rollout` asks for. */
export type RolloutRequest = { live: string; canary?: string | null; canaryPercent?: number };

/**
 * The rollout after a set-rollout request. A changed live version remembers the old one for
 * rollback; a new canary (or a canary where there was none) gets `freshSalt`, so its buckets are a
 * new random draw; the same canary at another percentage keeps its salt and ramps monotonically.
 * @example nextRollout(current, { live: "v2", canary: "v3", canaryPercent: 10 }, "5f1c...")
 */
export function nextRollout(current: Rollout, request: RolloutRequest, freshSalt: string): RolloutChange {
  const canary = request.canary ?? null;
  if (canary === null && request.canaryPercent !== undefined && request.canaryPercent !== 0) {
    throw apiError(400, "bad_rollout", "canaryPercent needs a canary version");
  }
  if (canary !== null && request.canaryPercent === undefined) {
    throw apiError(400, "bad_rollout", "a canary needs canaryPercent (0..100)");
  }
  if (canary !== null && canary === request.live) {
    throw apiError(400, "bad_rollout", "canary and live must be different versions");
  }
  const liveChanged = request.live !== current.live;
  const newCanary = canary !== null && canary !== current.canary;
  return {
    live: request.live,
    canary,
    canaryPercent: canary === null ? 0 : (request.canaryPercent ?? 0),
    previousLive: liveChanged ? current.live : current.previousLive,
    salt: newCanary ? freshSalt : current.salt,
  };
}

/**
 * Promote: the canary becomes live for every bucket; the old live is kept for rollback.
 * @example promoteCanary({ live: "v2", canary: "v3", ... }) // { live: "v3", canary: null, previousLive: "v2", ... }
 */
export function promoteCanary(current: Rollout): RolloutChange {
  if (current.canary === null) throw apiError(409, "no_canary", "there is no canary to promote");
  return {
    live: current.canary,
    canary: null,
    canaryPercent: 0,
    previousLive: current.live,
    salt: current.salt,
  };
}

/**
 * Rollback: the previous live version serves everyone again and any canary is cleared. There is one
 * level of history, so a second rollback in a row is refused.
 * @example rollbackLive({ live: "v3", previousLive: "v2", ... }) // { live: "v2", previousLive: null, ... }
 */
export function rollbackLive(current: Rollout): RolloutChange {
  if (current.previousLive === null) throw apiError(409, "no_previous", "there is no previous live version");
  return {
    live: current.previousLive,
    canary: null,
    canaryPercent: 0,
    previousLive: null,
    salt: current.salt,
  };
}
