import { type AlertEventRow, alertEventFromRow } from "./alertQueries";
/** How a delivery run retries: attempts within one run, and the wait between them. */
export type DeliveryOptions = {
  /** POSTs tried per run before giving up until the next run (default 3). */
  attempts?: number;
  /** First wait between attempts in ms, doubled each time (default 250). */
  backoffMs?: number;
  /** The fetch to use (default the global fetch). */
  fetcher?: typeof fetch;
  /** Waits; injectable so tests need not sleep. */
  sleep?: (ms: number) => Promise<void>;
};

/** Runs a failing event is retried over (cron runs), before it is dropped. */
export const MAX_DELIVERY_RUNS = 10;
const BATCH = 50;
const MINUTE = 60_000;

type PendingRow = AlertEventRow & { attempts: number };

/**
 * Sends undelivered alert state changes to the webhook as one JSON POST
 * (`{ source: "pocketrank", alerts: [...] }`), retrying with exponential backoff inside the run;
 * if all attempts fail, the events wait for a later run (2^runs minutes, capped at an hour) and are
 * dropped after MAX_DELIVERY_RUNS runs. A 2xx marks them delivered; nothing is sent twice after that.
 * @example await deliverAlerts(env.DB, env.ALERT_WEBHOOK_URL, Date.now());
 */
export async function deliverAlerts(
  db: D1Database,
  url: string | undefined,
  now: number,
  options: DeliveryOptions = {},
): Promise<{ sent: number; failed: number }> {
  if (!url) return { sent: 0, failed: 0 };
  const { results } = await db
    .prepare(
      `SELECT * FROM alert_events WHERE delivered_at IS NULL AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
       ORDER BY id LIMIT ?`,
    )
    .bind(now, BATCH)
    .all<PendingRow>();
  if (results.length === 0) return { sent: 0, failed: 0 };
  const body = JSON.stringify({
    source: "pocketrank",
    alerts: results.map((row) => ({
      ...alertEventFromRow(row),
      status: row.to_state,
      at: new Date(row.at).toISOString(),
    })),
  });
  const fetcher = options.fetcher ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts = options.attempts ?? 3;
  let wait = options.backoffMs ?? 250;
  let ok = false;
  for (let attempt = 0; attempt < attempts && !ok; attempt++) {
    if (attempt > 0) {
      await sleep(wait);
      wait *= 2;
    }
    try {
      const res = await fetcher(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      ok = res.ok;
      await res.body?.cancel();
    } catch {
      ok = false; // unreachable receiver: retry like a 5xx
    }
  }
  const ids = results.map((e) => e.id);
  const marks = ids.map(() => "?").join(",");
  if (ok) {
    await db
      .prepare(`UPDATE alert_events SET delivered_at = ? WHERE id IN (${marks})`)
      .bind(now, ...ids)
      .run();
    return { sent: ids.length, failed: 0 };
  }
  // Later runs: wait 2^runs minutes (capped at 1 h); after MAX_DELIVERY_RUNS runs, stop trying.
  await db.batch(
    results.map((e) => {
      const runs = e.attempts + 1;
      const next = runs >= MAX_DELIVERY_RUNS ? null : now + Math.min(60, 2 ** runs) * MINUTE;
      return db
        .prepare("UPDATE alert_events SET attempts = ?, next_attempt_at = ? WHERE id = ?")
        .bind(runs, next, e.id);
    }),
  );
  return { sent: 0, failed: ids.length };
}
