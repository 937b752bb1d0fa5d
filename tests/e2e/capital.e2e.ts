// Finance records a payment and sees the table and the chart change; 200 real parallel HTTP
// payments against the last 100万 of a line cannot overrun it.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { describe, expect, inject, it } from "vitest";
import { sessionCookie as cookieOf, useSignedInPage } from "./sign-in";

const baseUrl = inject("baseUrl");
const sessionCookie = (username: string) => cookieOf(baseUrl, username);
const databaseFile = inject("databaseFile");
const pageOf = useSignedInPage(baseUrl, "finance");


describe("capital in the browser", () => {
  it("records a payment and shows it in the table and the chart", async () => {
    await pageOf().goto(`${baseUrl}/budget`);
    const paidCell = pageOf().getByTestId("line-APT").getByTestId("paidFen");
    expect(await paidCell.textContent()).toBe("150.00万元");
    // The November "paid" bar (second bar series, first month) of the monthly chart.
    const paidBar = pageOf().getByTestId("plan-actual-charts").locator(".recharts-bar").nth(1).locator(".recharts-rectangle").first();
    const barHeight = async () => (await paidBar.boundingBox())?.height ?? 0;
    await paidBar.waitFor(); // the chart's code is loaded after hydration (components/charts.tsx)
    await expect.poll(barHeight).toBeGreaterThan(0);
    const heightBefore = await barHeight();

    const form = pageOf().getByTestId("payment-form");
    await form.locator('[name="lineId"]').selectOption({ label: "APT 公寓工程" });
    await form.locator('[name="contractId"]').selectOption({ label: "HT-2026-002 公寓塔楼方案及初步设计" });
    await form.locator('[name="paidOn"]').fill("2026-11-26");
    await form.locator('[name="amount"]').fill("1,000,000");
    await form.locator('[name="payee"]').fill("市建筑设计研究院");
    await form.locator('[name="voucherNo"]').fill("记-2026-11-031");
    await form.getByRole("button", { name: "登记支付" }).click();
    await pageOf().getByTestId("payment-banner").waitFor();
    await expect.poll(() => paidCell.textContent()).toBe("250.00万元");
    // 240万 → 340万 paid in November: the bar grows in proportion (the axis stays at 3,000万).
    await expect.poll(async () => (await barHeight()) / heightBefore, { timeout: 5000 }).toBeCloseTo(340 / 240, 1);
    // The same figures month by month, without the chart.
    const table = pageOf().getByTestId("plan-actual-table");
    await table.locator("summary").click();
    const november = table.locator("tr", { hasText: "2026年11月" });
    await expect.poll(() => november.locator("td").nth(2).textContent()).toBe("340.00万元");
  });

  it("refuses an over-budget payment beside the amount, naming the headroom, and keeps the entries", async () => {
    const form = pageOf().getByTestId("payment-form");
    await form.locator('[name="lineId"]').selectOption({ label: "APT 公寓工程" });
    await form.locator('[name="amount"]').fill("3亿");
    await form.locator('[name="payee"]').fill("超付测试");
    await form.getByRole("button", { name: "登记支付" }).click();
    const error = pageOf().locator("#field-amount-error");
    await error.waitFor();
    expect(await error.textContent()).toBe("超出预算，不得支付：该科目剩余可付 240,500,000.00元");
    expect(await pageOf().locator('[data-testid="payment-form"] [name="amount"]').inputValue()).toBe("3亿");
    expect(await pageOf().locator('[data-testid="payment-form"] [name="payee"]').inputValue()).toBe("超付测试");
    await pageOf().reload();
    expect(await pageOf().getByTestId("refusals").textContent()).toContain("超付测试");
  });
});

describe("parallel payments over HTTP", () => {
  it("accepts exactly what fits in the last 100万 when 200 payments arrive at once", async () => {
    const cookie = await sessionCookie("finance");
    // Each post is a form from its own page load, with its own idempotency key.
    const post = (fields: Record<string, string>) =>
      fetch(`${baseUrl}/budget`, { method: "POST", body: new URLSearchParams({ idempotencyKey: randomUUID(), ...fields }), headers: { Origin: baseUrl, Cookie: cookie }, redirect: "manual" });
    const created = await post({ intent: "line", code: "RACE", name: "并发测试科目", nameEn: "", original: "100万", reason: "race test" });
    expect(created.status).toBe(302);
    const lineId = created.headers.get("location")!.split("/").pop()!;

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => post({ intent: "payment", lineId, amount: i % 2 === 0 ? "10000" : "7000.01", payee: `并发${i}`, paidOn: "2026-11-27" })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 302 || s === 400)).toBe(true);

    const db = new Database(databaseFile, { readonly: true });
    try {
      const { paid, count } = db.prepare("SELECT SUM(amountFen) AS paid, COUNT(*) AS count FROM Payment WHERE lineId = ?").get(Number(lineId)) as { paid: number; count: number };
      expect(paid).toBeLessThanOrEqual(100_000_000);
      expect(count).toBe(statuses.filter((s) => s === 302).length);
      // Everything that fitted was taken: what is left is smaller than the smallest payment.
      expect(100_000_000 - paid).toBeLessThan(700_001);
    } finally {
      db.close();
    }
  });
});
