import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const pages = readdirSync(import.meta.dirname).filter((f) => f.endsWith(".html"));

describe("the demo store's pages", () => {
  it("each name their icon, so the browser asks the edge for no /favicon.ico (a 404 in the console)", () => {
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const page of pages) {
      const html = readFileSync(join(import.meta.dirname, page), "utf8");
      expect(html, page).toMatch(/<link rel="icon" href="[^"]+" \/>/);
    }
  });
});
