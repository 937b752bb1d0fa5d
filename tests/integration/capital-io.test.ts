// The Excel side of the capital area: the 两表对比 and ledger export, the import template, and payment
// imports (.xlsx and .csv) through the route, all or nothing, against a fresh SQLite file.
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { readPaymentFile } from "~/models/capital-io.server";
import { budgetTable } from "~/models/capital.server";
import { action as importAction, loader as importLoader } from "~/routes/budget.import";
import { loader as exportLoader } from "~/routes/budget.export[.]xlsx";
import { loader as templateLoader } from "~/routes/budget.template[.]xlsx";
import { civilToDate } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";
import { cookieFor, ORIGIN, payload } from "../helpers/requests";
import { download as downloadExport, workbookOf, type DownloadOptions } from "../helpers/workbooks";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ZH_HEADER = ["日期", "预算科目编码", "合同编号", "收款单位", "金额(元)", "凭证号", "备注"];
const EN_HEADER = ["date", "line", "contract", "payee", "amount", "voucher", "note"];

let projectId: number;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
});

type RowError = { row: number; field: string; message: string; vars?: Record<string, string> };
type ImportResult = { ok: true; imported: number } | { ok: false; errors: RowError[] };

const download = (loader: typeof exportLoader, path: string, options: DownloadOptions = {}) => downloadExport(loader, path, options, "finance");

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
    select: { lineId: true, contractId: true, paidOn: true, payee: true, amountFen: true, voucherNo: true, note: true },
  });
  return rows.map((row) => ({ ...row, paidOn: row.paidOn.toISOString().slice(0, 10) }));
}

async function counts() {
  return { payments: await prisma.payment.count(), audit: await prisma.auditLog.count(), refusals: await prisma.paymentRefusal.count() };
}

async function lineId(code: string) {
  return (await prisma.budgetLine.findFirstOrThrow({ where: { code } })).id;
}

describe("budget export", () => {
  it("downloads the 两表对比 with numbers as numbers, totals and the 300万 difference", async () => {
    const response = await download(exportLoader, "/budget/export.xlsx");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(XLSX);
    expect(response.headers.get("Content-Disposition")).toContain('attachment; filename="groundwork-budget-2026-11-27.xlsx"');
    const workbook = await workbookOf(response);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["两表对比", "支付台账"]);

    const sheet = workbook.getWorksheet("两表对比")!;
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "科目编码",
      "科目名称",
      "原始预算(元)",
      "当前预算(元)",
      "已签合同(元)",
      "已支付(元)",
      "剩余可支付(元)",
      "支付比例",
      "动态成本(元)",
      "偏差(动态成本−目标成本)(元)",
    ]);
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    // The last two columns: 动态成本 and its variance against the target (the demo's 待发生成本 and changes).
    expect(row(2)).toEqual(["FND", "地下桩基础工程", 80_000_000, 80_000_000, 0, 0, 80_000_000, 0, 77_200_000, -2_800_000]);
    expect(row(3)).toEqual(["COM", "地上商业工程", 140_000_000, 140_000_000, 3_180_000, 1_282_500, 138_717_500, 0.0091, 132_180_000, -7_820_000]);
    expect(row(4)).toEqual(["APT", "公寓工程", 243_000_000, 243_000_000, 5_000_000, 1_500_000, 241_500_000, 0.0061, 244_320_000, 1_320_000]);
    const original = sheet.getRow(2).getCell(3);
    expect(typeof original.value).toBe("number");
    expect(original.numFmt).toBe("#,##0.00");
    expect(original.value).toBe(80_000_000.0);

    expect(row(5).slice(1, 7)).toEqual(["合计", 463_000_000, 463_000_000, 8_180_000, 2_782_500, 460_217_500]);
    expect(sheet.getRow(5).font?.bold).toBe(true);
    expect(row(6)[1]).toBe("项目总预算");
    expect(row(6)[3]).toBe(460_000_000);
    expect(row(7)[1]).toBe("差额（科目合计 − 项目总预算）");
    expect(row(7)[3]).toBe(3_000_000);
    expect(sheet.getRow(7).getCell(4).numFmt).toBe("#,##0.00");
    expect(sheet.rowCount).toBe(7);
  });

  it("lists the ledger oldest first with real dates and numeric amounts", async () => {
    const workbook = await workbookOf(await download(exportLoader, "/budget/export.xlsx", { as: "exec" }));
    const sheet = workbook.getWorksheet("支付台账")!;
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(["日期", "预算科目编码", "预算科目名称", "合同编号", "收款单位", "金额(元)", "凭证号", "备注", "录入人", "#", "类型", "红冲说明"]);
    expect(sheet.rowCount).toBe(4); // the two design advances and a progress payment
    const first = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(first.slice(0, 8)).toEqual([civilToDate("2026-11-06"), "COM", "地上商业工程", "HT-2026-001", "市建筑设计研究院", 900_000, "记-2026-11-012", "设计费预付款 30%"]);
    expect(sheet.getRow(2).getCell(9).value).toBeNull(); // seeded payments have no recorded author
    expect(sheet.getRow(2).getCell(1).numFmt).toBe("yyyy-mm-dd");
    expect(sheet.getRow(3).getCell(6).value).toBe(1_500_000);
  });

  it("speaks English when the reader chose English", async () => {
    const workbook = await workbookOf(await download(exportLoader, "/budget/export.xlsx", { lang: "en" }));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Budget vs actual", "Payment ledger"]);
    const sheet = workbook.getWorksheet("Budget vs actual")!;
    expect(sheet.getRow(2).getCell(2).value).toBe("Pile foundation");
    expect(sheet.getRow(7).getCell(2).value).toBe("Difference (lines − project budget)");
    expect((workbook.getWorksheet("Payment ledger")!.getRow(1).values as unknown[]).slice(1, 9)).toEqual(["Date", "Line", "Line name", "Contract", "Payee", "Amount (yuan)", "Voucher", "Note"]);
  });

  it("needs a signed-in user", async () => {
    const response = await download(exportLoader, "/budget/export.xlsx", { as: null });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
    expect((await download(templateLoader, "/budget/template.xlsx", { as: null })).status).toBe(302);
  });
});

describe("import template", () => {
  it("has the header row the importer expects, a help sheet with the line codes, and imports as empty", async () => {
    const response = await download(templateLoader, "/budget/template.xlsx", { as: "member" });
    expect(response.headers.get("Content-Type")).toBe(XLSX);
    expect(response.headers.get("Content-Disposition")).toContain("groundwork-payments-template.xlsx");
    const bytes = Buffer.from(await response.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["payments", "说明"]);
    const sheet = workbook.getWorksheet("payments")!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(ZH_HEADER);
    expect(sheet.rowCount).toBe(1);
    const help = workbook.getWorksheet("说明")!;
    const helpText: string[] = [];
    help.eachRow((row) => helpText.push((row.values as unknown[]).filter((v) => typeof v === "string").join(" ")));
    expect(helpText.join("\n")).toContain("FND 地下桩基础工程");
    expect(helpText.join("\n")).toContain("金额(元) Amount (yuan) 是");
    expect(await readPaymentFile(bytes, "template.xlsx")).toEqual({ rows: [], errors: [{ row: 0, field: "file", message: "empty_file" }] });
  });
});

describe("export → import round trip", () => {
  it("reads an exported ledger back as the identical payments", async () => {
    // Payments are append-only (issue 13): the ledger cannot be emptied and imported again, so the round
    // trip is checked where it could lose anything, the file: every row reads back to the payment it
    // came from, to the 分. Writing imported rows is tested below (CSV import, all-or-nothing).
    // Make the ledger interesting: odd 分, a payment without a contract, commas and quotes in text.
    await prisma.payment.createMany({
      data: [
        { lineId: await lineId("FND"), paidOn: civilToDate("2026-11-20"), payee: "某勘察院, \"有限\"公司", amountFen: 1_234_567_89n, voucherNo: "记-2026-11-031", note: "勘察费\n第一期" },
        { lineId: await lineId("FND"), paidOn: civilToDate("2026-11-27"), payee: "零头测试", amountFen: 1n, voucherNo: "", note: "" },
        { lineId: await lineId("APT"), paidOn: civilToDate("2026-11-06"), payee: "市建筑设计研究院", amountFen: 4_999_999_99n, voucherNo: "记-2026-11-014", note: "" }, // under the 500万 approval threshold (issue 13)
      ],
    });
    const before = await paymentsSnapshot();
    const exported = Buffer.from(await (await download(exportLoader, "/budget/export.xlsx")).arrayBuffer());
    const parsed = await readPaymentFile(exported, "groundwork-budget-2026-11-27.xlsx");
    expect(parsed.errors).toEqual([]);
    const lines = new Map((await prisma.budgetLine.findMany({ select: { id: true, code: true } })).map((l) => [l.code, l.id]));
    const contracts = await prisma.contract.findMany({ select: { id: true, lineId: true, code: true } });
    const after = parsed.rows.map((row) => {
      const id = lines.get(row.lineCode)!;
      return { lineId: id, contractId: row.contractCode ? contracts.find((c) => c.lineId === id && c.code === row.contractCode)!.id : null, paidOn: row.paidOn, payee: row.payee, amountFen: row.amountFen, voucherNo: row.voucherNo, note: row.note };
    });
    const key = (p: (typeof before)[number]) => JSON.stringify([p.paidOn, p.lineId, p.payee, p.amountFen.toString(), p.voucherNo, p.note, p.contractId]);
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
    expect(after.find((p) => p.payee === "零头测试")?.amountFen).toBe(1n);
    expect(after.find((p) => p.payee.startsWith("某勘察院"))?.amountFen).toBe(123_456_789n);
  });

  it("reads the English export as well", async () => {
    const exported = Buffer.from(await (await download(exportLoader, "/budget/export.xlsx", { lang: "en" })).arrayBuffer());
    const parsed = await readPaymentFile(exported, "export.xlsx");
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.length).toBe(await prisma.payment.count());
    expect(parsed.rows[0]).toMatchObject({ row: 2, paidOn: "2026-11-06", lineCode: "COM", contractCode: "HT-2026-001", amountFen: 90_000_000n });
  });
});

describe("CSV import", () => {
  it("imports UTF-8 with a BOM, quoted fields and 1,234.56-style amounts", async () => {
    const countBefore = await prisma.payment.count();
    const csv =
      "\uFEFF日期,预算科目编码,合同编号,收款单位,金额(元),凭证号,备注\r\n" +
      '2026-11-25,FND,,"某某监理公司, 北京",12345.67,记-2026-11-040,"含 ""引号"" 的备注"\r\n' +
      "\r\n" +
      '2026/11/26,APT,HT-2026-002,市建筑设计研究院,"1,000.5",,\r\n';
    expect(await imported(csv, "payments.csv")).toEqual({ status: 200, data: { ok: true, imported: 2 } });
    expect(await prisma.payment.count()).toBe(countBefore + 2);
    const supervision = await prisma.payment.findFirstOrThrow({ where: { payee: "某某监理公司, 北京" }, include: { line: true } });
    expect(supervision).toMatchObject({ amountFen: 1_234_567n, voucherNo: "记-2026-11-040", note: '含 "引号" 的备注', contractId: null });
    expect(supervision.line.code).toBe("FND");
    expect(supervision.paidOn.toISOString()).toBe("2026-11-25T00:00:00.000Z");
    const design = await prisma.payment.findFirstOrThrow({ where: { amountFen: 100_050n }, include: { contract: true } });
    expect(design.contract?.code).toBe("HT-2026-002");
    expect(design.paidOn.toISOString().slice(0, 10)).toBe("2026-11-26");
  });

  it("takes English headers in any order, without a BOM", async () => {
    const csv = "amount,payee,line,date\n88.8,English header test,COM,2026-11-01\n";
    const parsed = await readPaymentFile(Buffer.from(csv), "en.csv");
    expect(parsed).toEqual({
      rows: [{ row: 2, paidOn: "2026-11-01", lineCode: "COM", contractCode: "", payee: "English header test", amountFen: 8_880n, voucherNo: "", note: "" }],
      errors: [],
    });
  });
});

describe("validation", () => {
  it("imports nothing when one row is bad, and says which row and field", async () => {
    const before = await counts();
    const file = await xlsxFile([
      [civilToDate("2026-11-10"), "FND", "", "好的一行", 1000, "", ""],
      [civilToDate("2026-11-11"), "FND", "", "也是好的", 2000.5, "", ""],
      ["2026-11-12", "FND", "", "坏的一行", "12.345", "", ""],
      [civilToDate("2026-11-13"), "FND", "", "好的一行", 3000, "", ""],
    ]);
    const result = await imported(file, "bad.xlsx");
    expect(result).toEqual({ status: 400, data: { ok: false, errors: [{ row: 4, field: "amount", message: "invalid_amount" }] } });
    expect(await counts()).toEqual(before);
  });

  it("checks every field of every row", async () => {
    const long = "长".repeat(201);
    const file = await xlsxFile([
      ["", "", "", "", "", "", ""], // blank: skipped, not an error
      ["2026-02-30", "FND", "", "x", 1, "", ""],
      ["2026-11-28", "FND", "", "x", 1, "", ""],
      ["27/11/2026", "FND", "", "x", 1, "", ""],
      [civilToDate("2026-11-01"), "", "", "", "", "", ""],
      [civilToDate("2026-11-01"), "FND", "", long, -5, "v".repeat(51), "n".repeat(501)],
      [civilToDate("2026-11-01"), "FND", "", "x", 0, "", ""],
      [civilToDate("2026-11-01"), "FND", "", "x", 10_000_000_000.01, "", ""],
      [civilToDate("2026-11-01"), "FND", "", "x", "1亿零", "", ""],
      [civilToDate("2026-11-01"), "FND", "", "x", 0.1 + 0.2, "", ""], // Excel shows 0.3: accepted as 30分
      [46_332, "FND", "", "x", 1, "", ""], // a bare serial number is not a date cell
      ["1999-12-31", "FND", "", "x", 1, "", ""],
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
    expect(parsed.rows).toEqual([{ row: 11, paidOn: "2026-11-01", lineCode: "FND", contractCode: "", payee: "x", amountFen: 30n, voucherNo: "", note: "" }]);
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
      [civilToDate("2026-11-10"), "XXX", "", "无此科目", 1, "", ""],
      [civilToDate("2026-11-10"), "FND", "HT-2026-001", "合同不在此科目", 1, "", ""],
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

  it("refuses the whole file when its rows together overrun a line, naming the first row that does", async () => {
    const fnd = (await budgetTable(projectId)).find((line) => line.code === "FND")!;
    const headroomYuan = Number(fnd.headroomFen) / 100;
    const before = await counts();
    const file = await xlsxFile([
      [civilToDate("2026-11-20"), "FND", "", "桩基施工单位", headroomYuan - 1, "", "留下 1 元"],
      [civilToDate("2026-11-21"), "FND", "", "桩基施工单位", 0.5, "", "还剩 0.50 元"],
      [civilToDate("2026-11-22"), "FND", "", "桩基施工单位", 1, "", "超出"],
    ]);
    // Rows above the approval threshold are refused on their own (issue 13): lift it for this file.
    const { paymentApprovalFen } = await prisma.project.findUniqueOrThrow({ where: { id: projectId } });
    await prisma.project.update({ where: { id: projectId }, data: { paymentApprovalFen: 1_000_000_000_000n } });
    const result = await imported(file, "over.xlsx").finally(() => prisma.project.update({ where: { id: projectId }, data: { paymentApprovalFen } }));
    expect(result.status).toBe(400);
    expect(result.data).toEqual({ ok: false, errors: [{ row: 4, field: "amount", message: "over_budget", vars: { headroomFen: "50" } }] });
    expect(await counts()).toEqual(before);
    expect((await budgetTable(projectId)).find((line) => line.code === "FND")!.paidFen).toBe(fnd.paidFen);
  });

  it("refuses more than a contract still owes", async () => {
    const before = await counts();
    const csv = "日期,预算科目编码,合同编号,收款单位,金额(元)\n2026-11-20,COM,HT-2026-001,市建筑设计研究院,1897500.01\n";
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
    const full = await imported(header + "2026-11-01,FND,满额导入,1\n".repeat(5_000), "full.csv");
    expect(full).toEqual({ status: 200, data: { ok: true, imported: 5_000 } });
    expect(await prisma.payment.count()).toBe(before + 5_000);
    expect(await prisma.auditLog.count({ where: { reason: "import", after: { contains: "满额导入" } } })).toBe(5_000);
    const huge = Buffer.alloc(5_000_001, 0x20);
    expect(await imported(huge, "huge.csv")).toEqual({ status: 413, data: fileError("file_too_large", { maxMb: "5" }) });
  });
});

describe("who may import", () => {
  const file = () => xlsxFile([[civilToDate("2026-11-10"), "FND", "", "权限测试", 1, "", ""]]);

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
