// Rendered pages kept by their complete inputs. A page's HTML is a pure function of the URL and the data
// its loaders returned (components read nothing else: no clock, no randomness; the per-response CSP
// nonce is rendered as a placeholder and replaced on the way out). So the HTML of a GET that another
// request has already rendered with the same URL and the same loader data — the same user, language and
// state of the data — is served without rendering React again. Anything else renders as usual.
// One exception: a form's idempotency key (loader data `idempotencyKey`, new on every load) is left out
// of the key, kept as a placeholder, and each response gets its own loader's key in its place.
import { createHash, randomBytes } from "node:crypto";
import type { EntryContext } from "@remix-run/node";

const MAX_ENTRIES = 200; // pages of a few tens of KB: a few MB at most
const shared = globalThis as unknown as { __groundworkDocuments?: Map<string, string> };
const entries = (shared.__groundworkDocuments ??= new Map()); // insertion order: least recently used first

/** Rendered in place of the nonce and replaced by each response's own; never sent. */
export const NONCE_PLACEHOLDER = `gwnonce${randomBytes(16).toString("hex")}`;

/** Loader data fields made fresh for every response, and what stands for the i-th of them in a kept page. */
const FRESH_FIELD = "idempotencyKey";
const FRESH_PLACEHOLDER = `gwfresh${randomBytes(16).toString("hex")}`;
const freshPlaceholder = (i: number) => `${FRESH_PLACEHOLDER}_${i}_`;

/** A page's cache key, and the fresh values (idempotency keys) this response's loaders made, in data order. */
export type DocumentKey = { hash: string; fresh: string[] };

class Uncacheable extends Error {}

/**
 * The key of a document: null when it must not be cached (not a plain GET that succeeded, an action's
 * result or an error on the page, or data that JSON cannot represent exactly, such as a promise).
 */
export function documentKey(request: Request, status: number, context: EntryContext, waitForAll: boolean): DocumentKey | null {
  if (request.method !== "GET" || status !== 200) return null;
  const state = context.staticHandlerContext;
  if (state.actionData || state.errors) return null;
  let data: string;
  const fresh: string[] = [];
  try {
    data = JSON.stringify(state.loaderData, (key, value: unknown) => {
      // Long enough to be found in the HTML without matching anything else (a UUID).
      if (key === FRESH_FIELD && typeof value === "string" && value.length >= 16) {
        fresh.push(value);
        return "";
      }
      if (value instanceof Promise || typeof value === "function" || typeof value === "bigint" || typeof value === "symbol") throw new Uncacheable();
      if (value instanceof Map || value instanceof Set) throw new Uncacheable();
      return value;
    });
  } catch (error) {
    if (error instanceof Uncacheable) return null;
    throw error;
  }
  const hash = createHash("sha256").update(`${waitForAll ? "all" : "shell"}\n${request.url}\n${data}`).digest("base64url");
  return { hash, fresh };
}

/** The page kept under this key, with this response's fresh values in place (the nonce is still a placeholder). */
export function cachedDocument(key: DocumentKey): string | undefined {
  const html = entries.get(key.hash);
  if (html === undefined) return undefined;
  entries.delete(key.hash);
  entries.set(key.hash, html);
  return key.fresh.reduce((page, value, i) => page.split(freshPlaceholder(i)).join(value), html);
}

/** Keeps a page rendered for `key`, its fresh values replaced by placeholders. */
export function keepDocument(key: DocumentKey, html: string) {
  entries.set(
    key.hash,
    key.fresh.reduce((page, value, i) => page.split(value).join(freshPlaceholder(i)), html),
  );
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

export function withNonce(html: string, nonce: string) {
  return html.split(NONCE_PLACEHOLDER).join(nonce);
}

export function clearDocumentCache() {
  entries.clear();
}
