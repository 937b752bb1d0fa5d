// Rendered pages kept by their complete inputs. A page's HTML is a pure function of the URL and the data
// its loaders returned (components read nothing else: no clock, no randomness; the per-response CSP
// nonce is rendered as a placeholder and replaced on the way out). So the HTML of a GET that another
// request has already rendered with the same URL and the same loader data — the same user, language and
// state of the data — is served without rendering React again. Anything else renders as usual.
import { createHash, randomBytes } from "node:crypto";
import type { EntryContext } from "@remix-run/node";

const MAX_ENTRIES = 200; // pages of a few tens of KB: a few MB at most
const shared = globalThis as unknown as { __groundworkDocuments?: Map<string, string> };
const entries = (shared.__groundworkDocuments ??= new Map()); // insertion order: least recently used first

/** Rendered in place of the nonce and replaced by each response's own; never sent. */
export const NONCE_PLACEHOLDER = `gwnonce${randomBytes(16).toString("hex")}`;

class Uncacheable extends Error {}

/**
 * The key of a document: null when it must not be cached (not a plain GET that succeeded, an action's
 * result or an error on the page, or data that JSON cannot represent exactly, such as a promise).
 */
export function documentKey(request: Request, status: number, context: EntryContext, waitForAll: boolean): string | null {
  if (request.method !== "GET" || status !== 200) return null;
  const state = context.staticHandlerContext;
  if (state.actionData || state.errors) return null;
  let data: string;
  try {
    data = JSON.stringify(state.loaderData, (_key, value: unknown) => {
      if (value instanceof Promise || typeof value === "function" || typeof value === "bigint" || typeof value === "symbol") throw new Uncacheable();
      if (value instanceof Map || value instanceof Set) throw new Uncacheable();
      return value;
    });
  } catch (error) {
    if (error instanceof Uncacheable) return null;
    throw error;
  }
  return createHash("sha256").update(`${waitForAll ? "all" : "shell"}\n${request.url}\n${data}`).digest("base64url");
}

export function cachedDocument(key: string): string | undefined {
  const html = entries.get(key);
  if (html !== undefined) {
    entries.delete(key);
    entries.set(key, html);
  }
  return html;
}

export function keepDocument(key: string, html: string) {
  entries.set(key, html);
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

export function withNonce(html: string, nonce: string) {
  return html.split(NONCE_PLACEHOLDER).join(nonce);
}

export function clearDocumentCache() {
  entries.clear();
}
