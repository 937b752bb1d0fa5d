// The Excel side of the capital area: the 两表对比 and ledger export (the pages' column names), the import
// template, and payment imports (.xlsx and .csv) through the route, all or nothing, with the payment kind
// and the cost account, against a fresh SQLite file.
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { translator, type MessageKey } from "~/i18n";
import { readPaymentFile } from "~/models/cost/io/payment-import.server";
import { budgetTable } from "~/models/capital.server";
import { action as importAction, loader as importLoader } from "~/routes/budget.import";
import { loader as exportLoader } from "~/routes/budget.export[.]xlsx";
import { loader as templateLoader } from "~/routes/budget.template[.]xlsx";
import { civilToDate } from "~/utils/dates";
import { shareCellValue } from "~/utils/percent";
import { seedReferenceProject } from "../../prisma/seed";
import { cookieFor, ORIGIN, payload } from "../helpers/requests";
import { download as downloadExport, workbookOf, type DownloadOptions } from "../helpers/workbooks";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ZH_HEADER = ["日期", "预算科目编码", "成本科目", "合同编号", "收款单位", "金额(元)", "凭证号", "备注"];
const EN_HEADER = ["date", "line", "account", "contract", "payee", "amount", "voucher", "note"];
const TEMPLATE_HEADER = ["日期", "预算科目编码", "成本科目", "合同编号", "付款类型", "收款单位", "金额(元)", "凭证号", "备注"];

let projectId: number;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
});

type RowError = { row: number; field: string; message: string; vars?: Record<string, string> };
type ImportResult = { ok: true; imported: number } | { ok: false; errors: RowError[] };

const download = (loader: typeof exportLoader, path: string, options: DownloadOptions = {}) => downloadExport(loader, path, options, "finance");
const headerOf = (sheet: ExcelJS.Worksheet, row = 1) => (sheet.getRow(row).values as unknown[]).slice(1);
const labels = (lang: "zh" | "en", keys: MessageKey[]) => keys.map((key) => translator(lang)(key));

/** The budget page's column names (components/budget-table.tsx) and the ledger page's (routes/budget.payments.tsx). */
const BUDGET_COLUMNS: MessageKey[] = ["budget.line", "budget.original", "budget.revisions", "budget.current", "budget.committed", "budget.paid", "budget.headroom", "budget.used", "cost.dynamic", "cost.variance"];
const LEDGER_COLUMNS: MessageKey[] = ["budget.date", "budget.line", "io.account", "budget.contract", "budget.payee", "budget.amount", "budget.voucher", "ms.note", "budget.enteredBy", "corrections.kind"];

async function xlsxFile(rows: unknown[][], sheetName = "payments", header = ZH_HEADER) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A multipart upload to the import action, the way the browser sends it. */
async function upload(body: Buffer | string, filename: string, as: string | null = "finance", headers: Record<string, string> = { Origin: ORIGIN }) {
  const form = new FormData();
  form.append("idempotencyKey", randomUUID()); // as the upload form on a freshly loaded page carries
  form.append("file", new Blob([typeof body === "string" ? body : new Uint8Array(body)]), filename);
  const requestHeaders = new Headers(headers);
  if (as) requestHeaders.set("Cookie", await cookieFor(as));
  const request = new Request(`${ORIGIN}/budget/import`, { method: "POST", body: form, headers: requestHeaders });
  try {
    return await importAction({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function imported(body: Buffer | string, filename: string) {
  return payload<ImportResult>(await upload(body, filename));
}

async function paymentsSnapshot() {
  const rows = await prisma.payment.findMany({
    orderBy: { id: "asc" },
    select: { lineId: true, accountId: true, contractId: true, paidOn: true, payee: true, amountFen: true, voucherNo: true, note: true, kind: true },
  });
  return rows.map((row) => ({ ...row, paidOn: row.paidOn.toISOString().slice(0, 10) }));
}

async function counts() {
  return { payments: await prisma.payment.count(), audit: await prisma.auditLog.count(), refusals: await prisma.paymentRefusal.count() };
}

async function lineId(code: string) {
  return (await prisma.budgetLine.findFirstOrThrow({ where: { code } })).id;
}

async function accountId(code: string) {
  return (await prisma.costAccount.findFirstOrThrow({ where: { code } })).id;
}

/** 分 as the 元 number the export writes (exact decimal text, parsed once). */
const yuanOf = (fen: bigint) => Number(`${fen < 0n ? "-" : ""}${(fen < 0n ? -fen : fen) / 100n}.${((fen < 0n ? -fen : fen) % 100n).toString().padStart(2, "0")}`);

describe("budget export", () => {
  it("has the budget page's columns under its names, amounts as 元 numbers, the totals and the 300万 difference", async () => {
    const response = await download(exportLoader, "/budget/export.xlsx");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(XLSX);
    expect(response.headers.get("Content-Disposition")).toContain('attachment; filename="groundwork-budget-2026-11-27.xlsx"');
    const workbook = await workbookOf(response);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["两表对比（预算 vs 实际）", "支付台账"]);

    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(headerOf(sheet)).toEqual(labels("zh", BUDGET_COLUMNS));
    expect(headerOf(sheet)).toEqual(["预算科目", "原预算", "调整", "现预算", "已签合同", "已支付", "剩余可付", "使用率", "动态成本", "偏差"]);
    const lines = await budgetTable(projectId);
    expect(lines.map((line) => line.code)).toEqual(["FND", "COM", "APT"]);
    lines.forEach((line, index) => {
      expect(headerOf(sheet, index + 2)).toEqual([
        `${line.code} ${line.name}`,
        ...[line.originalFen, line.revisionsFen, line.currentFen, line.committedFen, line.paidFen, line.headroomFen].map(yuanOf),
        shareCellValue(line.paidFen, line.currentFen), // the page's figure, half up to 0.1 % (utils/percent.ts)
        yuanOf(line.dynamic.dynamicFen),
        yuanOf(line.dynamic.varianceFen),
      ]);
    });
    expect(headerOf(sheet, 2).slice(0, 7)).toEqual(["FND 地下桩基础工程", 80_000_000, 0, 80_000_000, 0, 0, 80_000_000]);
    // 90万 + 38.25万 on HT-2026-001, 21万 − 21万 + 12万 of the corrected permit fee: 140.25万 paid on COM.
    expect(headerOf(sheet, 3).slice(0, 7)).toEqual(["COM 地上商业工程", 140_000_000, 0, 140_000_000, 3_180_000, 1_402_500, 138_597_500]);
    expect(sheet.getRow(2).getCell(8).numFmt).toBe("0.0%");
    expect(sheet.getRow(3).getCell(8).value).toBe(0.01); // COM: 140.25万 of 14,000万 = 1.0018 %
    const original = sheet.getRow(2).getCell(2);
    expect(typeof original.value).toBe("number");
    expect(original.numFmt).toBe('#,##0.00"元"');

    expect(headerOf(sheet, 5).slice(0, 7)).toEqual(["分项合计", 463_000_000, 0, 463_000_000, 8_180_000, 2_902_500, 460_097_500]);
    expect(sheet.getRow(5).font?.bold).toBe(true);
    expect(headerOf(sheet, 6)[0]).toBe("项目总预算");
    expect(headerOf(sheet, 6)[3]).toBe(460_000_000);
    expect(headerOf(sheet, 7)[0]).toBe("差额（分项合计 − 总预算）");
    expect(headerOf(sheet, 7)[3]).toBe(3_000_000);
    expect(sheet.getRow(7).getCell(4).numFmt).toBe('#,##0.00"元"');
    expect(sheet.rowCount).toBe(7);
  });

  it("lists the ledger oldest first under the ledger page's names, with kind, cost account and both rows of a reversal", async () => {
    const workbook = await workbookOf(await download(exportLoader, "/budget/export.xlsx", { as: "exec" }));
    const sheet = workbook.getWorksheet("支付台账")!;
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(headerOf(sheet)).toEqual([...labels("zh", LEDGER_COLUMNS), "红冲说明"]);
    expect(headerOf(sheet)).toEqual(["日期", "预算科目", "成本科目", "合同", "收款单位", "金额", "凭证号", "备注", "录入人", "类型", "红冲说明"]);
    // Two design advances, a progress payment, and the permit fee entered wrongly, reversed and entered again.
    expect(sheet.rowCount).toBe(7);
    const row = (n: number) => headerOf(sheet, n);
    expect(row(2).slice(0, 8)).toEqual([civilToDate("2026-11-06"), "COM 地上商业工程", "COM.01.01 设计费", "HT-2026-001", "市建筑设计研究院", 900_000, "记-2026-11-012", "设计费预付款 30%"]);
    expect(sheet.getRow(2).getCell(9).value).toBeNull(); // seeded advances have no recorded author
    expect(row(2)[9]).toBe("预付款");
    expect(sheet.getRow(2).getCell(1).numFmt).toBe("yyyy-mm-dd");
    expect(sheet.getRow(2).getCell(6).numFmt).toBe('#,##0.00"元"');
    expect(row(4).slice(5)).toEqual([382_500, "记-2026-11-021", "设计费进度款（2026年10月）", "赵丽（财务经理）", "支付"]);
    const reason = "金额录入错误（凭证金额 12 万元，误录为 21 万元），红冲后按凭证重录";
    expect(row(5)).toEqual([civilToDate("2026-11-19"), "COM 地上商业工程", "COM.01.02 报批报建费", null, "市住房和城乡建设局", 210_000, "记-2026-11-030", "城市基础设施配套费（第一期）", "赵丽（财务经理）", "支付", `已于 2026-11-20 红冲（记-2026-11-030）：${reason}`].map((v) => v ?? undefined));
    expect(row(6).slice(5, 7)).toEqual([120_000, "记-2026-11-030"]);
    expect(row(6)[10]).toBeUndefined();
    expect(row(7).slice(4)).toEqual(["市住房和城乡建设局", -210_000, "记-2026-11-030", "红冲 记-2026-11-030", "赵丽（财务经理）", "红冲", `红冲 记-2026-11-030：${reason}`]);
  });

  it("speaks English when the reader chose English, under the English pages' names", async () => {
    const workbook = await workbookOf(await download(exportLoader, "/budget/export.xlsx", { lang: "en" }));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Budget versus actual", "Payment ledger"]);
    const sheet = workbook.worksheets[0];
    expect(headerOf(sheet)).toEqual(labels("en", BUDGET_COLUMNS));
    expect(headerOf(sheet)).toEqual(["Budget line", "Original", "Revisions", "Current", "Contracted", "Paid", "Headroom", "Used", "Dynamic cost", "Variance"]);
    expect(sheet.getRow(2).getCell(1).value).toBe("FND Pile foundation");
    expect(sheet.getRow(2).getCell(2).numFmt).toBe('"¥"#,##0.00');
    expect(sheet.getRow(7).getCell(1).value).toBe("Difference (lines − project budget)");
    const ledger = workbook.getWorksheet("Payment ledger")!;
    expect(headerOf(ledger)).toEqual([...labels("en", LEDGER_COLUMNS), "Reversal"]);
    expect(headerOf(ledger).slice(0, 10)).toEqual(["Date", "Budget line", "Cost account", "Contract", "Payee", "Amount", "Voucher no.", "Note", "Entered by", "Kind"]);
    expect(headerOf(ledger, 2).slice(1, 3)).toEqual(["COM Above-ground commercial podium", "COM.01.01 Design"]);
    expect(headerOf(ledger, 2)[9]).toBe("Advance");
  });

  it("needs a signed-in user", async () => {
    const response = await download(exportLoader, "/budget/export.xlsx", { as: null });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
    expect((await download(templateLoader, "/budget/template.xlsx", { as: null })).status).toBe(302);
  });
});

describe("import template", () => {
  it("has the header row the importer expects, a help sheet with the line codes and leaf accounts, and imports as empty", async () => {
    const response = await download(templateLoader, "/budget/template.xlsx", { as: "member" });
    expect(response.headers.get("Content-Type")).toBe(XLSX);
    expect(response.headers.get("Content-Disposition")).toContain("groundwork-payments-template.xlsx");
    const bytes = Buffer.from(await response.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["payments", "说明"]);
    const sheet = workbook.getWorksheet("payments")!;
    expect(headerOf(sheet)).toEqual(TEMPLATE_HEADER);
    expect(sheet.rowCount).toBe(1);
    const help = workbook.getWorksheet("说明")!;
    const helpText: string[] = [];
    help.eachRow((row) => helpText.push((row.values as unknown[]).filter((v) => typeof v === "string").join(" ")));
    expect(helpText.join("\n")).toContain("FND 地下桩基础工程");
    expect(helpText.join("\n")).toContain("金额(元) Amount (yuan) 是");
    expect(helpText.join("\n")).toContain("付款类型 Payment kind 否");
    expect(helpText.join("\n")).toContain("COM.02.03 装饰装修");
    expect(helpText).not.toContain("COM.02 建筑安装工程费"); // leaves only
    expect(await readPaymentFile(bytes, "template.xlsx", projectId)).toEqual({ rows: [], errors: [{ row: 0, field: "file", message: "empty_file" }] });
  });
});

describe("export → import round trip", () => {
  it("reads an exported ledger back as the identical payments, kind and cost account included; a reversal row is refused", async () => {
    // Make the ledger interesting: odd 分, commas, quotes and a line break in text, on leaf accounts.
    await prisma.payment.createMany({
      data: [
        { lineId: await lineId("FND"), accountId: await accountId("FND.02.01"), paidOn: civilToDate("2026-11-20"), payee: "某勘察院, \"有限\"公司", amountFen: 1_234_567_89n, voucherNo: "记-2026-11-031", note: "勘察费\n第一期" },
        { lineId: await lineId("FND"), accountId: await accountId("FND.03.02"), paidOn: civilToDate("2026-11-27"), payee: "零头测试", amountFen: 1n, voucherNo: "", note: "" },
      ],
    });
    const before = await paymentsSnapshot();
    const exported = Buffer.from(await (await download(exportLoader, "/budget/export.xlsx")).arrayBuffer());
    const parsed = await readPaymentFile(exported, "groundwork-budget-2026-11-27.xlsx", projectId);
    // Import never records a reversal (红冲 is made in the ledger, against its payment): that row alone is refused.
    expect(parsed.errors).toEqual([{ row: 7, field: "kind", message: "import_no_reversal" }]);
    const lines = new Map((await prisma.budgetLine.findMany({ select: { id: true, code: true } })).map((l) => [l.code, l.id]));
    const contracts = await prisma.contract.findMany({ select: { id: true, lineId: true, code: true, accountId: true } });
    const after = parsed.rows.map((row) => {
      const id = lines.get(row.lineCode)!;
      const contract = row.contractCode ? contracts.find((c) => c.lineId === id && c.code === row.contractCode)! : null;
      return { lineId: id, accountId: row.accountId, contractId: contract?.id ?? null, paidOn: row.paidOn, payee: row.payee, amountFen: row.amountFen, voucherNo: row.voucherNo, note: row.note, kind: row.kind };
    });
    const key = (p: (typeof before)[number]) => JSON.stringify([p.paidOn, p.lineId, p.accountId, p.payee, p.amountFen.toString(), p.voucherNo, p.note, p.contractId, p.kind]);
    expect(after.map(key).sort()).toEqual(before.filter((p) => p.kind !== "reversal").map(key).sort());
    expect(after.find((p) => p.payee === "零头测试")).toMatchObject({ amountFen: 1n, accountId: await accountId("FND.03.02") });
    expect(after.find((p) => p.payee.startsWith("某勘察院"))?.amountFen).toBe(123_456_789n);
    expect(parsed.rows.filter((row) => row.kind === "advance").map((row) => row.contractCode)).toEqual(["HT-2026-001", "HT-2026-002"]);
  });

  it("round-trips through the database: imported rows export and read back as they were written", async () => {
    const file = await xlsxFile(
      [
        [civilToDate("2026-11-26"), "FND", "FND.02.03", "", "支付", "土方单位", 5678.9, "记-2026-11-060", "往返测试"],
        [civilToDate("2026-11-26"), "APT", "", "HT-2026-002", "", "市建筑设计研究院", 100_000.01, "记-2026-11-061", "往返测试"],
        [civilToDate("2026-11-27"), "APT", "APT.01.01", "HT-2026-002", "Payment", "市建筑设计研究院", 0.99, "记-2026-11-062", "往返测试"],
      ],
      "payments",
      TEMPLATE_HEADER,
    );
    expect(await imported(file, "round-trip.xlsx")).toEqual({ status: 200, data: { ok: true, imported: 3 } });
    const written = await prisma.payment.findMany({ where: { note: "往返测试" }, orderBy: { id: "asc" }, select: { accountId: true, kind: true, amountFen: true, contractId: true } });
    const design = await prisma.contract.findFirstOrThrow({ where: { code: "HT-2026-002" } });
    expect(written).toEqual([
      { accountId: await accountId("FND.02.03"), kind: "payment", amountFen: 567_890n, contractId: null },
      { accountId: design.accountId, kind: "payment", amountFen: 10_000_001n, contractId: design.id },
      { accountId: design.accountId, kind: "payment", amountFen: 99n, contractId: design.id },
    ]);
    const exported = Buffer.from(await (await download(exportLoader, "/budget/export.xlsx", { lang: "en" })).arrayBuffer());
    const parsed = await readPaymentFile(exported, "export.xlsx", projectId);
    const again = parsed.rows.filter((row) => row.note === "往返测试").map(({ row: _row, ...rest }) => rest);
    expect(again).toEqual([
      { paidOn: "2026-11-26", lineCode: "FND", contractCode: "", payee: "土方单位", amountFen: 567_890n, voucherNo: "记-2026-11-060", note: "往返测试", kind: "payment", accountCode: "FND.02.03", accountId: await accountId("FND.02.03") },
      { paidOn: "2026-11-26", lineCode: "APT", contractCode: "HT-2026-002", payee: "市建筑设计研究院", amountFen: 10_000_001n, voucherNo: "记-2026-11-061", note: "往返测试", kind: "payment", accountCode: "APT.01.01", accountId: design.accountId },
      { paidOn: "2026-11-27", lineCode: "APT", contractCode: "HT-2026-002", payee: "市建筑设计研究院", amountFen: 99n, voucherNo: "记-2026-11-062", note: "往返测试", kind: "payment", accountCode: "APT.01.01", accountId: design.accountId },
    ]);
  });

  it("reads the English export as well", async () => {
    const exported = Buffer.from(await (await download(exportLoader, "/budget/export.xlsx", { lang: "en" })).arrayBuffer());
    const parsed = await readPaymentFile(exported, "export.xlsx", projectId);
    expect(parsed.errors).toEqual([{ row: 7, field: "kind", message: "import_no_reversal" }]);
    expect(parsed.rows.length).toBe((await prisma.payment.count()) - 1);
    expect(parsed.rows[0]).toMatchObject({ row: 2, paidOn: "2026-11-06", lineCode: "COM", contractCode: "HT-2026-001", amountFen: 90_000_000n, kind: "advance", accountCode: "COM.01.01" });
  });
});

describe("kind and cost account columns", () => {
  it("reads the kind by any of its names and refuses a reversal, an unknown kind, and an advance outside contracts", async () => {
    const file = await xlsxFile(
      [
        [civilToDate("2026-11-10"), "APT", "", "HT-2026-002", "预付款", "x", 1, "", ""],
        [civilToDate("2026-11-10"), "APT", "", "HT-2026-002", "Retention release", "x", 1, "", ""],
        [civilToDate("2026-11-10"), "APT", "", "HT-2026-002", "进度款", "x", 1, "", ""],
        [civilToDate("2026-11-10"), "FND", "FND.01.01", "", "红冲", "x", 1, "", ""],
        [civilToDate("2026-11-10"), "FND", "FND.01.01", "", "定金", "x", 1, "", ""],
        [civilToDate("2026-11-10"), "FND", "FND.01.01", "", "质保金释放", "x", 1, "", ""],
      ],
      "payments",
      TEMPLATE_HEADER,
    );
    const parsed = await readPaymentFile(file, "kinds.xlsx");
    expect(parsed.rows.map((row) => row.kind)).toEqual(["advance", "retention_release", "payment"]);
    expect(parsed.errors).toEqual([
      { row: 5, field: "kind", message: "import_no_reversal" },
      { row: 6, field: "kind", message: "invalid_choice" },
      { row: 7, field: "kind", message: "kind_needs_contract" },
    ]);
  });

  it("resolves the account code to a leaf of the project, and names an unknown, first-level or other line's code", async () => {
    const before = await counts();
    const file = await xlsxFile(
      [
        [civilToDate("2026-11-10"), "FND", "FND.01.01 勘察费", "", "", "好的一行", 1, "", ""],
        [civilToDate("2026-11-10"), "FND", "FND.09.09", "", "", "无此科目", 1, "", ""],
        [civilToDate("2026-11-10"), "FND", "FND.02", "", "", "一级科目", 1, "", ""],
        [civilToDate("2026-11-10"), "FND", "COM.02.03", "", "", "别的预算科目", 1, "", ""],
        [civilToDate("2026-11-10"), "FND", "", "", "", "没有科目", 1, "", ""],
        [civilToDate("2026-11-10"), "APT", "", "HT-2026-002", "", "合同下可留空", 1, "", ""],
      ],
      "payments",
      TEMPLATE_HEADER,
    );
    const parsed = await readPaymentFile(file, "accounts.xlsx", projectId);
    expect(parsed.errors).toEqual([
      { row: 3, field: "accountId", message: "import_unknown_account", vars: { code: "FND.09.09" } },
      { row: 4, field: "accountId", message: "import_account_not_leaf", vars: { code: "FND.02" } },
      { row: 6, field: "accountId", message: "account_required" },
    ]);
    expect(parsed.rows.map((row) => [row.row, row.accountId])).toEqual([
      [2, await accountId("FND.01.01")],
      [5, await accountId("COM.02.03")],
      [7, null],
    ]);
    const result = await imported(file, "accounts.xlsx");
    expect(result.status).toBe(400);
    expect(result.data).toEqual({ ok: false, errors: parsed.errors });
    expect(await counts()).toEqual(before);
    // A leaf of another line is refused when the rows are checked against the project (importPayments).
    const otherLine = await xlsxFile([[civilToDate("2026-11-10"), "FND", "COM.02.03", "", "", "别的预算科目", 1, "", ""]], "payments", TEMPLATE_HEADER);
    expect(await imported(otherLine, "other-line.xlsx")).toEqual({ status: 400, data: { ok: false, errors: [{ row: 2, field: "accountId", message: "account_not_on_line" }] } });
    expect(await counts()).toEqual(before);
  });

  it("records an imported row's kind on the contract, checked against that kind's room", async () => {
    const before = await counts();
    // HT-2026-002 has had progress payments (imported above): an advance now is refused as an advance
    // (a progress payment of 1元 would fit), and nothing is imported.
    const file = await xlsxFile([[civilToDate("2026-11-10"), "APT", "", "HT-2026-002", "预付款", "市建筑设计研究院", 1, "", ""]], "payments", TEMPLATE_HEADER);
    const result = await imported(file, "advance.xlsx");
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({ ok: false, errors: [{ row: 2, message: "advance_after_progress" }] });
    expect(await counts()).toEqual(before);
  });
});

describe("CSV import", () => {
  it("imports UTF-8 with a BOM, quoted fields and 1,234.56-style amounts", async () => {
    const countBefore = await prisma.payment.count();
    const csv =
      "\uFEFF日期,预算科目编码,成本科目,合同编号,收款单位,金额(元),凭证号,备注\r\n" +
      '2026-11-25,FND,FND.03.01,,"某某监理公司, 北京",12345.67,记-2026-11-040,"含 ""引号"" 的备注"\r\n' +
      "\r\n" +
      '2026/11/26,APT,,HT-2026-002,市建筑设计研究院,"1,000.5",,\r\n';
    expect(await imported(csv, "payments.csv")).toEqual({ status: 200, data: { ok: true, imported: 2 } });
    expect(await prisma.payment.count()).toBe(countBefore + 2);
    const supervision = await prisma.payment.findFirstOrThrow({ where: { payee: "某某监理公司, 北京" }, include: { line: true } });
    expect(supervision).toMatchObject({ amountFen: 1_234_567n, voucherNo: "记-2026-11-040", note: '含 "引号" 的备注', contractId: null, accountId: await accountId("FND.03.01"), kind: "payment" });
    expect(supervision.line.code).toBe("FND");
    expect(supervision.paidOn.toISOString()).toBe("2026-11-25T00:00:00.000Z");
    const design = await prisma.payment.findFirstOrThrow({ where: { amountFen: 100_050n }, include: { contract: true } });
    expect(design.contract?.code).toBe("HT-2026-002");
    expect(design.accountId).toBe(design.contract?.accountId); // a contract row blank in the account column: the contract's
    expect(design.paidOn.toISOString().slice(0, 10)).toBe("2026-11-26");
  });

  it("takes English headers in any order, without a BOM", async () => {
    const csv = "amount,payee,line,date\n88.8,English header test,COM,2026-11-01\n";
    const parsed = await readPaymentFile(Buffer.from(csv), "en.csv");
    expect(parsed).toEqual({
      rows: [{ row: 2, paidOn: "2026-11-01", lineCode: "COM", contractCode: "", payee: "English header test", amountFen: 8_880n, voucherNo: "", note: "", kind: "payment", accountCode: "", accountId: null }],
      errors: [],
    });
  });
});

describe("validation", () => {
  it("imports nothing when one row is bad, and says which row and field", async () => {
    const before = await counts();
    const file = await xlsxFile([
      [civilToDate("2026-11-10"), "FND", "FND.01.01", "", "好的一行", 1000, "", ""],
      [civilToDate("2026-11-11"), "FND", "FND.01.01", "", "也是好的", 2000.5, "", ""],
      ["2026-11-12", "FND", "FND.01.01", "", "坏的一行", "12.345", "", ""],
      [civilToDate("2026-11-13"), "FND", "FND.01.01", "", "好的一行", 3000, "", ""],
    ]);
    const result = await imported(file, "bad.xlsx");
    expect(result).toEqual({ status: 400, data: { ok: false, errors: [{ row: 4, field: "amount", message: "invalid_amount" }] } });
    expect(await counts()).toEqual(before);
  });

  it("checks every field of every row", async () => {
    const long = "长".repeat(201);
    const file = await xlsxFile([
      ["", "", "", "", "", "", "", ""], // blank: skipped, not an error
      ["2026-02-30", "FND", "FND.01.01", "", "x", 1, "", ""],
      ["2026-11-28", "FND", "FND.01.01", "", "x", 1, "", ""],
      ["27/11/2026", "FND", "FND.01.01", "", "x", 1, "", ""],
      [civilToDate("2026-11-01"), "", "", "", "", "", "", ""],
      [civilToDate("2026-11-01"), "FND", "FND.01.01", "", long, -5, "v".repeat(51), "n".repeat(501)],
      [civilToDate("2026-11-01"), "FND", "FND.01.01", "", "x", 0, "", ""],
      [civilToDate("2026-11-01"), "FND", "FND.01.01", "", "x", 10_000_000_000.01, "", ""],
      [civilToDate("2026-11-01"), "FND", "FND.01.01", "", "x", "1亿零", "", ""],
      [civilToDate("2026-11-01"), "FND", "FND.01.01", "", "x", 0.1 + 0.2, "", ""], // Excel shows 0.3: accepted as 30分
      [46_332, "FND", "FND.01.01", "", "x", 1, "", ""], // a bare serial number is not a date cell
      ["1999-12-31", "FND", "FND.01.01", "", "x", 1, "", ""],
    ]);
    const parsed = await readPaymentFile(file, "fields.xlsx");
    expect(parsed.errors).toEqual([
      { row: 3, field: "date", message: "invalid_date" },
      { row: 4, field: "date", message: "not_in_future" },
      { row: 5, field: "date", message: "invalid_date" },
      { row: 6, field: "line", message: "required" },
      { row: 6, field: "payee", message: "required" },
      { row: 6, field: "amount", message: "required" },
      { row: 7, field: "payee", message: "too_long", vars: { max: "200" } },
      { row: 7, field: "amount", message: "amount_positive" },
      { row: 7, field: "voucher", message: "too_long", vars: { max: "50" } },
      { row: 7, field: "note", message: "too_long", vars: { max: "500" } },
      { row: 8, field: "amount", message: "amount_positive" },
      { row: 9, field: "amount", message: "amount_too_large" },
      { row: 10, field: "amount", message: "invalid_amount" },
      { row: 12, field: "date", message: "invalid_date" },
      { row: 13, field: "date", message: "date_out_of_range" },
    ]);
    expect(parsed.rows).toEqual([{ row: 11, paidOn: "2026-11-01", lineCode: "FND", contractCode: "", payee: "x", amountFen: 30n, voucherNo: "", note: "", kind: "payment", accountCode: "FND.01.01", accountId: null }]);
  });

  it("accepts exactly 100亿元 and refuses a 分 more", async () => {
    const csv = "日期,预算科目编码,收款单位,金额(元)\n2026-11-01,FND,x,10000000000\n2026-11-01,FND,x,10000000000.01\n";
    const parsed = await readPaymentFile(Buffer.from(csv), "max.csv");
    expect(parsed.rows.map((row) => row.amountFen)).toEqual([1_000_000_000_000n]);
    expect(parsed.errors).toEqual([{ row: 3, field: "amount", message: "amount_too_large" }]);
  });

  it("reports unknown lines and contracts not on the line from the database check", async () => {
    const before = await counts();
    const file = await xlsxFile([
      [civilToDate("2026-11-10"), "XXX", "FND.01.01", "", "无此科目", 1, "", ""],
      [civilToDate("2026-11-10"), "FND", "FND.01.01", "HT-2026-001", "合同不在此科目", 1, "", ""],
    ]);
    const result = await imported(file, "unknown.xlsx");
    expect(result.status).toBe(400);
    expect(result.data).toEqual({
      ok: false,
      errors: [
        { row: 2, field: "line", message: "unknown_line", vars: { code: "XXX" } },
        { row: 3, field: "contract", message: "contract_not_on_line" },
      ],
    });
    expect(await counts()).toEqual(before);
  });

  it("refuses the whole file when its rows together overrun an account's room, naming the first row that does", async () => {
    // FND.02.02 止水帷幕及支护: target 1,800万, no contract, nothing paid: its room is the target (decision 013).
    const roomYuan = 18_000_000;
    const fnd = (await budgetTable(projectId)).find((line) => line.code === "FND")!;
    const before = await counts();
    const file = await xlsxFile([
      [civilToDate("2026-11-20"), "FND", "FND.02.02", "", "支护施工单位", roomYuan - 1, "", "留下 1 元"],
      [civilToDate("2026-11-21"), "FND", "FND.02.02", "", "支护施工单位", 0.5, "", "还剩 0.50 元"],
      [civilToDate("2026-11-22"), "FND", "FND.02.02", "", "支护施工单位", 1, "", "超出"],
    ]);
    // Rows above the approval threshold are refused on their own (issue 13): lift it for this file.
    const { paymentApprovalFen } = await prisma.project.findUniqueOrThrow({ where: { id: projectId } });
    await prisma.project.update({ where: { id: projectId }, data: { paymentApprovalFen: 1_000_000_000_000n } });
    const result = await imported(file, "over.xlsx").finally(() => prisma.project.update({ where: { id: projectId }, data: { paymentApprovalFen } }));
    expect(result.status).toBe(400);
    expect(result.data).toEqual({ ok: false, errors: [{ row: 4, field: "amount", message: "over_account_room", vars: { roomFen: "50" } }] });
    expect(await counts()).toEqual(before);
    expect((await budgetTable(projectId)).find((line) => line.code === "FND")!.paidFen).toBe(fnd.paidFen);
  });

  it("refuses more than a contract still owes", async () => {
    const before = await counts();
    const csv = "日期,预算科目编码,合同编号,收款单位,金额(元)\n2026-11-20,COM,HT-2026-001,市建筑设计研究院,1897500.01\n"; // on a contract: no account column needed
    const result = await imported(csv, "contract.csv");
    // 300万 + 18万 approved change − 90万 advance − 38.25万 progress paid
    expect(result.data).toEqual({ ok: false, errors: [{ row: 2, field: "amount", message: "over_contract", vars: { headroomFen: "189750000" } }] });
    expect(await counts()).toEqual(before);
  });
});

describe("file-level errors", () => {
  const fileError = (message: string, vars?: Record<string, string>) => ({ ok: false, errors: [{ row: 0, field: "file", message, ...(vars ? { vars } : {}) }] });

  it("reports an unreadable file", async () => {
    expect(await imported(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]), "broken.xlsx")).toEqual({ status: 400, data: fileError("unreadable_file") });
    expect(await imported(Buffer.from("not a spreadsheet"), "old.xls")).toEqual({ status: 400, data: fileError("unreadable_file") });
    expect(await imported(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00]), "binary.csv")).toEqual({ status: 400, data: fileError("unreadable_file") });
    expect(await imported('日期,预算科目编码,收款单位,金额(元)\n"2026-11-01,FND,x,1\n', "open-quote.csv")).toEqual({ status: 400, data: fileError("unreadable_file") });
  });

  it("reports missing columns, empty files and missing uploads", async () => {
    expect(await imported("日期,收款单位\n2026-11-01,x\n", "cols.csv")).toEqual({ status: 400, data: fileError("missing_columns", { columns: "line,amount" }) });
    expect(await imported("a,b,c\n1,2,3\n", "other.csv")).toEqual({ status: 400, data: fileError("missing_columns", { columns: "date,line,payee,amount" }) });
    expect(await imported(`${EN_HEADER.join(",")}\n,,,,,,\n`, "empty.csv")).toEqual({ status: 400, data: fileError("empty_file") });
    expect(await imported("", "nothing.csv")).toEqual({ status: 400, data: fileError("required") });
  });

  it("reads a GB18030 CSV (Excel's plain CSV on Chinese Windows)", async () => {
    const gbk = Buffer.from([0xc8, 0xd5, 0xc6, 0xda]); // 日期
    const rest = Buffer.from(",line,payee,amount\n2026-11-01,FND,x,1\n");
    const parsed = await readPaymentFile(Buffer.concat([gbk, rest]), "gbk.csv");
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(1);
  });

  it("refuses more than 5,000 rows and more than 5 MB", async () => {
    const header = "日期,预算科目编码,收款单位,金额(元)\n";
    const many = header + "2026-11-01,FND,x,1\n".repeat(5_001);
    expect(await imported(many, "many.csv")).toEqual({ status: 400, data: fileError("too_many_rows", { max: "5000" }) });
    expect((await readPaymentFile(Buffer.from(header + "2026-11-01,FND,x,1\n".repeat(5_000)), "ok.csv")).rows).toHaveLength(5_000);
    // The full 5,000 rows import in one transaction (each row still checked against the budget).
    const before = await prisma.payment.count();
    const full = await imported("日期,预算科目编码,成本科目,收款单位,金额(元)\n" + "2026-11-01,FND,FND.01.01,满额导入,1\n".repeat(5_000), "full.csv");
    expect(full).toEqual({ status: 200, data: { ok: true, imported: 5_000 } });
    expect(await prisma.payment.count()).toBe(before + 5_000);
    expect(await prisma.auditLog.count({ where: { reason: "import", after: { contains: "满额导入" } } })).toBe(5_000);
    const huge = Buffer.alloc(5_000_001, 0x20);
    expect(await imported(huge, "huge.csv")).toEqual({ status: 413, data: fileError("file_too_large", { maxMb: "5" }) });
  });
});

describe("who may import", () => {
  const file = () => xlsxFile([[civilToDate("2026-11-10"), "FND", "FND.01.01", "", "权限测试", 1, "", ""]]);

  for (const role of ["admin", "pm", "sales", "exec", "member"]) {
    it(`refuses ${role} with 403 and changes nothing`, async () => {
      const before = await counts();
      const result = await upload(await file(), "roles.xlsx", role);
      expect(result).toBeInstanceOf(Response);
      expect((result as Response).status).toBe(403);
      expect(await counts()).toEqual(before);
    });
  }

  it("sends an anonymous visitor to sign in and refuses a cross-site post", async () => {
    const before = await counts();
    const anonymous = (await upload(await file(), "roles.xlsx", null)) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    const crossSite = (await upload(await file(), "roles.xlsx", "finance", { Origin: "https://evil.example" })) as Response;
    expect(crossSite.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("lets finance import", async () => {
    expect(await imported(await file(), "roles.xlsx")).toEqual({ status: 200, data: { ok: true, imported: 1 } });
  });

  it("answers a GET with a redirect to the payments page", async () => {
    const response = (await importLoader()) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/budget/payments");
  });
});
