export type { WidgetHooks } from "./renderWidget";
export { renderWidget, reserveSlot } from "./renderWidget";
export { ensureStyles, PLACEHOLDER_IMAGE, WIDGET_CSS } from "./styles";
