import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, limitFor, refusalBody, refusalFor, requestHost, sourceHost } from "./gate";

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });
const post = (path: string, values: Record<string, string>) => refusalFor({ method: "POST", path, headers: headers({ host: "localhost:3000", ...values }) }, DEFAULT_LIMITS);
const form = { origin: "http://localhost:3000", "content-type": "application/x-www-form-urlencoded" };

describe("refusalFor", () => {
  it("lets reads and same-site form posts through", () => {
    expect(refusalFor({ method: "GET", path: "/budget", headers: headers({ host: "localhost:3000" }) }, DEFAULT_LIMITS)).toBeNull();
    expect(refusalFor({ method: "HEAD", path: "/", headers: headers({ host: "localhost:3000" }) }, DEFAULT_LIMITS)).toBeNull();
    expect(post("/login", form)).toBeNull();
    expect(post("/login", { ...form, origin: undefined as never, referer: "http://localhost:3000/login?x=1" })).toBeNull();
    expect(post("/budget/import", { ...form, "content-type": "multipart/form-data; boundary=x", "content-length": "4000000" })).toBeNull();
  });

  it("refuses other methods with 405 and an Allow header", () => {
    for (const method of ["PUT", "PATCH", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PROPFIND"]) {
      const refusal = refusalFor({ method, path: "/login", headers: headers({ host: "localhost:3000" }) }, DEFAULT_LIMITS);
      expect(refusal?.status, method).toBe(405);
      expect(refusal?.headers?.Allow).toBe("GET, HEAD, POST");
    }
  });

  it("refuses a write from anywhere but this site with 403", () => {
    for (const origin of ["http://evil.example", "null", "http://localhost:3001", "https://localhost:3000.evil.example", "localhost:3000", "file:///etc", "javascript:alert(1)", ""]) {
      expect(post("/login", { ...form, origin })?.status, origin).toBe(403);
    }
    expect(post("/login", { "content-type": form["content-type"] })?.status).toBe(403); // neither Origin nor Referer
    expect(post("/login", { "content-type": form["content-type"], referer: "http://evil.example/" })?.status).toBe(403);
  });

  it("refuses bodies that are not forms with 415", () => {
    for (const type of ["text/plain", "application/json", "", "application/x-www-form-urlencodedX", "multipart/mixed"]) {
      expect(post("/login", { ...form, "content-type": type })?.status, type).toBe(415);
    }
  });

  it("refuses a declared size past the limit with 413, before anything is read", () => {
    expect(post("/login", { ...form, "content-length": String(DEFAULT_LIMITS.formBytes + 1) })?.status).toBe(413);
    expect(post("/login", { ...form, "content-length": "-5" })?.status).toBe(413);
    expect(post("/login", { ...form, "content-length": "1e9" })?.status).toBe(413);
    // A multipart upload is allowed its larger limit only on an import route.
    const upload = { ...form, "content-type": "multipart/form-data; boundary=x", "content-length": "4000000" };
    expect(post("/budget", upload)?.status).toBe(413);
    expect(post("/budget/import", { ...upload, "content-length": String(DEFAULT_LIMITS.uploadBytes + 1) })?.status).toBe(413);
  });

  it("refuses a missing or malformed Host with 400", () => {
    for (const host of ["", "a b", "x".repeat(300), "evil.example/path", "[::1"]) {
      expect(refusalFor({ method: "GET", path: "/", headers: headers({ host }) }, DEFAULT_LIMITS)?.status, host).toBe(400);
    }
  });
});

describe("helpers", () => {
  it("reads hosts", () => {
    expect(sourceHost("http://localhost:3000/x")).toBe("localhost:3000");
    expect(sourceHost("localhost:3000")).toBeNull();
    expect(sourceHost("null")).toBeNull();
    expect(requestHost(headers({ host: "LocalHost:3000" }))).toBe("localhost:3000");
  });

  it("gives uploads their limit only as multipart on an import route", () => {
    expect(limitFor("/budget/import", "multipart/form-data; boundary=x", DEFAULT_LIMITS)).toBe(DEFAULT_LIMITS.uploadBytes);
    expect(limitFor("/budget/import", "application/x-www-form-urlencoded", DEFAULT_LIMITS)).toBe(DEFAULT_LIMITS.formBytes);
    expect(limitFor("/login", "multipart/form-data", DEFAULT_LIMITS)).toBe(DEFAULT_LIMITS.formBytes);
  });

  it("escapes nothing it should not and answers browsers in HTML, others in text, both languages", () => {
    const html = refusalBody({ status: 403, zh: "拒绝<script>", en: "Refused" }, "text/html");
    expect(html.contentType).toMatch(/text\/html/);
    expect(html.body).not.toContain("<script>");
    expect(html.body).toContain("Refused");
    expect(refusalBody({ status: 403, zh: "拒绝", en: "Refused" }, "*/*").body).toBe("拒绝\nRefused\n");
  });
});
