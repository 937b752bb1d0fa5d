// Signing in and out in the browser; what each role sees; the security headers and CSP in practice.
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { launchOptions } from "./browser";
import { signIn } from "./sign-in";

const baseUrl = inject("baseUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cspViolations: string[];

beforeAll(async () => {
  browser = await chromium.launch(launchOptions());
});

beforeEach(async () => {
  await context?.close();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  cspViolations = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
});

describe("sign-in in the browser", () => {
  it("sends a visitor to the login page, which lists the demo accounts", async () => {
    await page.goto(`${baseUrl}/milestones`);
    await page.waitForURL(/\/login\?redirectTo=%2Fmilestones/);
    expect(await page.getByTestId("demo-users").textContent()).toContain("groundwork");
    expect(await page.locator(".shell-nav a").count()).toBe(0);
  });

  it("refuses a wrong password with a message and keeps the username", async () => {
    await page.goto(`${baseUrl}/login`);
    await page.locator('[name="username"]').fill("exec");
    await page.locator('[name="password"]').fill("not-the-password");
    await page.locator('[data-testid="login-form"] button[type="submit"]').click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("用户名或密码不正确");
    expect(await page.locator('[name="username"]').inputValue()).toBe("exec");
    expect(await page.locator('[name="password"]').inputValue()).toBe("");
  });

  it("signs in as an executive who can read a milestone but not change it, then signs out", async () => {
    await page.goto(`${baseUrl}/milestones`);
    await page.waitForURL(/\/login/);
    await page.locator('[name="username"]').fill("exec");
    await page.locator('[name="password"]').fill("groundwork");
    await page.locator('[data-testid="login-form"] button[type="submit"]').click();
    await page.waitForURL(/\/milestones$/); // back where they were going
    expect(await page.getByTestId("current-user").textContent()).toContain("王建国");
    expect(await page.getByTestId("edit-M01").textContent()).toBe("查看");
    await page.getByTestId("edit-M01").click();
    await page.getByTestId("read-only").waitFor();
    expect(await page.getByTestId("milestone-form").count()).toBe(0);
    // Executives read the audit log.
    await page.goto(`${baseUrl}/audit`);
    expect(await page.locator("h1").textContent()).toBe("审计日志");
    await page.getByRole("button", { name: "退出" }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/login/);
  });

  it("serves documents with a CSP that the app itself never trips", async () => {
    const response = await page.goto(`${baseUrl}/login`);
    const headers = response!.headers();
    expect(headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
    await signIn(page, baseUrl, "pm");
    // The overview's charts are drawn by code imported after hydration (/build/_shared): allowed too.
    await page.getByTestId("gap-chart").locator("svg.recharts-surface").first().waitFor();
    // Client-side navigation and hydration work under the policy.
    await page.getByRole("link", { name: "进度里程碑" }).click();
    await page.waitForURL(/\/milestones$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("进度里程碑");
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Milestones");
    expect(cspViolations).toEqual([]);
  });

  it("refuses a cross-site form post, even a valid one carrying the session cookie", async () => {
    await signIn(page, baseUrl, "pm");
    await page.goto(`${baseUrl}/milestones`);
    await page.getByTestId("edit-M07").click();
    await page.waitForURL(/\/milestones\/\d+$/);
    const url = page.url();
    const fields = Object.fromEntries(
      await page.locator('[data-testid="milestone-form"] [name]').evaluateAll((elements) =>
        elements.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value]),
      ),
    );
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const crossSite = await fetch(url, {
      method: "POST",
      body: new URLSearchParams({ ...fields, note: "written from evil.example" }),
      headers: { Origin: "https://evil.example", Cookie: cookie },
      redirect: "manual",
    });
    // Refused before the action runs (Remix's own guard answers document POSTs; ours answers the rest).
    expect(crossSite.status).toBeGreaterThanOrEqual(400);
    await page.reload();
    expect(await page.locator('form:has(input[name="intent"][value="update"]) [name="note"]').inputValue()).not.toContain("evil.example");
    // The same form from the app's own page is accepted.
    await page.locator('form:has(input[name="intent"][value="update"]) [name="note"]').fill("written from the app");
    await page.getByRole("button", { name: "保存" }).click();
    await page.waitForURL(/saved=M07/);
  });
});
