// Cost control in the browser (issue 13): a change (变更/签证) entered by finance on a contract page and
// approved by another user moves the contract's current value, the dynamic cost on /budget (the part
// and the leaf account) and the meeting agenda; above the change threshold the approval goes through
// /approvals. A reversal (红冲) of a payment restores the room of its cost account: the payment refused
// for lack of room before it is accepted after it. Figures are read from the pages (a Money span's
// title holds the exact 元) and compared before and after, so other files' payments on the shared
// server do not matter.
import Database from "better-sqlite3";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { formatMoneyApart, parseYuanToFen } from "~/utils/money";
import { hashPassword } from "~/utils/password.server";
import { launchOptions } from "./browser";
import { signIn } from "./sign-in";

const baseUrl = inject("baseUrl");
const databaseFile = inject("databaseFile");
const WAN = 1_000_000n;
const run = Date.now().toString(36).slice(-5).toUpperCase(); // codes of this run (the server is shared)

let browser: Browser;
const pages: Record<string, Page> = {};
const as = (username: string) => pages[username];

beforeAll(async () => {
  // A second person of the cost team: a change above the threshold needs someone other than who
  // entered it to decide it, and an approver other than that person to approve the submission.
  const db = new Database(databaseFile);
  try {
    if (!db.prepare("SELECT id FROM User WHERE username = 'finance2'").get()) {
      const now = new Date().toISOString();
      const user = db.prepare("INSERT INTO User (username, passwordHash, displayName, active, sessionVersion, createdAt, updatedAt) VALUES ('finance2', ?, '钱成本（成本经理）', 1, 1, ?, ?)").run(await hashPassword("groundwork"), now, now);
      db.prepare("INSERT INTO UserRole (userId, role) VALUES (?, 'finance')").run(user.lastInsertRowid);
    }
  } finally {
    db.close();
  }
  browser = await chromium.launch(launchOptions());
  for (const username of ["finance", "finance2", "exec"]) {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    await signIn(page, baseUrl, username);
    pages[username] = page;
  }
});

afterAll(async () => {
  await browser?.close();
});

/** The exact amount of a Money span (its title: "1234.56 元"), in 分. */
async function fenOf(cell: Locator): Promise<bigint> {
  const title = await cell.locator(".money").first().getAttribute("title");
  const fen = title ? parseYuanToFen(title) : null;
  if (fen === null) throw new Error(`no amount in ${title}`);
  return fen;
}

function db() {
  return new Database(databaseFile, { readonly: true });
}
function one<T>(sql: string, ...params: unknown[]): T {
  const reader = db();
  try {
    return reader.prepare(sql).get(...params) as T;
  } finally {
    reader.close();
  }
}

const contractId = () => one<{ id: number }>("SELECT id FROM Contract WHERE code = 'HT-2026-002'").id;
const aptLineId = () => one<{ id: number }>("SELECT id FROM BudgetLine WHERE code = 'APT'").id;

/** The contract page's figures: current value and pending-change estimates. */
async function contractFigures(page: Page) {
  await page.goto(`${baseUrl}/budget/contracts/${contractId()}`);
  const facts = page.getByTestId("contract-value");
  return {
    currentFen: await fenOf(page.getByTestId("current-value")),
    pendingFen: await fenOf(facts.locator('dt:text-is("待批变更预估") + dd')),
  };
}

/** /budget: the tower's (APT) dynamic cost and target, and its design account's (APT.01.01, the contract's) dynamic cost. */
async function budgetFigures(page: Page) {
  await page.goto(`${baseUrl}/budget`);
  const line = page.getByTestId("line-APT");
  return {
    dynamicFen: await fenOf(line.getByTestId("dynamic")),
    targetFen: await fenOf(line.getByTestId("target")),
    accountDynamicFen: await fenOf(page.getByTestId("account-APT.01.01").getByTestId("dynamic")),
  };
}

/** The next meetings' agenda (a future Tuesday no other test starts): the tower's dynamic-cost item and the pending approvals item. */
async function agenda(page: Page) {
  await page.goto(`${baseUrl}/meetings/2026-12-15`);
  const items = page.getByTestId("agenda").locator("li");
  await items.first().waitFor();
  const dynamicItem = items.filter({ has: page.locator(`a[href="/budget/lines/${aptLineId()}"]`) }).filter({ hasText: "超目标成本" });
  const approvalsItem = items.filter({ hasText: /待审批事项 \d+ 项/ });
  const approvalsTitle = (await approvalsItem.count()) > 0 ? ((await approvalsItem.first().textContent()) ?? "") : "";
  return { dynamicText: (await dynamicItem.first().textContent()) ?? "", pendingApprovals: Number(/待审批事项 (\d+) 项/.exec(approvalsTitle)?.[1] ?? 0) };
}

/** The text the agenda shows for a dynamic cost against a target (the amounts told apart as the page does). */
const agendaAmounts = (dynamicFen: bigint, targetFen: bigint) => formatMoneyApart([dynamicFen, targetFen, dynamicFen - targetFen], "zh");

async function enterChange(page: Page, code: string, claimed: string, estimate: string) {
  await page.goto(`${baseUrl}/budget/contracts/${contractId()}`);
  const form = page.getByTestId("change-form");
  await form.locator('[name="kind"]').selectOption("site_instruction");
  await form.locator('[name="code"]').fill(code);
  await form.locator('[name="title"]').fill(`现场签证：基坑降水延长（${code}）`);
  await form.locator('[name="claimed"]').fill(claimed);
  await form.locator('[name="estimate"]').fill(estimate);
  await form.getByRole("button", { name: "登记变更/签证" }).click();
  await expect.poll(() => page.getByTestId("done-banner").textContent()).toBe("已登记变更签证。");
  expect(await page.getByTestId(`change-${code}`).textContent()).toContain("待审");
}

async function decide(page: Page, code: string, approved: string, reason: string) {
  await page.goto(`${baseUrl}/budget/contracts/${contractId()}`);
  const form = page.getByTestId(`decide-${code}`);
  await form.locator('[name="approved"]').fill(approved);
  await form.locator('[name="reason"]').fill(reason);
  await form.getByRole("button", { name: "审定通过" }).click();
  await page.getByTestId("done-banner").waitFor();
  return (await page.getByTestId("done-banner").textContent()) ?? "";
}

describe("a change approved by another user", () => {
  it("below the threshold: entered by finance, approved by the executive on the contract page", async () => {
    const code = `QZ-${run}-1`;
    const contract0 = await contractFigures(as("finance"));
    const budget0 = await budgetFigures(as("finance"));
    const agenda0 = await agenda(as("exec"));
    expect(agenda0.dynamicText).toContain(agendaAmounts(budget0.dynamicFen, budget0.targetFen)[0]);

    await enterChange(as("finance"), code, "30万", "25万");
    // Pending: the value stays, its estimate counts in the dynamic cost.
    const contract1 = await contractFigures(as("finance"));
    expect(contract1.currentFen).toBe(contract0.currentFen);
    expect(contract1.pendingFen - contract0.pendingFen).toBe(25n * WAN);
    const budget1 = await budgetFigures(as("finance"));
    expect(budget1.dynamicFen - budget0.dynamicFen).toBe(25n * WAN);
    expect(budget1.accountDynamicFen - budget0.accountDynamicFen).toBe(25n * WAN);

    // Who entered it cannot approve it: refused in the form, nothing moves.
    await as("finance").goto(`${baseUrl}/budget/contracts/${contractId()}`);
    const own = as("finance").getByTestId(`decide-${code}`);
    await own.locator('[name="approved"]').fill("20万");
    await own.locator('[name="reason"]').fill("自审");
    await own.getByRole("button", { name: "审定通过" }).click();
    await expect.poll(() => as("finance").getByTestId(`decide-${code}`).locator('[role="alert"]').count()).toBeGreaterThan(0);
    expect((await contractFigures(as("finance"))).currentFen).toBe(contract0.currentFen);

    expect(await decide(as("exec"), code, "20万", "按现场记录核定")).toBe("变更已审定，合同现值与动态成本已更新。");
    const row = await as("exec").getByTestId(`change-${code}`).textContent();
    expect(row).toContain("王建国（总经理）");
    expect(row).toContain("赵丽（财务经理）");

    const contract2 = await contractFigures(as("finance"));
    expect(contract2.currentFen - contract0.currentFen).toBe(20n * WAN);
    expect(contract2.pendingFen).toBe(contract0.pendingFen);
    const budget2 = await budgetFigures(as("finance"));
    // The estimate (25万) gives way to the approved amount (20万).
    expect(budget2.dynamicFen - budget0.dynamicFen).toBe(20n * WAN);
    expect(budget2.accountDynamicFen - budget0.accountDynamicFen).toBe(20n * WAN);
    expect(budget2.targetFen).toBe(budget0.targetFen);
    const agenda2 = await agenda(as("exec"));
    expect(agenda2.dynamicText).toContain(agendaAmounts(budget2.dynamicFen, budget2.targetFen)[0]);
    expect(agenda2.dynamicText).not.toContain(agendaAmounts(budget0.dynamicFen, budget0.targetFen)[0]);
  });

  it("above the threshold: submitted by a second person of the cost team and approved by the executive on /approvals", async () => {
    const code = `BG-${run}-2`;
    const reason = `按设计变更单及清单单价核定（${code}）`;
    const contract0 = await contractFigures(as("finance"));
    const budget0 = await budgetFigures(as("finance"));
    const agenda0 = await agenda(as("exec"));

    await enterChange(as("finance"), code, "90万", "80万");
    // 60万 is above the 50万 threshold: the decision is submitted, the change stays pending.
    expect(await decide(as("finance2"), code, "60万", reason)).toBe("审定金额超过审批限额，已提交审批人批准；批准前变更仍为待审。");
    expect(await as("finance2").getByTestId(`change-${code}`).textContent()).toContain("待审");
    const contract1 = await contractFigures(as("finance"));
    expect(contract1.currentFen).toBe(contract0.currentFen);
    expect((await budgetFigures(as("finance"))).dynamicFen - budget0.dynamicFen).toBe(80n * WAN);
    const agenda1 = await agenda(as("exec"));
    expect(agenda1.pendingApprovals).toBe(agenda0.pendingApprovals + 1);

    // The submitter cannot approve it; the executive can.
    await as("finance2").goto(`${baseUrl}/approvals`);
    const own = as("finance2").getByTestId("pending-list").locator("li", { hasText: reason });
    expect(await own.getByRole("button", { name: "批准" }).count()).toBe(0);
    await as("exec").goto(`${baseUrl}/approvals`);
    const item = as("exec").getByTestId("pending-list").locator("li", { hasText: reason });
    expect(await fenOf(item)).toBe(60n * WAN);
    await item.locator("textarea").fill("同意");
    await item.getByRole("button", { name: "批准" }).click();
    await as("exec").getByTestId("decided-banner").waitFor();
    expect(await as("exec").getByTestId("pending-list").locator("li", { hasText: reason }).count()).toBe(0);

    const contract2 = await contractFigures(as("finance"));
    expect(contract2.currentFen - contract0.currentFen).toBe(60n * WAN);
    expect(await as("finance").getByTestId(`change-${code}`).textContent()).toContain("王建国（总经理）");
    const budget2 = await budgetFigures(as("finance"));
    expect(budget2.dynamicFen - budget0.dynamicFen).toBe(60n * WAN);
    expect(budget2.accountDynamicFen - budget0.accountDynamicFen).toBe(60n * WAN);
    const agenda2 = await agenda(as("exec"));
    expect(agenda2.pendingApprovals).toBe(agenda0.pendingApprovals);
    expect(agenda2.dynamicText).toContain(agendaAmounts(budget2.dynamicFen, budget2.targetFen)[0]);
  });
});

describe("a reversal (红冲) restores the room of a cost account", () => {
  // 检测费 of the foundation: a target of its own, no contracts, paid outside contracts only.
  const ACCOUNT = "FND.03.02";
  const accountRow = (page: Page) => page.getByTestId(`account-${ACCOUNT}`);

  async function room(page: Page) {
    await page.goto(`${baseUrl}/budget`);
    const row = accountRow(page);
    const [target, contracts, paidOutside] = [await fenOf(row.getByTestId("target")), await fenOf(row.getByTestId("contracts")), await fenOf(row.getByTestId("paid-outside"))];
    return { roomFen: target - contracts - paidOutside, paidOutside };
  }

  /** Pays `amount` outside contracts on the account from /budget; the recorded payment's id, or the amount's error. */
  async function pay(page: Page, amount: string, payee: string): Promise<{ id: number } | { error: string }> {
    await page.goto(`${baseUrl}/budget`);
    const form = page.getByTestId("payment-form");
    await form.locator('[name="contractId"]').selectOption("");
    await form.locator('[name="accountId"]').selectOption({ label: `${ACCOUNT} 检测费` });
    await form.locator('[name="paidOn"]').fill("2026-11-26");
    await form.locator('[name="amount"]').fill(amount);
    await form.locator('[name="payee"]').fill(payee);
    await form.locator('[name="voucherNo"]').fill(`记-E2E-${run}`);
    await form.getByRole("button", { name: "登记支付" }).click();
    const banner = page.getByTestId("payment-banner");
    const error = page.getByTestId("payment-form").locator('[role="alert"], .field-error').first();
    await expect.poll(async () => (await banner.count()) + (await error.count())).toBeGreaterThan(0);
    if ((await banner.count()) > 0) return { id: Number(new URL(page.url()).searchParams.get("recorded")) };
    return { error: (await error.textContent()) ?? "" };
  }

  const paymentsOnAccount = () =>
    one<{ n: number; sum: number | null }>("SELECT COUNT(*) AS n, SUM(p.amountFen) AS sum FROM Payment p JOIN CostAccount a ON a.id = p.accountId WHERE a.code = ?", ACCOUNT);

  it("refuses a payment past the account's room, reverses one with a reason, then takes the same payment", async () => {
    const page = as("finance");
    const start = await room(page);
    expect(start.roomFen).toBeGreaterThan(20n * WAN);
    const last = 10n * WAN;
    // Fill the room to the last 10万, then take it.
    const fillFen = start.roomFen - last;
    const fill = await pay(page, `${fillFen / 100n}.${(fillFen % 100n).toString().padStart(2, "0")}`, `检测单位 ${run}`);
    expect(fill).toHaveProperty("id");
    const lastPayment = await pay(page, "10万", `检测单位 ${run}`);
    expect(lastPayment).toHaveProperty("id");
    expect((await room(page)).roomFen).toBe(0n);

    // One more is refused beside the amount, naming the room left, and nothing is recorded.
    const before = paymentsOnAccount();
    const refused = await pay(page, "10万", `检测单位 ${run}`);
    expect(refused).toEqual({ error: expect.stringContaining("超出成本科目的目标成本，不得支付") });
    expect(paymentsOnAccount()).toEqual(before);

    // 红冲 the last payment from the ledger, with a reason.
    const id = (lastPayment as { id: number }).id;
    const fndId = one<{ id: number }>("SELECT id FROM BudgetLine WHERE code = 'FND'").id;
    await page.goto(`${baseUrl}/budget/payments?line=${fndId}#payment-${id}`);
    const row = page.locator(`#payment-${id}`);
    await row.locator("summary", { hasText: "红冲" }).click();
    await row.locator('[name="reason"]').fill("重复付款（同一检测报告付了两次），红冲");
    await row.getByRole("button", { name: "红冲这笔支付" }).click();
    await expect.poll(() => page.getByText(`已红冲支付 #${id}，额度已恢复。`).count()).toBe(1);
    expect(await page.locator(`#payment-${id}`).getByTestId("reversed-by").textContent()).toContain("重复付款");
    const reversal = one<{ id: number; amountFen: number; reason: string; accountCode: string }>(
      "SELECT p.id, p.amountFen, p.reason, a.code AS accountCode FROM Payment p JOIN CostAccount a ON a.id = p.accountId WHERE p.reversalOfId = ?",
      id,
    );
    expect(reversal).toMatchObject({ amountFen: -Number(last), reason: "重复付款（同一检测报告付了两次），红冲", accountCode: ACCOUNT });
    // The reversal names what it reverses by voucher (and date), not by row id.
    expect(await page.locator(`#payment-${reversal.id}`).getByTestId("reversal-of").textContent()).toContain(`记-E2E-${run}`);
    expect((await room(page)).roomFen).toBe(last);

    // The same payment now fits; then the room is spent again.
    expect(await pay(page, "10万", `检测单位 ${run}`)).toHaveProperty("id");
    const end = await room(page);
    expect(end.roomFen).toBe(0n);
    expect(end.paidOutside - start.paidOutside).toBe(start.roomFen);
    // Both rows of the correction stay in the ledger: four rows of this run, netting to the room.
    const rows = one<{ n: number; sum: number }>("SELECT COUNT(*) AS n, SUM(amountFen) AS sum FROM Payment WHERE voucherNo = ?", `记-E2E-${run}`);
    expect(rows).toEqual({ n: 4, sum: Number(start.roomFen) });
  });
});
