// Sessions in the browser, on a phone-sized screen: the account page behind the user's name, signing
// out everywhere, and an admin ending another person's session.
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchOptions } from "./browser";
import { signIn } from "./sign-in";

const baseUrl = inject("baseUrl");
const PHONE = { width: 375, height: 800 };
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch(launchOptions());
});

afterAll(async () => {
  await browser?.close();
});

/** A fresh browser profile (its own cookies), signed in as `username`. */
async function device(username: string, viewport = PHONE): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, baseUrl, username);
  return page;
}

const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe("sessions in the browser", () => {
  it("lists the user's sessions behind their name, and signs out everywhere", async () => {
    const laptop = await device("finance", { width: 1280, height: 900 });
    const phone = await device("finance");
    await phone.getByTestId("current-user").click();
    await phone.waitForURL(/\/account$/);
    // The URL changes before the page does (client-side navigation): wait for the page itself.
    await phone.getByTestId("my-sessions").waitFor();
    expect(await phone.locator('[data-testid="my-sessions"] tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await phone.locator('[data-testid="my-sessions"] .session-this').count()).toBe(1);
    expect(await overflows(phone)).toBe(false);

    await phone.getByTestId("sign-out-everywhere").click();
    await phone.waitForURL(/\/login/);
    await laptop.goto(`${baseUrl}/budget`);
    await laptop.waitForURL(/\/login\?redirectTo=%2Fbudget/);
    await laptop.context().close();
    await phone.context().close();
  });

  it("lets an admin end another user's session from the users page", async () => {
    const pm = await device("pm", { width: 1280, height: 900 });
    const admin = await device("admin");
    await admin.goto(`${baseUrl}/admin/users`);
    expect(await overflows(admin)).toBe(false);
    await admin.getByTestId("user-pm").locator("a").click();
    await admin.waitForURL(/\/admin\/users\/\d+$/);
    expect(await overflows(admin)).toBe(false);
    await admin.getByTestId("end-all-sessions").click();
    await admin.waitForURL(/ended=1/);
    await expect.poll(() => admin.getByTestId("user-sessions").count()).toBe(0);
    await pm.goto(`${baseUrl}/milestones`);
    await pm.waitForURL(/\/login/);
    // A member sees no users page and no link to it.
    const member = await device("member");
    expect(await member.locator('.shell-nav a[href="/admin/users"]').count()).toBe(0);
    const refused = await member.goto(`${baseUrl}/admin/users`);
    expect(refused!.status()).toBe(403);
    for (const page of [pm, admin, member]) await page.context().close();
  });
});
