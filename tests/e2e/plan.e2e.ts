// A project manager adds a milestone and makes topping-out wait for it: the critical path runs through
// the new milestone, and the dashboard says the end moves and names the cause.
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

/** The value of the option whose text starts with `code` in the select named `name`. */
async function optionFor(name: string, code: string) {
  return page.locator(`form:has(input[name="intent"][value="addDependency"]) select[name="${name}"]`).evaluate((select, c) => {
    const option = [...(select as HTMLSelectElement).options].find((o) => o.textContent?.trim().startsWith(c));
    return option?.value ?? "";
  }, code);
}

describe("editing the plan in the browser", () => {
  it("shows the end on plan before the change", async () => {
    await page.goto(`${baseUrl}/`);
    await expect.poll(() => page.getByTestId("dash-schedule-end").textContent()).toContain("按计划");
  });

  it("adds a milestone, links topping-out after it, and the critical path and the dashboard follow", async () => {
    await page.goto(`${baseUrl}/milestones/new`);
    await page.locator('[name="code"]').fill("M40");
    await page.locator('[name="name"]').fill("地下室防水专项验收");
    await page.locator('[name="nameEn"]').fill("Basement waterproofing acceptance");
    await page.locator('[name="kind"]').selectOption("construction");
    await page.locator('[name="plannedStart"]').fill("2027-09-01");
    await page.locator('[name="plannedEnd"]').fill("2027-10-31");
    await page.getByRole("button", { name: "创建里程碑" }).click();
    await page.waitForURL(/\/milestones\/\d+/);
    await expect.poll(() => page.locator("h1").textContent()).toContain("M40");

    // Topping-out (M23, planned 1 Oct – 31 Dec) may only start after M40 ends.
    await page.goto(`${baseUrl}/milestones`);
    await page.getByTestId("edit-M23").click();
    await page.waitForURL(/\/milestones\/\d+$/);
    const add = page.locator('form:has(input[name="intent"][value="addDependency"])');
    await add.locator('select[name="predecessorId"]').selectOption(await optionFor("predecessorId", "M40"));
    await add.locator('select[name="type"]').selectOption("FS");
    await add.locator('[name="lagDays"]').fill("0");
    await add.getByRole("button", { name: "添加紧前节点" }).click();
    await page.waitForURL(/saved=1/);
    await expect.poll(() => page.getByTestId("predecessors").textContent()).toContain("M40");

    // The critical path now runs through M40.
    await page.goto(`${baseUrl}/milestones?critical=1`);
    await expect.poll(() => page.getByTestId("milestone-M40").count()).toBe(1);
    expect(await page.getByTestId("milestone-M23").count()).toBe(1);

    // The dashboard says topping-out moves, and names M40 as the cause.
    await page.goto(`${baseUrl}/`);
    const end = page.getByTestId("dash-schedule-end");
    await expect.poll(() => end.textContent()).toContain("推迟");
    expect(await end.textContent()).toContain("M40");
  });

  it("takes the link out and retires the milestone: the end is on plan again, the milestone keeps its history", async () => {
    await page.goto(`${baseUrl}/milestones`);
    await page.getByTestId("edit-M23").click();
    await page.waitForURL(/\/milestones\/\d+$/);
    const row = page.getByTestId("predecessors").locator("tr", { hasText: "M40" });
    await row.getByRole("button", { name: "删除" }).click();
    await page.waitForURL(/saved=1/);
    await expect.poll(() => page.getByTestId("predecessors").textContent()).not.toContain("M40");

    await page.goto(`${baseUrl}/milestones`);
    await page.getByTestId("edit-M40").click();
    await page.waitForURL(/\/milestones\/\d+$/);
    const retire = page.getByTestId("retire-section");
    await retire.locator('[name="reason"]').fill("测试完毕，退出计划");
    await retire.getByRole("button", { name: "退出计划" }).click();
    await page.waitForURL(/saved=1/);
    await expect.poll(() => page.locator("body").textContent()).toContain("已退出计划");

    await page.goto(`${baseUrl}/`);
    await expect.poll(() => page.getByTestId("dash-schedule-end").textContent()).toContain("按计划");
  });
});
