/**
 * Lower-case hex SHA-256 through WebCrypto, which Node ≥ 20, browsers (secure contexts and workers) and
 * workerd all provide as `globalThis.crypto.subtle`; read lazily so the module imports anywhere.
 * @example await sha256Hex(new TextEncoder().encode("abc")) // "ba7816bf…"
 */
export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error("SHA-256 needs WebCrypto (crypto.subtle): use a secure context");
  const digest = await subtle.digest("SHA-256", data as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
