/**
 * Long main-thread tasks from a Chromium performance trace, with how much of each was pocketrank's
 * code. The Long Tasks and Long Animation Frame APIs give a task's wall time and the scripts that ran,
 * but not who used the time: on a loaded 2-core machine a 10 ms script can sit in a 75 ms frame because
 * the OS ran other threads (the scoring worker, the GPU process, the edge) or the page laid itself out.
 * The trace gives each task's thread CPU time, and V8's sampling profiler gives the JavaScript stacks in
 * it, so a long task can be split into pocketrank's own work (samples with an /sdk/ frame on the stack)
 * and the rest. Used by test/bench/client-load.ts.
 */

/** Trace categories: top-level tasks with CPU time, and the JS sampling profiler. */
export const TRACE_CATEGORIES = [
  "toplevel",
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-v8.cpu_profiler",
];

type CallFrame = { functionName: string; url?: string };
type ProfileNode = { id: number; parent?: number; callFrame: CallFrame };
type TraceEvent = {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  id?: string;
  dur?: number;
  tdur?: number;
  args?: {
    name?: string;
    data?: {
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
};

export type LongTask = {
  /** The renderer process and the task's start, trace microseconds (the monotonic clock on Linux). */
  pid: number;
  startUs: number;
  /** Wall time of the task, ms. */
  wallMs: number;
  /** CPU time of the main thread during the task, ms. */
  cpuMs: number;
  /**
   * Wall time sampled with pocketrank's code (an /sdk/ frame) on the stack during the task, ms. It
   * includes the time the thread waited for a core while in that code.
   */
  sdkMs: number;
  /** pocketrank's share of the task's CPU time: cpuMs × sdkMs / wallMs, ms. */
  sdkCpuMs: number;
  /** pocketrank's most sampled function in the task, "function file". */
  sdkTop: string;
  /** The trace event that took most of the task (e.g. "Layout", "FunctionCall", "v8.evaluateModule"). */
  mostly: string;
};

/**
 * The page renderer's main-thread tasks over `thresholdMs` of wall time, with their CPU time and the time
 * sampled in scripts whose URL contains `codePath`.
 * @example const tasks = longTasks(JSON.parse(trace.toString()));
 */
export function longTasks(
  trace: { traceEvents: TraceEvent[] } | TraceEvent[],
  thresholdMs = 50,
  codePath = "/sdk/",
): LongTask[] {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  // Page renderers only: headless Chromium also runs a "WebUI Top Renderer" with long tasks of its own.
  const pageProcesses = new Set(
    events
      .filter((e) => e.ph === "M" && e.name === "process_name" && e.args?.name === "Renderer")
      .map((e) => e.pid),
  );
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain")
      .filter((e) => pageProcesses.has(e.pid))
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const samples = mainThreadSamples(events, mainThreads, codePath);
  const onMain = events.filter((e) => e.ph === "X" && mainThreads.has(`${e.pid}:${e.tid}`));
  return onMain
    .filter((e) => e.name === "RunTask" && (e.dur ?? 0) > thresholdMs * 1000)
    .map((task) => {
      const end = task.ts + (task.dur ?? 0);
      const within = new Map<string, number>();
      for (const e of onMain) {
        if (e.tid !== task.tid || e.pid !== task.pid || e.ts < task.ts || e.ts >= end) continue;
        if (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") continue;
        within.set(e.name, (within.get(e.name) ?? 0) + (e.dur ?? 0));
      }
      const ours = samples.filter((s) => s.pid === task.pid && s.ts >= task.ts && s.ts < end && s.ours);
      const byFunction = new Map<string, number>();
      // A sample stands for the time until the next one, cut at the task's end.
      const msOf = (s: Sample) => (Math.min(s.next, end) - s.ts) / 1000;
      for (const s of ours) byFunction.set(s.ours!, (byFunction.get(s.ours!) ?? 0) + msOf(s));
      const top = [...byFunction].sort((a, b) => b[1] - a[1])[0];
      const wallMs = (task.dur ?? 0) / 1000;
      const cpuMs = (task.tdur ?? task.dur ?? 0) / 1000;
      const sdkMs = ours.reduce((sum, s) => sum + msOf(s), 0);
      return {
        pid: task.pid,
        startUs: task.ts,
        wallMs,
        cpuMs,
        sdkMs,
        sdkCpuMs: wallMs > 0 ? cpuMs * Math.min(1, sdkMs / wallMs) : 0,
        sdkTop: top ? top[0] : "",
        mostly: [...within].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "",
      };
    });
}

type Sample = { pid: number; ts: number; next: number; ours: string | undefined };

/**
 * The main threads' profiler samples: time stamp, that of the next sample, and, when the stack
 * holds a frame from `codePath`, the innermost such frame ("function file").
 */
function mainThreadSamples(events: TraceEvent[], mainThreads: Set<string>, codePath: string): Sample[] {
  const out: Sample[] = [];
  const profiles = events.filter((e) => e.name === "Profile" && mainThreads.has(`${e.pid}:${e.tid}`));
  for (const profile of profiles) {
    const nodes = new Map<number, ProfileNode>();
    const ours = new Map<number, string | undefined>();
    const oursOf = (id: number): string | undefined => {
      if (ours.has(id)) return ours.get(id);
      const node = nodes.get(id);
      const url = node?.callFrame.url ?? "";
      const value = url.includes(codePath)
        ? `${node!.callFrame.functionName || "(anonymous)"} ${url.split("/").pop()}`
        : node?.parent !== undefined
          ? oursOf(node.parent)
          : undefined;
      ours.set(id, value);
      return value;
    };
    let ts = profile.args?.data?.startTime ?? profile.ts;
    const stamps: { ts: number; node: number }[] = [];
    const chunks = events.filter(
      (e) => e.name === "ProfileChunk" && e.pid === profile.pid && e.id === profile.id,
    );
    for (const chunk of chunks) {
      for (const node of chunk.args?.data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
      const ids = chunk.args?.data?.cpuProfile?.samples ?? [];
      const deltas = chunk.args?.data?.timeDeltas ?? [];
      ids.forEach((node, i) => {
        ts += deltas[i] ?? 0;
        stamps.push({ ts, node });
      });
    }
    stamps.forEach((s, i) => {
      out.push({ pid: profile.pid, ts: s.ts, next: stamps[i + 1]?.ts ?? s.ts, ours: oursOf(s.node) });
    });
  }
  return out;
}
