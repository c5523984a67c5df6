import type { Env } from "../types";

/** Cron work (alert evaluation, rollup flushes). Placeholder until telemetry lands. */
export async function runScheduled(_env: Env): Promise<void> {}
