import type { Env } from "../types";
import type { FleetAggregator } from "./FleetAggregator";

/**
 * The RPC stub of the aggregator named `name` (`${version}:${hour}:${shard}`, see shardKey.ts).
 * `Env.FLEET` is declared without its class, so the typed view lives here, once.
 * @example await aggregatorStub(env, "v1:1764291600000:2").stats()
 */
export function aggregatorStub(env: Env, name: string): DurableObjectStub<FleetAggregator> {
  const namespace = env.FLEET as unknown as DurableObjectNamespace<FleetAggregator>;
  return namespace.get(namespace.idFromName(name));
}
