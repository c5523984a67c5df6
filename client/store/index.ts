export { applyCaps, DEFAULT_CAPS } from "./caps";
export { IdbStore } from "./IdbStore";
export { MemoryStore } from "./MemoryStore";
export type { OpenStoreOptions } from "./openBehaviourStore";
export { openBehaviourStore, ResilientStore } from "./openBehaviourStore";
export type { BehaviourEvent, BehaviourStore, StoreCaps } from "./types";
