/**
 * Hex SHA-256 of bytes with WebCrypto (browsers, workers and Node ≥ 20 all expose `crypto.subtle`).
 * @example await sha256Hex(new TextEncoder().encode("abc")); // "ba7816bf..."
 */
export async function sha256Hex(data: ArrayBuffer | ArrayBufferView): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
