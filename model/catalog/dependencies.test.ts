import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

/** Every import specifier of a TypeScript file, static or dynamic. */
function imports(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)].map((m) => m[1]);
}

/** `file → specifier` for each import of a .ts file under `dir` that `bad(target)` flags. */
function offenders(dir: string, bad: (target: string) => boolean): string[] {
  const out: string[] = [];
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
    const path = join(dir, file);
    for (const spec of imports(readFileSync(path, "utf8"))) {
      const target = spec.startsWith(".") ? resolve(join(path, ".."), spec) : spec;
      if (bad(target)) out.push(`${relative(root, path)} → ${spec}`);
    }
  }
  return out;
}

describe("the contract's home and who imports it (README: how the parts depend on each other)", () => {
  it("model/catalog imports nothing outside itself", () => {
    const home = import.meta.dirname;
    expect(offenders(home, (t) => !t.startsWith(`${home}/`))).toEqual([]);
  });

  it("client/ imports nothing from edge/: the candidate contract comes from model/catalog", () => {
    const edge = join(root, "edge");
    expect(offenders(join(root, "client"), (t) => t === edge || t.startsWith(`${edge}/`))).toEqual([]);
  });

  it("model/ reaches into edge/ only for the candidate generator and the CLIs' shared tooling", () => {
    const allowed = [join(root, "edge/candidates"), join(root, "edge/dev")];
    const edge = join(root, "edge");
    const bad = (t: string) =>
      (t === edge || t.startsWith(`${edge}/`)) && !allowed.some((a) => t.startsWith(a));
    expect(offenders(join(root, "model"), bad)).toEqual([]);
  });
});
