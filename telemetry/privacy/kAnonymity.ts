/**
 * Smallest cohort shown or exported (DESIGN.md): a slice built from fewer reports reads "not
 * enough data". 50 keeps any one device under 2% of a slice even before noise.
 */
export const K_ANONYMITY = 50;

/**
 * Whether a slice of `count` reports may be shown or exported.
 * @example meetsK(49) // false
 */
export function meetsK(count: number, k: number = K_ANONYMITY): boolean {
  return Number.isFinite(count) && count >= k;
}
