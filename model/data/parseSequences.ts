/**
 * Parses whitespace-separated integer sequences, one per line. With `leadingId` (Beauty.txt:
 * "user item1 item2 ..."), the first number is the user and is dropped.
 * @example parseSequences("1 5 6\n2 7 5", { leadingId: true }) // [[5, 6], [7, 5]]
 */
export function parseSequences(text: string, options: { leadingId?: boolean } = {}): number[][] {
  const out: number[][] = [];
  text.split("\n").forEach((line, n) => {
    const parts = line.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) return;
    const ids = parts.map(Number);
    if (ids.some((x) => !Number.isInteger(x) || x < 0)) throw new Error(`line ${n + 1}: not integer ids`);
    out.push(options.leadingId ? ids.slice(1) : ids);
  });
  return out;
}

/**
 * Parses Diginetica `test_pairs.tsv` ("prefix<TAB>target" with a header line).
 * @example parsePairs("prefix\ttarget\n1 2\t3") // [{ prefix: [1, 2], target: 3 }]
 */
export function parsePairs(text: string): { prefix: number[]; target: number }[] {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if (lines[0]?.startsWith("prefix")) lines.shift();
  return lines.map((line, n) => {
    const [prefix, target] = line.split("\t");
    const t = Number(target);
    if (!Number.isInteger(t)) throw new Error(`test_pairs line ${n + 2}: bad target`);
    return { prefix: parseSequences(prefix ?? "")[0] ?? [], target: t };
  });
}
