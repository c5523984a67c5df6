/** Answers kept per isolate; each is ~60 KB at limit 100 (JSON; the binary answer is smaller), so this bounds memory near 30 MB. */
const MAX_ANSWERS = 500;

/** A serialised answer: JSON text or the binary answer's bytes (the key names which). */
type Body = string | Uint8Array<ArrayBuffer>;

const answers = new Map<string, Body>();

/**
 * Memo of serialised candidate answers, keyed by catalog version, canonical query and representation. An answer is a
 * pure function of both (the version is a content hash of an immutable catalog), so a hit is always
 * exact; it saves re-running the generator for hot pages. Oldest-first eviction (Map keeps
 * insertion order).
 * @example memoAnswer(key) ?? rememberAnswer(key, JSON.stringify(body))
 */
export function memoAnswer(key: string): Body | undefined {
  return answers.get(key);
}

/** Stores an answer, evicting the oldest when full; returns it. */
export function rememberAnswer<B extends Body>(key: string, body: B): B {
  if (answers.size >= MAX_ANSWERS) answers.delete(answers.keys().next().value as string);
  answers.set(key, body);
  return body;
}
