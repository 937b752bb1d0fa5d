// An executive opens the next Tuesday meeting, starts it, writes minutes and assigns an action item,
// and finds that item on the following meeting's agenda; the agenda prints on A4 in both languages.
import { describe, expect, inject, it } from "vitest";
import { useSignedInPage } from "./sign-in";

const baseUrl = inject("baseUrl");
const pageOf = useSignedInPage(baseUrl, "exec");

describe("the weekly meeting in the browser", () => {
  it("runs the next meeting and carries its action item to the following one", async () => {
    await pageOf().goto(`${baseUrl}/meetings`);
    const next = pageOf().getByTestId("meeting-2026-12-01");
    // The theme is on funding: the general manager, the leader in charge of it, chairs (not the rotation's chief engineer).
    expect(await next.getByTestId("chair").textContent()).toContain("王建国");
    expect(await next.getByTestId("chair").textContent()).toContain("资金与融资分管领导");
    await next.getByRole("link", { name: "进入" }).click();
    await pageOf().waitForURL(/\/meetings\/2026-12-01$/);
    await pageOf().getByTestId("agenda").locator("li").first().waitFor();
    expect(await pageOf().getByTestId("agenda").locator("li").count()).toBeGreaterThan(3);

    await pageOf().getByTestId("start-meeting").click();
    await expect.poll(() => pageOf().getByTestId("meeting-status").textContent()).toBe("进行中");

    const first = pageOf().getByTestId("agenda").locator("li").first();
    await first.locator('textarea[name="minutes"]').fill("环保材料已报送，待受理");
    await first.locator('select[name="outcome"]').selectOption("decision");
    await first.getByRole("button", { name: "保存" }).click();
    // A decision without its text is refused beside the field, the minutes kept.
    await expect.poll(() => pageOf().getByTestId("agenda").locator("li").first().locator(".field-error").textContent()).toContain("请填写决议内容");
    expect(await pageOf().getByTestId("agenda").locator("li").first().locator('textarea[name="minutes"]').inputValue()).toBe("环保材料已报送，待受理");
    await pageOf().getByTestId("agenda").locator("li").first().locator('textarea[name="decision"]').fill("12月3日前报送生态环境局");
    await pageOf().getByTestId("agenda").locator("li").first().getByRole("button", { name: "保存" }).click();
    await expect.poll(() => pageOf().getByTestId("agenda").locator("li").first().getByTestId("outcome").textContent()).toBe("决议");
    await expect.poll(() => pageOf().getByTestId("agenda").locator("li").first().locator('textarea[name="minutes"]').inputValue()).toBe("环保材料已报送，待受理");

    const form = pageOf().getByTestId("action-form");
    await form.locator('[name="title"]').fill("组织施工图审查预约");
    await form.locator('[name="departmentId"]').selectOption({ label: "工程部" });
    await form.locator('[name="ownerId"]').selectOption({ label: "张伟" });
    await form.locator('[name="dueOn"]').fill("2026-12-07");
    await form.getByRole("button", { name: "布置事项" }).click();
    await expect.poll(() => pageOf().getByTestId("new-actions").textContent()).toContain("组织施工图审查预约");

    await pageOf().goto(`${baseUrl}/meetings/2026-12-08`);
    expect(await pageOf().getByTestId("agenda").textContent()).toContain("组织施工图审查预约");
    expect(await pageOf().getByTestId("carried-over").textContent()).toContain("组织施工图审查预约");
  });

  it("prints the agenda and minutes in Chinese and in English", async () => {
    await pageOf().goto(`${baseUrl}/meetings/2026-12-01/print`);
    expect(await pageOf().getByTestId("print-sheet").locator("h1").textContent()).toBe("项目例会议程与纪要");
    expect(await pageOf().getByTestId("print-sheet").textContent()).toContain("环保材料已报送，待受理");
    expect(await pageOf().getByTestId("print-decisions").textContent()).toContain("12月3日前报送生态环境局");
    await pageOf().emulateMedia({ media: "print" });
    expect(await pageOf().locator(".shell-header").isVisible()).toBe(false);
    await pageOf().emulateMedia({ media: "screen" });
    await pageOf().getByTestId("lang-switch").click();
    await expect.poll(() => pageOf().getByTestId("print-sheet").locator("h1").textContent()).toBe("Weekly project meeting: agenda and minutes");
    await pageOf().getByTestId("lang-switch").click();
    await expect.poll(() => pageOf().locator("html").getAttribute("lang")).toBe("zh-CN");
  });
});
