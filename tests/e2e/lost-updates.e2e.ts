// Two people editing the same thing in two browsers: the second save is refused with what the first
// saved shown beside what the second typed, which stays in the form; saving again on purpose wins.
import { afterAll, describe, expect, it } from "vitest";
import { startOwnServer } from "../helpers/server-process";
import { useSignedInPage } from "./sign-in";

// A server of its own: this file starts a meeting and edits the plan, which other files must not see.
const server = await startOwnServer("lost-updates");
const baseUrl = server.baseUrl;
afterAll(() => server.stop());
const financeA = useSignedInPage(baseUrl, "finance");
const financeB = useSignedInPage(baseUrl, "finance");
const execA = useSignedInPage(baseUrl, "exec");
const execB = useSignedInPage(baseUrl, "exec");

describe("lost updates in the browser", () => {
  it("the fund-usage plan: a row saved meanwhile is shown beside what was typed, nothing is lost", async () => {
    const [a, b] = [financeA(), financeB()];
    await Promise.all([a.goto(`${baseUrl}/budget/plan`), b.goto(`${baseUrl}/budget/plan`)]);
    const cellOf = (page: typeof a, label: string) => page.getByTestId("plan-form").getByLabel(label, { exact: true });

    await cellOf(b, "FND 2027-03").fill("111");
    await b.getByTestId("plan-form").getByRole("button", { name: "保存" }).click();
    await b.waitForURL(/\/budget\/plan\?saved=1$/);

    await cellOf(a, "FND 2027-03").fill("333");
    await cellOf(a, "APT 2027-05").fill("444");
    await a.getByTestId("plan-form").getByRole("button", { name: "保存" }).click();
    const conflicts = a.getByTestId("plan-conflicts");
    await conflicts.waitFor();
    expect(await conflicts.textContent()).toContain("111");
    expect(await a.getByRole("alert").textContent()).toContain("FND");
    expect(await cellOf(a, "FND 2027-03").inputValue()).toBe("333");
    expect(await cellOf(a, "APT 2027-05").inputValue()).toBe("444");

    await b.reload();
    expect(await cellOf(b, "FND 2027-03").inputValue()).toBe("111"); // the first save stands
    expect(await cellOf(b, "APT 2027-05").inputValue()).not.toBe("444"); // nothing of the second is half-saved

    await a.getByTestId("plan-form").getByRole("button", { name: "保存" }).click();
    await a.waitForURL(/\/budget\/plan\?saved=2$/);
    expect(await cellOf(a, "FND 2027-03").inputValue()).toBe("333");
    expect(await cellOf(a, "APT 2027-05").inputValue()).toBe("444");
  });

  it("meeting minutes: a save against minutes saved meanwhile shows theirs and keeps what was typed", async () => {
    const [a, b] = [execA(), execB()];
    const date = "2026-12-15";
    await a.goto(`${baseUrl}/meetings/${date}`);
    // A meeting starts only with a theme on an area (its leader chairs).
    const theme = a.getByTestId("theme-form");
    await theme.locator('[name="theme"]').fill("安全文明施工检查");
    await theme.locator('[name="themeArea"]').selectOption("technical");
    await theme.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => a.getByTestId("chair-basis").getAttribute("data-basis")).toBe("theme");
    await a.getByTestId("start-meeting").click();
    await expect.poll(() => a.getByTestId("meeting-status").textContent()).toBe("进行中");
    await b.goto(`${baseUrl}/meetings/${date}`);
    const minutesOf = (page: typeof a) => page.getByTestId("agenda").locator("li").first().locator('textarea[name="minutes"]');
    const saveOf = (page: typeof a) => page.getByTestId("agenda").locator("li").first().getByRole("button", { name: "保存" });

    await minutesOf(b).fill("乙：先保存的纪要");
    await saveOf(b).click();
    await expect.poll(() => b.url()).toContain("#item-");

    await minutesOf(a).fill("甲：后保存的纪要");
    await saveOf(a).click();
    const alert = a.getByTestId("agenda").locator("li").first().getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("乙：先保存的纪要");
    expect(await minutesOf(a).inputValue()).toBe("甲：后保存的纪要");

    await saveOf(a).click();
    await expect.poll(() => a.getByTestId("agenda").locator("li").first().getByRole("alert").count()).toBe(0);
    await b.reload();
    expect(await minutesOf(b).inputValue()).toBe("甲：后保存的纪要");
  });
});
