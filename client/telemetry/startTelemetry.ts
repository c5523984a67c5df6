import { onCLS, onFCP, onINP, onLCP, onTTFB } from "web-vitals";
import { parseReport, privatizeReport } from "../../telemetry/index.ts";
import type { Fetcher } from "../model/downloadVersion";
import { resolveUrl } from "../model/downloadVersion";
import type { StatusBoard } from "../recommender/StatusBoard";
import { yieldToMain } from "../recommender/whenIdle";
import { deliver, nextAttemptAt } from "./deliver";
import { type Outbox, type OutboxEntry, openOutbox } from "./Outbox";
import type { TelemetryObserver } from "./types";
import { WindowAggregator } from "./WindowAggregator";

export type TelemetryOptions = {
  endpoint: string;
  fetch: Fetcher;
  storage: "indexeddb" | "memory";
  dbName: string;
  board: StatusBoard;
  /** Window length before sealing, ms (default 5 minutes). */
  windowMs?: number;
};

/** Default window: long enough to aggregate a page session, short enough to keep the outbox small. */
const DEFAULT_WINDOW_MS = 5 * 60_000;
/** How often due retries are checked, ms. */
const RETRY_TICK_MS = 15_000;

const sessions = new Set<TelemetrySession>();

/**
 * Lazy chunk: starts the device's telemetry (web-vitals, window aggregation, privacy filter, outbox,
 * delivery on hide/pagehide with backoff). First it sends what earlier page loads left in the outbox.
 * @example const session = await startTelemetry({ endpoint, fetch, storage: "indexeddb", dbName, board });
 */
export async function startTelemetry(options: TelemetryOptions): Promise<TelemetryObserver> {
  const outbox = await openOutbox(options.dbName, options.storage, (e) =>
    options.board.fallback("storage-unavailable", e),
  );
  await yieldToMain();
  const session = new TelemetrySession(options, outbox);
  sessions.add(session);
  session.listen();
  await yieldToMain();
  // A new page is a new chance: what earlier pages left behind goes now, whatever its backoff said.
  await session.flush(false, true);
  return session.aggregator;
}

/**
 * Seals every session's current window and sends every due report now (tests, `recommender.flush()`).
 * @example await flushTelemetry();
 */
export async function flushTelemetry(): Promise<void> {
  await Promise.all([...sessions].map((s) => s.seal(false, true)));
}

class TelemetrySession {
  readonly aggregator = new WindowAggregator(Date.now());
  private readonly url: string;
  private inFlight = new Set<string>();
  private sent = 0;

  constructor(
    private readonly options: TelemetryOptions,
    private readonly outbox: Outbox,
  ) {
    this.url = resolveUrl(options.endpoint, "/v1/telemetry");
  }

  listen(): void {
    const report = (name: "lcp" | "inp" | "cls" | "fcp" | "ttfb") => (metric: { value: number }) =>
      this.aggregator.vital(name, metric.value);
    // Registered before our own visibility handler, so INP/CLS (reported on hide) land in this window.
    onLCP(report("lcp"));
    onINP(report("inp"));
    onCLS(report("cls"));
    onFCP(report("fcp"));
    onTTFB(report("ttfb"));
    const hide = () => {
      void this.seal(true);
    };
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") hide();
    });
    window.addEventListener("pagehide", hide);
    setInterval(() => void this.seal(false), this.options.windowMs ?? DEFAULT_WINDOW_MS);
    setInterval(() => void this.flush(false), RETRY_TICK_MS);
  }

  /**
   * Seals the window: privacy filter first (telemetry/ `privatizeReport`), then a strict check, then the
   * outbox. On hide the send starts at once, in parallel with the outbox write, since the page may be gone
   * before IndexedDB commits.
   */
  async seal(unloading: boolean, force = false): Promise<void> {
    const raw = this.aggregator.seal(Date.now());
    if (!raw) return this.flush(unloading, force);
    let entry: OutboxEntry;
    try {
      const report = privatizeReport(raw);
      const checked = parseReport(JSON.parse(JSON.stringify(report)));
      if (!checked.ok)
        throw new Error(`report failed its own schema: ${JSON.stringify(checked).slice(0, 200)}`);
      entry = {
        reportId: report.reportId,
        body: JSON.stringify(report),
        attempts: 0,
        nextAttemptAt: Date.now(),
      };
    } catch (error) {
      this.options.board.fallback("internal", error);
      return;
    }
    const stored = this.outbox
      .put(entry)
      .catch((error) => this.options.board.fallback("storage-quota", error));
    if (unloading) await Promise.all([stored, this.send(entry, true)]);
    else {
      await stored;
      await this.flush(false, force);
    }
  }

  /** Sends every due report; `force` ignores backoff times. */
  async flush(unloading: boolean, force = false): Promise<void> {
    let entries: OutboxEntry[] = [];
    try {
      entries = await this.outbox.all();
    } catch (error) {
      this.options.board.fallback("storage-unavailable", error);
    }
    const now = Date.now();
    await Promise.all(
      entries.filter((e) => force || e.nextAttemptAt <= now).map((e) => this.send(e, unloading)),
    );
    await this.updateStatus();
  }

  private async send(entry: OutboxEntry, unloading: boolean): Promise<void> {
    if (this.inFlight.has(entry.reportId)) return;
    this.inFlight.add(entry.reportId);
    try {
      const outcome = await deliver(this.options.fetch, this.url, entry, unloading);
      if (outcome === "delivered" || outcome === "rejected") {
        if (outcome === "rejected")
          this.options.board.fallback("telemetry-send", `report rejected by the edge`);
        else this.sent += 1;
        await this.outbox.delete(entry.reportId);
      } else {
        if (!unloading) this.options.board.fallback("telemetry-send", "report not delivered; will retry");
        const attempts = entry.attempts + 1;
        await this.outbox.put({ ...entry, attempts, nextAttemptAt: nextAttemptAt(attempts, Date.now()) });
      }
    } catch (error) {
      this.options.board.fallback("telemetry-send", error);
    } finally {
      this.inFlight.delete(entry.reportId);
    }
  }

  private async updateStatus(): Promise<void> {
    const pending = await this.outbox.all().then(
      (e) => e.length,
      () => 0,
    );
    this.options.board.patchTelemetry({ pending, sent: this.sent });
  }
}
