/**
 * 128 random bits as hex: the bucket-permutation salt of a new canary.
 * @example randomSalt() // "5f1c0e…" (32 hex digits)
 */
export function randomSalt(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}
