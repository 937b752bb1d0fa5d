// One walk over pages for the checks that visit every page (phone width, accessibility, English text):
// signed in as a user, in each language asked for (the language cookie as the switch sets it), each page
// loaded with status 200 in that language and its first heading shown; `check` returns what it found.
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { signIn } from "./sign-in";

export type Lang = "zh" | "en";

export async function walkPages(
  browser: Browser,
  baseUrl: string,
  options: { username: string; paths: string[]; langs: readonly Lang[]; width: number; height?: number; settle?: boolean },
  check: (page: Page, lang: Lang, path: string) => Promise<string[]>,
): Promise<string[]> {
  const context = await browser.newContext({ viewport: { width: options.width, height: options.height ?? 900 } });
  const page = await context.newPage();
  const found: string[] = [];
  try {
    await signIn(page, baseUrl, options.username);
    for (const lang of options.langs) {
      await context.addCookies([{ name: "gw_lang", value: Buffer.from(JSON.stringify(lang)).toString("base64"), url: baseUrl }]);
      for (const path of options.paths) {
        const response = await page.goto(`${baseUrl}${path}`);
        expect(response?.status(), `${lang} ${path}`).toBe(200);
        expect(await page.locator("html").getAttribute("lang"), `${lang} ${path}`).toBe(lang === "zh" ? "zh-CN" : "en");
        await page.locator("h1").first().waitFor();
        // Charts render on the client after hydration: let the network settle so they are checked too.
        if (options.settle) await page.waitForLoadState("networkidle");
        found.push(...(await check(page, lang, path)));
      }
    }
  } finally {
    await context.close();
  }
  return found;
}
