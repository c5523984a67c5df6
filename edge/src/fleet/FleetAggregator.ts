import { DurableObject } from "cloudflare:workers";
import type { Env } from "../types";

// Placeholder; replaced by the telemetry aggregation work.
export class FleetAggregator extends DurableObject<Env> {}
