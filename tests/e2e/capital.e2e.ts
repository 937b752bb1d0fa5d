// Finance records a payment and sees the table and the chart change; 200 real parallel HTTP
// payments against the last 100万 of a line cannot overrun it.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { describe, expect, inject, it } from "vitest";
import { repeatedPart, xlsxOf } from "../helpers/xlsx-files";
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
    // November's paid figure from the table under the chart (other e2e files share this database and may
    // have paid in November before this test: the seed alone has 290.25万).
    const table = pageOf().getByTestId("plan-actual-table");
    await table.locator("summary").click();
    const november = table.locator("tr", { hasText: "2026年11月" });
    const wanOf = async () => Number(((await november.locator("td").nth(2).textContent()) ?? "").replace(/[,万元]/g, ""));
    const novemberBefore = await wanOf();
    expect(novemberBefore).toBeGreaterThanOrEqual(290.25);

    const form = pageOf().getByTestId("payment-form");
    // On a contract: the payment goes to the contract's cost account (成本科目), shown, not chosen.
    await form.locator('[name="contractId"]').selectOption({ label: "HT-2026-002 公寓塔楼方案及初步设计" });
    await form.locator('[name="paidOn"]').fill("2026-11-26");
    await form.locator('[name="amount"]').fill("1,000,000");
    await form.locator('[name="payee"]').fill("市建筑设计研究院");
    await form.locator('[name="voucherNo"]').fill("记-2026-11-031");
    await form.getByRole("button", { name: "登记支付" }).click();
    await pageOf().getByTestId("payment-banner").waitFor();
    await expect.poll(() => paidCell.textContent()).toBe("250.00万元");
    // November's paid grows by this 100万 in the table, and the bar in proportion (the axis stays at 3,000万).
    await expect.poll(wanOf).toBeCloseTo(novemberBefore + 100, 2);
    await expect.poll(async () => (await barHeight()) / heightBefore, { timeout: 5000 }).toBeCloseTo((novemberBefore + 100) / novemberBefore, 1);
  });

  it("refuses an over-budget payment beside the amount, naming the headroom, and keeps the entries", async () => {
    const form = pageOf().getByTestId("payment-form");
    // Outside contracts: a leaf cost account of the tower (its line's budget is checked first).
    await form.locator('[name="accountId"]').selectOption({ label: "APT.02.01 主体结构" });
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
    // A new line may not raise the line budgets past the approved project total (the seed's lines stand
    // 300万 past it): it starts at 0 and 100万 is moved to it from FND, submitted by finance and
    // approved by an executive (maker-checker), which leaves every total as it was.
    const created = await post({ intent: "line", code: "RACE", name: "并发测试科目", nameEn: "", original: "0", reason: "race test" });
    expect(created.status).toBe(302);
    const lineId = created.headers.get("location")!.split("/").pop()!;
    const reader = new Database(databaseFile, { readonly: true });
    const fndId = (reader.prepare("SELECT id FROM BudgetLine WHERE code = 'FND'").get() as { id: number }).id;
    // The new line's first typical cost account (createLine gives it RACE.01.01 …): no target, so only the line's budget applies.
    const accountId = String((reader.prepare("SELECT id FROM CostAccount WHERE code = 'RACE.01.01'").get() as { id: number }).id);
    reader.close();
    const transfer = await fetch(`${baseUrl}/budget/lines/${fndId}`, {
      method: "POST",
      body: new URLSearchParams({ idempotencyKey: randomUUID(), intent: "transfer", toLineId: lineId, amount: "100万", reason: "race test" }),
      headers: { Origin: baseUrl, Cookie: cookie },
      redirect: "manual",
    });
    const approvalId = /submitted=(\d+)/.exec(transfer.headers.get("location") ?? "")?.[1];
    expect(approvalId).toBeTruthy();
    const approved = await fetch(`${baseUrl}/approvals`, {
      method: "POST",
      body: new URLSearchParams({ approvalId: approvalId!, decision: "approve", note: "" }),
      headers: { Origin: baseUrl, Cookie: await sessionCookie("exec") },
      redirect: "manual",
    });
    expect(approved.status).toBe(302);

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => post({ intent: "payment", accountId, amount: i % 2 === 0 ? "10000" : "7000.01", payee: `并发${i}`, paidOn: "2026-11-27" })),
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

describe("payment import over HTTP", () => {
  const upload = async (path: string, body: Buffer | string, filename: string) => {
    const form = new FormData();
    form.append("idempotencyKey", randomUUID());
    form.append("file", new Blob([typeof body === "string" ? body : new Uint8Array(body)]), filename);
    return fetch(`${baseUrl}${path}`, { method: "POST", body: form, headers: { Origin: baseUrl, Cookie: await sessionCookie("finance") }, redirect: "manual" });
  };

  it("answers a refused file with 400, posted directly (no JavaScript, a script) or fetched by the page", async () => {
    const csv = "日期,预算科目编码,收款单位,金额(元)\n2026-11-01,FND,x,12.345\n";
    const direct = await upload("/budget/import", csv, "bad.csv");
    expect(direct.status).toBe(400); // was 200 with ok: false
    expect(await direct.json()).toEqual({ ok: false, errors: [{ row: 2, field: "amount", message: "invalid_amount" }] });
    expect((await upload("/budget/import.data", csv, "bad.csv")).status).toBe(400);
  });

  it("refuses a 2 GB zip bomb at once while /healthz keeps answering", async () => {
    const bomb = xlsxOf({ sheets: [{ name: "payments", part: repeatedPart("x", [{ data: Buffer.alloc(1 << 20), times: 2048 }]) }] });
    const started = Date.now();
    const [answer, health] = await Promise.all([upload("/budget/import", bomb, "bomb.xlsx"), fetch(`${baseUrl}/healthz`)]);
    expect(answer.status).toBe(400);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("shows a formula cell's refusal on the payments page, importing nothing", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("payments");
    sheet.addRow(["日期", "预算科目编码", "合同编号", "收款单位", "金额(元)"]);
    sheet.addRow([new Date("2026-11-20T00:00:00Z"), "FND", "", { formula: '"公式收款单位"', result: "公式收款单位" }, 1]);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    await pageOf().goto(`${baseUrl}/budget/payments`);
    await pageOf().getByTestId("import-form").locator('input[type="file"]').setInputFiles({ name: "formula.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: file });
    await pageOf().getByTestId("import-form").locator('button[type="submit"]').click();
    const errors = pageOf().getByTestId("import-errors");
    await errors.waitFor();
    expect(await errors.textContent()).toContain("第 2 行");
    expect(await errors.textContent()).toContain("该单元格是公式，不予导入");
    // The same page imports a good file (the answer a JSON Response, 200).
    const csv = Buffer.from("日期,预算科目编码,成本科目,收款单位,金额(元)\n2026-11-20,FND,FND.01.01,页面导入测试,1\n");
    await pageOf().getByTestId("import-form").locator('input[type="file"]').setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: csv });
    await pageOf().getByTestId("import-form").locator('button[type="submit"]').click();
    await expect.poll(() => pageOf().locator('.banner-ok[role="status"]').textContent()).toContain("已导入 1 笔支付");
    const db = new Database(databaseFile, { readonly: true });
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM Payment WHERE payee = ?").get("公式收款单位")).toEqual({ n: 0 });
      expect(db.prepare("SELECT COUNT(*) AS n FROM Payment WHERE payee = ?").get("页面导入测试")).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
