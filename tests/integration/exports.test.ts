// Issue 13, point 10: every Excel export prints properly (landscape, one page wide, header rows repeated
// on every page, frozen header), speaks the pages' column names in the reader's language, and the new
// ones carry what their pages do: the fund-usage plan by month, the changes register (变更签证台账) and
// the progress-payment register (进度款台账). Checked in the files' XML and through exceljs.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { translator, type MessageKey } from "~/i18n";
import { contractProgress } from "~/models/cost/progress.server";
import { loader as changesLoader } from "~/routes/budget.changes[.]xlsx";
import { loader as exportLoader } from "~/routes/budget.export[.]xlsx";
import { loader as financingLoader } from "~/routes/financing.export[.]xlsx";
import { loader as salesLoader } from "~/routes/sales.export[.]xlsx";
import { loader as planLoader } from "~/routes/budget.plan[.]xlsx";
import { loader as progressLoader } from "~/routes/budget.progress[.]xlsx";
import { loader as templateLoader } from "~/routes/budget.template[.]xlsx";
import { civilToDate } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";
import { download, workbookOf } from "../helpers/workbooks";
import { zipEntries } from "../helpers/zip-entries";

let projectId: number;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
});

const values = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
const labels = (lang: "zh" | "en", keys: MessageKey[]) => keys.map((key) => translator(lang)(key));
const yuanOf = (fen: bigint) => Number(`${fen < 0n ? "-" : ""}${(fen < 0n ? -fen : fen) / 100n}.${((fen < 0n ? -fen : fen) % 100n).toString().padStart(2, "0")}`);
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const EXPORTS = [
  { name: "budget", loader: exportLoader, path: "/budget/export.xlsx", headerRows: [1, 1] },
  { name: "template", loader: templateLoader, path: "/budget/template.xlsx", headerRows: [1, 1] },
  { name: "changes", loader: changesLoader, path: "/budget/changes.xlsx", headerRows: [1] },
  { name: "progress", loader: progressLoader, path: "/budget/progress.xlsx", headerRows: [1] },
  { name: "plan", loader: planLoader, path: "/budget/plan.xlsx", headerRows: [2] },
  { name: "financing", loader: financingLoader, path: "/financing/export.xlsx", headerRows: [1, 1, 1] },
  { name: "sales", loader: salesLoader, path: "/sales/export.xlsx", headerRows: [1, 1, 1, 1] },
] as const;

describe("printing", () => {
  for (const item of EXPORTS) {
    it(`${item.name}: every sheet prints landscape, one page wide, its header rows on every page`, async () => {
      const response = await download(item.loader, item.path);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe(XLSX);
      const parts = zipEntries(Buffer.from(await response.arrayBuffer()));
      const workbookXml = parts.get("xl/workbook.xml")!;
      const sheetNames = [...workbookXml.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
      expect(sheetNames).toHaveLength(item.headerRows.length);
      item.headerRows.forEach((rows, index) => {
        const sheet = parts.get(`xl/worksheets/sheet${index + 1}.xml`)!;
        expect(sheet).toContain('<pageSetUpPr fitToPage="1"/>');
        const pageSetup = /<pageSetup [^>]*\/>/.exec(sheet)![0];
        expect(pageSetup).toContain('orientation="landscape"');
        expect(pageSetup).toContain('paperSize="9"');
        expect(pageSetup).toContain('fitToWidth="1"');
        expect(pageSetup).toContain('fitToHeight="0"');
        expect(sheet).toContain("<oddFooter>&amp;L&amp;A&amp;R&amp;P / &amp;N</oddFooter>");
        // The header row(s) repeat on every printed page: a print-titles name for the sheet.
        const name = sheetNames[index].replace(/'/g, "&apos;&apos;");
        expect(workbookXml).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="${index}">&apos;${name}&apos;!$1:$${rows}</definedName>`);
        // Column widths set for every column that holds something.
        expect(sheet).toMatch(/<cols>(<col [^>]*customWidth="1"\/>)+<\/cols>/);
      });
      // The data sheets (not the template's help) freeze their header rows.
      const first = parts.get("xl/worksheets/sheet1.xml")!;
      expect(/<pane [^>]*\/>/.exec(first)?.[0]).toMatch(new RegExp(`ySplit="${item.headerRows[0]}".*state="frozen"`));
    });
  }
});

describe("changes register (变更签证台账)", () => {
  const COLUMNS: MessageKey[] = ["budget.contract", "budget.contractTitle", "io.account", "ms.code", "cost.kind", "cost.changeTitle", "cost.claimed", "cost.estimate", "cost.approved", "cost.status", "cost.submittedBy", "io.submittedOn", "cost.decidedBy", "io.decidedOn", "cost.decisionReason"];

  it("lists every change of every contract with its figures, status, people and dates, under the contract page's names", async () => {
    const response = await download(changesLoader, "/budget/changes.xlsx");
    expect(response.headers.get("Content-Disposition")).toContain("groundwork-changes-2026-11-27.xlsx");
    const workbook = await workbookOf(response);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["变更签证台账"]);
    const sheet = workbook.worksheets[0];
    expect(values(sheet, 1)).toEqual(labels("zh", COLUMNS));
    expect(values(sheet, 1).slice(3, 11)).toEqual(["编号", "类型", "事由", "申报", "预估", "审定", "状态", "申报人"]);
    expect(sheet.rowCount).toBe(3); // the seed's two changes
    expect(values(sheet, 2)).toEqual([
      "HT-2026-001", "商业裙楼方案及初步设计", "COM.01.01 设计费", "BG-001", "设计变更", "裙楼屋顶花园补充设计",
      240_000, 200_000, 180_000, "已批", "赵丽（财务经理）", civilToDate("2026-11-12"), "王建国（总经理）", civilToDate("2026-11-18"), "按设计收费标准核定，扣除重复计费部分",
    ]);
    const pending = values(sheet, 3);
    expect(pending.slice(0, 12)).toEqual([
      "HT-2026-002", "公寓塔楼方案及初步设计", "APT.01.01 设计费", "BG-001", "设计变更", "公寓标准层户型调整（营销定位变化）",
      400_000, 320_000, undefined, "待审", "赵丽（财务经理）", civilToDate("2026-11-24"),
    ]);
    expect(pending.slice(12).filter((v) => v !== undefined)).toEqual([]); // not decided yet
    expect(sheet.getRow(2).getCell(7).numFmt).toBe('#,##0.00"元"');
    expect(sheet.getRow(2).getCell(12).numFmt).toBe("yyyy-mm-dd");
  });

  it("speaks English under the English page's names", async () => {
    const sheet = (await workbookOf(await download(changesLoader, "/budget/changes.xlsx", { lang: "en" }))).worksheets[0];
    expect(sheet.name).toBe("Changes register");
    expect(values(sheet, 1)).toEqual(labels("en", COLUMNS));
    expect(values(sheet, 2).slice(0, 5)).toEqual(["HT-2026-001", "Podium scheme and preliminary design", "COM.01.01 Design", "BG-001", translator("en")("cost.kind.design_change")]);
    expect(sheet.getRow(2).getCell(7).numFmt).toBe('"¥"#,##0.00');
  });
});

describe("progress-payment register (进度款台账)", () => {
  const COLUMNS: MessageKey[] = ["budget.contract", "budget.contractTitle", "io.account", "progress.period", "progress.claimed", "progress.supervised", "progress.certifiedValue", "progress.advanceRecovery", "progress.payable", "progress.paidOnClaim", "progress.status", "cost.submittedBy", "cost.decidedBy", "io.certifiedOn"];

  it("lists every claim with claimed, supervised and certified value, advance recovery, payable and paid, as the contract page computes them", async () => {
    const workbook = await workbookOf(await download(progressLoader, "/budget/progress.xlsx"));
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe("进度款台账");
    expect(values(sheet, 1)).toEqual(labels("zh", COLUMNS));
    expect(sheet.rowCount).toBe(5); // the seed's four claims
    const rows = [2, 3, 4, 5].map((n) => values(sheet, n));
    expect(rows.map((row) => [row[0], row[3]])).toEqual([["HT-2026-001", "2026-10"], ["HT-2026-001", "2026-11"], ["HT-2026-002", "2026-10"], ["HT-2026-002", "2026-11"]]);
    // October on HT-2026-001: certified 90万 × 80 % − 33.75万 recovered = 38.25万 payable, and paid.
    expect(rows[0].slice(4, 11)).toEqual([900_000, undefined, 900_000, 337_500, 382_500, 382_500, "已审定"]);
    // November: 150万 × 80 % − 56.25万 recovered in all = 63.75万, of which 38.25万 came due in October.
    expect(rows[1].slice(4, 11)).toEqual([1_650_000, undefined, 1_500_000, 225_000, 255_000, 0, "已审定"]);
    expect(rows[3].slice(4, 11)).toEqual([2_600_000, undefined, 2_500_000, 375_000, 425_000, 0, "已审定"]);
    // Every figure is the contract page's, to the 分.
    const contracts = await prisma.contract.findMany({ where: { code: { in: ["HT-2026-001", "HT-2026-002"] } }, orderBy: { code: "asc" } });
    const claims = (await Promise.all(contracts.map((c) => contractProgress(projectId, c.id)))).flatMap((p) => p!.claims);
    expect(rows.map((row) => row.slice(4, 10))).toEqual(
      claims.map((c) => [yuanOf(c.claimedFen), c.supervisedFen === null ? undefined : yuanOf(c.supervisedFen), yuanOf(c.certifiedFen!), yuanOf(c.advanceRecoveryFen), yuanOf(c.payableFen!), yuanOf(c.paidFen)]),
    );
    expect(rows[0].slice(11)).toEqual(["赵丽（财务经理）", "李明（项目经理）", civilToDate("2026-11-03")]);
  });

  it("speaks English under the English page's names", async () => {
    const sheet = (await workbookOf(await download(progressLoader, "/budget/progress.xlsx", { lang: "en" }))).worksheets[0];
    expect(values(sheet, 1)).toEqual(labels("en", COLUMNS));
    expect(values(sheet, 2)[10]).toBe(translator("en")("progress.status.certified"));
  });
});

describe("fund-usage plan (资金使用计划)", () => {
  it("gives each month's plan, paid and difference per line and in total, with the cumulative figures, exact to the 分", async () => {
    const response = await download(planLoader, "/budget/plan.xlsx");
    expect(response.headers.get("Content-Disposition")).toContain("groundwork-fund-plan-2026-11-27.xlsx");
    const sheet = (await workbookOf(response)).worksheets[0];
    expect(sheet.name).toBe("资金使用计划");
    const t = translator("zh");
    expect(values(sheet, 1)).toEqual([
      "月份",
      ...["FND 地下桩基础工程", "COM 地上商业工程", "APT 公寓工程"].flatMap((line) => [line, line, line]),
      ...Array(5).fill("全部科目"),
    ]);
    const figures = [t("budget.planMonthly"), t("budget.paidMonthly"), t("io.planDifference")];
    expect(values(sheet, 2)).toEqual(["月份", ...figures, ...figures, ...figures, ...figures, "累计计划", "累计支付"]);
    expect(figures).toEqual(["月度计划", "月度支付", "差额（计划 − 支付）"]);
    // The schedule's 14 months, then the totals.
    expect(sheet.rowCount).toBe(2 + 14 + 1);
    expect(values(sheet, 3)[0]).toBe("2026-11");
    expect(values(sheet, 16)[0]).toBe("2027-12");

    const lines = await prisma.budgetLine.findMany({ orderBy: { sortOrder: "asc" }, select: { id: true, code: true } });
    const entries = await prisma.fundPlanEntry.findMany({ select: { lineId: true, month: true, amountFen: true } });
    const payments = await prisma.payment.findMany({ select: { lineId: true, paidOn: true, amountFen: true } });
    let planAll = 0n;
    let paidAll = 0n;
    for (let n = 3; n <= 16; n += 1) {
      const row = values(sheet, n);
      const month = row[0] as string;
      let planMonth = 0n;
      let paidMonth = 0n;
      lines.forEach((line, index) => {
        const plan = entries.filter((e) => e.lineId === line.id && e.month === month).reduce((sum, e) => sum + e.amountFen, 0n);
        const paid = payments.filter((p) => p.lineId === line.id && p.paidOn.toISOString().slice(0, 7) === month).reduce((sum, p) => sum + p.amountFen, 0n);
        expect(row.slice(1 + index * 3, 4 + index * 3)).toEqual([yuanOf(plan), yuanOf(paid), yuanOf(plan - paid)]);
        planMonth += plan;
        paidMonth += paid;
      });
      planAll += planMonth;
      paidAll += paidMonth;
      expect(row.slice(10)).toEqual([yuanOf(planMonth), yuanOf(paidMonth), yuanOf(planMonth - paidMonth), yuanOf(planAll), yuanOf(paidAll)]);
    }
    // November 2026 holds every payment of the seed: 90万 + 150万 + 38.25万 + 21万 − 21万 + 12万 = 290.25万.
    expect(values(sheet, 3)[11]).toBe(2_902_500);
    const total = values(sheet, 17);
    expect(total[0]).toBe("合计");
    expect(total.slice(10, 13)).toEqual([yuanOf(planAll), yuanOf(paidAll), yuanOf(planAll - paidAll)]);
    expect(sheet.getRow(17).font?.bold).toBe(true);
    expect(sheet.getRow(3).getCell(2).numFmt).toBe('#,##0.00"元"');
    expect(sheet.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 2 });
  });

  it("speaks English", async () => {
    const sheet = (await workbookOf(await download(planLoader, "/budget/plan.xlsx", { lang: "en" }))).worksheets[0];
    expect(sheet.name).toBe("Fund-usage plan");
    expect(values(sheet, 2).slice(0, 4)).toEqual(["Month", "Monthly plan", "Monthly paid", "Difference (plan − paid)"]);
    expect(values(sheet, 1)[1]).toBe("FND Pile foundation");
  });
});

describe("who may download", () => {
  for (const item of EXPORTS) {
    it(`${item.name}: any signed-in user; a visitor is sent to sign in`, async () => {
      expect((await download(item.loader, item.path, { as: "member" })).status).toBe(200);
      const response = await download(item.loader, item.path, { as: null });
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login/);
    });
  }
});
