import { describe, expect, it } from "vitest";
import { formatPrice } from "./renderWidget";

/** Just enough of a Document for formatPrice: the page's language. */
const page = (lang: string) => ({ documentElement: { lang } }) as unknown as Document;

describe("the widget's price", () => {
  it("formats the store's price in the page's language and currency", () => {
    expect(formatPrice({ price: 7.99, currency: "USD" }, page("en-US"))).toBe("$7.99");
    expect(formatPrice({ price: 1234.5, currency: "EUR" }, page("de-DE"))).toBe("1.234,50\u00a0€");
  });

  it("shows nothing without a price, and the raw figures for a currency Intl does not know", () => {
    expect(formatPrice({}, page("en"))).toBe("");
    expect(formatPrice({ price: 3, currency: "X1" }, page("en"))).toBe("3 X1");
  });
});
