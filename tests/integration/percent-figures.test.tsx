// One rounding rule for percentages (issue 18, item 5): the issue saw "62.7 % on the page, 62.75 % in
// Excel, 62.76 % true". A budget line 37.86 % used reads 37.9 % in the budget table (rendered from the
// page's loader data), on the payment banner, and in the export's 使用率 cell (0.379, "0.0%").
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Outlet } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { BudgetTable } from "~/components/budget-table";
import { prisma } from "~/db.server";
import { translator } from "~/i18n";
import { formatRatioBps, rateCellValue, rateTenths } from "~/utils/percent";
import { loader as exportLoader } from "~/routes/budget.export[.]xlsx";
import { loader as salesExportLoader } from "~/routes/sales.export[.]xlsx";
import { action as budgetAction, loader as budgetLoader } from "~/routes/budget._index";
import { seedReferenceProject } from "../../prisma/seed";
import { submitAndApprove } from "../helpers/approvals";
import { leafOf } from "../helpers/factories";
import { callAction, callLoader } from "../helpers/requests";
import { download, workbookOf } from "../helpers/workbooks";

type BudgetPage = Parameters<typeof BudgetTable>[0] & { recorded: { usedBps: number } | null };

/** Server-render a component the way the page does, under a root route that carries the language. */
async function render(element: ReactElement, lang: "zh" | "en" = "zh") {
  const routes = [{ id: "root", path: "/", loader: () => ({ lang }), Component: Outlet, children: [{ index: true, element }] }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("http://localhost/"));
  if (context instanceof Response) throw new Error("unexpected response");
  return renderToStaticMarkup(<StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} hydrate={false} />);
}

/** The text of the `used` cell of a budget table row: "37.9%". */
function usedCellText(html: string, code: string) {
  const row = html.slice(html.indexOf(`data-testid="line-${code}"`));
  const start = row.indexOf('data-testid="used"');
  const cell = row.slice(row.indexOf(">", start) + 1, row.indexOf("</td>", start));
  return cell.replace(/<[^>]*>/g, " ").trim().split(/\s+/)[0];
}

let bannerUsedBps: number;

beforeAll(async () => {
  await seedReferenceProject(prisma);
  // FND: 8,000万元 budget, nothing paid. 3,028.8万元 paid is 37.86 % used: truncation said 37.8.
  const fnd = await prisma.budgetLine.findFirstOrThrow({ where: { code: "FND" }, select: { id: true } });
  const account = await leafOf(fnd.id);
  const pay = (amount: string) => callAction(budgetAction, "/budget", { intent: "payment", accountId: String(account), amount, paidOn: "2026-11-20", payee: "桩基单位", voucherNo: "", note: "", contractId: "" }, { as: "finance" });
  // 3,000万 above the approval threshold (approved by another user), then 28.8万 with the banner.
  expect(((await submitAndApprove(pay("30000000"))) as Response).status).toBe(302);
  const paid = (await pay("288000")) as Response;
  expect(paid.headers.get("Location")).toMatch(/^\/budget\?recorded=\d+$/);
  const banner = (await callLoader(budgetLoader, paid.headers.get("Location")!, { as: "finance" })) as BudgetPage;
  bannerUsedBps = banner.recorded!.usedBps;
});

describe("a ratio reads the same on the page and in Excel (issue 18)", () => {
  it("shows 37.86 % used as 37.9 % in the budget table and in the export's 使用率 cell", async () => {
    const page = (await callLoader(budgetLoader, "/budget", { as: "exec" })) as BudgetPage;
    const fnd = page.rows.find((row) => row.code === "FND")!;
    expect([fnd.paidFen, fnd.currentFen]).toEqual(["3028800000", "8000000000"]);
    const html = await render(<BudgetTable rows={page.rows} totals={page.totals} projectTotalFen={page.projectTotalFen} differenceFen={page.differenceFen} />);
    const pageFigure = usedCellText(html, "FND");
    expect(pageFigure).toBe("37.9%");

    const sheet = (await workbookOf(await download(exportLoader, "/budget/export.xlsx", {}, "exec"))).worksheets[0];
    const usedColumn = (sheet.getRow(1).values as unknown[]).indexOf(translator("zh")("budget.used"));
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => String(r.getCell(1).value).startsWith("FND "))!;
    const cell = row.getCell(usedColumn);
    expect(cell.value).toBe(0.379);
    expect(cell.numFmt).toBe("0.0%");
    // What Excel shows for a "0.0%" cell is the value × 100 to one decimal: the page's figure.
    expect(`${(Number(cell.value) * 100).toFixed(1)}%`).toBe(pageFigure);
  });

  it("shows the lines' total the same way on the page and in the export", async () => {
    const page = (await callLoader(budgetLoader, "/budget", { as: "exec" })) as BudgetPage;
    const html = await render(<BudgetTable rows={page.rows} totals={page.totals} projectTotalFen={page.projectTotalFen} differenceFen={page.differenceFen} />);
    const footer = html.slice(html.indexOf('data-testid="line-total"'));
    // 3,028.8万 + 290.25万 paid of 46,300万: 7.1686… % → 7.2 % (truncation said 7.1 %).
    expect(footer).toContain("7.2%");
    const sheet = (await workbookOf(await download(exportLoader, "/budget/export.xlsx", {}, "exec"))).worksheets[0];
    const usedColumn = (sheet.getRow(1).values as unknown[]).indexOf(translator("zh")("budget.used"));
    const total = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === translator("zh")("budget.linesTotal"))!;
    expect(total.getCell(usedColumn).value).toBe(0.072);
  });

  it("shows the same figure on the payment banner", async () => {
    expect(bannerUsedBps).toBe(3786);
    expect(formatRatioBps(bannerUsedBps)).toBe("37.9%");
  });

  it("writes the sales achievement rates rounded once to 0.1 %, from the row's exact amounts", async () => {
    const workbook = await workbookOf(await download(salesExportLoader, "/sales/export.xlsx", {}, "exec"));
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const t = translator("zh");
    const [target, achieved, rate] = [t("sales.target"), t("sales.achieved"), "完成率"].map((name) => header.indexOf(name) + 1);
    expect(Math.min(target, achieved, rate)).toBeGreaterThan(0);
    const fen = (yuan: unknown) => BigInt(Math.round(Number(yuan) * 100));
    let rated = 0;
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const cell = row.getCell(rate);
      expect(cell.numFmt).toBe("0.0%");
      expect(cell.value ?? null).toBe(rateCellValue(rateTenths(fen(row.getCell(achieved).value), fen(row.getCell(target).value))));
      if (cell.value !== null && cell.value !== undefined) rated += 1;
    });
    expect(rated).toBeGreaterThan(0);
  });
});
