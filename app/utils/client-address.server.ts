// The address of the client a request came from. The server (app/server/main.ts) puts the socket's
// remote address into Remix's load context; behind a reverse proxy (TRUST_PROXY=1) the proxy's
// X-Forwarded-For names the client instead, and its last entry is the one the proxy itself added.
// Loaders and actions called directly (tests, scripts) have no socket: they count as "local".

/** What app/server/main.ts hands every loader and action as `context`. */
export type ServerContext = { clientAddress?: string };

export function clientAddress(request: Request, context: unknown): string {
  if (process.env.TRUST_PROXY === "1") {
    const forwarded = request.headers.get("X-Forwarded-For");
    const last = forwarded?.split(",").pop()?.trim();
    if (last) return last.slice(0, 64);
  }
  const socket = (context as ServerContext | undefined)?.clientAddress;
  return typeof socket === "string" && socket !== "" ? socket : "local";
}
