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
  | { kind: "switch"; at: number; prev: number; prevState: string; next: number }
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
        const text = execFileSync("perf", ["script", "-i", file, "-F", "time,event,trace"], {
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
    const time = /^\s*(\d+\.\d+):/.exec(line);
    if (!time) continue;
    const at = Number(time[1]) * 1e6;
    const sw = /prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+) ==> next_comm=.* next_pid=(\d+)/.exec(line);
    if (sw) {
      events.push({ kind: "switch", at, prev: Number(sw[1]), prevState: sw[2], next: Number(sw[3]) });
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
