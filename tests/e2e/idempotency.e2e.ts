// A double click must not record a payment twice (issue 12), against the production server: the page
// carries a key made by its loader (a new one on every load, also when the page itself is served again
// from the rendered-page cache), and the same form posted twice records once.
import Database from "better-sqlite3";
import { describe, expect, inject, it } from "vitest";
import { sessionCookie as cookieOf, useSignedInPage } from "./sign-in";

const baseUrl = inject("baseUrl");
const databaseFile = inject("databaseFile");
const pageOf = useSignedInPage(baseUrl, "finance");

const keyIn = (html: string, form: string) => new RegExp(`name="idempotencyKey" value="([0-9a-f-]{36})\\.${form}"`).exec(html)?.[1];
const paymentsTo = (payee: string) => {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM Payment WHERE payee = ?").get(payee) as { n: number }).n;
  } finally {
    db.close();
  }
};

describe("a payment form", () => {
  it("gets a new key on every load, from the cache too, the page otherwise the same", async () => {
    const cookie = await cookieOf(baseUrl, "finance");
    const load = async () => {
      const response = await fetch(`${baseUrl}/budget`, { headers: { Cookie: cookie } });
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")![1];
      return { html: await response.text(), nonce };
    };
    const [first, second] = [await load(), await load()];
    const [firstKey, secondKey] = [keyIn(first.html, "payment"), keyIn(second.html, "payment")];
    expect(firstKey).toBeTruthy();
    expect(secondKey).toBeTruthy();
    expect(secondKey).not.toBe(firstKey);
    expect(second.html).not.toContain(firstKey);
    expect(second.html).not.toContain("gwfresh"); // the cache's placeholder never leaves the server
    const normal = (page: { html: string; nonce: string }, key: string) => page.html.split(page.nonce).join("N").split(key).join("K");
    expect(normal(second, secondKey!)).toBe(normal(first, firstKey!));
  });

  it("posted twice without JavaScript records once, and both answers show that payment", async () => {
    const cookie = await cookieOf(baseUrl, "finance");
    const html = await (await fetch(`${baseUrl}/budget`, { headers: { Cookie: cookie } })).text();
    // The first leaf cost account the payment form offers (成本科目).
    const accountId = /name="accountId"[^>]*>[\s\S]*?<option value="(\d+)"/.exec(html)![1];
    const body = new URLSearchParams({ intent: "payment", idempotencyKey: `${keyIn(html, "payment")}.payment`, accountId, contractId: "", paidOn: "2026-11-27", amount: "321", payee: "双击测试-无脚本", voucherNo: "", note: "" });
    const post = () => fetch(`${baseUrl}/budget`, { method: "POST", body, headers: { Cookie: cookie, Origin: baseUrl }, redirect: "manual" });
    const [first, second] = await Promise.all([post(), post()]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(first.headers.get("location")).toMatch(/^\/budget\?recorded=\d+$/);
    expect(paymentsTo("双击测试-无脚本")).toBe(1);
  });

  it("submitted twice in the browser records once and shows the payment", async () => {
    const page = pageOf();
    await page.goto(`${baseUrl}/budget`);
    const form = page.getByTestId("payment-form");
    await form.locator('[name="accountId"]').selectOption({ label: "COM.02.01 主体结构" });
    await form.locator('[name="amount"]').fill("123");
    await form.locator('[name="payee"]').fill("双击测试-浏览器");
    // Two submissions before the page can react: the second cancels the first in the browser, but both reach the server.
    await form.evaluate((element: HTMLFormElement) => {
      element.requestSubmit();
      element.requestSubmit();
    });
    await page.waitForURL(/\/budget\?recorded=\d+$/);
    await expect.poll(() => page.getByTestId("payment-banner").textContent()).toContain("双击测试-浏览器");
    expect(paymentsTo("双击测试-浏览器")).toBe(1);
    // The form shown after the write has a new key: the next payment is a new one.
    await form.locator('[name="accountId"]').selectOption({ label: "COM.02.01 主体结构" });
    await form.locator('[name="amount"]').fill("124");
    await form.locator('[name="payee"]').fill("双击测试-浏览器");
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => paymentsTo("双击测试-浏览器")).toBe(2);
  });
});
