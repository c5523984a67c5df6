import type { TelemetryBuffer } from "../telemetry/TelemetryBuffer";
import type { Recommender, RenderOptions, TrackEvent } from "../types";
import { renderWidget } from "../widget/index";
import type { StatusBoard } from "./StatusBoard";

/**
 * render(): draws ranked items into an element with the widget, after undoing what an earlier render
 * left there. Impressions and clicks go to telemetry, and a click is tracked as behaviour. Never throws.
 * @example const render = slotRenderer(board, telemetry, track); render(el, ranked, { slot: "home" });
 */
export function slotRenderer(
  board: StatusBoard,
  telemetry: TelemetryBuffer,
  track: (event: TrackEvent) => unknown,
): Recommender["render"] {
  const cleanups = new WeakMap<Element, () => void>();
  return (el, ranked, renderOptions: RenderOptions = {}) => {
    try {
      cleanups.get(el)?.();
      const stop = renderWidget(el, Array.isArray(ranked) ? ranked : [], renderOptions, {
        onImpression: (_item, slot, position) => telemetry.impression(slot, position),
        onClick: (item, slot, position, event) => {
          telemetry.click(slot, position);
          track({ type: "click", itemId: item.id, slot, position, categories: item.categories });
          renderOptions.onClick?.(item, event);
        },
      });
      cleanups.set(el, stop);
    } catch (error) {
      board.fallback("internal", error);
    }
  };
}
