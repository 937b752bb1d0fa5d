// An executive opens the next Tuesday meeting, starts it, writes minutes and assigns an action item,
// and finds that item on the following meeting's agenda; the agenda prints on A4 in both languages.
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchOptions } from "./browser";
import { signIn } from "./sign-in";

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch(launchOptions());
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await signIn(page, baseUrl, "exec");
});

afterAll(async () => {
  await browser?.close();
});

describe("the weekly meeting in the browser", () => {
  it("runs the next meeting and carries its action item to the following one", async () => {
    await page.goto(`${baseUrl}/meetings`);
    const next = page.getByTestId("meeting-2026-12-01");
    expect(await next.getByTestId("chair").textContent()).toContain("张伟");
    await next.getByRole("link", { name: "进入" }).click();
    await page.waitForURL(/\/meetings\/2026-12-01$/);
    await page.getByTestId("agenda").locator("li").first().waitFor();
    expect(await page.getByTestId("agenda").locator("li").count()).toBeGreaterThan(3);

    await page.getByTestId("start-meeting").click();
    await expect.poll(() => page.getByTestId("meeting-status").textContent()).toBe("进行中");

    const first = page.getByTestId("agenda").locator("li").first();
    await first.locator('textarea[name="minutes"]').fill("环保材料已报送，待受理");
    await first.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.getByTestId("agenda").locator("li").first().locator('textarea[name="minutes"]').inputValue()).toBe("环保材料已报送，待受理");

    const form = page.getByTestId("action-form");
    await form.locator('[name="title"]').fill("组织施工图审查预约");
    await form.locator('[name="departmentId"]').selectOption({ label: "工程部" });
    await form.locator('[name="ownerId"]').selectOption({ label: "张伟" });
    await form.locator('[name="dueOn"]').fill("2026-12-07");
    await form.getByRole("button", { name: "布置事项" }).click();
    await expect.poll(() => page.getByTestId("new-actions").textContent()).toContain("组织施工图审查预约");

    await page.goto(`${baseUrl}/meetings/2026-12-08`);
    expect(await page.getByTestId("agenda").textContent()).toContain("组织施工图审查预约");
    expect(await page.getByTestId("carried-over").textContent()).toContain("组织施工图审查预约");
  });

  it("prints the agenda and minutes in Chinese and in English", async () => {
    await page.goto(`${baseUrl}/meetings/2026-12-01/print`);
    expect(await page.getByTestId("print-sheet").locator("h1").textContent()).toBe("项目例会议程与纪要");
    expect(await page.getByTestId("print-sheet").textContent()).toContain("环保材料已报送，待受理");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".shell-header").isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => page.getByTestId("print-sheet").locator("h1").textContent()).toBe("Weekly project meeting: agenda and minutes");
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
  });
});
