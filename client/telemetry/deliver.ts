import type { Fetcher } from "../model/downloadVersion";
import type { OutboxEntry } from "./Outbox";

/** What to do with an outbox entry after one attempt. */
export type DeliveryOutcome = "delivered" | "rejected" | "retry";

/**
 * Pure: the outcome of an HTTP answer. 2xx: delivered. 409 with code `duplicate_report` means the edge
 * already merged this reportId (edge/src/routes/telemetry.ts): delivered, nothing to resend. A definite
 * 4xx is final (the report is bad and would fail forever) except other 409s (conflict), 408 and 429
 * (rate limit), which are retried like 5xx and network errors.
 * @example outcomeOf(202); // "delivered"
 * @example outcomeOf(409, "duplicate_report"); // "delivered"
 */
export function outcomeOf(status: number, code?: string): DeliveryOutcome {
  if (status >= 200 && status < 300) return "delivered";
  if (status === 409 && code === "duplicate_report") return "delivered";
  if (status >= 400 && status < 500 && status !== 409 && status !== 429 && status !== 408) return "rejected";
  return "retry";
}

/** The outcome of a response, reading the error code of a 409 (`{ error: { code } }`). */
async function outcomeOfResponse(response: Response): Promise<DeliveryOutcome> {
  if (response.status !== 409) return outcomeOf(response.status);
  const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  return outcomeOf(409, body?.error?.code);
}

/** First retry delay; doubles per attempt up to MAX_BACKOFF_MS (with ±50% jitter). */
export const BASE_BACKOFF_MS = 5_000;
export const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * Pure: when to try again after `attempts` failed attempts (exponential backoff with jitter).
 * @example nextAttemptAt(3, 1000, () => 0.5); // 1000 + 40_000
 */
export function nextAttemptAt(attempts: number, now: number, random = Math.random): number {
  const delay = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  return now + delay * (0.5 + random());
}

/**
 * Sends one report. While the page is visible it awaits the edge's answer; when the page is being
 * hidden or unloaded it uses `fetch(..., { keepalive: true })`, or `navigator.sendBeacon` where keepalive
 * fetch is refused, and reports "retry": the entry stays in the outbox and its next send (same reportId)
 * is deduplicated by the edge, so a report is never lost and never counted twice.
 * @example await deliver(fetch, "https://edge/v1/telemetry", entry, false); // "delivered"
 */
export async function deliver(
  fetcher: Fetcher,
  url: string,
  entry: OutboxEntry,
  unloading: boolean,
): Promise<DeliveryOutcome> {
  const init: RequestInit = {
    method: "POST",
    body: entry.body,
    headers: { "content-type": "application/json" },
    credentials: "omit",
    keepalive: true,
  };
  if (unloading) {
    try {
      const pending = fetcher(url, init);
      // The answer may still arrive if the page survives (bfcache, tab switch); use it then.
      return await Promise.race([
        pending.then(outcomeOfResponse),
        new Promise<DeliveryOutcome>((resolve) => setTimeout(() => resolve("retry"), 1000)),
      ]);
    } catch {
      const beacon = globalThis.navigator?.sendBeacon?.bind(globalThis.navigator);
      if (beacon) beacon(url, new Blob([entry.body], { type: "application/json" }));
      return "retry";
    }
  }
  try {
    return await outcomeOfResponse(await fetcher(url, init));
  } catch {
    return "retry";
  }
}
