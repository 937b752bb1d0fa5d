// Sales in the browser (issue 15): the sales user opens the 销控表 (building tabs, legend, the grid with
// the seed's internal subscriptions and unreleased floors; P1's shops and lease units), reserves an
// apartment as 内部认购 through the unit page (the cell turns reserved, /sales shows more subscribed
// area), is refused a public reservation before the pre-sale permit with the typed values kept, and —
// once the pm has marked the permit (M24) done — takes a shop from 认购 through 签约 (mortgage) to full
// collection. On a phone-wide screen the grid scrolls inside its box, not the page.
//
// The e2e database is shared with the other e2e files, so this file uses units nobody else touches
// (T1-1607, T1-1708, P1-110) and asserts relative changes. Marking M24 done opens public sales for both
// buildings and moves the cash-flow forecast; the deal test puts M24 back as it was (in a finally)
// once the shop is signed, so files that run after this one see the seed's permit state.
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { signIn, useSignedInPage } from "./sign-in";

const baseUrl = inject("baseUrl");
const pageOf = useSignedInPage(baseUrl, "sales");

/** A loaded 2-core machine: generous waits for navigations and polls. */
const SLOW = { timeout: 60_000 };

const SUBSCRIBED_UNIT = "T1-1607"; // 三室两厅一卫, 118 m², available in the seed
const PUBLIC_UNIT = "T1-1708"; // 三室两厅两卫, 141 m², available in the seed
const SHOP = "P1-110"; // 45 m² shop, available in the seed

/** "3,600.00 m²" → 360000 (hundredths of m²). */
function csqm(text: string | null): number {
  const match = /([\d,]+)\.(\d{2})\s*m²/.exec(text ?? "");
  if (!match) throw new Error(`no area in ${JSON.stringify(text)}`);
  return Number(match[1].replace(/,/g, "")) * 100 + Number(match[2]);
}

/** A <Money> element's exact amount in 分, from its title ("1530000.00 元"). */
async function fenOf(money: ReturnType<Page["locator"]>): Promise<number> {
  const title = await money.getAttribute("title", SLOW);
  const match = /^(-?\d+)\.(\d{2}) 元$/.exec(title ?? "");
  if (!match) throw new Error(`no amount in ${JSON.stringify(title)}`);
  const sign = match[1].startsWith("-") ? -1 : 1;
  return sign * (Math.abs(Number(match[1])) * 100 + Number(match[2]));
}
const yuanInput = (fen: number) => (fen / 100).toFixed(2);

async function gotoUnits(page: Page, building?: string) {
  await page.goto(`${baseUrl}/sales/units${building ? `?building=${building}` : ""}`, SLOW);
  await expect.poll(() => page.locator("h1").textContent(), SLOW).toBe("销控表");
}

async function gotoUnit(page: Page, code: string) {
  await page.goto(`${baseUrl}/sales/units/${code}`, SLOW);
  await expect.poll(() => page.locator("h1").textContent(), SLOW).toContain(code);
}

const legendCount = async (page: Page, status: string) => {
  const text = await page.getByTestId(`legend-${status}`).textContent();
  const match = /(\d+) 套/.exec(text ?? "");
  if (!match) throw new Error(`no count in legend ${status}: ${JSON.stringify(text)}`);
  return Number(match[1]);
};

/** The 已认购 figure of the internal-subscription cap card on /sales, found by its heading and label. */
async function subscribedOnSalesPage(page: Page): Promise<number> {
  await page.goto(`${baseUrl}/sales`, SLOW);
  await expect.poll(() => page.locator("h1").textContent(), SLOW).toBe("销售与招商");
  const card = page.locator("section", { has: page.getByRole("heading", { name: "内部认购上限" }) });
  return csqm(await card.locator('dt:text-is("已认购") + dd').textContent(SLOW));
}

/** Another signed-in context in the sales user's browser (a second person, or a phone). */
async function newSignedIn(username: string, options: Parameters<Browser["newContext"]>[0]): Promise<{ context: BrowserContext; page: Page }> {
  const browser = pageOf().context().browser()!;
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(60_000);
  await signIn(page, baseUrl, username);
  return { context, page };
}

describe("the 销控表 and deals in the browser", () => {
  it("shows the building tabs, the legend, the grid with the internal subscriptions and the unreleased floors", async () => {
    const page = pageOf();
    page.setDefaultTimeout(60_000);
    page.setDefaultNavigationTimeout(60_000);
    await gotoUnits(page);

    const tabs = page.getByTestId("building-tabs").getByRole("link");
    expect(await tabs.count()).toBe(2);
    expect(await tabs.nth(0).textContent()).toContain("公寓塔楼");
    expect(await tabs.nth(0).getAttribute("href")).toContain("building=T1");
    expect(await tabs.nth(0).getAttribute("aria-current")).toBe("page");
    expect(await tabs.nth(1).textContent()).toContain("商业裙楼");
    expect(await tabs.nth(1).getAttribute("href")).toContain("building=P1");
    expect(await page.getByTestId("building-permit").textContent()).toContain("M24 商品房预售许可证");

    // T1: floors 3–30 × 8 units; floors 3–5 and 28–30 held back (未推); 12 internal subscriptions seeded.
    const counts = Object.fromEntries(await Promise.all(["unreleased", "available", "reserved", "signed", "leased"].map(async (s) => [s, await legendCount(page, s)] as const)));
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(224);
    expect(counts.unreleased).toBe(48);
    expect(counts.reserved).toBeGreaterThanOrEqual(12);
    expect(await page.getByTestId("legend-reserved").textContent()).toContain("认购");

    const grid = page.getByTestId("unit-grid");
    expect(await grid.locator("tbody tr").count()).toBe(28);
    expect(await grid.locator("tbody tr").first().locator("th").textContent()).toBe("30"); // top floor first
    const seeded = page.getByTestId("unit-T1-1203");
    expect(await seeded.getAttribute("data-status")).toBe("reserved");
    expect(await seeded.getAttribute("class")).toContain("unit-internal");
    expect(await seeded.getAttribute("title")).toContain("王磊（工程部）");
    expect(await page.locator("a.unit-cell.unit-internal").count()).toBeGreaterThanOrEqual(12);
    for (const code of ["T1-301", "T1-508", "T1-2801", "T1-3008"]) expect(await page.getByTestId(`unit-${code}`).getAttribute("data-status")).toBe("unreleased");
    expect(await page.getByTestId("unit-T1-601").getAttribute("data-status")).toBe("available");
    expect(await page.getByTestId(`unit-${SUBSCRIBED_UNIT}`).getAttribute("data-status")).toBe("available");
  });

  it("switches to P1: the shops for sale and the units for lease; a cell opens the unit page", async () => {
    const page = pageOf();
    await page.getByTestId("building-tabs").getByRole("link", { name: /商业裙楼/ }).click();
    await page.waitForURL(/\/sales\/units\?building=P1$/, SLOW);
    await expect.poll(() => page.getByTestId("building-permit").textContent(), SLOW).toContain("P1");
    expect(await page.getByTestId("building-tabs").locator('[aria-current="page"]').textContent()).toContain("商业裙楼");
    const grid = page.getByTestId("unit-grid");
    expect(await grid.locator("tbody tr").count()).toBe(2); // the shops' floor 1 and the lease floor 2
    expect(await grid.locator("a.unit-cell").count()).toBe(30);
    for (let i = 1; i <= 20; i++) expect(await page.getByTestId(`unit-P1-1${String(i).padStart(2, "0")}`).getAttribute("title")).toContain("商铺");
    for (let i = 1; i <= 10; i++) expect(await page.getByTestId(`unit-P1-2${String(i).padStart(2, "0")}`).getAttribute("title")).toContain("商业（租赁）");
    expect(await page.getByTestId(`unit-${SHOP}`).getAttribute("data-status")).toBe("available");

    // A lease unit opens its page: not sold here, no 认购 form.
    await page.getByTestId("unit-P1-205").click();
    await page.waitForURL(/\/sales\/units\/P1-205$/, SLOW);
    await expect.poll(() => page.locator("h1").textContent(), SLOW).toContain("P1-205");
    expect(await page.getByText("该单元用于招商租赁，不在此销售。").count()).toBe(1);
    expect(await page.getByTestId("reserve-form").count()).toBe(0);

    // A shop opens its page with its price list and the 认购 form.
    await page.goBack();
    await page.waitForURL(/\/sales\/units\?building=P1$/, SLOW);
    await page.getByTestId(`unit-${SHOP}`).click();
    await page.waitForURL(new RegExp(`/sales/units/${SHOP}$`), SLOW);
    await expect.poll(() => page.locator("h1").textContent(), SLOW).toContain(SHOP);
    expect(await page.getByTestId("unit-status").textContent()).toBe("可售");
    expect(await page.getByTestId("price-list").textContent()).toContain("45.00 m²");
    await page.getByTestId("reserve-form").waitFor(SLOW);
  });

  it("reserves an apartment as 内部认购 for an employee: the cell turns reserved and /sales shows more subscribed area", async () => {
    const page = pageOf();
    const before = await subscribedOnSalesPage(page);

    await gotoUnits(page, "T1");
    await page.getByTestId(`unit-${SUBSCRIBED_UNIT}`).click();
    await page.waitForURL(new RegExp(`/sales/units/${SUBSCRIBED_UNIT}$`), SLOW);
    await expect.poll(() => page.locator("h1").textContent(), SLOW).toContain(SUBSCRIBED_UNIT);
    const areaCsqm = csqm(await page.getByTestId("price-list").locator('dt:text-is("建筑面积") + dd').textContent());
    expect(areaCsqm).toBe(11_800);
    expect(await page.getByTestId("permit-missing").textContent()).toContain("未取得");

    const form = page.getByTestId("reserve-form");
    await form.locator('[name="buyerName"]').fill("端到端·内部员工");
    await form.locator('[name="buyerType"]').selectOption({ label: "内部员工" });
    // The price defaults to the list price; the deposit is received with the reservation.
    expect(Number(await form.locator('[name="price"]').inputValue())).toBeGreaterThan(0);
    await form.locator('[name="deposit"]').fill("20000");
    expect(await form.locator('[name="depositReceived"]').isChecked()).toBe(true);
    await form.locator('[name="internal"]').check();
    await form.getByRole("button", { name: "认购", exact: true }).click();
    await page.waitForURL(new RegExp(`/sales/units/${SUBSCRIBED_UNIT}\\?saved=reserve$`), SLOW);
    await expect.poll(() => page.getByTestId("unit-status").textContent(), SLOW).toBe("认购");
    expect(await page.getByRole("status").textContent()).toContain("已办理认购");
    expect(await page.getByTestId("deal-status").textContent()).toBe("已认购 · 内部认购");
    expect(await page.getByTestId("deal-buyer").textContent()).toContain("端到端·内部员工");
    expect(await fenOf(page.getByTestId("deal-received").locator(".money"))).toBe(2_000_000);
    expect(await page.getByTestId("reserve-form").count()).toBe(0);
    await page.getByTestId("sign-form").waitFor(SLOW);

    await gotoUnits(page, "T1");
    const cell = page.getByTestId(`unit-${SUBSCRIBED_UNIT}`);
    expect(await cell.getAttribute("data-status")).toBe("reserved");
    expect(await cell.getAttribute("class")).toContain("unit-internal");
    expect(await cell.getAttribute("title")).toContain("端到端·内部员工");

    await expect.poll(() => subscribedOnSalesPage(page), SLOW).toBe(before + areaCsqm);
  });

  it("refuses a public reservation before the pre-sale permit beside the form, keeping what was typed", async () => {
    const page = pageOf();
    await gotoUnit(page, PUBLIC_UNIT);
    expect(await page.getByTestId("unit-status").textContent()).toBe("可售");
    const form = page.getByTestId("reserve-form");
    const listPrice = await form.locator('[name="price"]').inputValue();
    await form.locator('[name="buyerName"]').fill("端到端·公开客户");
    await form.locator('[name="buyerType"]').selectOption({ label: "个人" });
    await form.locator('[name="deposit"]').fill("30000");
    await form.getByRole("button", { name: "认购", exact: true }).click();

    const error = page.getByTestId("reserve-form").getByRole("alert");
    await error.waitFor(SLOW);
    expect(await error.textContent()).toBe("该楼栋的商品房预售许可证（M24 商品房预售许可证）尚未取得，计划 2027-11-30：取得前不能公开认购或签约（公寓可办理内部认购）");
    expect(page.url()).toBe(`${baseUrl}/sales/units/${PUBLIC_UNIT}`);
    const kept = page.getByTestId("reserve-form");
    expect(await kept.locator('[name="buyerName"]').inputValue()).toBe("端到端·公开客户");
    expect(await kept.locator('[name="buyerType"]').inputValue()).toBe("individual");
    expect(await kept.locator('[name="deposit"]').inputValue()).toBe("30000");
    expect(await kept.locator('[name="price"]').inputValue()).toBe(listPrice);
    expect(await kept.locator('[name="depositReceived"]').isChecked()).toBe(true);
    expect(await kept.locator('[name="internal"]').isChecked()).toBe(false);

    // Nothing was saved.
    expect(await page.getByTestId("unit-status").textContent()).toBe("可售");
    await gotoUnit(page, PUBLIC_UNIT);
    expect(await page.getByTestId("unit-status").textContent()).toBe("可售");
    expect(await page.getByTestId("deal").count()).toBe(0);
  });

  it("once the pm marks the pre-sale permit done: a shop from 认购 through 签约 (mortgage) to full collection", async () => {
    const pm = await newSignedIn("pm", { viewport: { width: 1400, height: 1000 } });
    /** Fills the milestone form of M24 and saves it. */
    const saveM24 = async (values: { status: string; percent: string; actualStart: string; actualEnd: string }) => {
      await pm.page.goto(`${baseUrl}/milestones`);
      await pm.page.getByTestId("edit-M24").click();
      await pm.page.waitForURL(/\/milestones\/\d+$/);
      const form = pm.page.locator("form", { has: pm.page.locator('[name="percentComplete"]') });
      await form.locator('[name="status"]').selectOption(values.status);
      await form.locator('[name="percentComplete"]').fill(values.percent);
      await form.locator('[name="actualStart"]').fill(values.actualStart);
      await form.locator('[name="actualEnd"]').fill(values.actualEnd);
      await form.getByRole("button", { name: "保存" }).click();
      await pm.page.waitForURL(/\/milestones\?saved=M24/);
      const shown = () => pm.page.getByTestId("milestone-M24").getByTestId("status").textContent();
      if (values.status === "done") await expect.poll(shown, SLOW).toBe("已完成");
      else expect(await shown()).not.toBe("已完成");
    };
    // How M24 stands before (the seed's: not started), to put it back afterwards.
    await pm.page.goto(`${baseUrl}/milestones`);
    await pm.page.getByTestId("edit-M24").click();
    await pm.page.waitForURL(/\/milestones\/\d+$/);
    const original = {
      status: await pm.page.locator('[name="status"]').inputValue(),
      percent: await pm.page.locator('[name="percentComplete"]').inputValue(),
      actualStart: await pm.page.locator('[name="actualStart"]').inputValue(),
      actualEnd: await pm.page.locator('[name="actualEnd"]').inputValue(),
    };
    expect(original.status).not.toBe("done");

    try {
      await saveM24({ status: "done", percent: "100", actualStart: "2026-11-20", actualEnd: "2026-11-27" });

      const page = pageOf();
      await gotoUnit(page, SHOP);
      expect(await page.getByTestId("unit-permit").textContent()).toContain("已取得（2026年11月27日）");
      expect(await page.getByTestId("unit-status").textContent()).toBe("可售");

      // 认购 at the list price with a 5万 deposit received.
      const reserve = page.getByTestId("reserve-form");
      const priceFen = Math.round(Number(await reserve.locator('[name="price"]').inputValue()) * 100);
      expect(priceFen).toBe(153_000_000); // 45 m² × 34,000元/m²
      const depositFen = 5_000_000;
      await reserve.locator('[name="buyerName"]').fill("端到端·商铺买家");
      await reserve.locator('[name="buyerType"]').selectOption({ label: "单位" });
      await reserve.locator('[name="deposit"]').fill(yuanInput(depositFen));
      await reserve.getByRole("button", { name: "认购", exact: true }).click();
      await page.waitForURL(new RegExp(`/sales/units/${SHOP}\\?saved=reserve$`), SLOW);
      await expect.poll(() => page.getByTestId("unit-status").textContent(), SLOW).toBe("认购");
      expect(await page.getByTestId("deal-status").textContent()).toBe("已认购 · 商业销售");
      expect(await fenOf(page.getByTestId("deal-received").locator(".money"))).toBe(depositFen);
      expect(await fenOf(page.getByTestId("deal-owed").locator(".money"))).toBe(priceFen - depositFen);

      // 签约 with the mortgage plan: 定金 → 首付 (30 % less the deposit, in 7 days) → 按揭放款 (in 60 days).
      const sign = page.getByTestId("sign-form");
      await sign.locator('[name="plan"]').selectOption({ label: "按揭贷款" });
      await sign.locator('[name="downPaymentPercent"]').fill("30");
      await sign.getByRole("button", { name: "签约", exact: true }).click();
      await page.waitForURL(new RegExp(`/sales/units/${SHOP}\\?saved=sign$`), SLOW);
      await expect.poll(() => page.getByTestId("unit-status").textContent(), SLOW).toBe("签约");
      expect(await page.getByTestId("deal-status").textContent()).toBe("已签约 · 商业销售");
      expect(await page.getByRole("status").textContent()).toContain("已签约");

      const downFen = Math.round(priceFen * 0.3) - depositFen;
      const mortgageFen = priceFen - depositFen - downFen;
      const schedule = page.getByTestId("schedule");
      expect(await schedule.locator("tbody tr").count()).toBe(3);
      const row = async (seq: number) => {
        const r = page.getByTestId(`schedule-${seq}`);
        const cells = await r.locator("td").allTextContents();
        const money = r.locator(".money");
        return { dueOn: cells[1], kind: cells[2], amountFen: await fenOf(money.nth(0)), receivedFen: await fenOf(money.nth(1)), outstandingFen: await fenOf(money.nth(2)) };
      };
      expect(await row(1)).toEqual({ dueOn: "2026年11月27日", kind: "定金", amountFen: depositFen, receivedFen: depositFen, outstandingFen: 0 });
      expect(await row(2)).toEqual({ dueOn: "2026年12月4日", kind: "首付款", amountFen: downFen, receivedFen: 0, outstandingFen: downFen });
      expect(await row(3)).toEqual({ dueOn: "2027年1月26日", kind: "按揭放款", amountFen: mortgageFen, receivedFen: 0, outstandingFen: mortgageFen });

      // 回款: the down payment, then the mortgage release, until nothing is owed.
      const receive = async (amountFen: number, kind: string) => {
        const form = page.getByTestId("receipt-form");
        await form.locator('[name="amount"]').fill(yuanInput(amountFen));
        await form.locator('[name="kind"]').selectOption({ label: kind });
        expect(await form.locator('[name="receivedOn"]').inputValue()).toBe("2026-11-27");
        await Promise.all([page.waitForURL(new RegExp(`/sales/units/${SHOP}\\?saved=receipt$`), SLOW), form.getByRole("button", { name: "登记回款", exact: true }).click()]);
        await expect.poll(() => page.getByRole("status").textContent(), SLOW).toContain("已登记回款");
      };
      await receive(downFen, "房款");
      await expect.poll(async () => fenOf(page.getByTestId("deal-owed").locator(".money")), SLOW).toBe(mortgageFen);
      expect((await row(2)).outstandingFen).toBe(0);
      expect((await row(3)).outstandingFen).toBe(mortgageFen);

      // Reload between the two receipts: the form is a fresh one (its own idempotency key).
      await gotoUnit(page, SHOP);
      await receive(mortgageFen, "按揭放款");
      await expect.poll(async () => fenOf(page.getByTestId("deal-owed").locator(".money")), SLOW).toBe(0);
      expect(await page.getByTestId("deal-owed").textContent()).toBe("0.00元");
      expect(await fenOf(page.getByTestId("deal-received").locator(".money"))).toBe(priceFen);
      expect(await fenOf(page.getByTestId("deal-overdue").locator(".money"))).toBe(0);
      for (const seq of [1, 2, 3]) expect((await row(seq)).outstandingFen).toBe(0);
      const receipts = await page.getByTestId("receipts").locator("tbody tr").allTextContents();
      expect(receipts).toHaveLength(3);
      for (const kind of ["定金", "房款", "按揭放款"]) expect(receipts.filter((r) => r.includes(kind)), kind).toHaveLength(1);

      // Saved on the server: after a reload the unit is signed with nothing outstanding, and so is its cell.
      await gotoUnit(page, SHOP);
      expect(await page.getByTestId("unit-status").textContent()).toBe("签约");
      expect(await fenOf(page.getByTestId("deal-owed").locator(".money"))).toBe(0);
      expect(await page.getByTestId("sign-form").count()).toBe(0);
      await gotoUnits(page, "P1");
      expect(await page.getByTestId(`unit-${SHOP}`).getAttribute("data-status")).toBe("signed");
      expect(await page.getByTestId(`unit-${SHOP}`).getAttribute("class")).not.toContain("unit-overdue");
    } finally {
      // Put the permit back as the seed has it, for the e2e files that run after this one.
      await saveM24(original);
      await pm.context.close();
    }
  });

  it("on a phone-wide screen the 销控表 has no page-wide horizontal scroll and the grid scrolls inside its box", async () => {
    const phone = await newSignedIn("sales", { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      for (const building of ["T1", "P1"]) {
        await gotoUnits(phone.page, building);
        await phone.page.getByTestId("unit-grid").waitFor(SLOW);
        const widths = await phone.page.evaluate(() => ({ page: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
        expect(widths.inner).toBe(375);
        expect(widths.page, `${building}: page scroll width`).toBeLessThanOrEqual(widths.inner + 1);

        const box = phone.page.locator(".unit-grid-scroll", { has: phone.page.getByTestId("unit-grid") });
        const scroll = await box.evaluate((el) => {
          const style = getComputedStyle(el);
          const before = el.scrollLeft;
          el.scrollLeft = 10_000;
          const after = el.scrollLeft;
          el.scrollLeft = before;
          return { overflowX: style.overflowX, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, right: el.getBoundingClientRect().right, after };
        });
        expect(["auto", "scroll"]).toContain(scroll.overflowX);
        expect(scroll.scrollWidth, `${building}: the grid is wider than its box`).toBeGreaterThan(scroll.clientWidth);
        expect(scroll.after, `${building}: the box scrolls sideways`).toBeGreaterThan(0);
        expect(scroll.right).toBeLessThanOrEqual(375 + 1);
      }
    } finally {
      await phone.context.close();
    }
  });
});
