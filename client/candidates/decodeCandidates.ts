import type { Candidate, CandidatesResponse } from "../../model/catalog/index.ts";

/**
 * Pure: keeps the well-formed candidates of a `/v1/candidates` answer (contract 1), throwing when the
 * answer itself is malformed.
 * @example checkCandidates({ catalogVersion: "c1", context: "home", candidates: [...] });
 */
export function checkCandidates(json: unknown): Candidate[] {
  const body = json as Partial<CandidatesResponse> | null;
  if (!body || !Array.isArray(body.candidates)) throw new Error("candidates: malformed answer");
  return body.candidates
    .filter(
      (c) =>
        !!c &&
        Number.isSafeInteger(c.id) &&
        typeof c.title === "string" &&
        Array.isArray(c.categories) &&
        typeof c.features === "object" &&
        c.features !== null,
    )
    .map((c) => (typeof c.sku === "string" ? c : { ...c, sku: String(c.id) })); // an answer cached from before SKUs
}

/**
 * Pure: the well-formed candidates of the raw bytes of a `/v1/candidates` answer (UTF-8 JSON). The
 * scoring worker calls it, so a storefront's main thread never parses the answer while a model is ready.
 * Throws on bytes that are not JSON or not an answer.
 * @example decodeCandidates(await (await fetch("/v1/candidates?context=home")).arrayBuffer());
 */
export function decodeCandidates(bytes: ArrayBuffer | Uint8Array): Candidate[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new Error(`candidates: malformed answer (${error instanceof Error ? error.message : error})`);
  }
  return checkCandidates(json);
}
