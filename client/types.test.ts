import { describe, expectTypeOf, it } from "vitest";
import type { RankedItem } from "./types";

// Checked by tsc (npm run lint): RankedItem is derived from the candidate contract (model/catalog), so
// a field added there must not reach the SDK's documented item without a decision here.
describe("RankedItem, the item recommend() answers", () => {
  it("has the candidate's id, SKU, title, categories and store fields, plus its place in the list", () => {
    type Documented =
      | "id"
      | "sku"
      | "title"
      | "categories"
      | "brand"
      | "image"
      | "url"
      | "price"
      | "currency";
    expectTypeOf<keyof RankedItem>().toEqualTypeOf<
      Documented | "score" | "rank" | "modelVersion" | "backend"
    >();
  });
});
