import * as v from "valibot";
import { manifestChecks } from "./manifestChecks";
import { type ManifestObject, ManifestObjectSchema } from "./manifestSchema";

/** A validated artifact manifest (contract 3). */
export type Manifest = ManifestObject;

export type ManifestResult = { ok: true; manifest: Manifest } | { ok: false; issues: string[] };

/**
 * Strictly validates parsed manifest JSON: the schema (types, patterns, no unknown keys) and then the
 * cross-field rules. Never throws; `issues` names each problem with its path.
 * @example const r = parseManifest(JSON.parse(text)); if (!r.ok) console.error(r.issues.join("\n"));
 */
export function parseManifest(json: unknown): ManifestResult {
  const parsed = v.safeParse(ManifestObjectSchema, json);
  if (!parsed.success) {
    const issues = parsed.issues.map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    return { ok: false, issues };
  }
  const issues = manifestChecks(parsed.output);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, manifest: parsed.output };
}

/**
 * Like `parseManifest`, but throws one Error that lists every issue.
 * @example const manifest = assertManifest(JSON.parse(await readFile("manifest.json", "utf8")));
 */
export function assertManifest(json: unknown, source = "manifest"): Manifest {
  const result = parseManifest(json);
  if (!result.ok) throw new Error(`invalid ${source}:\n  ${result.issues.join("\n  ")}`);
  return result.manifest;
}
