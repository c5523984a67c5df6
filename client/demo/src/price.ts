/**
 * The Beauty catalog has no prices (see data/README.md), so the demo shows a SYNTHETIC price derived
 * from the item id; every place that shows one labels it as synthetic.
 * @example syntheticPrice(42); // 23.99
 */
export function syntheticPrice(id: number): number {
  // A multiplicative hash (Knuth's 2654435761) spreads consecutive ids over the 4.99..58.99 range.
  const h = Math.imul(id, 2654435761) >>> 0;
  return 4 + (h % 55) + 0.99;
}

/** @example formatPrice(42); // "$23.99" */
export function formatPrice(id: number): string {
  return `$${syntheticPrice(id).toFixed(2)}`;
}
