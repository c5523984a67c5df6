export type * from "./apiTypes";
export type { SliceAggregate, SliceAggregateJSON } from "./SliceAggregate";
export {
  addReport,
  decodeSlice,
  emptySlice,
  encodeSlice,
  FAILURE_KINDS,
  FALLBACK_KINDS,
  mergeSlices,
  sliceOf,
} from "./SliceAggregate";
