// Page-level sideways scrolling on a phone-wide screen (issue 18: no page scrolls sideways at 375 px).
import type { Browser, Page } from "playwright-core";
import { walkPages } from "./walk";

/** Sideways overflow of the whole page, in px (0 when it fits). */
export const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Each path at 375 px in zh and en, signed in as `username`: the paths whose page scrolls sideways. */
export function overflowingAt375(browser: Browser, baseUrl: string, username: string, paths: string[]) {
  return walkPages(browser, baseUrl, { username, paths, langs: ["zh", "en"], width: 375, height: 800 }, async (page, lang, path) => {
    const overflow = await overflowOf(page);
    return overflow > 1 ? [`${lang} ${path}: ${overflow} px`] : [];
  });
}
