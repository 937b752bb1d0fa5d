// The checks every request passes before the app sees it (app/server/main.ts): the method, the Host,
// the origin of a write, its content type and its declared size. Each refusal is a 4xx with a message
// in both languages, so nothing a client sends can reach Remix in a shape that makes it throw (its own
// CSRF check throws a 500 on a foreign Origin; undici throws on TRACE; formData() throws on text/plain).
// Pure: no I/O, unit-tested in gate.test.ts.

export type Limits = {
  /** Largest urlencoded or multipart body of an ordinary form post, in bytes. */
  formBytes: number;
  /** Largest multipart body of an upload (paths in UPLOAD_PATHS), in bytes. */
  uploadBytes: number;
};

export const DEFAULT_LIMITS: Limits = {
  formBytes: 256 * 1024,
  // The largest upload's file limit plus multipart framing: a project document's scan or drawing (10 MB,
  // app/domain/schedule/documents.ts MAX_DOCUMENT_BYTES). The imports refuse past their own smaller
  // limit (5 MB, app/models/cost/io/payment-import.server.ts MAX_IMPORT_BYTES) in the route.
  uploadBytes: 10_000_000 + 64 * 1024,
};

/** Routes that accept a file upload (multipart/form-data above the form limit): the imports, a milestone's documents. */
export const UPLOAD_PATHS = /^\/(?:[a-z/-]*\/import|milestones\/\d{1,9}\/documents)$/;

export const ALLOWED_METHODS = ["GET", "HEAD", "POST"];

/**
 * The longest path the app accepts. Remix's route discovery matches every route against every prefix
 * of a path (quadratic in its segments): 7,000 segments froze the process for 11 s. No page of the
 * app has more than a few segments or a path near this length.
 */
export const MAX_PATH_LENGTH = 1024;
export const MAX_PATH_SEGMENTS = 16;

export type Refusal = { status: number; zh: string; en: string; headers?: Record<string, string> };

type Headers = { get(name: string): string | null };

export function limitFor(path: string, contentType: string | null, limits: Limits): number {
  return UPLOAD_PATHS.test(path) && mediaType(contentType) === "multipart/form-data" ? limits.uploadBytes : limits.formBytes;
}

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/** The host[:port] an Origin or Referer names, or null when it is not an http(s) URL. */
export function sourceHost(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : null;
  } catch {
    return null;
  }
}

/** A host[:port] as a URL spells it (lower case, no default port), or null when it is not one. */
export function normalHost(host: string | null | undefined): string | null {
  if (!host || host.length > 255) return null;
  try {
    const url = new URL(`http://${host}`);
    const plain = host.toLowerCase();
    return url.host === plain || url.host === plain.replace(/:80$/, "") ? url.host : null;
  } catch {
    return null;
  }
}

/** The Host header as host[:port] (lower case), or null when it is missing or malformed. */
export function requestHost(headers: Headers): string | null {
  return normalHost(headers.get("host"));
}

/**
 * The host the client addressed: the Host header, or behind a trusted proxy the first entry of
 * X-Forwarded-Host (the one the first proxy saw). Null when malformed.
 */
export function effectiveHost(headers: Headers, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? headers.get("x-forwarded-host") : null;
  if (forwarded) return normalHost(forwarded.split(",")[0].trim());
  return requestHost(headers);
}

export const REFUSALS = {
  method: (): Refusal => ({
    status: 405,
    zh: "不支持该请求方法。",
    en: "This request method is not supported.",
    headers: { Allow: ALLOWED_METHODS.join(", ") },
  }),
  host: (): Refusal => ({ status: 400, zh: "请求的 Host 无效。", en: "The request's Host header is invalid." }),
  target: (): Refusal => ({ status: 400, zh: "请求地址无效。", en: "The request target is invalid." }),
  longPath: (): Refusal => ({ status: 414, zh: "请求地址过长。", en: "The request path is too long." }),
  crossSite: (): Refusal => ({
    status: 403,
    zh: "已拒绝跨站请求：请求来源（Origin/Referer）与本站不符。",
    en: "Cross-site request refused: the Origin/Referer does not match this site.",
  }),
  contentType: (): Refusal => ({
    status: 415,
    zh: "表单只接受 application/x-www-form-urlencoded 或 multipart/form-data。",
    en: "Forms accept only application/x-www-form-urlencoded or multipart/form-data.",
  }),
  tooLarge: (limit: number): Refusal => ({
    status: 413,
    zh: `请求内容过大（上限 ${formatBytes(limit)}）。`,
    en: `The request body is too large (limit ${formatBytes(limit)}).`,
  }),
  slowBody: (): Refusal => ({ status: 408, zh: "请求内容传输超时。", en: "The request body took too long to arrive." }),
  busy: (retryAfterSeconds: number): Refusal => ({
    status: 503,
    zh: "服务器繁忙，请稍后重试。",
    en: "The server is busy. Please try again shortly.",
    headers: { "Retry-After": String(retryAfterSeconds) },
  }),
};

function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Why a request must be refused before the app reads it, or null. `trustProxy`: the Host to compare
 * a write's origin with may come from X-Forwarded-Host (only behind a proxy that sets it).
 */
export function refusalFor(request: { method: string; target?: string; path: string; headers: Headers }, limits: Limits, trustProxy = false): Refusal | null {
  const method = request.method.toUpperCase();
  if (!ALLOWED_METHODS.includes(method)) return REFUSALS.method();
  // Only origin-form targets ("/path?query"): not "*", not "http://other.example/".
  const target = request.target ?? request.path;
  if (!target.startsWith("/") || target.startsWith("//")) return REFUSALS.target();
  const path = target.split("?")[0];
  if (path.length > MAX_PATH_LENGTH || path.split("/").length - 1 > MAX_PATH_SEGMENTS) return REFUSALS.longPath();
  const host = effectiveHost(request.headers, trustProxy);
  if (!host) return REFUSALS.host();
  if (method !== "POST") return null;

  // A write must say where it comes from, and that must be this site (the app checks again per action).
  const origin = request.headers.get("origin");
  const referer = request.headers.get("referer");
  const source = origin !== null ? sourceHost(origin) : referer !== null ? sourceHost(referer) : null;
  if (source === null || source !== host) return REFUSALS.crossSite();

  const type = mediaType(request.headers.get("content-type"));
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") return REFUSALS.contentType();

  const limit = limitFor(request.path, request.headers.get("content-type"), limits);
  const declared = request.headers.get("content-length");
  if (declared !== null && (!/^\d{1,15}$/.test(declared.trim()) || Number(declared) > limit)) return REFUSALS.tooLarge(limit);
  return null;
}

/** A refusal as a small page (browsers) or plain text (everything else), both languages. */
export function refusalBody(refusal: Refusal, accept: string | null): { contentType: string; body: string } {
  if ((accept ?? "").includes("text/html")) {
    const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    return {
      contentType: "text/html; charset=utf-8",
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${refusal.status}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem"><h1>${refusal.status}</h1><p>${escape(refusal.zh)}</p><p lang="en">${escape(refusal.en)}</p><p><a href="/">返回首页 · Home</a></p></body></html>`,
    };
  }
  return { contentType: "text/plain; charset=utf-8", body: `${refusal.zh}\n${refusal.en}\n` };
}
