/** Dataset loading and protocol splits for training and evaluation (Node only). */
export type { DatasetName, DatasetSpec } from "./datasets";
export { loadDataset, parseDatasetName } from "./datasets";
export { retrieve } from "./retrieve";
export type { NextItemCase } from "./splits";
export { holdOutTail, leaveOneOut, sessionPrefixes } from "./splits";
