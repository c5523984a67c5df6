/** Dataset loading and protocol splits for training and evaluation (Node only). */
export type { DatasetName, DatasetSpec, Protocol } from "./datasets";
export { parseDatasetName, protocolFlags } from "./datasets";
export type { Holdout } from "./holdout";
export { HOLDOUTS, holdoutTag, parseHoldout, testSplit } from "./holdout";
export { datasetFromArgs, loadDataset } from "./loadData";
export { retrieve } from "./retrieve";
export type { NextItemCase } from "./splits";
export { holdOutTail, leaveOneOut, sessionPrefixes } from "./splits";
