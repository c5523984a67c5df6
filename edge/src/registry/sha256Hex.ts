/**
 * Lowercase hex SHA-256 of some bytes (Web Crypto, available in workerd and Node).
 * @example await sha256Hex(new TextEncoder().encode("abc")) // "ba7816bf..."
 */
export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
