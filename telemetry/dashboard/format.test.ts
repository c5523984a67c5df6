import { describe, expect, it } from "vitest";
import { fmt, sci } from "./format";

describe("the dashboard's number formats", () => {
  it("prints a power of ten as the README and PRIVACY.md do (10⁻⁶), with a mantissa only when it is not 1", () => {
    expect(sci(1e-6)).toBe("10⁻⁶");
    expect(sci(2.5e-7)).toBe("2.5 × 10⁻⁷");
    expect(sci(1.04e-5)).toBe("10⁻⁵"); // two significant digits
    expect(sci(3e12)).toBe("3 × 10¹²");
    expect(sci(0)).toBe("0");
    expect(sci(Number.NaN)).toBe("–");
  });

  it("keeps compact numbers compact", () => {
    expect(fmt(1234)).toBe("1,234");
    expect(fmt(0.01234)).toBe("0.0123");
    expect(fmt(Number.POSITIVE_INFINITY)).toBe("–");
  });
});
