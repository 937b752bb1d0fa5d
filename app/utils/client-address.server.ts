// The address of the client a request came from. The server (app/server/main.ts) puts the socket's
// remote address into Remix's load context; behind a reverse proxy (TRUST_PROXY=1) the proxy's
// X-Forwarded-For names the client instead, and its last entry is the one the proxy itself added.
// Loaders and actions called directly (tests, scripts) have no socket: they count as "local".

import { isIPv4, isIPv6 } from "node:net";

/** What app/server/main.ts hands every loader and action as `context`. */
export type ServerContext = { clientAddress?: string };

export function clientAddress(request: Request, context: unknown): string {
  if (process.env.TRUST_PROXY === "1") {
    const forwarded = request.headers.get("X-Forwarded-For");
    const last = forwarded?.split(",").pop()?.trim();
    if (last) return addressKey(last.slice(0, 64));
  }
  const socket = (context as ServerContext | undefined)?.clientAddress;
  return typeof socket === "string" && socket !== "" ? addressKey(socket) : "local";
}

/**
 * The key one client is counted under: an IPv4 address as it is (also when written IPv4-mapped,
 * ::ffff:a.b.c.d), an IPv6 address by its /64 network — one host usually holds a whole /64, and
 * counted per address it would have 2^64 of them.
 */
export function addressKey(address: string): string {
  const plain = address.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
  if (mapped) return mapped[1];
  if (isIPv4(plain)) return plain;
  if (!isIPv6(plain)) return plain;
  const [head, tail = ""] = plain.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = plain.includes("::") && tail ? tail.split(":") : [];
  const groups = plain.includes("::") ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups] : headGroups;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
