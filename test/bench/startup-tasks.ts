/**
 * Whether the SDK's start-up makes a long main-thread task on a storefront page, from traces: each load of
 * /demo/embed.html (with its script tag, a fresh Chromium each, as client-load.ts's LCP loads) is traced
 * with V8's sampling profiler while the kernel's scheduler events are recorded (threadSchedule.ts), so
 * that each task's wall time splits into time on a CPU, time runnable waiting for one, and time asleep (a
 * synchronous wait inside the task). The page marks each `new SharedWorker`, `new Worker` and localStorage
 * read or write (a synchronous wait inside one shows as a call asleep for a while). Reported: those calls,
 * and every task over 50 ms of wall time, with the /sdk/ code in it (its share of the task's CPU, the SDK
 * function most sampled) and how its wall time split.
 *   npm run build && npx tsx test/bench/startup-tasks.ts [--loads 15] [--port 8940] [--dedicated] [--out startup-tasks]
 *   (--dedicated: SharedWorker removed before the page's scripts run, so the SDK starts a dedicated worker;
 *   needs perf with the rights to record the whole system's scheduler events)
 */

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { launchBrowser, startEdge } from "../e2e/harness/index.ts";
import { gotoLoaded, openRequests, retryStalled, type Stall } from "./loadStall.ts";
import { type LongTask, longTasks, TRACE_CATEGORIES } from "./mainThreadTrace.ts";
import { median } from "./stats/medianBootstrap.ts";
import {
  cpuOccupants,
  type SpanSchedule,
  spanSchedule,
  startSchedRecording,
  threadTimeline,
} from "./threadSchedule.ts";

const { values } = parseArgs({
  options: {
    loads: { type: "string", default: "15" },
    port: { type: "string", default: "8940" },
    dedicated: { type: "boolean", default: false },
    out: { type: "string", default: "startup-tasks" },
  },
});
const LOADS = Number(values.loads);

/**
 * Wraps the worker constructors and localStorage's reads and writes (the first in a page loads the
 * origin's storage from the browser process): a user-timing mark before and after each call, which the
 * trace carries, and the SDK file that made the call.
 */
const TIME_CALLS = String.raw`
  window.__calls = [];
  ${values.dedicated ? "delete window.SharedWorker;" : ""}
  const timed = (kind, call) => {
    const n = window.__calls.length;
    window.__calls.push({ kind, caller: "" });
    performance.mark("pr-call-start-" + n);
    try {
      return call();
    } finally {
      performance.mark("pr-call-end-" + n);
      const line = (new Error().stack ?? "").split("\n").find((l) => l.includes("/sdk/")) ?? "";
      window.__calls[n].caller = line.replace(/^.*\/sdk\//, "").replace(/-[\w-]{8}\.js.*$/, ".js");
    }
  };
  for (const kind of ["SharedWorker", "Worker"]) {
    const Original = window[kind];
    if (!Original) continue;
    const wrapped = new Proxy(Original, {
      construct: (target, args, newTarget) =>
        timed("new " + kind, () => Reflect.construct(target, args, newTarget === wrapped ? target : newTarget)),
    });
    window[kind] = wrapped;
  }
  for (const method of ["getItem", "setItem", "removeItem"]) {
    const original = Storage.prototype[method];
    Storage.prototype[method] = function (...args) {
      return timed("localStorage." + method, () => original.apply(this, args));
    };
  }
`;

type TraceEvent = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number };
type Call = { kind: string; caller: string; schedule: SpanSchedule | undefined };
type ScheduledTask = LongTask & { calls: string[]; schedule: SpanSchedule | undefined };
/** Who had the CPUs while the page's main thread was runnable in its long tasks: ms per "whose: thread name". */
type Occupants = Record<string, number>;
type Load = { calls: Call[]; longTasks: ScheduledTask[]; occupants: Occupants };

const parentOf = (pid: number): number | undefined => {
  try {
    // The field after the command name, which may itself hold spaces or parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
};

/** This Chromium's processes: every descendant of the browser process above the page's renderer. */
function chromiumProcesses(rendererPid: number): Set<number> {
  let browser = rendererPid;
  for (let p: number | undefined = rendererPid; p && p > 1; p = parentOf(p)) {
    const cmdline = readFileSync(`/proc/${p}/cmdline`, "latin1");
    if (!/chrom/.test(cmdline)) break;
    browser = p;
    if (!cmdline.includes("--type=")) break;
  }
  const ours = new Set([browser]);
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    for (let p: number | undefined = Number(entry); p && p > 1; p = parentOf(p)) {
      if (p === browser) ours.add(Number(entry));
    }
  }
  return ours;
}

async function loadOnce(url: string): Promise<Load> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const open = openRequests(context);
    context.setDefaultTimeout(180_000);
    await context.addInitScript({ content: TIME_CALLS });
    const page = await context.newPage();
    const recording = await startSchedRecording();
    await browser.startTracing(page, { categories: [...TRACE_CATEGORIES, "blink.user_timing"] });
    await gotoLoaded(page, `${url}/demo/embed.html`, open);
    await page.waitForSelector("#pocketrank-slot .pocketrank__item:not(.pocketrank__skeleton)");
    // The same window as client-load.ts's LCP loads: the lazy model, the re-rank, the deferred benchmark.
    await page.waitForTimeout(8_000);
    const made = await page.evaluate(
      () => (window as unknown as { __calls: { kind: string; caller: string }[] }).__calls,
    );
    const trace = JSON.parse((await browser.stopTracing()).toString());
    const sched = await recording.stop();
    const events: TraceEvent[] = trace.traceEvents;
    const mark = (name: string) => events.find((e) => e.name === name);
    const spans = made.map((call, n) => ({
      ...call,
      start: mark(`pr-call-start-${n}`),
      end: mark(`pr-call-end-${n}`),
    }));
    // The trace names threads by their OS ids (no sandbox here): a renderer's main thread's id is its PID.
    const calls = spans.map(({ start, end, ...call }) => ({
      ...call,
      schedule: start && end ? spanSchedule(threadTimeline(sched, start.tid), start.ts, end.ts) : undefined,
    }));
    const tasks = longTasks(trace, 50).map((t) => {
      const end = t.startUs + t.wallMs * 1000;
      return {
        ...t,
        calls: spans.filter((c) => c.start && c.start.ts >= t.startUs && c.start.ts < end).map((c) => c.kind),
        schedule: spanSchedule(threadTimeline(sched, t.pid), t.startUs, end),
      };
    });
    const pagePid = tasks[0]?.pid ?? spans[0]?.start?.pid;
    const occupants: Occupants = {};
    if (pagePid) {
      const ours = chromiumProcesses(pagePid);
      const spansUs = tasks.map((t): [number, number] => [t.startUs, t.startUs + t.wallMs * 1000]);
      for (const o of cpuOccupants(sched, threadTimeline(sched, pagePid), spansUs).values()) {
        const whose =
          o.comm === "idle"
            ? ""
            : o.process === pagePid
              ? "the page's process: "
              : ours.has(o.process)
                ? "this Chromium: "
                : "other: ";
        const key = `${whose}${o.comm}`;
        occupants[key] = (occupants[key] ?? 0) + o.ms;
      }
    }
    return { calls, longTasks: tasks, occupants };
  } finally {
    await browser.close();
  }
}

const stalls: Stall[] = [];
const edge = await startEdge({ port: Number(values.port), seed: true });
const loads: Load[] = [];
const started = new Date().toISOString();
const loadAtStart = loadavg();
try {
  for (let i = 0; i < LOADS; i++)
    loads.push(await retryStalled(`load ${i + 1}`, stalls, () => loadOnce(edge.url)));
} finally {
  await edge.stop();
}

const fmtSchedule = (s: SpanSchedule | undefined) =>
  s
    ? `on a CPU ${s.cpuMs.toFixed(1)}, runnable ${s.runnableMs.toFixed(1)}, asleep ${s.asleepMs.toFixed(1)} ms`
    : "not recorded";
/** The sum of each state over the spans recorded. */
const totals = (spans: (SpanSchedule | undefined)[]) => {
  const read = spans.flatMap((s) => (s ? [s] : []));
  const sum = (f: (s: SpanSchedule) => number) => read.reduce((n, s) => n + f(s), 0).toFixed(1);
  return (
    `${read.length} recorded: wall ${sum((s) => s.wallMs)} ms = on a CPU ${sum((s) => s.cpuMs)} + ` +
    `runnable ${sum((s) => s.runnableMs)} + asleep ${sum((s) => s.asleepMs)}; ` +
    `most asleep in one ${Math.max(0, ...read.map((s) => s.asleepMs)).toFixed(1)} ms`
  );
};

console.log(
  `\n${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, load average ${loadAtStart[0].toFixed(1)} → ${loadavg()[0].toFixed(1)}; ` +
    `${LOADS} loads of embed.html${values.dedicated ? " (no SharedWorker)" : ""}, ${started}`,
);
const allCalls = loads.flatMap((l) => l.calls);
for (const kind of [...new Set(allCalls.map((c) => c.kind))]) {
  const calls = allCalls.filter((c) => c.kind === kind);
  const wall = calls.flatMap((c) => (c.schedule ? [c.schedule.wallMs] : []));
  console.log(
    `${kind} (from ${[...new Set(calls.map((c) => c.caller || "the page"))].join(", ")}): ${calls.length} calls, ` +
      `wall median ${median(wall).toFixed(2)} ms, max ${Math.max(0, ...wall).toFixed(1)}; ${totals(calls.map((c) => c.schedule))}`,
  );
}
// A page's first localStorage call loads the origin's storage from the browser process, synchronously.
const firstStorage = loads.map((l) => l.calls.find((c) => c.kind.startsWith("localStorage."))?.schedule);
console.log(
  `first localStorage call of each load, asleep ms: [${firstStorage.map((s) => s?.asleepMs.toFixed(1) ?? "-").join(", ")}]; ` +
    `wall ms: [${firstStorage.map((s) => s?.wallMs.toFixed(1) ?? "-").join(", ")}]`,
);
const allTasks = loads.flatMap((l) => l.longTasks);
const sdkTasks = allTasks.filter((t) => t.sdkMs > 0);
console.log(
  `tasks over 50 ms wall: ${allTasks.length} in ${LOADS} loads [${loads.map((l) => l.longTasks.length).join(", ")}]; ` +
    `with /sdk/ code: ${sdkTasks.length} [${loads.map((l) => l.longTasks.filter((t) => t.sdkMs > 0).length).join(", ")}]`,
);
for (const t of sdkTasks) {
  console.log(
    `  /sdk/: ${t.wallMs.toFixed(0)} ms wall, ${t.cpuMs.toFixed(1)} ms CPU, /sdk/ ${t.sdkCpuMs.toFixed(1)} ms CPU ` +
      `(most: ${t.sdkTop}); mostly ${t.mostly}${t.calls.length ? `; calls in it: ${t.calls.join(", ")}` : ""}; ` +
      `the thread: ${fmtSchedule(t.schedule)}`,
  );
}
console.log(`all tasks over 50 ms: ${totals(allTasks.map((t) => t.schedule))}`);
const occupied = new Map<string, number>();
for (const l of loads)
  for (const [k, ms] of Object.entries(l.occupants)) occupied.set(k, (occupied.get(k) ?? 0) + ms);
console.log(
  `  while the page's thread was runnable in them, the CPUs ran (ms, summed over both CPUs): ${[...occupied]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([k, ms]) => `${k} ${ms.toFixed(0)}`)
    .join("; ")}`,
);
console.log(`those with /sdk/ code: ${totals(sdkTasks.map((t) => t.schedule))}`);
console.log(
  `most CPU (trace) in a task with /sdk/ code: ${Math.max(0, ...sdkTasks.map((t) => t.cpuMs)).toFixed(1)} ms`,
);
writeFileSync(
  resolve(import.meta.dirname, `results/${values.out}.json`),
  `${JSON.stringify({ started, loadAtStart, loadAtEnd: loadavg(), dedicated: values.dedicated, loads, stalls }, null, 2)}\n`,
);
