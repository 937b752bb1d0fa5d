// The sales user records an internal subscription through the form and sees the subscribed area rise
// and the record listed; one that exceeds what is left under the cap is refused beside the area with
// the typed values kept. The e2e database is shared with the other e2e files (and their data), so
// this file uses its own unit numbers and asserts relative changes.
import { describe, expect, inject, it } from "vitest";
import { useSignedInPage } from "./sign-in";

const baseUrl = inject("baseUrl");
const pageOf = useSignedInPage(baseUrl, "sales");

const run = Date.now().toString(36).slice(-6).toUpperCase();
const unitOk = `E2E-NB-${run}-1`;
const unitOver = `E2E-NB-${run}-2`;

/** "3,600.00 m²" → 360000 (hundredths of m²). */
function csqm(text: string | null): number {
  const match = /([\d,]+)\.(\d{2})\s*m²/.exec(text ?? "");
  if (!match) throw new Error(`no area in ${JSON.stringify(text)}`);
  return Number(match[1].replace(/,/g, "")) * 100 + Number(match[2]);
}
const plainSqm = (value: number) => (value / 100).toFixed(2);

const saleForm = () => pageOf().getByTestId("sale-form");
const capCard = () => pageOf().getByTestId("subscription-cap");
const subscribed = async () => csqm(await pageOf().getByTestId("subscribed").textContent());
/** The cap card's facts: apartment area, cap share (…= cap m²), subscribed, still available. */
const capFacts = async () => {
  const values = await capCard().locator("dd").allTextContents();
  return { capCsqm: csqm(values[1].split("=")[1]), subscribedCsqm: csqm(values[2]), leftCsqm: csqm(values[3]) };
};

async function fillSubscription(unitNo: string, area: string) {
  const form = saleForm();
  await form.locator('[name="product"]').selectOption({ label: "内部认购" });
  await form.locator('[name="unitNo"]').fill(unitNo);
  await form.locator('[name="area"]').fill(area);
  await form.locator('[name="unitPrice"]').fill("8000");
  await form.locator('[name="buyerName"]').fill("测试员工");
  await form.locator('[name="buyerType"]').selectOption({ label: "内部员工" });
  await form.getByRole("button", { name: "登记销售/认购" }).click();
}

describe("internal subscription in the browser", () => {
  it("records a subscription through the form: the subscribed area rises and the record is listed", async () => {
    await pageOf().goto(`${baseUrl}/sales`);
    await expect.poll(() => pageOf().locator("h1").textContent()).toBe("销售与招商");
    const before = await capFacts();
    expect(before.subscribedCsqm).toBe(await subscribed());
    expect(before.leftCsqm).toBe(before.capCsqm - before.subscribedCsqm);
    expect(before.leftCsqm).toBeGreaterThanOrEqual(4_550);

    await fillSubscription(unitOk, "45.5");
    await pageOf().waitForURL(/\/sales\?saved=sale$/);
    await expect.poll(subscribed).toBe(before.subscribedCsqm + 4_550);
    const after = await capFacts();
    expect(after.leftCsqm).toBe(before.leftCsqm - 4_550);

    const row = pageOf().getByTestId("sales-records").locator("tr", { hasText: unitOk });
    expect(await row.count()).toBe(1);
    const cells = await row.locator("td").allTextContents();
    expect(cells[1]).toBe("内部认购");
    expect(cells[3]).toBe("45.50");
    expect(cells[6]).toContain("测试员工");
    expect(cells[6]).toContain("内部员工");

    // Saved on the server, not just shown.
    await pageOf().reload();
    expect(await subscribed()).toBe(before.subscribedCsqm + 4_550);
  });

  it("refuses one over the remaining cap beside the area, keeping what was typed", async () => {
    await pageOf().goto(`${baseUrl}/sales`);
    const before = await capFacts();
    const tooMuch = plainSqm(before.leftCsqm + 1); // 0.01 m² more than is left

    await fillSubscription(unitOver, tooMuch);
    const error = saleForm().locator("#field-area-error");
    await error.waitFor();
    expect(await error.textContent()).toBe(`超出内部认购上限：尚可认购 ${plainSqm(before.leftCsqm)} m²（上限 ${plainSqm(before.capCsqm)} m²）`);
    expect(await saleForm().locator('[name="area"]').getAttribute("aria-invalid")).toBe("true");

    const form = saleForm();
    expect(await form.locator('[name="area"]').inputValue()).toBe(tooMuch);
    expect(await form.locator('[name="unitNo"]').inputValue()).toBe(unitOver);
    expect(await form.locator('[name="unitPrice"]').inputValue()).toBe("8000");
    expect(await form.locator('[name="buyerName"]').inputValue()).toBe("测试员工");
    expect(await form.locator('[name="product"]').inputValue()).toBe("internal_subscription");
    expect(await form.locator('[name="buyerType"]').inputValue()).toBe("employee");

    // Nothing was saved.
    expect(await subscribed()).toBe(before.subscribedCsqm);
    expect(await pageOf().getByTestId("sales-records").locator("tr", { hasText: unitOver }).count()).toBe(0);
    await pageOf().reload();
    expect(await subscribed()).toBe(before.subscribedCsqm);
    expect(await pageOf().getByTestId("sales-records").locator("tr", { hasText: unitOver }).count()).toBe(0);
  });
});
