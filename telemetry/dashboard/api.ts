/**
 * A fleet request unanswered after this long fails its refresh, in ms: the dashboard runs one refresh at
 * a time, so a request that never answers would otherwise stop every later refresh.
 */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Reads the fleet JSON API. The dashboard is served by the same Worker, so by default it calls its
 * own origin; `?endpoint=https://edge.example` points it at another edge.
 * @example const overview = await fleetApi<FleetOverview>("overview", { hours: 24 });
 */
export async function fleetApi<T>(
  path: string,
  params: Record<string, string | number | undefined> = {},
): Promise<T> {
  const base = new URLSearchParams(location.search).get("endpoint") ?? location.origin;
  const url = new URL(`/v1/fleet/${path}`, base);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, String(value));
  const res = await fetch(url, {
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(`${url.pathname}: ${res.status} ${body?.error?.message ?? res.statusText}`);
  }
  return (await res.json()) as T;
}
