import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { countAudit } from "./auditQueries";
import { getRollout, saveRollout } from "./rolloutQueries";

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
