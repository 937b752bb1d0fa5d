// Issue 18: no page scrolls sideways on a phone-wide screen (375 px) in either language — every page and
// each kind of detail page, seen by the role whose forms it carries (wide tables scroll inside their card).
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchOptions } from "./browser";
import { overflowingAt375 } from "./phone";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch(launchOptions());
});
afterAll(async () => {
  await browser?.close();
});

const PAGES: Record<string, string[]> = {
  exec: ["/", "/approvals", "/meetings", "/meetings/2026-12-08", "/meetings/2026-11-24", "/meetings/2026-11-24/print", "/meetings/scorecard", "/settings/leaders", "/reports", "/reports/2026-11", "/account"],
  pm: ["/milestones", "/milestones/2", "/milestones/new", "/milestones/baselines", "/milestones/archive"],
  finance: ["/budget", "/budget/lines/1", "/budget/plan", "/budget/payments", "/budget/targets", "/budget/contracts/1", "/budget/import", "/financing", "/financing/cashflow", "/financing/facilities/2"],
  sales: ["/sales", "/sales/units", "/sales/units/T1-301", "/sales/leasing", "/sales/units/import"],
  admin: ["/audit", "/admin/users", "/admin/users/1"],
};

describe("every page on a phone", () => {
  for (const [username, paths] of Object.entries(PAGES)) {
    it(`fits 375 px in zh and en for ${username}: ${paths.join(" ")}`, async () => {
      expect(await overflowingAt375(browser, baseUrl, username, paths)).toEqual([]);
    }, 240_000);
  }
});
