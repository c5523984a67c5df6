import * as v from "valibot";
import { REPORT_ID_PATTERN } from "../schema/ReportSchema";
import { MAX_ITEM_ID } from "./constants";

const ItemId = v.pipe(
  v.number(),
  v.integer("an item id must be an integer"),
  v.minValue(0, "an item id must be ≥ 0"),
  v.maxValue(MAX_ITEM_ID, `an item id must be ≤ ${MAX_ITEM_ID}`),
);
const Items = v.array(ItemId);

/**
 * One device's fleet-learning contribution: a separate request from the telemetry report. It names
 * catalog items by their dense ids and nothing else: no backend, browser, OS, model version, URL or
 * time finer than the UTC day. Strict at every level: an unknown key is refused, not stripped.
 * Bounds (distinct entries, per-request caps) are checked after the schema, in `parseContribution`.
 */
export const ContributionSchema = v.strictObject({
  contributionVersion: v.number(),
  /** 128 random bits, new for each request, for replay rejection only (as `reportId`). */
  contributionId: v.pipe(v.string(), v.regex(REPORT_ID_PATTERN, "contributionId must be 128 random bits")),
  /** The device's UTC day, "YYYY-MM-DD": the unit of privacy is one device-day. */
  day: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, "day must be YYYY-MM-DD")),
  viewed: Items,
  clicked: Items,
  carted: Items,
  /** Previous item → next item. */
  transitions: v.array(v.strictTuple([ItemId, ItemId])),
  /** The device's first distinct views of the day (`TRENDING_BOUND`), for the trending release only. */
  trending: Items,
});

/** A contribution as the device sends it and the edge accepts it. */
export type Contribution = v.InferOutput<typeof ContributionSchema>;
