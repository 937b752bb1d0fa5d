// Issue 12, import: hostile spreadsheets are refused before they cost memory or time (bombs, parts
// that lie about their size, huge cells, 300,000-row sheets), a formula is refused rather than its
// cached result imported, other programs' files (inline strings, Chinese date formats) still import
// exactly, and every refusal is a 4xx with the file left unimported.
import ExcelJS from "exceljs";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { importReads, readPaymentFile } from "~/models/cost/io/payment-import.server";
import { action as importAction } from "~/routes/budget.import";
import { civilToDate } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";
import { cookieFor, ORIGIN, payload } from "../helpers/requests";
import { inlineCell, part, repeatedPart, SHEET_HEAD, stylesXml, xlsxOf } from "../helpers/xlsx-files";

type RowError = { row: number; field: string; message: string; vars?: Record<string, string> };
type ImportResult = { ok: true; imported: number } | { ok: false; errors: RowError[] };

// A payment outside contracts names its leaf cost account (成本科目, decision 013): the last column here.
const ZH_HEADER = ["日期", "预算科目编码", "合同编号", "收款单位", "金额(元)", "凭证号", "备注", "成本科目"];
const GB = 2 ** 30;
const fileError = (message: string, vars?: Record<string, string>) => ({ ok: false, errors: [{ row: 0, field: "file", message, ...(vars ? { vars } : {}) }] });

beforeAll(async () => {
  await seedReferenceProject(prisma);
});

/** A multipart upload to the import action as the browser sends it (with the form's idempotency key). */
async function upload(body: Buffer | string, filename: string) {
  const form = new FormData();
  form.append("idempotencyKey", `import-test-${randomUUID()}`);
  form.append("file", new Blob([typeof body === "string" ? body : new Uint8Array(body)]), filename);
  const headers = new Headers({ Origin: ORIGIN, Cookie: await cookieFor("finance") });
  const request = new Request(`${ORIGIN}/budget/import`, { method: "POST", body: form, headers });
  return importAction({ request, params: {}, context: {} });
}

async function imported(body: Buffer | string, filename: string) {
  return payload<ImportResult>(await upload(body, filename));
}

async function counts() {
  return { payments: await prisma.payment.count(), audit: await prisma.auditLog.count() };
}

/** A workbook with the template's header row, the data rows written by `fill`. */
async function workbook(fill: (sheet: ExcelJS.Worksheet) => void) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("payments");
  sheet.addRow(ZH_HEADER);
  fill(sheet);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The header row as inline strings (row 1), for hand-built sheets. */
const headerRow = `<row r="1">${ZH_HEADER.map((text, index) => inlineCell(`${String.fromCharCode(65 + index)}1`, text)).join("")}</row>`;

describe("formulas", () => {
  it("refuses a formula cell with a message on its field, never importing the result cached in the file", async () => {
    const before = await counts();
    const file = await workbook((sheet) => {
      sheet.addRow([civilToDate("2026-11-10"), "COM", "", "市建筑设计研究院", 100, "", "", "COM.01.02"]);
      // Shows (and caches) the payee of the row above; the file could cache anything.
      sheet.addRow([civilToDate("2026-11-10"), "COM", "", { formula: "D2", result: "另一家收款单位" }, 100, "", "", "COM.01.02"]);
      sheet.addRow([{ formula: "TODAY()", result: civilToDate("2026-11-11") }, "FND", "", "x", { formula: "E2*2", result: 200 }, "", "", "FND.01.01"]);
      sheet.addRow([civilToDate("2026-11-10"), "FND", "", "公式只在无关列", 1, "", "", "FND.01.01", { formula: "1+1", result: 2 }]);
    });
    expect(await imported(file, "formulas.xlsx")).toEqual({
      status: 400,
      data: {
        ok: false,
        errors: [
          { row: 3, field: "payee", message: "formula_cell" },
          { row: 4, field: "date", message: "formula_cell" },
          { row: 4, field: "amount", message: "formula_cell" },
        ],
      },
    });
    expect(await counts()).toEqual(before);
    expect(await prisma.payment.count({ where: { payee: "另一家收款单位" } })).toBe(0);
    // A formula in a column the import does not read is harmless: those rows are fine.
    expect((await readPaymentFile(file, "formulas.xlsx")).rows.map((row) => row.row)).toEqual([2, 5]);
  });
});

describe("unpacking limits", () => {
  const zeros = (bytes: number) => [{ data: Buffer.alloc(1 << 20), times: Math.floor(bytes / (1 << 20)) }];

  it("refuses a 2 MB file holding a 2 GB zero-filled sheet within moments, importing nothing", { timeout: 30_000 }, async () => {
    const file = xlsxOf({ sheets: [{ name: "payments", part: repeatedPart("x", zeros(2 * GB)) }] });
    expect(file.length).toBeLessThan(3_000_000);
    const before = await counts();
    const started = Date.now();
    expect(await imported(file, "bomb.xlsx")).toEqual({ status: 400, data: fileError("unpacked_too_large", { maxMb: "20" }) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await counts()).toEqual(before);
  });

  it("refuses a sheet that declares 1 KB and inflates to 2 GB, stopping at the declared size", { timeout: 30_000 }, async () => {
    const file = xlsxOf({ sheets: [{ name: "payments", part: repeatedPart("x", zeros(2 * GB), 1_000) }] });
    const started = Date.now();
    expect(await imported(file, "liar.xlsx")).toEqual({ status: 400, data: fileError("unreadable_file") });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("refuses a 400-million-character cell and any cell past 32,767 characters", { timeout: 30_000 }, async () => {
    const huge = repeatedPart("x", [{ data: "<sst><si><t>" }, { data: "a".repeat(1 << 20), times: 400 }, { data: "</t></si></sst>" }]);
    const hugeFile = xlsxOf({ sheets: [{ name: "payments", rows: `${headerRow}<row r="2"><c r="D2" t="s"><v>0</v></c></row>` }], sharedStrings: huge });
    expect(await imported(hugeFile, "huge-cell.xlsx")).toEqual({ status: 400, data: fileError("unpacked_too_large", { maxMb: "20" }) });

    const longFile = await workbook((sheet) => sheet.addRow([civilToDate("2026-11-10"), "FND", "", "x", 1, "", "", "长".repeat(32_768)]));
    expect(await imported(longFile, "long-cell.xlsx")).toEqual({ status: 400, data: fileError("cell_too_long", { max: "32767" }) });
    const longCsv = `日期,预算科目编码,收款单位,金额(元),其他\n2026-11-10,FND,x,1,${"长".repeat(32_768)}\n`;
    expect(await imported(longCsv, "long-cell.csv")).toEqual({ status: 400, data: fileError("cell_too_long", { max: "32767" }) });
  });

  it("ignores parts the import does not need, even a 2 GB picture", async () => {
    const rows = `${headerRow}<row r="2"><c r="A2" s="1"><v>46332</v></c>${inlineCell("B2", "FND")}${inlineCell("D2", "图片旁的付款")}<c r="E2"><v>12.34</v></c></row>`;
    const file = xlsxOf({
      sheets: [{ name: "payments", rows }],
      styles: stylesXml([0, 14]),
      extra: [{ name: "xl/media/image1.png", compressed: Buffer.from("not deflate"), size: 2 * GB }, part("xl/drawings/drawing1.xml", "<broken")],
    });
    const parsed = await readPaymentFile(file, "with-picture.xlsx");
    expect(parsed).toMatchObject({ errors: [], rows: [{ row: 2, paidOn: "2026-11-06", lineCode: "FND", payee: "图片旁的付款", amountFen: 1_234n }] });
  });
});

describe("row limit", () => {
  it("refuses a 300,000-row sheet at row 5,001 without reading on", { timeout: 60_000 }, async () => {
    // Data rows of one cell each (the date column); garbage after them that a full parse trips over.
    const row = `<row><c t="inlineStr"><is><t>2026-11-01</t></is></c></row>`;
    const sheet = repeatedPart("x", [{ data: SHEET_HEAD + headerRow }, { data: row.repeat(1_000), times: 300 }, { data: "<row><c><<<not xml" }]);
    const file = xlsxOf({ sheets: [{ name: "payments", part: sheet }] });
    const started = Date.now();
    expect(await imported(file, "rows.xlsx")).toEqual({ status: 400, data: fileError("too_many_rows", { max: "5000" }) });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("stops a CSV at row 5,001 too", { timeout: 60_000 }, async () => {
    const csv = "日期,预算科目编码,收款单位,金额(元)\n" + "1\n".repeat(300_000) + '"an unterminated quote that a full parse refuses';
    expect(await imported(csv, "rows.csv")).toEqual({ status: 400, data: fileError("too_many_rows", { max: "5000" }) });
  });

  it("still counts only rows with something in the import's columns", async () => {
    const csv = "日期,预算科目编码,收款单位,金额(元),x\n" + ",,,,filler\n".repeat(6_000) + "2026-11-01,FND,只有一行,1,\n";
    expect(await readPaymentFile(Buffer.from(csv), "filler.csv")).toMatchObject({ errors: [], rows: [{ row: 6_002, payee: "只有一行" }] });
  });
});

describe("files from other programs", () => {
  it("imports inline strings, rich text, shared strings and Chinese date formats exactly", async () => {
    const rows =
      headerRow +
      // 2026年11月6日 (built-in format 31), rich inline payee, an amount with two decimals.
      `<row r="2"><c r="A2" s="2"><v>46332</v></c>${inlineCell("B2", "COM")}<c r="D2" t="inlineStr"><is><r><t>市建筑</t></r><r><rPr><b/></rPr><t>设计研究院</t></r></is></c><c r="E2"><v>1234567.89</v></c><c r="F2" t="s"><v>0</v></c>${inlineCell("H2", "COM.01.02")}</row>` +
      // A custom date format, an amount as text with thousands separators, a note with an escaped line break.
      `<row r="3"><c r="A3" s="3"><v>46333.5</v></c>${inlineCell("B3", "FND")}${inlineCell("D3", "某某监理公司")}<c r="E3" t="s"><v>1</v></c>${inlineCell("G3", "第一行_x000D_第二行")}${inlineCell("H3", "FND.01.01")}</row>` +
      // 0.1 + 0.2 as Excel stores it: shown (and imported) as 0.30.
      `<row r="4"><c r="A4" t="inlineStr"><is><t>2026-11-08</t></is></c>${inlineCell("B4", "FND")}${inlineCell("D4", "零头")}<c r="E4"><v>0.30000000000000004</v></c>${inlineCell("H4", "FND.01.01")}</row>`;
    const file = xlsxOf({ sheets: [{ name: "Sheet1", rows }], sharedStrings: ["记-2026-11-050", "1,000.5"], styles: stylesXml([0, 14, 31, 'yyyy"年"m"月"d"日"']) });
    const parsed = await readPaymentFile(file, "other.xlsx");
    expect(parsed).toEqual({
      errors: [],
      rows: [
        { row: 2, paidOn: "2026-11-06", lineCode: "COM", contractCode: "", payee: "市建筑设计研究院", amountFen: 123_456_789n, voucherNo: "记-2026-11-050", note: "", kind: "payment", accountCode: "COM.01.02", accountId: null },
        { row: 3, paidOn: "2026-11-07", lineCode: "FND", contractCode: "", payee: "某某监理公司", amountFen: 100_050n, voucherNo: "", note: "第一行\r第二行", kind: "payment", accountCode: "FND.01.01", accountId: null },
        { row: 4, paidOn: "2026-11-08", lineCode: "FND", contractCode: "", payee: "零头", amountFen: 30n, voucherNo: "", note: "", kind: "payment", accountCode: "FND.01.01", accountId: null },
      ],
    });
    const before = await counts();
    expect(await imported(file, "other.xlsx")).toEqual({ status: 200, data: { ok: true, imported: 3 } });
    expect((await counts()).payments).toBe(before.payments + 3);
  });
});

describe("statuses", () => {
  it("answers every refusal with a 4xx and ok: false", { timeout: 30_000 }, async () => {
    const bad: [Buffer | string, string][] = [
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "broken.xlsx"],
      ["not a spreadsheet", "old.xls"],
      ["a,b\n1,2\n", "columns.csv"],
      [`${ZH_HEADER.join(",")}\n`, "empty.csv"],
      [`${ZH_HEADER.join(",")}\n2026-11-01,FND,,x,12.345,,\n`, "invalid.csv"],
      [`${ZH_HEADER.join(",")}\n2026-11-01,NOPE,,x,1,,\n`, "unknown-line.csv"],
      [await workbook((sheet) => sheet.addRow([civilToDate("2026-11-10"), "FND", "", { formula: "1", result: "x" }, 1])), "formula.xlsx"],
      [xlsxOf({ sheets: [{ name: "s", part: repeatedPart("x", [{ data: Buffer.alloc(1 << 20), times: 64 }]) }] }), "bomb.xlsx"],
    ];
    for (const [body, name] of bad) {
      // A Response, not a data() result: Remix answers a resource route's data() with 200 when the
      // route is requested directly (a post without JavaScript, a script), whatever its status.
      const response = await upload(body, name);
      expect(response).toBeInstanceOf(Response);
      const result = await payload<ImportResult>(response);
      expect({ name, status: result.status >= 400 && result.status < 500, ok: result.data.ok }).toEqual({ name, status: true, ok: false });
    }
  });

  it("answers 503 with Retry-After when too many files are being read at once, and reads again after", async () => {
    const held = await Promise.all(Array.from({ length: importReads.maxActive }, () => importReads.acquire()));
    const queued = Array.from({ length: importReads.maxQueued }, () => importReads.acquire());
    try {
      const result = await upload(`${ZH_HEADER.join(",")}\n2026-11-01,FND,,排队,1,,,FND.01.01\n`, "busy.csv");
      const { status, data } = await payload<ImportResult>(result);
      expect(status).toBe(503);
      expect(result.headers.get("Retry-After")).toMatch(/^\d+$/);
      expect(data).toMatchObject({ ok: false, errors: [{ row: 0, field: "file", message: "import_busy" }] });
    } finally {
      held.forEach((release) => release());
      for (const waiting of queued) (await waiting)();
    }
    expect(await imported(`${ZH_HEADER.join(",")}\n2026-11-01,FND,,不再排队,1,,,FND.01.01\n`, "after.csv")).toEqual({ status: 200, data: { ok: true, imported: 1 } });
  });
});
