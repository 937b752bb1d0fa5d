// Issue 18: no page scrolls sideways on a phone-wide screen (375 px) in either language — every page and
// each kind of detail page, seen by the role whose forms it carries (wide tables scroll inside their card).
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchOptions } from "./browser";
import { PAGES } from "./pages";
import { overflowingAt375 } from "./phone";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch(launchOptions());
});
afterAll(async () => {
  await browser?.close();
});


describe("every page on a phone", () => {
  for (const [username, paths] of Object.entries(PAGES)) {
    it(`fits 375 px in zh and en for ${username}: ${paths.join(" ")}`, async () => {
      expect(await overflowingAt375(browser, baseUrl, username, paths)).toEqual([]);
    }, 240_000);
  }
});
