/**
 * Where a renderer's main thread spent a stretch of wall time, from the kernel's scheduler events
 * (`perf record -e sched:sched_switch,sched:sched_wakeup -a`, on the monotonic clock that Chromium's
 * traces use on Linux): on a CPU, runnable but waiting for one (the machine was busy), or asleep (the
 * thread blocked: a synchronous wait, e.g. an IPC, inside a task). A trace's thread CPU time cannot tell
 * the last two apart; these events can. Needs perf and the rights to trace the whole system (root here).
 * Used by startup-tasks.ts.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One scheduler event: at (µs, monotonic); a switch from prev to next, or a wake-up of `pid`. */
type SchedEvent =
  | {
      kind: "switch";
      at: number;
      cpu: number;
      /** The thread switched away from, its process and its name. */
      prev: number;
      prevProcess: number;
      prevComm: string;
      prevState: string;
      next: number;
    }
  | { kind: "wakeup"; at: number; pid: number };
type ThreadState = "cpu" | "runnable" | "asleep";
/** A thread's states over time: each from `at` until the next entry. */
export type ThreadTimeline = { at: number; state: ThreadState }[];
/** How a span of wall time split on the thread, ms. */
export type SpanSchedule = { wallMs: number; cpuMs: number; runnableMs: number; asleepMs: number };

/** How long perf is given to start recording, ms. */
const PERF_START_MS = 2_000;

/**
 * Starts recording every CPU's context switches and wake-ups; `stop()` ends it and gives the events.
 * @example const rec = await startSchedRecording(); … const events = await rec.stop(); threadTimeline(events, pid);
 */
export async function startSchedRecording(): Promise<{ stop(): Promise<SchedEvent[]> }> {
  const dir = mkdtempSync(join(tmpdir(), "sched-"));
  const file = join(dir, "perf.data");
  const perf: ChildProcess = spawn(
    "perf",
    [
      "record",
      "-q",
      "-a",
      "-k",
      "CLOCK_MONOTONIC",
      "-e",
      "sched:sched_switch,sched:sched_wakeup",
      "-o",
      file,
    ],
    { stdio: "ignore" },
  );
  const exited = new Promise<void>((resolve) => perf.once("exit", () => resolve()));
  // perf takes a moment to set up its per-CPU buffers: events before that are lost.
  await new Promise((resolve) => setTimeout(resolve, PERF_START_MS));
  return {
    async stop() {
      perf.kill("SIGINT");
      await exited;
      try {
        const text = execFileSync("perf", ["script", "-i", file, "-F", "pid,tid,cpu,time,event,trace"], {
          encoding: "utf8",
          maxBuffer: 1 << 30,
          stdio: ["ignore", "pipe", "ignore"],
        });
        return parseSchedEvents(text);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function parseSchedEvents(text: string): SchedEvent[] {
  const events: SchedEvent[] = [];
  for (const line of text.split("\n")) {
    const head = /^\s*(\d+)\/\d+\s+\[(\d+)\]\s+(\d+\.\d+):/.exec(line);
    if (!head) continue;
    const at = Number(head[3]) * 1e6;
    const sw =
      /prev_comm=(.*) prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+) ==> next_comm=.* next_pid=(\d+)/.exec(
        line,
      );
    if (sw) {
      const [, prevComm, prev, prevState, next] = sw;
      const cpu = Number(head[2]);
      events.push({
        kind: "switch",
        at,
        cpu,
        prev: Number(prev),
        prevProcess: Number(head[1]),
        prevComm,
        prevState,
        next: Number(next),
      });
      continue;
    }
    const wake = /sched_wakeup:.* pid=(\d+) prio=/.exec(line);
    if (wake) events.push({ kind: "wakeup", at, pid: Number(wake[1]) });
  }
  return events;
}

/**
 * One thread's states: on a CPU from a switch to it; after a switch away, runnable if it was preempted
 * (state R) or asleep until its wake-up, then runnable until it runs again.
 */
export function threadTimeline(events: SchedEvent[], tid: number): ThreadTimeline {
  const timeline: ThreadTimeline = [];
  for (const e of events) {
    if (e.kind === "switch" && e.next === tid) timeline.push({ at: e.at, state: "cpu" });
    else if (e.kind === "switch" && e.prev === tid)
      timeline.push({ at: e.at, state: e.prevState.startsWith("R") ? "runnable" : "asleep" });
    else if (e.kind === "wakeup" && e.pid === tid && timeline.at(-1)?.state === "asleep")
      timeline.push({ at: e.at, state: "runnable" });
  }
  return timeline;
}

/**
 * The thread's time on a CPU, runnable and asleep over [startUs, endUs]; undefined when the recording
 * does not cover the span.
 */
export function spanSchedule(
  timeline: ThreadTimeline,
  startUs: number,
  endUs: number,
): SpanSchedule | undefined {
  if (!timeline.length || timeline[0].at > startUs || timeline.at(-1)!.at < endUs) return undefined;
  const ms = { cpu: 0, runnable: 0, asleep: 0 };
  timeline.forEach((entry, i) => {
    const from = Math.max(entry.at, startUs);
    const to = Math.min(timeline[i + 1]?.at ?? endUs, endUs);
    if (to > from) ms[entry.state] += (to - from) / 1000;
  });
  return { wallMs: (endUs - startUs) / 1000, cpuMs: ms.cpu, runnableMs: ms.runnable, asleepMs: ms.asleep };
}

/**
 * Who had the CPUs while a thread was runnable but not running, over the given spans: ms per running
 * thread's process and name ("idle" for the kernel's idle task), from each CPU's switches.
 * @example cpuOccupants(events, threadTimeline(events, pid), [[start, end]]) // Map { "123 DedicatedWorker" => 12.5, … }
 */
export function cpuOccupants(
  events: SchedEvent[],
  timeline: ThreadTimeline,
  spans: [number, number][],
): Map<string, { process: number; comm: string; ms: number }> {
  // The spans' stretches in which the thread was runnable.
  const waiting: [number, number][] = [];
  for (const [start, end] of spans) {
    timeline.forEach((entry, i) => {
      if (entry.state !== "runnable") return;
      const from = Math.max(entry.at, start);
      const to = Math.min(timeline[i + 1]?.at ?? end, end);
      if (to > from) waiting.push([from, to]);
    });
  }
  const out = new Map<string, { process: number; comm: string; ms: number }>();
  const lastSwitch = new Map<number, number>();
  for (const e of events) {
    if (e.kind !== "switch") continue;
    const from = lastSwitch.get(e.cpu);
    lastSwitch.set(e.cpu, e.at);
    if (from === undefined) continue;
    // On this CPU, e.prev ran from the CPU's previous switch until this one.
    let ms = 0;
    for (const [a, b] of waiting) ms += Math.max(0, Math.min(b, e.at) - Math.max(a, from)) / 1000;
    if (ms === 0) continue;
    const comm = e.prev === 0 ? "idle" : e.prevComm;
    const key = `${e.prev === 0 ? 0 : e.prevProcess} ${comm}`;
    const entry = out.get(key) ?? { process: e.prev === 0 ? 0 : e.prevProcess, comm, ms: 0 };
    entry.ms += ms;
    out.set(key, entry);
  }
  return out;
}
