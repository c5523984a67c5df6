/**
 * Lowercase hex SHA-256 of some bytes (Web Crypto, available in workerd and Node).
 * @example await sha256Hex(new TextEncoder().encode("abc")) // "ba7816bf..."
 */
export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  // The DOM lib types reject views that might sit on a SharedArrayBuffer; ours never do.
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
