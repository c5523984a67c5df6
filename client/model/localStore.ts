/** The subset of Web Storage that pocketrank keeps on the device (localStorage in the browser, anything in tests). */
export type LocalStore = Pick<Storage, "getItem" | "setItem">;

/** localStorage where the page may use it, else undefined (read lazily: Node and sandboxed frames lack it). */
export function defaultStorage(): LocalStore | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
