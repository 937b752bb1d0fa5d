// The cash-flow page in the browser (issue 14): finance opens /financing/cashflow (secured by
// default, its summary card marked as shown, the chart drawn after hydration), switches to the
// expected scenario, and the URL, the active link and the active summary follow.
import { describe, expect, inject, it } from "vitest";
import { useSignedInPage } from "./sign-in";

const baseUrl = inject("baseUrl");
const pageOf = useSignedInPage(baseUrl, "finance");

describe("the cash-flow page in the browser", () => {
  it("opens on the secured scenario", async () => {
    await pageOf().goto(`${baseUrl}/financing/cashflow`);
    await expect.poll(() => pageOf().locator("h1").textContent()).toBe("现金流（至项目完工）");
    const switcher = pageOf().getByTestId("scenario-switch");
    expect(await switcher.locator('[aria-current="page"]').textContent()).toBe("仅已落实");
    expect(await pageOf().getByTestId("summary-secured").getAttribute("data-active")).toBe("true");
    expect(await pageOf().getByTestId("summary-expected").getAttribute("data-active")).toBe("false");
    expect(await pageOf().getByTestId("summary-secured").getByTestId("first-gap").textContent()).toContain("2027年10月");
    const chart = pageOf().getByTestId("cashflow-chart");
    await chart.locator("svg.recharts-surface").first().waitFor();
    expect(await pageOf().getByTestId("cashflow-export").getAttribute("href")).toBe("/financing/cashflow.xlsx?scenario=secured");
  });

  it("switches to the expected scenario", async () => {
    const before = await pageOf().getByTestId("cashflow-table").locator("tbody").textContent();
    await pageOf().getByTestId("scenario-switch").getByRole("link", { name: "预期" }).click();
    await pageOf().waitForURL(/\/financing\/cashflow\?scenario=expected$/);
    await expect.poll(() => pageOf().getByTestId("summary-expected").getAttribute("data-active")).toBe("true");
    expect(await pageOf().getByTestId("summary-secured").getAttribute("data-active")).toBe("false");
    expect(await pageOf().getByTestId("scenario-switch").locator('[aria-current="page"]').textContent()).toBe("预期");
    expect(await pageOf().getByTestId("cashflow-export").getAttribute("href")).toBe("/financing/cashflow.xlsx?scenario=expected");
    expect(await pageOf().getByTestId("cashflow-table").locator("thead").textContent()).toContain("预计销售回款");
    expect(await pageOf().getByTestId("cashflow-table").locator("tbody").textContent()).not.toBe(before);
  });
});
