/** Longest wait for an idle period after the load event before starting anyway, in ms. */
const IDLE_TIMEOUT_MS = 3000;

/**
 * Runs `task` after the page's load event, in an idle period, so lazy work (tfjs, the model) never
 * competes with the storefront's LCP. Outside a browser it runs on the next tick.
 * @example whenIdleAfterLoad(() => startModel());
 */
export function whenIdleAfterLoad(task: () => void): void {
  const idle = () => {
    const ric = (globalThis as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => void })
      .requestIdleCallback;
    if (ric) ric(task, { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(task, 0);
  };
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
