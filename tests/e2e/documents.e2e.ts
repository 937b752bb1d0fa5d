// Rendered pages kept by their inputs (app/utils/document-cache.server.ts): a page served again is the
// same HTML with a fresh nonce that matches its own CSP header; it is never another user's or another
// language's page, and never older than the data.
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { sessionCookie as cookieOf } from "./sign-in";

const baseUrl = inject("baseUrl");
const sessionCookie = (username: string) => cookieOf(baseUrl, username);

async function page(path: string, cookie: string) {
  const response = await fetch(baseUrl + path, { headers: { Cookie: cookie } });
  expect(response.status).toBe(200);
  const html = await response.text();
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  expect(nonce).toBeTruthy();
  return { html, nonce: nonce! };
}

const scriptNonces = (html: string) => [...html.matchAll(/<script[^>]* nonce="([^"]+)"/g)].map((m) => m[1]);

describe("pages served again", () => {
  it("are the same page with a fresh nonce on every script, matching the response's CSP", async () => {
    const cookie = await sessionCookie("exec");
    const first = await page("/", cookie);
    const second = await page("/", cookie);
    expect(second.nonce).not.toBe(first.nonce);
    for (const { html, nonce } of [first, second]) {
      const nonces = scriptNonces(html);
      expect(nonces.length).toBeGreaterThan(0);
      expect(new Set(nonces)).toEqual(new Set([nonce]));
      expect(html).not.toContain("gwnonce"); // the placeholder never leaves the server
    }
    expect(second.html.split(second.nonce).join("N")).toBe(first.html.split(first.nonce).join("N"));
  });

  it("belong to their user and their language", async () => {
    const exec = await page("/", await sessionCookie("exec"));
    const finance = await page("/", await sessionCookie("finance"));
    expect(exec.html).toContain("王建国");
    expect(finance.html).toContain("赵丽");
    expect(finance.html).not.toContain("王建国（总经理）");
    const english = await page("/", `${await sessionCookie("finance")}; gw_lang=${Buffer.from(JSON.stringify("en")).toString("base64")}`);
    expect(english.html).toContain('lang="en"');
    expect(finance.html).toContain('lang="zh-CN"');
  });

  it("show a write at once", async () => {
    const cookie = await sessionCookie("finance");
    const before = await page("/", cookie);
    const paid = (html: string) => /data-testid="dash-paid"[\s\S]*?<span class="money[^"]*"[^>]*>([^<]+)</.exec(html)?.[1];
    const paidBefore = paid(before.html);
    const html = await (await fetch(`${baseUrl}/budget`, { headers: { Cookie: cookie } })).text();
    // The first leaf cost account the payment form offers (成本科目).
    const accountId = /name="accountId"[^>]*>[\s\S]*?<option value="(\d+)"/.exec(html)![1];
    const posted = await fetch(`${baseUrl}/budget`, {
      method: "POST",
      body: new URLSearchParams({ intent: "payment", accountId, amount: "12345", payee: "缓存页面测试", paidOn: "2026-11-27", idempotencyKey: randomUUID() }),
      headers: { Cookie: cookie, Origin: baseUrl },
      redirect: "manual",
    });
    expect(posted.status).toBe(302);
    const after = await page("/", cookie);
    expect(paid(after.html)).toBeTruthy();
    expect(paid(after.html)).not.toBe(paidBefore);
  });
});
