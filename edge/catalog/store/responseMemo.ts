/** Answers kept per isolate; each is ~60 KB at limit 100, so this bounds memory near 30 MB. */
const MAX_ANSWERS = 500;

const answers = new Map<string, string>();

/**
 * Memo of serialised candidate answers, keyed by catalog version and canonical query. An answer is a
 * pure function of both (the version is a content hash of an immutable catalog), so a hit is always
 * exact; it saves re-running the generator for hot pages. Oldest-first eviction (Map keeps
 * insertion order).
 * @example memoAnswer(key) ?? rememberAnswer(key, JSON.stringify(body))
 */
export function memoAnswer(key: string): string | undefined {
  return answers.get(key);
}

/** Stores an answer, evicting the oldest when full; returns it. */
export function rememberAnswer(key: string, body: string): string {
  if (answers.size >= MAX_ANSWERS) answers.delete(answers.keys().next().value as string);
  answers.set(key, body);
  return body;
}
