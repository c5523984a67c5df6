/**
 * Stands in for tfjs-core's string hashing (its dist/hash_util: `fingerPrint64`, `hexToLong`) in the SDK's
 * build (vite.config.ts aliases it here). Only the StringToHashBucketFast kernel calls it, on string
 * tensors, which scoring never makes; the original builds its constants with the `long` package when
 * tfjs-core is evaluated, and `long` compiles a WebAssembly module synchronously as it is evaluated, on every
 * start of the scoring worker.
 */
const leftOut = (): never => {
  throw new Error("tfjs' string hashing (StringToHashBucketFast) is left out of pocketrank's build");
};

/** tfjs' 64-bit fingerprint of a string's bytes. */
export const fingerPrint64 = leftOut;

/** A 64-bit integer from hex digits. */
export const hexToLong = leftOut;
