import type { Fetcher } from "../model/downloadVersion";
import type { ResilientStore } from "../store/index";
import type { TelemetryBuffer } from "../telemetry/TelemetryBuffer";
import type { StatusBoard } from "./StatusBoard";
import { whenIdleAfterLoad } from "./whenIdle";

export type IdleChunkOptions = {
  endpoint: string;
  fetch: Fetcher;
  storage: "indexeddb" | "memory";
  dbName: string;
  board: StatusBoard;
  telemetry: TelemetryBuffer;
  /** The behaviour store (see ShopperHistory.store). */
  store: () => Promise<ResilientStore>;
  /** Options off: `telemetry: false` disables the buffer, `contribute: false` loads no learning. */
  sendTelemetry: boolean;
  contribute: boolean;
  telemetryWindowMs?: number;
};

/** What the page can ask of the idle-time chunks before their idle time comes. */
export type IdleChunks = {
  /**
   * Starts the telemetry session now unless it has started (it reads the outbox that earlier pages left);
   * settles once it is attached or has failed. Resolves at once where telemetry is off.
   */
  telemetryStarted(): Promise<void>;
};

/**
 * The optional parts, each a chunk loaded when the page is idle after its load event: the telemetry
 * session (fed by the buffer the loader filled meanwhile) and the fleet-learning contributions. A chunk
 * that fails to load changes nothing for the page.
 * @example const idle = startIdleChunks({ endpoint, fetch, storage, dbName, board, telemetry, store, sendTelemetry: true, contribute: true });
 */
export function startIdleChunks(options: IdleChunkOptions): IdleChunks {
  const { endpoint, fetch, storage, dbName, board, telemetry } = options;
  let telemetryStart: Promise<void> | undefined;
  const startTelemetryOnce = (): Promise<void> =>
    (telemetryStart ??= import("../telemetry/startTelemetry")
      .then(({ startTelemetry }) =>
        startTelemetry({ endpoint, fetch, storage, dbName, board, windowMs: options.telemetryWindowMs }),
      )
      .then((session) => telemetry.attach(session))
      .catch((error) => {
        board.fallback("telemetry-send", error);
        telemetry.disable();
      }));
  if (options.sendTelemetry) {
    board.patchTelemetry({ enabled: true });
    whenIdleAfterLoad(() => void startTelemetryOnce());
  } else telemetry.disable();
  if (options.contribute) {
    whenIdleAfterLoad(() => {
      import("../learning/startContributions")
        .then(({ startContributions }) =>
          startContributions({ endpoint, fetch, store: options.store, dbName }),
        )
        .catch(() => {}); // learning is optional: a failed chunk load changes nothing for the page
    });
  }
  if (typeof document !== "undefined") {
    // Histograms deferred to idle time must land in the window the telemetry session seals on hide
    // (registered first, so this runs before the session's own handler).
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") telemetry.drain();
    });
  }
  return { telemetryStarted: () => (options.sendTelemetry ? startTelemetryOnce() : Promise.resolve()) };
}
