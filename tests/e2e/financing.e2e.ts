// Finance opens the financing page (seven channels, the funding-gap chart), adds a facility through
// the form, plans a drawdown on it, records the money as received today, and sees the channel's
// drawn total rise. Works on its own facility, so the other files' data is left alone.
import { describe, expect, inject, it } from "vitest";
import { useSignedInPage } from "./sign-in";

const baseUrl = inject("baseUrl");
const pageOf = useSignedInPage(baseUrl, "finance");

/** "1,300.00万元" / "1.30亿元" / "0.00元" → 万元. */
function wanOf(text: string | null): number {
  const match = /^(-?[\d,]+\.\d{2})(亿元|万元|元)$/.exec((text ?? "").trim());
  if (!match) throw new Error(`not an amount: ${text}`);
  const value = Number(match[1].replace(/,/g, ""));
  return match[2] === "亿元" ? value * 10_000 : match[2] === "万元" ? value : value / 10_000;
}

const COUNTERPARTY = "端到端测试·定向募集";
const drawnCell = () => pageOf().getByTestId("channel-social").getByTestId("drawn");

describe("financing in the browser", () => {
  let drawnBefore: number;
  let totalBefore: number;

  it("shows the seven channels and the funding-gap chart", async () => {
    await pageOf().goto(`${baseUrl}/financing`);
    await expect.poll(() => pageOf().locator("h1").textContent()).toBe("融资");
    const rows = pageOf().getByTestId("channels").locator("tbody tr");
    expect(await rows.count()).toBe(7);
    const names = (await rows.locator("td:first-child").allTextContents()).map((text) => text.replace("来自销售收款", "").trim());
    expect(names).toEqual(["银信融资", "厂商融资", "社会融资", "集团融资", "产权预售", "租金预付", "内部认购"]);
    expect(await pageOf().getByTestId("channel-group").getByTestId("drawn").textContent()).toBe("1,000.00万元");
    // The chart is drawn once its code, loaded after hydration, has arrived: a recharts surface with the
    // two cumulative lines.
    const chart = pageOf().getByTestId("gap-chart");
    await chart.locator("svg.recharts-surface").first().waitFor();
    await expect.poll(() => chart.locator(".recharts-line").count()).toBe(2);
    expect(await pageOf().getByTestId("gap-table").locator("tbody tr").count()).toBe(37); // the secured-only cash flow, Nov 2026 to the group loan's maturity in Nov 2029
    drawnBefore = wanOf(await drawnCell().textContent());
    totalBefore = wanOf(await pageOf().getByTestId("drawn-total").textContent());
  });

  it("adds a facility through the form and goes to its page", async () => {
    await pageOf().locator("details summary", { hasText: "新增融资项目" }).click();
    const form = pageOf().getByTestId("facility-form");
    await form.locator('[name="channelId"]').selectOption({ label: "社会融资" });
    await form.locator('[name="counterparty"]').fill(COUNTERPARTY);
    await form.locator('[name="committed"]').fill("500万");
    await form.locator('[name="rate"]').fill("6.5");
    await form.locator('[name="termMonths"]').fill("12");
    await form.locator('[name="status"]').selectOption("signed");
    await form.getByRole("button", { name: "新增融资项目" }).click();
    await pageOf().waitForURL(/\/financing\/facilities\/\d+$/);
    await expect.poll(() => pageOf().locator("h1").textContent()).toBe(COUNTERPARTY);
    expect(await pageOf().locator(".page-head .muted").textContent()).toContain("已签约");
  });

  it("plans a drawdown, refuses more than the facility, and records the money received today", async () => {
    const plan = pageOf().getByTestId("drawdown-form");
    await plan.locator('[name="plannedOn"]').fill("2026-12-10");
    await plan.locator('[name="planned"]').fill("300万");
    await plan.locator('[name="note"]').fill("首期募集款");
    await plan.getByRole("button", { name: "新增提款计划" }).click();
    await pageOf().waitForURL(/\?done=drawdown$/);
    const drawdowns = pageOf().getByTestId("drawdowns").locator("tbody tr");
    await expect.poll(() => drawdowns.count()).toBe(1);
    expect(await drawdowns.first().textContent()).toContain("首期募集款");

    const actual = pageOf().locator('[data-testid^="actual-form-"]');
    expect(await actual.locator('[name="actualOn"]').inputValue()).toBe("2026-11-27");
    expect(await actual.locator('[name="actual"]').inputValue()).toBe("3000000.00");
    // More than the 500万 facility: refused beside the form, nothing recorded.
    await actual.locator('[name="actual"]').fill("500.01万");
    await actual.getByRole("button", { name: "登记到位" }).click();
    await expect.poll(() => actual.locator(".field-error").textContent()).toBe("超出授信额：尚可安排 5,000,000.00元");
    expect(await pageOf().getByTestId("facility-drawn").textContent()).toBe("0.00元");

    await actual.locator('[name="actual"]').fill("300万");
    await actual.getByRole("button", { name: "登记到位" }).click();
    await pageOf().waitForURL(/\?done=actual$/);
    await expect.poll(() => pageOf().getByTestId("facility-drawn").textContent()).toBe("300.00万元");
    expect(await pageOf().locator(".page-head .muted").textContent()).toContain("提款中");
    expect(await pageOf().locator('[data-testid^="actual-form-"]').count()).toBe(0);
    expect(await drawdowns.first().textContent()).toContain("2026年11月27日");
  });

  it("shows the channel's drawn total risen by the money received", async () => {
    await pageOf().goto(`${baseUrl}/financing`);
    await expect.poll(async () => wanOf(await drawnCell().textContent())).toBe(drawnBefore + 300);
    expect(wanOf(await pageOf().getByTestId("drawn-total").textContent())).toBe(totalBefore + 300);
    expect(await pageOf().getByTestId("facilities").textContent()).toContain(COUNTERPARTY);
  });
});
