import {
  CONTRIBUTION_VERSION,
  emptySent,
  type ItemEvent,
  nextContribution,
  parseContribution,
  type SentToday,
  utcDay,
} from "../../telemetry/learning";
import { newReportId } from "../../telemetry/privacy";
import { type Fetcher, resolveUrl } from "../model/downloadVersion";
import type { BehaviourStore } from "../store/types";

export type ContributionOptions = {
  endpoint: string;
  fetch: Fetcher;
  /** The behaviour store (IndexedDB, or memory): the only source of what is contributed. */
  store: () => Promise<BehaviourStore>;
  /** Names the per-day record of what was sent (localStorage key `<dbName>:contributed`). */
  dbName: string;
  /** How often to contribute while the page is open, ms (default 1 minute). */
  intervalMs?: number;
  now?: () => number;
};

/**
 * One minute: a view reaches the edge within a minute (or when the page is hidden), inside the
 * 15-minute freshness goal with 5-minute trending steps. A tick with nothing new sends nothing, so a
 * page sends at most one request per minute in which its shopper viewed something new.
 */
export const DEFAULT_INTERVAL_MS = 60_000;
/** Events read from the store: DEFAULT_CAPS keeps 500. */
const EVENTS_READ = 500;
/** Where `sent` lives when localStorage is missing or refuses (private mode, Node). */
const memorySent = new Map<string, SentToday>();

/**
 * Starts the device's fleet-learning contributions (PRIVACY.md, "Fleet learning"): every interval
 * and when the page is hidden, reads recent events from the behaviour store (today's, and
 * yesterday's last item, whose step to today's first is today's transition), bounds them per
 * device-day (`nextContribution`), checks them with the edge's own parser and sends what is new in
 * a request of its own. What will be sent is recorded as sent first, so a lost answer never makes
 * the device send an item twice in a day (at most once; a lost request is simply lost). A 429 is
 * the one answer that says nothing was stored: those items stay unsent, and the device waits out
 * its Retry-After.
 * Never throws into the page.
 * @example const c = startContributions({ endpoint, fetch, store, dbName: "pocketrank" }); await c.contributeNow();
 */
export function startContributions(options: ContributionOptions): {
  contributeNow(): Promise<boolean>;
  stop(): void;
} {
  const now = options.now ?? Date.now;
  const url = resolveUrl(options.endpoint, "/v1/contributions");
  const key = `${options.dbName}:contributed`;
  /** No request before this time: the edge answered 429 with a Retry-After. */
  let retryAfter = 0;
  const contributeNow = async (): Promise<boolean> => {
    try {
      const t = now();
      if (t < retryAfter) return false;
      const events = (await (await options.store()).recent(EVENTS_READ)).filter(isItemEvent);
      const before = readSent(key, t);
      const { lists, sent } = nextContribution(events, before, t);
      if (!lists) return false;
      const body = {
        contributionVersion: CONTRIBUTION_VERSION,
        contributionId: newReportId(),
        day: utcDay(t),
        ...lists,
      };
      if (!parseContribution(body, t).ok) return false;
      writeSent(key, sent);
      const res = await options.fetch(url, { method: "POST", body: JSON.stringify(body), keepalive: true });
      if (res.status === 429) {
        // The edge's rate limit stores nothing from a refused request, so these items are still unsent:
        // keep them for the next send, and wait as long as the edge asks.
        writeSent(key, before);
        retryAfter = t + retryAfterMs(res.headers.get("Retry-After"));
      }
      return res.ok;
    } catch {
      return false;
    }
  };
  const timer = setInterval(() => void contributeNow(), options.intervalMs ?? DEFAULT_INTERVAL_MS);
  const onHide = () => {
    if (document.visibilityState === "hidden") void contributeNow();
  };
  if (typeof document !== "undefined") document.addEventListener("visibilitychange", onHide);
  return {
    contributeNow,
    stop: () => {
      clearInterval(timer);
      if (typeof document !== "undefined") document.removeEventListener("visibilitychange", onHide);
    },
  };
}

/** A Retry-After in seconds (the edge's form), else one hour; never less than one interval. */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Math.max(DEFAULT_INTERVAL_MS, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 3_600_000);
}

function isItemEvent(e: { type: string }): e is ItemEvent {
  return e.type === "view" || e.type === "click" || e.type === "cart" || e.type === "purchase";
}

function readSent(key: string, now: number): SentToday {
  try {
    const text = globalThis.localStorage?.getItem(key);
    if (text) return JSON.parse(text) as SentToday;
  } catch {
    // unreadable: fall back to this page's memory
  }
  return memorySent.get(key) ?? emptySent(utcDay(now));
}

function writeSent(key: string, sent: SentToday): void {
  memorySent.set(key, sent);
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(sent));
  } catch {
    // quota or private mode: this page's memory still bounds it
  }
}
