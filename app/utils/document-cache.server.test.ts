import type { EntryContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { cachedDocument, clearDocumentCache, documentKey, keepDocument, NONCE_PLACEHOLDER, withNonce } from "./document-cache.server";

const context = (loaderData: unknown, extra: { actionData?: unknown; errors?: unknown } = {}) =>
  ({ staticHandlerContext: { loaderData, actionData: extra.actionData ?? null, errors: extra.errors ?? null } }) as unknown as EntryContext;
const get = (url = "http://localhost/") => new Request(url);
const data = { root: { user: { username: "exec" }, lang: "zh" }, "routes/_index": { paidFen: "24000000" } };

describe("documentKey", () => {
  it("is the same for the same URL and data, and differs when either differs", () => {
    const key = documentKey(get(), 200, context(data), false);
    expect(key).toBeTruthy();
    expect(documentKey(get(), 200, context(structuredClone(data)), false)).toBe(key);
    expect(documentKey(get("http://localhost/?view=all"), 200, context(data), false)).not.toBe(key);
    expect(documentKey(get(), 200, context({ ...data, root: { ...data.root, user: { username: "finance" } } }), false)).not.toBe(key);
    expect(documentKey(get(), 200, context({ ...data, root: { ...data.root, lang: "en" } }), false)).not.toBe(key);
    expect(documentKey(get(), 200, context({ ...data, "routes/_index": { paidFen: "24000001" } }), false)).not.toBe(key);
    expect(documentKey(get(), 200, context(data), true)).not.toBe(key);
  });

  it("is null for what must be rendered each time", () => {
    expect(documentKey(new Request("http://localhost/", { method: "POST" }), 200, context(data), false)).toBeNull();
    expect(documentKey(get(), 404, context(data), false)).toBeNull();
    expect(documentKey(get(), 200, context(data, { actionData: { errors: {} } }), false)).toBeNull();
    expect(documentKey(get(), 200, context(data, { errors: { root: new Error("x") } }), false)).toBeNull();
    expect(documentKey(get(), 200, context({ root: { later: Promise.resolve(1) } }), false)).toBeNull();
    expect(documentKey(get(), 200, context({ root: { fen: 1n } }), false)).toBeNull();
    expect(documentKey(get(), 200, context({ root: { map: new Map() } }), false)).toBeNull();
  });
});

describe("the document cache", () => {
  it("gives back what was kept, with each response's own nonce in place of the placeholder", () => {
    clearDocumentCache();
    keepDocument("k", `<script nonce="${NONCE_PLACEHOLDER}"></script><script nonce="${NONCE_PLACEHOLDER}"></script>`);
    expect(withNonce(cachedDocument("k")!, "abc")).toBe('<script nonce="abc"></script><script nonce="abc"></script>');
    expect(cachedDocument("missing")).toBeUndefined();
  });

  it("keeps at most 200 pages, dropping the least recently used", () => {
    clearDocumentCache();
    for (let i = 0; i < 200; i++) keepDocument(`k${i}`, String(i));
    expect(cachedDocument("k0")).toBe("0"); // used again: now the most recent
    keepDocument("k200", "200");
    expect(cachedDocument("k1")).toBeUndefined();
    expect(cachedDocument("k0")).toBe("0");
    expect(cachedDocument("k200")).toBe("200");
  });
});
