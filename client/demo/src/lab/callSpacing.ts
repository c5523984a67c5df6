import { decodeColumns, encodeAnswer } from "../../../../model/catalog/binaryAnswer/index.ts";
import { encodeRequest, type HeldBatch } from "../../../../model/features/index.ts";
import { foldConstants, preferredGather, scoreCandidatesAsync } from "../../../../model/index.ts";
import { loadLiveModel, labTf as tf } from "./naive";
import { benchCandidates } from "./syntheticLoad";

/** What comes before each timed call (see callSpacing). */
export const SPACINGS = [
  "back to back",
  "after 4 ms",
  "after 4 ms busy",
  "after 20 ms",
  "after a fetch",
] as const;
export type Spacing = (typeof SPACINGS)[number];

/**
 * The scoring worker's inference (what BackendModel.score runs: encodeRequest on the held batch, then
 * scoreCandidatesAsync with the folded weights and the backend's gather) on this page's thread, for `n` of
 * the edge's candidates and a history of `historyLength` of them (with their categories), the same answer
 * every call, as the worker scores a repeated answer. Each call is timed alone, `runs` times per spacing,
 * the spacings interleaved call by call: back to back, after a pause of 4 or 20 ms (a thread that waited,
 * as the worker waits on the network), after 4 ms of this thread spinning on the clock (time passes, but the
 * thread never sleeps), and right after a fetch of the edge's answer (the bench's calls).
 * Returns the ms of each call by spacing.
 * @example const ms = await callSpacing("wasm", 500, 8, 100); median(ms["after 4 ms"]);
 */
export async function callSpacing(
  backend: string,
  n: number,
  historyLength: number,
  runs: number,
): Promise<Record<Spacing, number[]>> {
  const { params: loaded, config } = await loadLiveModel(backend);
  const params = foldConstants(loaded, config);
  try {
    const candidates = await benchCandidates(n);
    const { columns } = decodeColumns(encodeAnswer({ catalogVersion: "lab", context: "home", candidates }));
    const viewed = candidates.slice(0, historyLength);
    const request = {
      history: viewed.map((c) => c.id),
      historyCategories: viewed.map((c) => c.categories ?? []),
      candidates: columns,
    };
    const gather = preferredGather(params);
    let held: HeldBatch | undefined;
    const score = async () => {
      const started = performance.now();
      held = encodeRequest(request, config, held);
      await scoreCandidatesAsync(params, config, held.batch, gather);
      return performance.now() - started;
    };
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const before: Record<Spacing, () => Promise<unknown>> = {
      "back to back": async () => {},
      "after 4 ms": () => pause(4),
      "after 4 ms busy": async () => {
        for (const until = performance.now() + 4; performance.now() < until; );
      },
      "after 20 ms": () => pause(20),
      "after a fetch": async () =>
        (await fetch(`/v1/candidates?context=home&limit=${Math.min(n, 500)}`)).arrayBuffer(),
    };
    for (let i = 0; i < 20; i++) await score();
    const ms = Object.fromEntries(SPACINGS.map((s) => [s, [] as number[]])) as Record<Spacing, number[]>;
    for (let run = 0; run < runs; run++) {
      for (const spacing of SPACINGS) {
        await before[spacing]();
        // Back to back: the call follows the previous spacing's call at once.
        if (spacing === "back to back") await score();
        ms[spacing].push(await score());
      }
    }
    return ms;
  } finally {
    tf.dispose(Object.values(params));
  }
}
