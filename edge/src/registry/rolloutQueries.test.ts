import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { countAudit } from "./auditQueries";
import { getRollout, getRolloutCached, saveRollout } from "./rolloutQueries";

it("lets only one of two writers that read the same revision win, and audits only the winner", async () => {
  await env.DB.prepare(
    "INSERT INTO model_versions (version, status, manifest, manifest_sha256, bytes, created_at, uploaded_by) VALUES ('a', 'ready', '{}', ?, 2, '2026-01-01', 't'), ('b', 'ready', '{}', ?, 2, '2026-01-01', 't')",
  )
    .bind("0".repeat(64), "1".repeat(64))
    .run();
  const stale = await getRollout(env);
  const change = (live: string) => ({
    live,
    canary: null,
    canaryPercent: 0,
    previousLive: null,
    salt: stale.salt,
  });
  const audit = (actor: string) => ({ actor, action: "rollout.set", target: "x", detail: {} });

  const won = await saveRollout(env, stale, change("a"), audit("first"));
  expect(won).toMatchObject({ live: "a", revision: stale.revision + 1, updatedBy: "first" });

  await expect(saveRollout(env, stale, change("b"), audit("second"))).rejects.toMatchObject({ status: 409 });
  expect(await getRollout(env)).toMatchObject({
    live: "a",
    revision: stale.revision + 1,
    updatedBy: "first",
  });
  expect(await countAudit(env)).toBe(1);
});

it("serves the public rollout read from isolate memory within its max age and refreshes after it", async () => {
  const first = await getRolloutCached(env, 60_000);
  await env.DB.prepare("UPDATE rollout_state SET salt = 'changed-elsewhere' WHERE id = 1").run();
  expect((await getRolloutCached(env, 60_000)).salt).toBe(first.salt);
  expect((await getRolloutCached(env, 0)).salt).toBe("changed-elsewhere");
  expect((await getRollout(env)).salt).toBe("changed-elsewhere");
});

it("refreshes the cached rollout at once when this isolate saves a change", async () => {
  const before = await getRollout(env);
  await getRolloutCached(env, 60_000);
  const change = { ...before, live: "a", previousLive: before.live };
  await saveRollout(env, before, change, { actor: "t", action: "rollout.set", target: "a", detail: {} });
  expect((await getRolloutCached(env, 60_000)).revision).toBe(before.revision + 1);
});
