import type { CatalogItemInput } from "../types";

/**
 * Test fixture: a handmade store catalog in catalog order (dense ids 1..9 as an import assigns
 * them): two nail polish brands, a nail treatment, a lipstick, two shampoos, a hair dryer and a
 * body wash. Used by the content-neighbour and cold-start tests.
 */
export const TINY_CATALOG: CatalogItemInput[] = [
  { id: 1, title: "OPI Nail Lacquer Red", brand: "OPI", categories: ["Makeup", "Nails", "Nail Polish"] },
  { id: 2, title: "OPI Nail Lacquer Pink", brand: "OPI", categories: ["Makeup", "Nails", "Nail Polish"] },
  { id: 3, title: "Essie Nail Color Red", brand: "Essie", categories: ["Makeup", "Nails", "Nail Polish"] },
  { id: 4, title: "OPI Nail Envy Strengthener", brand: "OPI", categories: ["Makeup", "Nails", "Treatment"] },
  { id: 5, title: "Revlon Lipstick Red", brand: "Revlon", categories: ["Makeup", "Lips", "Lipstick"] },
  { id: 6, title: "Dove Shampoo Daily", brand: "Dove", categories: ["Hair Care", "Shampoo"] },
  { id: 7, title: "Pantene Shampoo Repair", brand: "Pantene", categories: ["Hair Care", "Shampoo"] },
  { id: 8, title: "Conair Hair Dryer", brand: "Conair", categories: ["Hair Care", "Styling Tools"] },
  { id: 9, title: "Dove Body Wash", brand: "Dove", categories: ["Bath & Body", "Body Wash"] },
];
