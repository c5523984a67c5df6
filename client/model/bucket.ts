import { defaultStorage, type LocalStore } from "./localStore";

/** Number of rollout buckets; the edge maps bucket → cohort (contract 4: `GET /v1/model?bucket=0..9999`). */
export const BUCKETS = 10_000;

const KEY = "pocketrank:bucket";

/** The subset of Web Storage the bucket needs (localStorage in the browser, anything in tests). */
export type BucketStorage = LocalStore;

/**
 * Pure: a stored bucket string back to a bucket, or undefined when it is missing or not a valid bucket.
 * @example parseBucket("42"); // 42
 */
export function parseBucket(raw: string | null | undefined): number | undefined {
  if (raw == null || !/^\d{1,4}$/.test(raw)) return undefined;
  const bucket = Number(raw);
  return bucket < BUCKETS ? bucket : undefined;
}

/**
 * The device's stable random rollout bucket, created once and kept locally. It only ever goes to
 * `GET /v1/model`, never with behaviour or telemetry, so it cannot link a report to a shopper.
 * Without storage (private mode) the bucket lives for this page only.
 * @example const bucket = getBucket(); // 0..9999, the same on every visit
 */
export function getBucket(
  storage: BucketStorage | undefined = defaultStorage(),
  random = Math.random,
): number {
  try {
    const stored = parseBucket(storage?.getItem(KEY));
    if (stored !== undefined) return stored;
  } catch {
    // storage access can throw (disabled cookies); use a fresh bucket
  }
  const bucket = Math.floor(random() * BUCKETS) % BUCKETS;
  try {
    storage?.setItem(KEY, String(bucket));
  } catch {
    // quota or disabled: the bucket lasts for this page
  }
  return bucket;
}
