import type { ManifestObject } from "./manifestSchema";

/** Bytes per stored value, as tfjs-core's `DTYPE_VALUE_SIZE_MAP` counts them. */
const STORED_BYTES = { float32: 4, int32: 4, float16: 2, uint8: 1 } as const;

/** Which `quantization.dtype` each precision may use on float32 weights (undefined = raw fp32). */
const ALLOWED_QUANTIZATION: Record<ManifestObject["precision"], ReadonlyArray<string | undefined>> = {
  fp32: [undefined],
  fp16: [undefined, "float16"],
  int8: [undefined, "uint8"],
};

/**
 * Cross-field rules that a per-field schema cannot express. Returns one message per broken rule (empty when
 * the manifest is consistent): the architecture's feature schema equal to the manifest's; unique weight names; files listed in exactly the order of the weights
 * manifest's paths; each group's encoded size equal to the bytes of its files; `weights.bytes` equal to the
 * sum of the files; quantization allowed by the declared precision.
 * @example manifestChecks(manifest) // [] for a well-formed artifact
 */
export function manifestChecks(m: ManifestObject): string[] {
  const problems: string[] = [];
  const declared = m.architecture.featureSchemaVersion;
  if (declared !== undefined && declared !== m.featureSchemaVersion) {
    problems.push(
      `architecture.featureSchemaVersion ${declared} differs from featureSchemaVersion ${m.featureSchemaVersion}`,
    );
  }
  const fileBytes = new Map<string, number>();
  for (const f of m.files) {
    if (fileBytes.has(f.path)) problems.push(`files: "${f.path}" is listed twice`);
    fileBytes.set(f.path, f.bytes);
  }
  const paths = m.weightsManifest.flatMap((g) => g.paths);
  if (paths.join("\n") !== m.files.map((f) => f.path).join("\n")) {
    problems.push(`files must list exactly the weightsManifest paths, in order: [${paths.join(", ")}]`);
  }
  const total = m.files.reduce((n, f) => n + f.bytes, 0);
  if (total !== m.weights.bytes)
    problems.push(`weights.bytes is ${m.weights.bytes} but the files sum to ${total}`);

  const names = new Set<string>();
  m.weightsManifest.forEach((group, g) => {
    let encoded = 0;
    for (const w of group.weights) {
      if (names.has(w.name)) problems.push(`weight "${w.name}" appears twice`);
      names.add(w.name);
      const q = w.quantization?.dtype;
      if (!ALLOWED_QUANTIZATION[m.precision].includes(q)) {
        problems.push(
          `weight "${w.name}": quantization ${q ?? "none"} does not fit precision ${m.precision}`,
        );
      }
      if (q !== undefined && w.dtype !== "float32")
        problems.push(`weight "${w.name}": only float32 is quantized`);
      const size = w.shape.reduce((a, b) => a * b, 1);
      encoded += size * STORED_BYTES[q ?? w.dtype];
    }
    const groupBytes = group.paths.reduce((n, p) => n + (fileBytes.get(p) ?? 0), 0);
    if (encoded !== groupBytes) {
      problems.push(
        `weightsManifest[${g}]: weights encode to ${encoded} bytes but its files hold ${groupBytes}`,
      );
    }
  });
  return problems;
}
