/**
 * A fresh random 128-bit report id (32 hex digits) from the platform CSPRNG. New for each report,
 * derived from nothing, linked to nothing.
 * @example newReportId() // "9f1c…" (32 hex digits)
 */
export function newReportId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The UTC hour start of a time, in the report's `windowStart` form.
 * @example coarsenToHour(Date.parse("2026-01-31T13:47:12.345Z")) // "2026-01-31T13:00:00Z"
 */
export function coarsenToHour(time: number | Date): string {
  const ms = typeof time === "number" ? time : time.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("time must be a finite epoch ms or a valid Date");
  const hour = Math.floor(ms / 3_600_000) * 3_600_000;
  return `${new Date(hour).toISOString().slice(0, 13)}:00:00Z`;
}
