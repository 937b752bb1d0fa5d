// A project manager opens the schedule, updates a milestone, sees it saved; a bad entry is refused
// beside its field with the typed value kept; the language switch is remembered.
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchOptions } from "./browser";
import { signIn } from "./sign-in";

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch(launchOptions());
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await signIn(page, baseUrl, "pm");
});

afterAll(async () => {
  await browser?.close();
});

describe("milestones in the browser", () => {
  it("shows the reference plan with plan approval in progress", async () => {
    await page.goto(`${baseUrl}/milestones`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("进度里程碑");
    const m01 = page.getByTestId("milestone-M01");
    expect(await m01.getByTestId("status").textContent()).toBe("进行中");
    expect(await page.locator(".gantt-row").count()).toBe(36);
    expect(await page.locator(".milestones-table tbody tr").count()).toBe(36);
  });

  it("updates a milestone and shows it saved", async () => {
    await page.getByTestId("edit-M03").click();
    await page.waitForURL(/\/milestones\/\d+$/);
    await page.locator('[name="percentComplete"]').fill("85");
    await page.locator('form:has(input[name="intent"][value="update"]) [name="note"]').fill("环境保护意见表已提交");
    await page.getByRole("button", { name: "保存" }).click();
    await page.waitForURL(/\/milestones\?saved=M03/);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("M03");
    expect((await page.getByTestId("milestone-M03").getByTestId("percent").textContent())?.trim()).toBe("85");

    // The change survives a full reload (it was saved on the server, not just shown).
    await page.reload();
    expect((await page.getByTestId("milestone-M03").getByTestId("percent").textContent())?.trim()).toBe("85");
  });

  it("refuses a bad entry beside its field and keeps what was typed", async () => {
    await page.getByTestId("edit-M02").click();
    await page.waitForURL(/\/milestones\/\d+$/);
    await page.locator('[name="status"]').selectOption("done");
    await page.locator('[name="percentComplete"]').fill("150");
    await page.locator('form:has(input[name="intent"][value="update"]) [name="note"]').fill("输入保留测试");
    await page.getByRole("button", { name: "保存" }).click();
    const error = page.locator("#field-percentComplete-error");
    await error.waitFor();
    expect(await error.textContent()).toBe("请输入 0–100 的整数");
    expect(await page.locator("#field-actualStart-error").textContent()).toBe("请填写实际开始日期");
    expect(await page.locator('[name="percentComplete"]').inputValue()).toBe("150");
    expect(await page.locator('form:has(input[name="intent"][value="update"]) [name="note"]').inputValue()).toBe("输入保留测试");
    expect(await page.locator('[name="status"]').inputValue()).toBe("done");
  });

  it("switches to English and remembers it", async () => {
    await page.goto(`${baseUrl}/milestones`);
    await page.getByTestId("lang-switch").click();
    // The switch reloads every loader of the page: time enough for a loaded machine.
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 30_000 }).toBe("Milestones");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.goto(`${baseUrl}/budget`);
    expect(await page.locator("h1").textContent()).toBe("Budget & payments");
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 30_000 }).toBe("资金计划与支出");
  });
});
