// Issue 18.4 in the browser: the administrator adds an account for a person, the new user is held on the
// password change until they choose their own, and the administrator cannot remove the last admin role.
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchOptions } from "./browser";
import { signIn } from "./sign-in";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch(launchOptions());
});

afterAll(async () => {
  await browser?.close();
});

async function device(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  return context.newPage();
}

const TEMP = "temp-password-e2e";

describe("the administrator's screens", () => {
  it("adds an account with a temporary password that the new user must change first", async () => {
    const admin = await device();
    await signIn(admin, baseUrl, "admin");
    await admin.goto(`${baseUrl}/admin/users`);
    const form = admin.getByTestId("new-user-form");
    await form.getByLabel("用户名").fill("chief");
    await form.getByLabel("显示名称").fill("张伟（总工）");
    await form.getByLabel("对应人员").selectOption({ label: "张伟 · 总工程师" });
    await form.getByLabel("临时密码").fill("short");
    await form.getByRole("checkbox", { name: /项目经理/ }).check();
    await form.getByRole("button", { name: "创建用户" }).click();
    // Refused beside the password; what was typed is kept, the password is not.
    await expect.poll(() => form.locator(".field-error").first().textContent()).toContain("至少 10 位");
    expect(await form.getByLabel("用户名").inputValue()).toBe("chief");
    expect(await form.getByRole("checkbox", { name: /项目经理/ }).isChecked()).toBe(true);
    await form.getByLabel("临时密码").fill(TEMP);
    await form.getByRole("button", { name: "创建用户" }).click();
    await admin.getByTestId("admin-banner").waitFor();
    expect(await admin.locator("h1").textContent()).toContain("chief");

    // The new user signs in and sees only the password change, whatever they open.
    const user = await device({ width: 375, height: 800 });
    await signIn(user, baseUrl, "chief", TEMP);
    await user.waitForURL(/\/account\/password$/);
    await user.getByTestId("forced-change").waitFor();
    await user.goto(`${baseUrl}/budget`);
    await user.waitForURL(/\/account\/password$/);
    await user.getByLabel("当前密码").fill(TEMP);
    await user.getByLabel("新密码", { exact: true }).fill("chief-own-password");
    await user.getByLabel("再次输入新密码").fill("chief-own-password");
    await user.getByTestId("password-form").getByRole("button").click();
    await user.getByTestId("password-changed").waitFor();
    await user.goto(`${baseUrl}/milestones`);
    expect(await user.locator("h1").textContent()).toBe("进度里程碑");
    expect(await user.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(1);

    // The list shows the account with its person and no pending change now.
    await admin.goto(`${baseUrl}/admin/users`);
    const row = admin.getByTestId("user-chief");
    expect(await row.textContent()).toContain("张伟 · 总工程师");
    expect(await row.textContent()).not.toContain("待改密码");
  });

  it("refuses to take the administrator role from the last administrator, beside the roles", async () => {
    const admin = await device();
    await signIn(admin, baseUrl, "admin");
    await admin.goto(`${baseUrl}/admin/users`);
    await admin.getByTestId("user-admin").getByRole("link").click();
    const form = admin.getByTestId("account-form");
    await form.waitFor();
    await form.getByRole("checkbox", { name: /系统管理员/ }).uncheck();
    await form.getByRole("checkbox", { name: /公司领导/ }).check();
    await form.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => form.locator(".role-checks .field-error").textContent()).toContain("最后一位在用的系统管理员");
    // Still signed in, still an administrator.
    await admin.goto(`${baseUrl}/admin/users`);
    expect(await admin.getByTestId("user-admin").textContent()).toContain("系统管理员");
  });
});
