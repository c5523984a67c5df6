export { boundSketch } from "./boundSketch";
export type { DecodeOptions, DecodeResult, SketchJSON, StoreJSON } from "./encoding";
export { decodeSketch, encodeSketch, MAX_ABS_INDEX } from "./encoding";
export { LogMapping } from "./LogMapping";
export type { LogSketchOptions } from "./LogSketch";
export { LogSketch, MIN_MAGNITUDE, SKETCH_ALPHA, SKETCH_MAX_BUCKETS } from "./LogSketch";
