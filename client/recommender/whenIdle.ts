/** Longest wait for an idle period after the load event before starting anyway, in ms. */
const IDLE_TIMEOUT_MS = 3000;

/**
 * Runs `task` after the page's load event, in an idle period, so lazy work (tfjs, the model) never
 * competes with the storefront's LCP. Outside a browser it runs on the next tick.
 * @example whenIdleAfterLoad(() => startModel());
 */
export function whenIdleAfterLoad(task: () => void): void {
  const idle = () => onIdle(task, IDLE_TIMEOUT_MS);
  if (
    typeof document === "undefined" ||
    typeof window === "undefined" ||
    document.readyState === "complete"
  ) {
    idle();
    return;
  }
  window.addEventListener("load", () => idle(), { once: true });
}

/**
 * Runs `task` in its own task right after the page's load event (at once if the page has loaded), not
 * waiting for idle time: for start-up work that is cut into short steps and should be ready soon, like
 * the model (the first ranked list should follow the load event closely). Outside a browser: next tick.
 * @example afterLoad(() => startModel());
 */
export function afterLoad(task: () => void): void {
  if (
    typeof document === "undefined" ||
    typeof window === "undefined" ||
    document.readyState === "complete"
  ) {
    setTimeout(task, 0);
    return;
  }
  window.addEventListener("load", () => setTimeout(task, 0), { once: true });
}

/**
 * Runs `task` in the next idle period (at most `timeoutMs` later); on the next tick where the browser
 * has no requestIdleCallback (Safari, Node).
 * @example onIdle(() => aggregate(), 2000);
 */
export function onIdle(task: () => void, timeoutMs: number): void {
  const ric = (globalThis as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => void })
    .requestIdleCallback;
  if (ric) ric(() => task(), { timeout: timeoutMs });
  else setTimeout(task, 0);
}

/**
 * Ends the current task so the browser can paint and handle input before the next step: start-up work
 * is cut into steps each well under the 50 ms long-task threshold. Uses `scheduler.yield()` where it
 * exists (Chromium 129+, https://developer.chrome.com/blog/use-scheduler-yield), else a 0 ms timeout.
 * @example await yieldToMain();
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === "function") return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Resolves once the page has painted its next frame (a requestAnimationFrame callback, then a task), so
 * the work that follows cannot delay the page's first paint or its LCP. A hidden page paints nothing:
 * there it resolves on the next task.
 * @example await afterNextPaint(); reserveSlot(el, "Recommended for you");
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
    if (
      typeof raf !== "function" ||
      (typeof document !== "undefined" && document.visibilityState === "hidden")
    )
      setTimeout(resolve, 0);
    else raf(() => setTimeout(resolve, 0));
  });
}
