import { describe, expect, it } from "vitest";
import { applySecurityHeaders, assertSameOrigin, contentSecurityPolicy } from "./security.server";

const post = (headers: Record<string, string>) => new Request("http://app.local/milestones/1", { method: "POST", headers: { Host: "app.local", ...headers } });

function refused(request: Request): number | null {
  try {
    assertSameOrigin(request);
    return null;
  } catch (thrown) {
    return (thrown as Response).status;
  }
}

describe("assertSameOrigin", () => {
  it("accepts a POST whose Origin, or else Referer, names this host", () => {
    expect(refused(post({ Origin: "http://app.local" }))).toBeNull();
    expect(refused(post({ Referer: "http://app.local/milestones/1" }))).toBeNull();
    expect(refused(new Request("http://app.local/", { method: "GET" }))).toBeNull();
  });

  it("refuses other origins, opaque origins and POSTs that name none", () => {
    expect(refused(post({ Origin: "https://evil.example" }))).toBe(403);
    expect(refused(post({ Origin: "http://app.local.evil.example" }))).toBe(403);
    expect(refused(post({ Origin: "null" }))).toBe(403);
    expect(refused(post({ Referer: "not a url" }))).toBe(403);
    expect(refused(post({}))).toBe(403);
  });

  it("compares with the forwarded host behind a trusted proxy (TRUST_PROXY=1), and only then", () => {
    const forwarded = post({ Origin: "https://groundwork.example.cn", "X-Forwarded-Host": "Groundwork.example.cn, proxy.internal" });
    expect(refused(forwarded)).toBe(403);
    process.env.TRUST_PROXY = "1";
    try {
      expect(refused(post({ Origin: "https://groundwork.example.cn", "X-Forwarded-Host": "Groundwork.example.cn, proxy.internal" }))).toBeNull();
      expect(refused(post({ Origin: "https://groundwork.example.cn", "X-Forwarded-Host": "a b" }))).toBe(403);
    } finally {
      delete process.env.TRUST_PROXY;
    }
  });

  it("compares hosts as URLs spell them (case, default port)", () => {
    const at = (host: string, origin: string) => refused(new Request("http://localhost/x", { method: "POST", headers: { Host: host, Origin: origin } }));
    expect(at("LOCALHOST:3000", "http://localhost:3000")).toBeNull();
    expect(at("localhost:80", "http://localhost:80")).toBeNull();
    expect(at("localhost:3000", "http://localhost:3001")).toBe(403);
  });
});

describe("security headers", () => {
  it("forbid framing, sniffing and foreign scripts", () => {
    const headers = new Headers();
    applySecurityHeaders(headers, "abc");
    expect(headers.get("Content-Security-Policy")).toBe(contentSecurityPolicy("abc"));
    expect(headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(headers.get("Content-Security-Policy")).toContain("script-src 'self' 'nonce-abc'");
    expect(headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(headers.get("Referrer-Policy")).toBe("same-origin");
  });
});
