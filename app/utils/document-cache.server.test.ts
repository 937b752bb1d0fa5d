import type { EntryContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { cachedDocument, clearDocumentCache, documentKey, keepDocument, NONCE_PLACEHOLDER, withNonce, type DocumentKey } from "./document-cache.server";

const context = (loaderData: unknown, extra: { actionData?: unknown; errors?: unknown } = {}) =>
  ({ staticHandlerContext: { loaderData, actionData: extra.actionData ?? null, errors: extra.errors ?? null } }) as unknown as EntryContext;
const get = (url = "http://localhost/") => new Request(url);
const data = { root: { user: { username: "exec" }, lang: "zh" }, "routes/_index": { paidFen: "24000000" } };
const hashOf = (...args: Parameters<typeof documentKey>) => documentKey(...args)?.hash;
const k = (hash: string): DocumentKey => ({ hash, fresh: [] });

describe("documentKey", () => {
  it("is the same for the same URL and data, and differs when either differs", () => {
    const key = hashOf(get(), 200, context(data), false);
    expect(key).toBeTruthy();
    expect(hashOf(get(), 200, context(structuredClone(data)), false)).toBe(key);
    expect(hashOf(get("http://localhost/?view=all"), 200, context(data), false)).not.toBe(key);
    expect(hashOf(get(), 200, context({ ...data, root: { ...data.root, user: { username: "finance" } } }), false)).not.toBe(key);
    expect(hashOf(get(), 200, context({ ...data, root: { ...data.root, lang: "en" } }), false)).not.toBe(key);
    expect(hashOf(get(), 200, context({ ...data, "routes/_index": { paidFen: "24000001" } }), false)).not.toBe(key);
    expect(hashOf(get(), 200, context(data), true)).not.toBe(key);
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
    keepDocument(k("k"), `<script nonce="${NONCE_PLACEHOLDER}"></script><script nonce="${NONCE_PLACEHOLDER}"></script>`);
    expect(withNonce(cachedDocument(k("k"))!, "abc")).toBe('<script nonce="abc"></script><script nonce="abc"></script>');
    expect(cachedDocument(k("missing"))).toBeUndefined();
  });

  it("keeps at most 200 pages, dropping the least recently used", () => {
    clearDocumentCache();
    for (let i = 0; i < 200; i++) keepDocument(k(`k${i}`), String(i));
    expect(cachedDocument(k("k0"))).toBe("0"); // used again: now the most recent
    keepDocument(k("k200"), "200");
    expect(cachedDocument(k("k1"))).toBeUndefined();
    expect(cachedDocument(k("k0"))).toBe("0");
    expect(cachedDocument(k("k200"))).toBe("200");
  });

  it("serves a page with a money form again, each time with its own response's idempotency key", () => {
    clearDocumentCache();
    const [first, second] = ["0b7c4a52-5f1e-4c1b-9d0e-2f7a1c3e9b10", "5d2e8f61-7a3b-4e9c-8f1d-6b4a2c7e0d93"];
    const page = (key: string) => ({ ...data, "routes/budget._index": { paidFen: "1", idempotencyKey: key } });
    const firstKey = documentKey(get("http://localhost/budget"), 200, context(page(first)), false)!;
    const secondKey = documentKey(get("http://localhost/budget"), 200, context(page(second)), false)!;
    expect(secondKey.hash).toBe(firstKey.hash); // a fresh key alone does not make another page
    expect(secondKey.fresh).toEqual([second]);
    keepDocument(firstKey, `<input name="idempotencyKey" value="${first}.payment"/><script>{"idempotencyKey":"${first}"}</script>`);
    const served = cachedDocument(secondKey)!;
    expect(served).toBe(`<input name="idempotencyKey" value="${second}.payment"/><script>{"idempotencyKey":"${second}"}</script>`);
    expect(served).not.toContain(first);
    expect(served).not.toContain("gwfresh");
    // Any other change to the data is still another page.
    expect(documentKey(get("http://localhost/budget"), 200, context({ ...page(second), "routes/budget._index": { paidFen: "2", idempotencyKey: second } }), false)!.hash).not.toBe(firstKey.hash);
  });
});
