// Accountability in the browser: a department member reports on their own action item only; a meeting's
// theme decides its chair (and a stand-in replaces them, with the reason shown); the scorecard shows and
// exports; the monthly pack takes each section's commentary from its leader and is then issued (frozen);
// the new pages fit a phone's width in both languages.
//
// The database is shared, in turn, by every e2e file: this file reports on the leasing item (append-only,
// no other file reads its reports), sets the theme of 2026-12-22 (no other file uses it) and clears its
// stand-in again, and issues the 2026-11 pack (only hostile.e2e.ts reads /reports, either way).
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchOptions } from "./browser";
import { overflowingAt375 } from "./phone";
import { signIn } from "./sign-in";

const baseUrl = inject("baseUrl");
// A loaded two-core machine: a navigation and its loaders may take several seconds.
const SLOW = { timeout: 30_000 };
let browser: Browser;
const pages = new Map<string, Page>();

beforeAll(async () => {
  browser = await chromium.launch(launchOptions());
});

afterAll(async () => {
  await browser?.close();
});

/** A page signed in as `username`, in its own browser context (its own cookies), kept for the file. */
async function as(username: string): Promise<Page> {
  const known = pages.get(username);
  if (known) return known;
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, baseUrl, username);
  pages.set(username, page);
  return page;
}

/** The value of the option whose text starts with `text` in `select`. */
async function optionStartingWith(page: Page, select: string, text: string) {
  const value = await page.locator(select).evaluate((el, t) => {
    const option = [...(el as HTMLSelectElement).options].find((o) => o.textContent?.trim().startsWith(t));
    return option?.value ?? "";
  }, text);
  expect(value, `an option starting with ${text} in ${select}`).not.toBe("");
  return value;
}

describe("accountability in the browser", () => {
  it("lets a department member report on their own department's action item only", async () => {
    const page = await as("member");
    await page.goto(`${baseUrl}/meetings/2026-12-08`);
    const carried = page.getByTestId("carried-over");
    await carried.locator("tbody tr").first().waitFor();
    const rows = carried.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(1);
    // Forms only on the leasing department's items (孙强 is in 招商部), none on the others'.
    const forms = carried.locator('form[data-testid^="report-form-"]');
    expect(await forms.count()).toBeGreaterThan(0);
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      const text = (await row.textContent()) ?? "";
      const hasForm = (await row.locator('form[data-testid^="report-form-"]').count()) > 0;
      expect(hasForm, text).toBe(text.includes("招商部"));
    }
    const leasing = rows.filter({ hasText: "起草招商政策框架" });
    expect(await leasing.count()).toBe(1);
    expect(await leasing.locator('form[data-testid^="report-form-"]').count()).toBe(1);
    expect(await rows.filter({ hasText: "编制地质勘察招标文件" }).locator("form").count()).toBe(0);

    const report = "已完成周边商业租金调研，政策框架初稿编写中";
    await leasing.locator('input[name="text"]').fill(report);
    await leasing.getByRole("button", { name: "汇报" }).click();
    await page.waitForURL(/\/meetings\/2026-12-08#action-\d+$/, SLOW);
    // The last report column (the fourth) shows it, dated today (the pinned 2026-11-27).
    const lastReport = () => carried.locator("tbody tr", { hasText: "起草招商政策框架" }).locator("td").nth(3).textContent();
    await expect.poll(lastReport, SLOW).toContain(report);
    expect(await lastReport()).toContain("2026年11月27日");
    // Still open (not marked done), so the form is still there for the next report.
    expect(await carried.locator("tbody tr", { hasText: "起草招商政策框架" }).locator("form").count()).toBe(1);
  });

  it("has the theme's leader chair the meeting, and shows a stand-in and the reason", async () => {
    const page = await as("exec");
    await page.goto(`${baseUrl}/meetings/2026-12-22`);
    const theme = page.getByTestId("theme-form");
    await theme.locator('[name="theme"]').fill("银行授信与内部认购");
    await theme.locator('[name="themeEn"]').fill("Bank credit line and internal subscription");
    await theme.locator('[name="themeArea"]').selectOption({ label: "资金与融资 — 王建国" });
    await theme.getByRole("button", { name: "保存" }).click();
    const chair = page.getByTestId("meeting-chair");
    await expect.poll(() => page.getByTestId("chair-basis").getAttribute("data-basis"), SLOW).toBe("theme");
    expect(await chair.textContent()).toContain("王建国");
    expect(await chair.textContent()).toContain("资金与融资分管领导");
    expect(await page.getByTestId("theme-form").locator('[name="theme"]').inputValue()).toBe("银行授信与内部认购");

    // A stand-in: without a reason it is refused beside the field, the choice kept.
    await page.locator("details.stand-in > summary").click();
    const standIn = page.getByTestId("stand-in-form");
    const liMing = await optionStartingWith(page, '[data-testid="stand-in-form"] select[name="personId"]', "李明");
    await standIn.locator('select[name="personId"]').selectOption(liMing);
    await standIn.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.locator("#field-reason-error").textContent(), SLOW).toBeTruthy();
    expect(await page.getByTestId("stand-in-form").locator('select[name="personId"]').inputValue()).toBe(liMing);
    expect(await page.getByTestId("chair-basis").getAttribute("data-basis")).toBe("theme");

    await page.getByTestId("stand-in-form").locator('input[name="reason"]').fill("王总赴省城洽谈授信");
    await page.getByTestId("stand-in-form").getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.getByTestId("chair-basis").getAttribute("data-basis"), SLOW).toBe("stand_in");
    const text = (await chair.textContent()) ?? "";
    expect(text).toContain("李明");
    expect(text).toContain("王建国缺席");
    expect(text).toContain("王总赴省城洽谈授信");
    // The meetings list says the same.
    await page.goto(`${baseUrl}/meetings`);
    const listed = page.getByTestId("meeting-2026-12-22");
    expect(await listed.getByTestId("chair").textContent()).toContain("李明");

    // Back to the leader in charge.
    await page.goto(`${baseUrl}/meetings/2026-12-22`);
    const form = page.getByTestId("stand-in-form");
    expect(await form.isVisible()).toBe(true); // open while a stand-in is recorded
    await form.locator('select[name="personId"]').selectOption("");
    await form.locator('input[name="reason"]').fill("");
    await form.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.getByTestId("chair-basis").getAttribute("data-basis"), SLOW).toBe("theme");
    expect(await chair.textContent()).toContain("王建国");
    expect(await chair.textContent()).not.toContain("王总赴省城洽谈授信");
  });

  it("shows the scorecard in Chinese and English and exports it to Excel", async () => {
    const page = await as("exec");
    await page.goto(`${baseUrl}/meetings/scorecard`);
    expect(await page.locator("h1").textContent()).toBe("督办考核");
    const departments = page.getByTestId("sc-departments");
    await departments.waitFor();
    expect(await departments.locator("tbody tr").count()).toBeGreaterThan(1);
    expect(await departments.textContent()).toContain("招商部");
    expect(await page.getByTestId("sc-total").count()).toBe(1);

    // The export link downloads a workbook.
    const exportLink = page.getByTestId("sc-export");
    expect(await exportLink.textContent()).toBe("导出 Excel");
    const [download] = await Promise.all([page.waitForEvent("download", SLOW), exportLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^groundwork-scorecard-.*\.xlsx$/);
    expect(await download.failure()).toBeNull();
    const href = await exportLink.getAttribute("href");
    const response = await page.request.get(`${baseUrl}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("spreadsheetml");
    expect((await response.body()).subarray(0, 2).toString()).toBe("PK"); // a zip, as .xlsx is

    await page.getByTestId("lang-switch").click();
    await expect.poll(() => page.locator("h1").textContent(), SLOW).toBe("Action item scorecard");
    expect(await page.getByTestId("sc-departments").textContent()).toContain("Leasing");
    expect(await page.getByTestId("sc-export").textContent()).toBe("Export to Excel");
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang"), SLOW).toBe("zh-CN");
  });

  it("fits the new pages on a phone in both languages", async () => {
    expect(await overflowingAt375(browser, baseUrl, "exec", ["/meetings/scorecard", "/reports", "/reports/2026-11", "/settings/leaders", "/meetings/2026-12-01/print"])).toEqual([]);
  });

  it("takes each section's commentary from its leader, then issues the 2026-11 pack frozen", async () => {
    // The project manager leads engineering: the schedule section is theirs, the cash section is not.
    const pm = await as("pm");
    await pm.goto(`${baseUrl}/reports/2026-11`);
    expect(await pm.locator("h1").textContent()).toContain("月度经营报告");
    expect(await pm.getByTestId("pack-status").textContent()).toContain("草稿");
    const schedule = pm.getByTestId("commentary-schedule");
    const commentary = "报建进度总体受控；M01 规划审批因局务会改期预计顺延至12月中旬。";
    await schedule.locator("textarea").fill(commentary);
    await schedule.getByRole("button", { name: "保存点评" }).click();
    await expect.poll(() => pm.getByTestId("commentary-schedule").getByRole("status").textContent(), SLOW).toBe("点评已保存。");
    expect(await pm.getByTestId("commentary-schedule").textContent()).toContain("李明");
    expect(await pm.getByTestId("pack-issue").count()).toBe(0); // the pm may not issue
    const cash = pm.getByTestId("commentary-cash");
    expect(await cash.locator("textarea").count()).toBe(0);
    expect(await cash.getByRole("button").count()).toBe(0);
    expect(await cash.textContent()).toContain("王建国");
    await pm.reload();
    expect(await pm.getByTestId("commentary-schedule").locator("textarea").inputValue()).toBe(commentary);

    // The general manager issues it: the figures and commentary freeze, and no commentary can be written.
    const exec = await as("exec");
    await exec.goto(`${baseUrl}/reports/2026-11`);
    expect(await exec.getByTestId("pack-sheet").locator("textarea").count()).toBeGreaterThan(0);
    expect(await exec.getByTestId("commentary-schedule").textContent()).toContain(commentary);
    // November is still running on the pinned 11-27: issuing now needs the explicit confirmation.
    await exec.getByTestId("pack-issue").getByLabel("本月尚未结束，确认提前签发").check();
    await exec.getByTestId("pack-issue").getByRole("button", { name: "发布（冻结）本月报告" }).click();
    await exec.waitForURL(/\/reports\/2026-11\?issued=1$/, SLOW);
    await expect.poll(() => exec.getByTestId("pack-status").textContent(), SLOW).toContain("发布");
    expect(await exec.getByTestId("pack-status").textContent()).toContain("王建国");
    expect(await exec.getByRole("status").first().textContent()).toContain("报告已发布");
    expect(await exec.getByTestId("pack-issue").count()).toBe(0);
    expect(await exec.getByTestId("pack-sheet").locator("textarea").count()).toBe(0);
    expect(await exec.getByTestId("pack-sheet").locator('form input[name="intent"][value="commentary"]').count()).toBe(0);
    expect(await exec.getByTestId("commentary-schedule").textContent()).toContain(commentary);

    await pm.reload();
    expect(await pm.getByTestId("pack-sheet").locator("textarea").count()).toBe(0);
    expect(await pm.getByTestId("commentary-schedule").textContent()).toContain(commentary);

    await exec.goto(`${baseUrl}/reports`);
    expect(await exec.getByTestId("pack-row-2026-11").textContent()).toContain("已发布");
    expect(await exec.getByTestId("pack-row-2026-11").textContent()).toContain("王建国");

    // Printed, the pack is the sheet alone: no navigation.
    await exec.goto(`${baseUrl}/reports/2026-11`);
    expect(await exec.locator(".shell-header").isVisible()).toBe(true);
    await exec.emulateMedia({ media: "print" });
    expect(await exec.locator(".shell-header").isVisible()).toBe(false);
    expect(await exec.getByTestId("pack-sheet").isVisible()).toBe(true);
    await exec.emulateMedia({ media: "screen" });

    // The issued pack still fits a phone.
    expect(await overflowingAt375(browser, baseUrl, "exec", ["/reports/2026-11"])).toEqual([]);
  });
});
