// Issue 18: every page passes axe-core's WCAG 2 A/AA rules with no serious or critical violation, in zh
// and en, at desktop width — and a handful of pages again at phone width, where the layout changes.
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchOptions } from "./browser";
import { seriousViolations, violationsOn } from "./a11y";
import { PAGES } from "./pages";
import { signIn } from "./sign-in";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch(launchOptions());
});
afterAll(async () => {
  await browser?.close();
});

describe("every page meets WCAG 2 AA as axe-core checks it", () => {
  for (const [username, paths] of Object.entries(PAGES)) {
    it(`has no serious or critical violation at 1280 px for ${username}: ${paths.join(" ")}`, async () => {
      expect(await violationsOn(browser, baseUrl, username, paths)).toEqual([]);
    }, 480_000);
  }

  const phonePages: Record<string, string[]> = {
    exec: ["/", "/meetings/2026-12-08"],
    finance: ["/budget", "/financing"],
    sales: ["/sales/units"],
  };
  for (const [username, paths] of Object.entries(phonePages)) {
    it(`has no serious or critical violation at 375 px for ${username}: ${paths.join(" ")}`, async () => {
      expect(await violationsOn(browser, baseUrl, username, paths, 375)).toEqual([]);
    }, 240_000);
  }
});

describe("the sign-in page", () => {
  it("has no serious or critical violation in zh and en", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const found: string[] = [];
    for (const lang of ["zh", "en"] as const) {
      await context.addCookies([{ name: "gw_lang", value: Buffer.from(JSON.stringify(lang)).toString("base64"), url: baseUrl }]);
      await page.goto(`${baseUrl}/login`);
      await page.waitForLoadState("networkidle");
      for (const violation of await seriousViolations(page)) found.push(`${lang} /login → ${violation}`);
    }
    await context.close();
    expect(found).toEqual([]);
  }, 120_000);
});

describe("keyboard use", () => {
  it("reaches a skip link first, then the main navigation, each with a visible focus outline", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, baseUrl, "exec");
    await page.goto(`${baseUrl}/budget`);
    await page.waitForLoadState("networkidle");
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { text: el.textContent?.trim(), href: el.getAttribute("href"), outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1, inNav: !!el.closest("nav"), top: el.getBoundingClientRect().top };
      });
    await page.keyboard.press("Tab");
    const skip = await focused();
    expect(skip).toMatchObject({ text: "跳到正文", href: "#main", outline: true });
    expect(skip.top).toBeGreaterThanOrEqual(0); // shown on screen while focused
    // Tab on past the brand to every link of the main navigation, each outlined as it gets focus.
    const navLinks: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      const now = await focused();
      expect(now.outline, `focus outline on ${now.text}`).toBe(true);
      if (now.inNav) navLinks.push(now.href ?? "");
    }
    expect(navLinks).toEqual(expect.arrayContaining(["/", "/milestones", "/budget", "/financing", "/sales", "/meetings", "/reports"]));
    // The skip link moves focus into the page's main content.
    await page.goto(`${baseUrl}/budget`);
    await page.waitForLoadState("networkidle");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    await context.close();
  }, 120_000);
});
