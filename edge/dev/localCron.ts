/// <reference types="node" />

/** wrangler.toml's `[triggers] crons`: the Worker's scheduled handler runs every minute. */
export const WORKER_CRON = "* * * * *";

export type LocalCronOptions = {
  /** Time between two runs, ms; the first run waits for the next full minute. Default 60 000. */
  everyMs?: number;
  /** Told about a run that failed (the edge is down, or the handler threw); the ticking goes on. */
  onError?: (error: Error) => void;
  fetch?: typeof fetch;
};

/**
 * Runs the local Worker's `scheduled` handler on the minute, as Cloudflare's cron trigger does in
 * production: `wrangler dev` fires no crons, but started with `--test-scheduled` it runs the handler
 * on `GET /__scheduled?cron=…` (https://developers.cloudflare.com/workers/configuration/cron-triggers/#test-cron-triggers-locally).
 * Without it, a local guarded rollout never advances and fleet learning never releases.
 * @example const cron = startLocalCron("http://localhost:8787"); …; cron.stop();
 */
export function startLocalCron(endpoint: string, options: LocalCronOptions = {}): { stop(): void } {
  const everyMs = options.everyMs ?? 60_000;
  const call = options.fetch ?? fetch;
  const url = `${endpoint}/__scheduled?cron=${encodeURIComponent(WORKER_CRON)}`;
  const fire = async () => {
    try {
      const res = await call(url);
      await res.text(); // read to the end: a cancelled body shows as a "Broken pipe" error in wrangler's log
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    } catch (error) {
      options.onError?.(error as Error);
    }
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(
    () => {
      void fire();
      interval = setInterval(() => void fire(), everyMs);
    },
    everyMs - (Date.now() % everyMs),
  );
  return {
    stop() {
      clearTimeout(first);
      clearInterval(interval);
    },
  };
}
