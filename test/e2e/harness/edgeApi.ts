import type { EdgeHandle } from "./startEdge";

/**
 * Calls the edge's JSON API with its admin token; a non-2xx answer throws with its status and body.
 * @example const { live } = await edgeApi<{ live: string }>(edge, "/v1/admin/rollout");
 */
export async function edgeApi<T>(edge: EdgeHandle, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${edge.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${edge.token}`, ...init.headers },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
