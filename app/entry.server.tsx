// Remix's default Node entry, plus a CSP nonce per response, the security headers, and rendered pages
// kept by their complete inputs (utils/document-cache.server.ts), so a page another request has already
// rendered with the same URL and data is not rendered again.
import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/components/nonce";
import { applySecurityHeaders } from "~/security.server";
import { cachedDocument, documentKey, keepDocument, NONCE_PLACEHOLDER, withNonce } from "~/utils/document-cache.server";

export const streamTimeout = 5_000;

export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  const nonce = randomBytes(16).toString("base64");
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  const key = documentKey(request, responseStatusCode, remixContext, waitForAll);
  let html = key ? cachedDocument(key) : undefined;
  if (html === undefined) {
    const rendered = await render(request, remixContext, waitForAll);
    responseStatusCode = rendered.status ?? responseStatusCode;
    html = rendered.html;
    if (key && rendered.status === null) keepDocument(key, html);
  }
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  applySecurityHeaders(responseHeaders, nonce);
  noStore(responseHeaders, responseStatusCode);
  return new Response(withNonce(html, nonce), { headers: responseHeaders, status: responseStatusCode });
}

/** The whole document, with the nonce placeholder; `status` is 500 when rendering failed after the shell. */
function render(request: Request, remixContext: EntryContext, waitForAll: boolean): Promise<{ html: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    let status: number | null = null;
    let shellRendered = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={NONCE_PLACEHOLDER}>
        <RemixServer context={remixContext} url={request.url} nonce={NONCE_PLACEHOLDER} />
      </NonceContext.Provider>,
      {
        nonce: NONCE_PLACEHOLDER,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const chunks: Buffer[] = [];
          const body = new PassThrough();
          body.on("data", (chunk: Buffer) => chunks.push(chunk));
          body.on("end", () => {
            clearTimeout(timer);
            resolve({ html: Buffer.concat(chunks).toString("utf8"), status });
          });
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          status = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    timer = setTimeout(abort, streamTimeout + 1000);
  });
}

export function handleDataRequest(response: Response) {
  applySecurityHeaders(response.headers);
  noStore(response.headers, response.status);
  return response;
}

/**
 * Pages and data hold a signed-in user's figures: no browser or proxy may keep them. A 503 (the
 * database stayed locked, db.server.ts) tells the client when to try again.
 */
function noStore(headers: Headers, status: number) {
  headers.set("Cache-Control", "private, no-store");
  if (!/\bcookie\b/i.test(headers.get("Vary") ?? "")) headers.append("Vary", "Cookie");
  if (status === 503 && !headers.has("Retry-After")) headers.set("Retry-After", "5");
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}
