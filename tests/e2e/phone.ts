// Page-level sideways scrolling on a phone-wide screen (issue 18: no page scrolls sideways at 375 px).
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { signIn } from "./sign-in";

/** Sideways overflow of the whole page, in px (0 when it fits). */
export const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Each path at 375 px in zh and en, signed in as `username`: the paths whose page scrolls sideways. */
export async function overflowingAt375(browser: Browser, baseUrl: string, username: string, paths: string[]) {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await signIn(page, baseUrl, username);
  const wide: string[] = [];
  try {
    for (const lang of ["zh", "en"] as const) {
      // The language cookie as the switch sets it (scripts/screenshots.ts does the same).
      await context.addCookies([{ name: "gw_lang", value: Buffer.from(JSON.stringify(lang)).toString("base64"), url: baseUrl }]);
      for (const path of paths) {
        const response = await page.goto(`${baseUrl}${path}`);
        expect(response?.status(), `${lang} ${path}`).toBe(200);
        expect(await page.locator("html").getAttribute("lang")).toBe(lang === "zh" ? "zh-CN" : "en");
        await page.locator("h1").first().waitFor();
        const overflow = await overflowOf(page);
        if (overflow > 1) wide.push(`${lang} ${path}: ${overflow} px`);
      }
    }
  } finally {
    await context.close();
  }
  return wide;
}
