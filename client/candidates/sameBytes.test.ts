import { describe, expect, it } from "vitest";
import { sameBytes } from "./sameBytes";

const buffer = (...values: number[]) => new Uint8Array(values).buffer;

describe("sameBytes", () => {
  it("is true for equal bytes, whole words and a tail alike", () => {
    expect(sameBytes(buffer(), buffer())).toBe(true);
    expect(sameBytes(buffer(1, 2, 3, 4, 5, 6), buffer(1, 2, 3, 4, 5, 6))).toBe(true);
    const one = buffer(9);
    expect(sameBytes(one, one)).toBe(true);
  });

  it("is false for a difference in a word, in the tail, or in the length", () => {
    expect(sameBytes(buffer(1, 2, 3, 4, 5), buffer(1, 2, 0, 4, 5))).toBe(false);
    expect(sameBytes(buffer(1, 2, 3, 4, 5, 6, 7), buffer(1, 2, 3, 4, 5, 6, 8))).toBe(false);
    expect(sameBytes(buffer(1, 2, 3, 4), buffer(1, 2, 3, 4, 0))).toBe(false);
  });
});
