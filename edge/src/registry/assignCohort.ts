import type { Cohort } from "./types";

/** Buckets are integers 0..BUCKETS-1; the client draws one at random and keeps it. */
export const BUCKETS = 10_000;

// The permutation runs on 14 bits (2^14 = 16384 >= 10000) as a balanced 7+7-bit Feistel network and
// "cycle-walks" values >= 10000 back into range, which keeps it a bijection on 0..9999
// (Black & Rogaway, "Ciphers with Arbitrary Finite Domains", CT-RSA 2002).
const HALF_BITS = 7;
const HALF_MASK = (1 << HALF_BITS) - 1;
const ROUNDS = 6;

/** FNV-1a over UTF-16 code units, then the murmur3 finaliser for avalanche. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** murmur3's 32-bit finaliser (https://github.com/aappleby/smhasher, MurmurHash3.cpp). */
function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A salted bijection of 0..9999. Same salt, same permutation; a new salt reshuffles every bucket.
 * @example permuteBucket(42, "a1b2") // some fixed value in 0..9999
 */
export function permuteBucket(bucket: number, salt: string): number {
  const keys = Array.from({ length: ROUNDS }, (_, i) => hash32(`${salt}:${i}`));
  let x = bucket;
  do {
    let left = x >>> HALF_BITS;
    let right = x & HALF_MASK;
    for (const key of keys) {
      const mixed = fmix32(Math.imul(right, 0x9e3779b1) ^ key) & HALF_MASK;
      [left, right] = [right, left ^ mixed];
    }
    x = (left << HALF_BITS) | right;
  } while (x >= BUCKETS);
  return x;
}

/**
 * Decides canary vs live for a bucket: canary when the bucket's salted position is below
 * `canaryPercent` of 10,000 (resolution 0.01 %). Because the positions are a permutation, exactly
 * round(canaryPercent × 100) buckets are on the canary, and raising the percentage with the same salt
 * only adds buckets (nobody flips back to live while a canary ramps up).
 * @example assignCohort(1234, "salt", 10) // "canary" for 1,000 of the 10,000 buckets
 */
export function assignCohort(bucket: number, salt: string, canaryPercent: number): Cohort {
  const threshold = Math.round(canaryPercent * 100);
  return permuteBucket(bucket, salt) < threshold ? "canary" : "live";
}

/**
 * Parses a `bucket` query value: an integer 0..9999 written in plain decimal, else undefined.
 * @example parseBucket("42") // 42
 * @example parseBucket("1e3") // undefined
 */
export function parseBucket(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,4}$/.test(raw)) return undefined;
  const bucket = Number(raw);
  return bucket < BUCKETS ? bucket : undefined;
}
