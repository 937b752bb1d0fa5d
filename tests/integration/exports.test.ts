// Issue 13, point 10: every Excel export prints properly (landscape, one page wide, header rows repeated
// on every page, frozen header), speaks the pages' column names in the reader's language, and the new
// ones carry what their pages do: the fund-usage plan by month, the changes register (变更签证台账) and
// the progress-payment register (进度款台账). Checked in the files' XML and through exceljs.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { translator, type MessageKey } from "~/i18n";
import { contractProgress, projectClaimRegister } from "~/models/cost/progress.server";
import { budgetWorkbook } from "~/models/cost/io/budget-export.server";
import { LEDGER_EXPORT_MAX_ROWS } from "~/models/cost/io/ledger-export.server";
import { exportSlots, xlsxDownload } from "~/models/cost/io/workbook.server";
import { readPaymentFile } from "~/models/cost/io/payment-import.server";
import { formatMoney } from "~/utils/money";
import { salesWorkbook } from "~/models/sales/export.server";
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
const sqmOf = (csqm: number) => csqm / 100;
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

describe("bounded exports", () => {
  const ledgerOf = async (buffer: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    return workbook.worksheets[1];
  };

  it("the ledger sheet holds at most the latest N payments, oldest first, under a note with the exact count and total of all", async () => {
    expect(LEDGER_EXPORT_MAX_ROWS).toBe(10_000);
    const all = await prisma.payment.findMany({ where: { line: { projectId } }, orderBy: [{ paidOn: "desc" }, { id: "desc" }], select: { id: true, paidOn: true, amountFen: true, voucherNo: true } });
    expect(all.length).toBeGreaterThan(2);
    const totalFen = all.reduce((sum, p) => sum + p.amountFen, 0n);
    const sheet = await ledgerOf(await budgetWorkbook(projectId, "zh", { maxRows: 2 }));
    expect(sheet.name).toBe("支付台账");
    expect(sheet.getRow(1).getCell(1).value).toBe(`仅导出最近 2 笔（共 ${all.length} 笔，全部合计 ${formatMoney(totalFen, "zh", "yuan")}）；请按日期筛选后分段导出`);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(values(sheet, 2)[0]).toBe("日期"); // the header, below the note
    expect(sheet.rowCount).toBe(4);
    const latest = all.slice(0, 2).reverse();
    expect([3, 4].map((n) => [values(sheet, n)[0], values(sheet, n)[5]])).toEqual(latest.map((p) => [p.paidOn, yuanOf(p.amountFen)]));
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(sheet.autoFilter).toBe("A2:K2");
    const cut = await budgetWorkbook(projectId, "zh", { maxRows: 2 });
    // Printed, the note and the header repeat on every page.
    expect(zipEntries(cut).get("xl/workbook.xml")).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;支付台账&apos;!$1:$2</definedName>`);
    // The cut sheet still reads back: the importer skips the note and finds the header.
    const read = await readPaymentFile(cut, "ledger.xlsx");
    expect(read.errors.filter((e) => e.row === 0)).toEqual([]);
  });

  it("says so in English too; uncut, the sheet starts with its header as before", async () => {
    const english = await ledgerOf(await budgetWorkbook(projectId, "en", { maxRows: 1 }));
    expect(String(english.getRow(1).getCell(1).value)).toMatch(/^Only the latest 1 payments are exported \(of \d+, total .+ for all\); filter by date and export in parts$/);
    const whole = await ledgerOf(await budgetWorkbook(projectId, "zh"));
    expect(values(whole, 1)[0]).toBe("日期");
    expect(whole.rowCount).toBe(1 + (await prisma.payment.count({ where: { line: { projectId } } })));
  });

  it("/budget/export.xlsx takes the ledger page's filter (line, from, to)", async () => {
    const day = "2026-11-06";
    const expected = await prisma.payment.findMany({ where: { line: { projectId }, paidOn: civilToDate(day) }, orderBy: [{ paidOn: "asc" }, { id: "asc" }], select: { voucherNo: true } });
    expect(expected.length).toBeGreaterThan(0);
    const response = await download(exportLoader, `/budget/export.xlsx?from=${day}&to=${day}`);
    const sheet = (await workbookOf(response)).worksheets[1];
    expect(sheet.rowCount).toBe(1 + expected.length);
    expect([...Array(expected.length).keys()].map((i) => values(sheet, 2 + i)[6] ?? "")).toEqual(expected.map((p) => p.voucherNo));
    const com = await prisma.budgetLine.findFirstOrThrow({ where: { projectId, code: "COM" } });
    const onLine = await prisma.payment.count({ where: { lineId: com.id } });
    const byLine = (await workbookOf(await download(exportLoader, `/budget/export.xlsx?line=${com.id}`))).worksheets[1];
    expect(byLine.rowCount).toBe(1 + onLine);
    expect(values(byLine, 2)[1]).toMatch(/^COM /);
  });

  it("the progress register, read in batch, gives every claim exactly the contract page's figures (a pending advance request included)", async () => {
    const check = async () => {
      const register = await projectClaimRegister(projectId);
      const contracts = await prisma.contract.findMany({ where: { line: { projectId }, claims: { some: {} } }, select: { id: true } });
      expect(contracts.length).toBeGreaterThan(0);
      expect([...register.keys()].sort()).toEqual(contracts.map((c) => c.id).sort());
      for (const contract of contracts) {
        const page = (await contractProgress(projectId, contract.id))!.claims;
        expect(register.get(contract.id)).toEqual(
          page.map((c) => ({ id: c.id, period: c.period, claimedFen: c.claimedFen, supervisedFen: c.supervisedFen, certifiedFen: c.certifiedFen, advanceRecoveryFen: c.advanceRecoveryFen, status: c.status, payableFen: c.payableFen, paidFen: c.paidFen, createdBy: c.createdBy, createdByEn: c.createdByEn, certifiedBy: c.certifiedBy, certifiedByEn: c.certifiedByEn, certifiedAt: c.certifiedAt })),
        );
      }
      return register;
    };
    const before = await check();
    expect([...before.values()].flat().filter((c) => c.payableFen !== null && c.payableFen > 0n).length).toBeGreaterThan(0);
    // A pending advance request uses its room (contractProgress counts it): the batch must too.
    const contract = await prisma.contract.findFirstOrThrow({ where: { code: "HT-2026-002" }, select: { id: true, lineId: true, accountId: true } });
    const held = await prisma.paymentRequest.create({
      data: { projectId, lineId: contract.lineId, accountId: contract.accountId, contractId: contract.id, kind: "advance", paidOn: civilToDate("2026-11-26"), payee: "测试", amountFen: 3_000_000_000n },
    });
    try {
      const after = await check();
      expect(after.get(contract.id)).not.toEqual(before.get(contract.id)); // the cap moved: the test would see a missed request
    } finally {
      await prisma.paymentRequest.delete({ where: { id: held.id } });
    }
  });
});

describe("bounded sales export", () => {
  it("lists the latest N deals under a note; the total row is every live deal's, summed in SQL", async () => {
    const before = await prisma.saleRecord.count({ where: { projectId } });
    const liveBefore = await prisma.saleRecord.aggregate({ where: { projectId, status: { in: ["reserved", "signed"] } }, _sum: { areaCsqm: true, amountFen: true } });
    const receivedBefore = await prisma.receipt.aggregate({ where: { sale: { projectId, status: { in: ["reserved", "signed"] } } }, _sum: { amountFen: true } });
    const rows = [
      { unitNo: "S-101", amountFen: 100_000_01n, signedOn: "2026-11-01", receivedFen: 50_000_00n, status: "signed" },
      { unitNo: "S-102", amountFen: 200_000_02n, signedOn: "2026-11-02", receivedFen: 0n, status: "signed" },
      { unitNo: "S-103", amountFen: 300_000_03n, signedOn: "2026-11-03", receivedFen: 10_00n, status: "signed" },
      { unitNo: "S-104", amountFen: 400_000_04n, signedOn: null, receivedFen: 0n, status: "cancelled" },
    ];
    const created = [];
    for (const row of rows) {
      const sale = await prisma.saleRecord.create({
        data: {
          projectId, product: "commercial_sale", unitNo: row.unitNo, areaCsqm: 10_000, unitPriceFen: row.amountFen / 100n, amountFen: row.amountFen, status: row.status,
          reservedOn: civilToDate("2026-10-20"), signedOn: row.signedOn ? civilToDate(row.signedOn) : null, buyerName: "测试", cancelReason: row.status === "cancelled" ? "客户退房" : "",
        },
      });
      if (row.receivedFen > 0n) await prisma.receipt.create({ data: { saleId: sale.id, receivedOn: civilToDate(row.signedOn!), amountFen: row.receivedFen } });
      created.push(sale.id);
    }
    const count = before + rows.length;
    const liveAmount = (liveBefore._sum.amountFen ?? 0n) + 600_000_06n;
    const liveReceived = (receivedBefore._sum.amountFen ?? 0n) + 50_010_00n;
    try {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await salesWorkbook(projectId, 2027, "zh", "2026-11-27", 2)) as unknown as ExcelJS.Buffer);
      const sheet = workbook.getWorksheet("销售与认购记录")!;
      expect(sheet.getRow(1).getCell(1).value).toBe(`仅导出最近 2 笔（共 ${count} 笔，有效成交合计 ${formatMoney(liveAmount, "zh", "yuan")}）；合计行为全部有效成交（认购、签约）的合计`);
      expect(values(sheet, 2).slice(0, 12)).toEqual(["状态", "房号", "产品", "买受人", "买受人类型", "认购日期", "签约日期", "面积（m²）", "单价（元/m²）", "成交价", "已收款", "未收款"]);
      // The latest two, oldest first: a signed deal, then the cancelled one (no outstanding: it is history).
      expect(values(sheet, 3).slice(0, 7)).toEqual(["已签约", "S-103", "商业销售", "测试", "个人", civilToDate("2026-10-20"), civilToDate("2026-11-03")]);
      expect(values(sheet, 3).slice(9, 12)).toEqual([yuanOf(300_000_03n), 10, yuanOf(300_000_03n - 10_00n)]);
      expect(values(sheet, 4).slice(0, 2)).toEqual(["已退房", "S-104"]);
      expect(values(sheet, 4)[6]).toBeUndefined(); // never signed
      expect(values(sheet, 4)[11]).toBeUndefined();
      const total = values(sheet, 5);
      expect(total[0]).toBe(`有效成交合计（全部 ${count} 笔中）`);
      expect(total.slice(7, 12).filter((v) => v !== undefined)).toEqual([sqmOf(liveBefore._sum.areaCsqm ?? 0) + 300, yuanOf(liveAmount), yuanOf(liveReceived), yuanOf(liveAmount - liveReceived)]);
      expect(sheet.rowCount).toBe(5);
      // Uncut (the default bound): every deal, and the live rows' total.
      const whole = new ExcelJS.Workbook();
      await whole.xlsx.load((await salesWorkbook(projectId, 2027, "zh", "2026-11-27")) as unknown as ExcelJS.Buffer);
      const all = whole.getWorksheet("销售与认购记录")!;
      expect(values(all, 1)[0]).toBe("状态");
      expect(all.rowCount).toBe(1 + count + 1);
      expect(values(all, count + 2)[0]).toBe("有效成交合计（认购、签约）");
      expect(values(all, count + 2)[9]).toBe(yuanOf(liveAmount));
    } finally {
      await prisma.receipt.deleteMany({ where: { saleId: { in: created } } });
      await prisma.saleRecord.deleteMany({ where: { id: { in: created } } });
    }
  });

  it("exports the leases with rent-free months and escalation, and the agency's task, targets, gap and commission", async () => {
    const lease = await prisma.lease.create({
      data: {
        projectId, tenant: "测试租户", unitNo: "T-1", areaCsqm: 10_000, monthlyRentFen: 1_000_000n, startOn: civilToDate("2026-10-01"), endOn: civilToDate("2028-09-30"),
        signedOn: civilToDate("2026-09-15"), prepaidRentFen: 0n, rentFreeMonths: 3, escalationBps: 500, escalationEveryMonths: 12,
      },
    });
    try {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await salesWorkbook(projectId, 2027, "zh", "2026-11-27")) as unknown as ExcelJS.Buffer);
      const leases = workbook.getWorksheet("租赁合同")!;
      expect(values(leases, 1).slice(0, 16)).toEqual(["承租方", "房号", "面积（m²）", "月租金", "起租日期", "到期日期", "免租期（月）", "租金递增", "递增间隔（月）", "年租金", "合同租金总额", "预付租金", "日期", "状态", "本月租金", "剩余租金"]);
      let found = 0;
      leases.eachRow((row, n) => {
        if (n === 1 || row.getCell(1).value !== "测试租户") return;
        found = n;
      });
      const row = values(leases, found);
      // 24 months: 3 free, 9 × 10,000, then 12 × 10,500 → 216,000元; on 2026-11-27 month 2 (free), 21 paying months remain.
      expect(row.slice(6, 16)).toEqual([3, 0.05, 12, 120_000, 216_000, 0, civilToDate("2026-09-15"), "免租中", 0, 216_000]);
      const agency = workbook.getWorksheet("营销代理合同")!;
      const header = values(agency, 1);
      expect(header.slice(4, 10)).toEqual(["年度任务", "其产品目标", "任务与目标之差", "代理已完成", "完成率", "已回款"]);
      expect(header.slice(15, 17)).toEqual(["应计佣金", "可付佣金"]);
      const contract = await prisma.agencyContract.findUnique({ where: { projectId_year: { projectId, year: 2027 } } });
      if (contract) {
        const data = values(agency, 2);
        expect(data[4]).toBe(yuanOf(contract.taskFen));
        expect((data[4] as number) - (data[5] as number)).toBeCloseTo(data[6] as number, 2); // gap = task − targets
      }
    } finally {
      await prisma.lease.delete({ where: { id: lease.id } });
    }
  });
});

describe("one workbook at a time (exportSlots)", () => {
  it("a second export waits for the first; past the queue the answer is 503 with Retry-After; the slot is free after", async () => {
    const release = await exportSlots.acquire();
    let waiterDone = false;
    const waiter = download(progressLoader, "/budget/progress.xlsx").then((response) => {
      waiterDone = true;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(exportSlots.waiting).toBe(1);
    expect(waiterDone).toBe(false);
    const refused = await download(changesLoader, "/budget/changes.xlsx");
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("请");
    release();
    expect((await waiter).status).toBe(200);
    expect([exportSlots.running, exportSlots.waiting]).toEqual([0, 0]);
  });

  it("two real builds at once both succeed, one after the other", async () => {
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, exportSlots.running)), 1);
    const [a, b] = await Promise.all([download(exportLoader, "/budget/export.xlsx"), download(progressLoader, "/budget/progress.xlsx")]);
    clearInterval(watch);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(most).toBeLessThanOrEqual(1);
    expect([exportSlots.running, exportSlots.waiting]).toEqual([0, 0]);
  });

  it("a build that fails frees its slot", async () => {
    const request = new Request("http://localhost/budget/export.xlsx");
    await expect(xlsxDownload(request, "x.xlsx", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect([exportSlots.running, exportSlots.waiting]).toEqual([0, 0]);
    expect((await download(exportLoader, "/budget/export.xlsx")).status).toBe(200);
  });
});
