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

/** A session cookie obtained by posting the login form over HTTP, as a browser would. */
export async function sessionCookie(baseUrl: string, username: string, password = "groundwork"): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password, redirectTo: "/" }),
    headers: { Origin: baseUrl },
    redirect: "manual",
  });
  if (response.status !== 302) throw new Error(`sign-in as ${username} answered ${response.status}`);
  return response.headers.get("set-cookie")!.split(";")[0];
}
