import { effectiveHost, normalHost, sourceHost } from "~/server/gate";

// Request-level protection: same-origin checks for writes and the security headers of every response.

/**
 * A POST must come from a page of this app: its Origin (or, failing that, Referer) must name the
 * host it was sent to. Stops cross-site form posts riding on the session cookie.
 */
export function assertSameOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("Origin");
  const source = origin !== null ? sourceHost(origin) : sourceHost(request.headers.get("Referer") ?? "");
  // The same host as the server's gate compares with (app/server/gate.ts): normalised, and from
  // X-Forwarded-Host only behind a trusted proxy.
  const host = effectiveHost(request.headers, process.env.TRUST_PROXY === "1") ?? normalHost(new URL(request.url).host);
  if (!source || source !== host) {
    throw new Response("Cross-site request refused: the Origin/Referer does not match this site.", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}

export function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // React renders style attributes (bar widths, chart layout) into the HTML.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws://localhost:3001 ws://127.0.0.1:3001" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function applySecurityHeaders(headers: Headers, nonce?: string): void {
  if (nonce) headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "same-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}
