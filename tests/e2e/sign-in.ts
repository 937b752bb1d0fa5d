import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchOptions } from "./browser";

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, baseUrl: string, username: string, password = "groundwork") {
  await page.goto(`${baseUrl}/login`);
  await page.locator('[name="username"]').fill(username);
  await page.locator('[name="password"]').fill(password);
  await page.locator('[data-testid="login-form"] button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/**
 * One browser and one signed-in page for a test file, closed after it: call at the top level of an
 * e2e file. The page is reached through the returned getter once beforeAll has run.
 */
export function useSignedInPage(baseUrl: string, username: string, viewport = { width: 1400, height: 1000 }) {
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await chromium.launch(launchOptions());
    page = await browser.newPage({ viewport });
    await signIn(page, baseUrl, username);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => page!;
}
