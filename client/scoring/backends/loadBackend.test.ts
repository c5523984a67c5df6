import { describe, expect, it } from "vitest";
import { loadBackend } from "./loadBackend";

describe("loadBackend", () => {
  it("hands a later call the first call's promise, not a second import() of the chunk", async () => {
    const first = loadBackend("cpu");
    expect(loadBackend("cpu")).toBe(first);
    await first;
    expect(loadBackend("cpu")).toBe(first);
  });
});
