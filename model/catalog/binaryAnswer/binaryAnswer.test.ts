import { describe, expect, it } from "vitest";
import {
  CANDIDATE_FEATURE_NAMES,
  type Candidate,
  type CandidateFeatures,
  type CandidatesResponse,
} from "../candidate";
import { CANDIDATE_COLUMNS, decodeAnswer, encodeAnswer } from "./index";

const features = Object.fromEntries(
  CANDIDATE_FEATURE_NAMES.map((name, f) => [name, f / 7]),
) as CandidateFeatures;
/** A candidate with every field of the contract set. */
const full: Candidate = {
  id: 42,
  sku: "B004756YJA",
  title: "OPI Nail Lacquer",
  categories: ["Beauty", "Makeup", "Nails"],
  brand: "OPI",
  image: "https://img.example.com/42.jpg",
  url: "https://store.example.com/p/B004756YJA",
  price: 9.99,
  currency: "EUR",
  available: true,
  retrievalScore: 0.37,
  features,
};
/** What a client parses from the JSON answer: the reference the binary answer must equal. */
const viaJson = (answer: CandidatesResponse) => JSON.parse(JSON.stringify(answer)) as CandidatesResponse;
const roundTrip = (candidates: Candidate[], context: CandidatesResponse["context"] = "home") => {
  const answer: CandidatesResponse = { catalogVersion: "cat-1", context, candidates };
  expect(decodeAnswer(encodeAnswer(answer))).toStrictEqual(viaJson(answer));
};

describe("binary candidate answer", () => {
  it("has a column for every field of the contract, and a fully set candidate round-trips exactly", () => {
    expect(Object.keys(CANDIDATE_COLUMNS).sort()).toEqual(Object.keys(full).sort());
    roundTrip([full, { ...full, id: 43, available: false, price: 0 }]);
  });

  it("leaves absent optional fields absent, as JSON does", () => {
    const { brand, image, url, price, currency, available, ...bare } = full;
    roundTrip([
      bare,
      { ...bare, id: 1, brand },
      { ...bare, id: 2, price, currency },
      { ...bare, id: 3, available },
    ]);
  });

  it("keeps unusual strings and numbers exactly: astral and combining characters, a leading BOM, -0, subnormals", () => {
    roundTrip(
      [
        { ...full, id: 0, title: "\uFEFFRouge 💄 e\u0301té", categories: [], brand: "" },
        { ...full, id: 0xffffffff, sku: "Ä-𝔘", categories: ["Ä", "Ä", "𝔘"], url: "https://img/é.jpg" },
        {
          ...full,
          id: 7,
          retrievalScore: -0,
          price: -0,
          features: { ...features, rank: -0, coocSum: 1e-310 },
        },
      ],
      "search",
    );
  });

  it("an empty answer round-trips", () => {
    const answer: CandidatesResponse = { catalogVersion: "v", context: "cart", candidates: [] };
    expect(decodeAnswer(encodeAnswer(answer))).toStrictEqual(answer);
  });

  it("the encoder refuses values JSON could not carry either", () => {
    const bad = (c: Partial<Candidate>) => () =>
      encodeAnswer({ catalogVersion: "v", context: "home", candidates: [{ ...full, ...c }] });
    expect(bad({ id: -1 })).toThrow(/not a u32/);
    expect(bad({ id: 1.5 })).toThrow(/not a u32/);
    expect(bad({ retrievalScore: Number.NaN })).toThrow(/not a finite number/);
    expect(bad({ price: Number.POSITIVE_INFINITY })).toThrow(/price Infinity is not a finite number/);
    expect(bad({ available: "yes" as unknown as boolean })).toThrow(/not a boolean/);
    expect(bad({ features: { ...features, rank: Number.POSITIVE_INFINITY } })).toThrow(/features\.rank/);
  });
});
