/**
 * The source a rate limit counts for a client address: an IPv4 address as it is, an IPv6 address
 * by its /64 prefix (one subscriber's network: a single host can use any of its 2⁶⁴ addresses), an
 * IPv4-mapped IPv6 address as its IPv4 address, and a missing or unreadable address as "unknown"
 * (one shared source, so leaving the address out does not lift the limit).
 * @example sourceKey("2001:db8:0:1::42") // "2001:db8:0:1::/64"
 */
export function sourceKey(address: string | undefined): string {
  const text = (address ?? "").trim().toLowerCase();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return text;
  const groups = ipv6Groups(text);
  if (!groups) return "unknown";
  const mapped = groups.slice(0, 6).join(":") === "0:0:0:0:0:ffff";
  if (mapped) {
    const [hi, lo] = [Number.parseInt(groups[6], 16), Number.parseInt(groups[7], 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
  }
  return `${groups.slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (hex, no leading zeros), or null when it is not one. */
function ipv6Groups(text: string): string[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":").flatMap(groupOrIpv4));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  if (head.includes("") || tail.includes("")) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...Array<string>(Math.max(0, missing)).fill("0"), ...tail];
}

/** A group as hex without leading zeros; a trailing dotted IPv4 as two groups; "" when invalid. */
function groupOrIpv4(part: string): string[] {
  if (/^[0-9a-f]{1,4}$/.test(part)) return [Number.parseInt(part, 16).toString(16)];
  const v4 = part.split(".").map(Number);
  if (v4.length === 4 && /^[\d.]+$/.test(part) && v4.every((x) => Number.isInteger(x) && x <= 255))
    return [((v4[0] << 8) | v4[1]).toString(16), ((v4[2] << 8) | v4[3]).toString(16)];
  return [""];
}
