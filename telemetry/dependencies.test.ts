import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const modelDir = join(root, "model");

/** Every import specifier of a TypeScript file, static or dynamic. */
function imports(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)].map((m) => m[1]);
}

describe("telemetry/ dependencies", () => {
  it("imports nothing from model/ (model/ → telemetry/ is the only arrow between them)", () => {
    const offenders: string[] = [];
    for (const file of readdirSync(import.meta.dirname, { recursive: true, encoding: "utf8" })) {
      if (!file.endsWith(".ts")) continue;
      const path = join(import.meta.dirname, file);
      for (const spec of imports(readFileSync(path, "utf8"))) {
        const target = spec.startsWith(".") ? resolve(join(path, ".."), spec) : spec;
        if (target === modelDir || target.startsWith(`${modelDir}/`))
          offenders.push(`${relative(root, path)} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
