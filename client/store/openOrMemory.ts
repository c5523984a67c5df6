/**
 * Opens an IndexedDB-backed thing, or its in-memory twin when memory is asked for or opening fails
 * (private mode, blocked, over quota): the page keeps working and the reason goes to `onFallback`.
 * @example const cache = await openOrMemory("indexeddb", () => IdbArtifactCache.open(p), () => new MemoryArtifactCache(), warn);
 */
export async function openOrMemory<T>(
  storage: "indexeddb" | "memory",
  openIdb: () => Promise<T>,
  inMemory: () => T,
  onFallback: (error: unknown) => void,
): Promise<T> {
  if (storage === "memory") return inMemory();
  try {
    return await openIdb();
  } catch (error) {
    onFallback(error);
    return inMemory();
  }
}
