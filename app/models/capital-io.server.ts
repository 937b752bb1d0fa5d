// Excel side of the capital area: the 两表对比 and payment ledger as an .xlsx download, the payment
// import template, and reading an uploaded .xlsx/.csv into rows for importPayments (all or nothing).
//
// Amounts are written as numbers in 元 (fen / 100 is exact to the nearest double below 9×10¹⁵ 分)
// and read back through a decimal string, never by float arithmetic on 分. Dates are real Excel
// dates at 00:00 of the civil date (serials are UTC both ways, like app/utils/dates.ts), so a
// round trip never shifts a day. exceljs writes; reading goes through the bounded readers in
// app/utils (exceljs would unpack a whole hostile workbook into memory).
import ExcelJS from "exceljs";
import { prisma } from "~/db.server";
import { reconcile } from "~/domain/capital";
import { MAX_AMOUNT_FEN } from "~/domain/capital-forms.server";
import { ConcurrencyLimit } from "~/utils/concurrency";
import { scanCsv } from "~/utils/csv-reader.server";
import { civilToDate, dateToCivil, isCivilDate, today } from "~/utils/dates";
import { parseYuanToFen, shareBps, type Lang } from "~/utils/money";
import { FormulaCell, openXlsx, SheetReadError, type RowVisitor, type SheetCell } from "~/utils/xlsx-reader.server";
import { budgetTable, listLines, paymentLedger, type ImportRow, type RowError } from "./capital.server";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const MAX_IMPORT_BYTES = 5_000_000;
export const MAX_IMPORT_ROWS = 5_000;
/** Beyond this many row errors the list is cut short (with a file-level note): enough to fix a file. */
export const MAX_REPORTED_ERRORS = 500;

export const MONEY_FORMAT = "#,##0.00";
export const DATE_FORMAT = "yyyy-mm-dd";
export const PERCENT_FORMAT = "0.00%";

// ─── Columns ─────────────────────────────────────────────────────────────────

/** The import columns, in template order; a header matches any of `aliases` (see normalizeHeader). */
export const IMPORT_COLUMNS = [
  { key: "date", zh: "日期", en: "Date", required: true, aliases: ["日期", "支付日期", "付款日期", "date", "paidon", "paymentdate"] },
  { key: "line", zh: "预算科目编码", en: "Line", required: true, aliases: ["预算科目编码", "科目编码", "预算科目", "line", "linecode", "budgetline"] },
  { key: "contract", zh: "合同编号", en: "Contract", required: false, aliases: ["合同编号", "合同号", "contract", "contractcode", "contractno"] },
  { key: "payee", zh: "收款单位", en: "Payee", required: true, aliases: ["收款单位", "收款人", "payee"] },
  { key: "amount", zh: "金额(元)", en: "Amount (yuan)", required: true, aliases: ["金额(元)", "金额", "支付金额(元)", "amount", "amount(yuan)", "amount(元)", "amount(cny)", "amount(rmb)"] },
  { key: "voucher", zh: "凭证号", en: "Voucher", required: false, aliases: ["凭证号", "凭证编号", "voucher", "voucherno", "vouchernumber"] },
  { key: "note", zh: "备注", en: "Note", required: false, aliases: ["备注", "说明", "note", "notes"] },
] as const;

export type ImportField = (typeof IMPORT_COLUMNS)[number]["key"];

const LIMITS = { payee: 200, voucher: 50, note: 500, line: 100, contract: 100 } as const;

/** Full-width to half-width (NFKC), lower case, no spaces, dots, underscores or required-markers. */
function normalizeHeader(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[\s*._:：]/g, "");
}

const FIELD_BY_HEADER = new Map<string, ImportField>(
  IMPORT_COLUMNS.flatMap((column) => column.aliases.map((alias) => [normalizeHeader(alias), column.key] as const)),
);

/** Sheets the importer reads first: the template's and the exported ledger's. */
const PREFERRED_SHEETS = ["payments", "支付台账", "paymentledger"];

const TEXT = {
  zh: {
    budgetSheet: "两表对比",
    ledgerSheet: "支付台账",
    code: "科目编码",
    name: "科目名称",
    original: "原始预算(元)",
    current: "当前预算(元)",
    committed: "已签合同(元)",
    paid: "已支付(元)",
    headroom: "剩余可支付(元)",
    used: "支付比例",
    forecast: "动态成本(元)",
    variance: "偏差(动态成本−目标成本)(元)",
    total: "合计",
    projectTotal: "项目总预算",
    difference: "差额（科目合计 − 项目总预算）",
    lineName: "预算科目名称",
    enteredBy: "录入人",
    kind: "类型",
    correction: "红冲说明",
    kinds: { payment: "支付", advance: "预付款", retention_release: "质保金释放", reversal: "红冲" } as Record<string, string>,
    reversalOf: (id: number, reason: string) => `红冲 #${id}：${reason}`,
    reversedBy: (id: number, date: string, reason: string) => `已红冲（${date}，红冲记录 #${id}）：${reason}`,
    helpSheet: "说明",
    column: "列",
    alsoAccepted: "也可写作",
    requiredColumn: "必填",
    yes: "是",
    no: "否",
    meaning: "说明",
    example: "示例",
    lines: "本项目的预算科目",
  },
  en: {
    budgetSheet: "Budget vs actual",
    ledgerSheet: "Payment ledger",
    code: "Code",
    name: "Line",
    original: "Original budget (yuan)",
    current: "Current budget (yuan)",
    committed: "Committed (yuan)",
    paid: "Paid (yuan)",
    headroom: "Headroom (yuan)",
    used: "% used",
    forecast: "Dynamic cost (yuan)",
    variance: "Variance (dynamic − target) (yuan)",
    total: "Total",
    projectTotal: "Project total budget",
    difference: "Difference (lines − project budget)",
    lineName: "Line name",
    enteredBy: "Entered by",
    kind: "Kind",
    correction: "Reversal",
    kinds: { payment: "Payment", advance: "Advance", retention_release: "Retention release", reversal: "Reversal" } as Record<string, string>,
    reversalOf: (id: number, reason: string) => `Reverses #${id}: ${reason}`,
    reversedBy: (id: number, date: string, reason: string) => `Reversed (${date}, reversal #${id}): ${reason}`,
    helpSheet: "Help",
    column: "Column",
    alsoAccepted: "Also accepted",
    requiredColumn: "Required",
    yes: "yes",
    no: "no",
    meaning: "Meaning",
    example: "Example",
    lines: "Budget lines of this project",
  },
} as const;

const COLUMN_HELP: Record<ImportField, { zh: string; en: string; example: string | number | Date }> = {
  date: { zh: "支付日期，YYYY-MM-DD 或 Excel 日期，不晚于今天", en: "Payment date, YYYY-MM-DD or an Excel date, not after today", example: civilToDate("2026-11-06") },
  line: { zh: "预算科目编码（见下表）", en: "Budget line code (listed below)", example: "COM" },
  contract: { zh: "合同编号，须属于该科目；无合同可留空", en: "Contract code on that line; blank if none", example: "HT-2026-001" },
  payee: { zh: "收款单位，最多 200 字", en: "Payee, up to 200 characters", example: "市建筑设计研究院" },
  amount: { zh: "金额（元），正数，最多两位小数，不超过 100亿元", en: "Amount in yuan, positive, at most 2 decimals, up to 10 billion", example: 900000 },
  voucher: { zh: "凭证号，最多 50 字", en: "Voucher number, up to 50 characters", example: "记-2026-11-012" },
  note: { zh: "备注，最多 500 字", en: "Note, up to 500 characters", example: "设计费预付款 30%" },
};

// ─── Writing ─────────────────────────────────────────────────────────────────

/** 分 → 元 as a number: exact to the nearest double (one correctly rounded division). */
export function yuan(fen: bigint): number {
  return Number(fen) / 100;
}

export function newWorkbook() {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Groundwork";
  workbook.created = new Date();
  return workbook;
}

export function styleHeader(sheet: ExcelJS.Worksheet) {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "middle" };
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } };
    cell.border = { bottom: { style: "thin" } };
  });
}

export async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(written) ? written : Buffer.from(written as ArrayBuffer);
}

/** The 两表对比 (budget vs actual, with totals and the reconciliation) and the payment ledger. */
export async function budgetWorkbook(projectId: number, lang: Lang = "zh"): Promise<Buffer> {
  const text = TEXT[lang];
  const [project, lines, ledger] = await Promise.all([
    prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { totalBudgetFen: true } }),
    budgetTable(projectId),
    paymentLedger(projectId),
  ]);
  const workbook = newWorkbook();

  // 两表对比
  const budget = workbook.addWorksheet(text.budgetSheet, { views: [{ state: "frozen", xSplit: 2, ySplit: 1 }] });
  const money = { style: { numFmt: MONEY_FORMAT } };
  budget.columns = [
    { key: "code", header: text.code, width: 12 },
    { key: "name", header: text.name, width: 34 },
    { key: "original", header: text.original, width: 20, ...money },
    { key: "current", header: text.current, width: 20, ...money },
    { key: "committed", header: text.committed, width: 20, ...money },
    { key: "paid", header: text.paid, width: 20, ...money },
    { key: "headroom", header: text.headroom, width: 20, ...money },
    { key: "used", header: text.used, width: 12, style: { numFmt: PERCENT_FORMAT } },
    { key: "forecast", header: text.forecast, width: 24, ...money },
    { key: "variance", header: text.variance, width: 20, ...money },
  ];
  styleHeader(budget);
  const totals = { originalFen: 0n, currentFen: 0n, committedFen: 0n, paidFen: 0n, headroomFen: 0n, forecastFen: 0n, varianceFen: 0n };
  for (const line of lines) {
    // The forecast columns are the 动态成本 and its variance against the target (issue 13).
    const figures = { ...line, forecastFen: line.dynamic.dynamicFen, varianceFen: line.dynamic.varianceFen };
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += figures[key];
    budget.addRow({
      code: line.code,
      name: lang === "en" && line.nameEn ? line.nameEn : line.name,
      original: yuan(line.originalFen),
      current: yuan(line.currentFen),
      committed: yuan(line.committedFen),
      paid: yuan(line.paidFen),
      headroom: yuan(line.headroomFen),
      used: line.usedBps / 10_000,
      forecast: yuan(line.dynamic.dynamicFen),
      variance: yuan(line.dynamic.varianceFen),
    });
  }
  const totalRow = budget.addRow({
    name: text.total,
    original: yuan(totals.originalFen),
    current: yuan(totals.currentFen),
    committed: yuan(totals.committedFen),
    paid: yuan(totals.paidFen),
    headroom: yuan(totals.headroomFen),
    used: shareBps(totals.paidFen, totals.currentFen) / 10_000,
    forecast: yuan(totals.forecastFen),
    variance: yuan(totals.varianceFen),
  });
  totalRow.font = { bold: true };
  totalRow.eachCell((cell) => (cell.border = { top: { style: "thin" } }));
  const reconciliation = reconcile(project.totalBudgetFen, totals.currentFen);
  budget.addRow({ name: text.projectTotal, current: yuan(reconciliation.projectTotalFen) });
  const differenceRow = budget.addRow({ name: text.difference, current: yuan(reconciliation.differenceFen) });
  if (!reconciliation.reconciled) differenceRow.font = { bold: true, color: { argb: "FFB42318" } };

  // 支付台账: the import template's columns (same headers) plus line name and who entered it, oldest
  // first like a ledger; no totals row, so the sheet imports as it is.
  const sheet = workbook.addWorksheet(text.ledgerSheet, { views: [{ state: "frozen", ySplit: 1 }] });
  const header = (key: ImportField) => IMPORT_COLUMNS.find((column) => column.key === key)![lang];
  sheet.columns = [
    { key: "date", header: header("date"), width: 13, style: { numFmt: DATE_FORMAT } },
    { key: "line", header: header("line"), width: 14 },
    { key: "lineName", header: text.lineName, width: 26 },
    { key: "contract", header: header("contract"), width: 16 },
    { key: "payee", header: header("payee"), width: 30 },
    { key: "amount", header: header("amount"), width: 18, ...money },
    { key: "voucher", header: header("voucher"), width: 18 },
    { key: "note", header: header("note"), width: 36 },
    { key: "enteredBy", header: text.enteredBy, width: 12 },
    // Corrections (红冲, issue 13): both rows stay, the reversal negative; the importer ignores these columns.
    { key: "id", header: "#", width: 8 },
    { key: "kind", header: text.kind, width: 10 },
    { key: "correction", header: text.correction, width: 40 },
  ];
  styleHeader(sheet);
  for (const payment of [...ledger].reverse()) {
    sheet.addRow({
      date: civilToDate(payment.paidOn),
      line: payment.line.code,
      lineName: lang === "en" && payment.line.nameEn ? payment.line.nameEn : payment.line.name,
      contract: payment.contract?.code ?? null, // empty stays an empty cell, not an empty string
      payee: payment.payee,
      amount: yuan(payment.amountFen),
      voucher: payment.voucherNo || null,
      note: payment.note || null,
      enteredBy: payment.createdBy?.displayName ?? null,
      id: payment.id,
      kind: text.kinds[payment.kind] ?? payment.kind,
      correction: payment.reversalOfId ? text.reversalOf(payment.reversalOfId, payment.reason) : payment.reversedBy ? text.reversedBy(payment.reversedBy.id, payment.reversedBy.paidOn, payment.reversedBy.reason) : null,
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 12 } };

  return toBuffer(workbook);
}

/**
 * The import template: a "payments" sheet with the header row (headers in `lang`; the importer takes
 * Chinese or English) and a help sheet explaining each column with an example and, given a project,
 * its line codes. The example lives on the help sheet so that it is never imported by mistake.
 */
export async function paymentTemplateWorkbook(options: { lang?: Lang; projectId?: number } = {}): Promise<Buffer> {
  const lang = options.lang ?? "zh";
  const text = TEXT[lang];
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet("payments", { views: [{ state: "frozen", ySplit: 1 }] });
  const widths: Record<ImportField, number> = { date: 13, line: 14, contract: 16, payee: 30, amount: 18, voucher: 18, note: 36 };
  sheet.columns = IMPORT_COLUMNS.map((column) => ({
    key: column.key,
    header: column[lang],
    width: widths[column.key],
    // Codes stay text (no "001" → 1); dates and amounts are typed as Excel dates and numbers.
    style: { numFmt: column.key === "date" ? DATE_FORMAT : column.key === "amount" ? MONEY_FORMAT : "@" },
  }));
  styleHeader(sheet);
  IMPORT_COLUMNS.forEach((column, index) => {
    sheet.getRow(1).getCell(index + 1).note = `${column.required ? `${text.requiredColumn}. ` : ""}${COLUMN_HELP[column.key][lang]}`;
  });

  const help = workbook.addWorksheet(text.helpSheet);
  help.columns = [
    { key: "column", header: text.column, width: 16 },
    { key: "also", header: text.alsoAccepted, width: 18 },
    { key: "required", header: text.requiredColumn, width: 8 },
    { key: "meaning", header: text.meaning, width: 60 },
    { key: "example", header: text.example, width: 22 },
  ];
  styleHeader(help);
  for (const column of IMPORT_COLUMNS) {
    const row = help.addRow({
      column: column[lang],
      also: column[lang === "zh" ? "en" : "zh"],
      required: column.required ? text.yes : text.no,
      meaning: COLUMN_HELP[column.key][lang],
      example: COLUMN_HELP[column.key].example,
    });
    const example = row.getCell("example");
    if (column.key === "date") example.numFmt = DATE_FORMAT;
    if (column.key === "amount") example.numFmt = MONEY_FORMAT;
  }
  help.addRow([]);
  const rules =
    lang === "zh"
      ? [
          "每行一笔支付，从第 2 行起填写；空行会被跳过。最多 5,000 行，文件不超过 5 MB；也可上传 UTF-8 编码的 CSV（逗号分隔）。",
          "整个文件全部通过校验且不超出任何科目预算（及合同金额）才会导入；任何一行有误，一行也不导入，并列出出错的行号。",
          "导出的“支付台账”工作表可直接作为导入文件（按表头识别列，多余的列会被忽略）。",
        ]
      : [
          "One payment per row from row 2; blank rows are skipped. Up to 5,000 rows and 5 MB; a UTF-8 CSV (comma separated) works too.",
          "The file is imported only if every row is valid and no line's budget (nor any contract) is overrun; otherwise nothing is imported and the failing rows are listed.",
          "An exported payment ledger sheet can be imported as it is (columns are found by their headers; other columns are ignored).",
        ];
  for (const rule of rules) help.addRow([rule]);
  if (options.projectId !== undefined) {
    help.addRow([]);
    help.addRow([text.lines]).font = { bold: true };
    for (const line of await listLines(options.projectId)) help.addRow([line.code, lang === "en" && line.nameEn ? line.nameEn : line.name]);
  }
  return toBuffer(workbook);
}

// ─── Reading ─────────────────────────────────────────────────────────────────
//
// Uploaded files are read through bounded readers (app/utils/xlsx-reader.server.ts, csv-reader.server.ts):
// a sheet is scanned row by row and the scan stops at the header search's 10 rows, at a header that
// lacks required columns, or at the first data row past MAX_IMPORT_ROWS, so a huge file costs no
// more than its first 5,001 data rows (and the readers' unpacking limits).

type Cell = string | number | Date | null;
type ReadResult = { rows: ImportRow[]; errors: RowError[] };
/** A sheet that can be scanned row by row; the visitor returns false to stop. */
type SheetSource = { name: string; scan(visit: RowVisitor): Promise<void> };

/**
 * Files read at once (each may unpack up to XLSX_LIMITS.maxTotalBytes); more wait, and past the queue
 * or the wait the caller gets Busy (the import route answers 503 with Retry-After).
 */
export const importReads = new ConcurrencyLimit(2, 8, 15_000);

const fileError = (message: string, vars?: Record<string, string>): ReadResult => ({ rows: [], errors: [{ row: 0, field: "file", message, vars }] });

/**
 * Reads an uploaded .xlsx or .csv into import rows. Columns are found by their headers (Chinese or
 * English) on a sheet named "payments" or "支付台账" if there is one, otherwise the first sheet that
 * has them. Every row is validated; `rows` holds the valid ones and `errors` every problem found
 * (1-based spreadsheet row numbers; row 0 is the file itself). Import only when `errors` is empty.
 * A cell holding a formula is refused (its field says so): the result cached in the file is not trusted.
 */
export function readPaymentFile(data: Buffer, filename: string): Promise<ReadResult> {
  return importReads.run(() => readPaymentFileNow(data, filename));
}

async function readPaymentFileNow(data: Buffer, filename: string): Promise<ReadResult> {
  if (data.length > MAX_IMPORT_BYTES) return fileError("file_too_large", { maxMb: String(MAX_IMPORT_BYTES / 1_000_000) });
  if (data.length === 0) return fileError("empty_file");
  try {
    const sheets = await openSheets(data, filename);
    if (!sheets) return fileError("unreadable_file");
    const candidates = [...sheets].sort((a, b) => rank(a.name) - rank(b.name));
    let missing: string[] | null = null;
    let anyRows = false;
    for (const sheet of candidates) {
      const outcome = await readSheet(sheet);
      anyRows ||= outcome.anyRows;
      if (outcome.kind === "read") return outcome.result;
      if (outcome.kind === "missing") missing ??= outcome.missing;
    }
    if (missing) return fileError("missing_columns", { columns: missing.join(",") });
    return anyRows ? fileError("missing_columns", { columns: requiredKeys().join(",") }) : fileError("empty_file");
  } catch (error) {
    if (error instanceof SheetReadError) {
      if (error.code === "too_large") return fileError("unpacked_too_large", { maxMb: String(Math.floor((error.limit ?? 0) / 1_000_000)) });
      if (error.code === "cell_too_long") return fileError("cell_too_long", { max: String(error.limit) });
      return fileError("unreadable_file");
    }
    // Whatever a file holds must not become a 500: a reader bug is logged and the file refused.
    console.error("import: unexpected error while reading", error);
    return fileError("unreadable_file");
  }
}

function rank(sheetName: string): number {
  const index = PREFERRED_SHEETS.indexOf(normalizeHeader(sheetName));
  return index === -1 ? PREFERRED_SHEETS.length : index;
}

function requiredKeys(): ImportField[] {
  return IMPORT_COLUMNS.filter((column) => column.required).map((column) => column.key);
}

/** A header row names at least two import columns. */
function headerOf(cells: SheetCell[]) {
  const columns = new Map<ImportField, number>();
  cells.forEach((cell, index) => {
    const field = typeof cell === "string" ? FIELD_BY_HEADER.get(normalizeHeader(cell)) : undefined;
    if (field && !columns.has(field)) columns.set(field, index);
  });
  return columns.size >= 2 ? { columns, missing: requiredKeys().filter((key) => !columns.has(key)) } : null;
}

function isBlank(cell: SheetCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

type SheetOutcome = { kind: "no_header"; anyRows: boolean } | { kind: "missing"; missing: ImportField[]; anyRows: true } | { kind: "read"; result: ReadResult; anyRows: true };

/**
 * One sheet: the header is the first of its first 10 non-empty rows that names at least two import
 * columns; rows after it with anything in those columns are data rows, validated as they come.
 */
async function readSheet(sheet: SheetSource): Promise<SheetOutcome> {
  let anyRows = false;
  let searched = 0;
  let header: { columns: Map<ImportField, number>; missing: ImportField[] } | null = null;
  let dataRows = 0;
  const todayCivil = today();
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  await sheet.scan(({ number, cells }) => {
    anyRows = true;
    if (!header) {
      const found = headerOf(cells);
      if (found) {
        header = found;
        return found.missing.length === 0; // a header without the required columns: look no further here
      }
      searched += 1;
      return searched < 10;
    }
    const indexes = [...header.columns.values()];
    if (!indexes.some((index) => !isBlank(cells[index]))) return true;
    dataRows += 1;
    if (dataRows > MAX_IMPORT_ROWS) return false; // refused below: no need to read on
    validateRow(number, cells, header.columns, todayCivil, rows, errors);
    return true;
  });
  const found = header as { columns: Map<ImportField, number>; missing: ImportField[] } | null;
  if (!found) return { kind: "no_header", anyRows };
  if (found.missing.length > 0) return { kind: "missing", missing: found.missing, anyRows: true };
  if (dataRows === 0) return { kind: "read", result: fileError("empty_file"), anyRows: true };
  if (dataRows > MAX_IMPORT_ROWS) return { kind: "read", result: fileError("too_many_rows", { max: String(MAX_IMPORT_ROWS) }), anyRows: true };
  if (errors.length > MAX_REPORTED_ERRORS) {
    const result = { rows, errors: [...errors.slice(0, MAX_REPORTED_ERRORS), { row: 0, field: "file", message: "too_many_errors", vars: { count: String(errors.length) } }] };
    return { kind: "read", result, anyRows: true };
  }
  return { kind: "read", result: { rows, errors }, anyRows: true };
}

/** Checks one data row; a valid row goes to `rows`, each problem to `errors`. */
function validateRow(number: number, cells: SheetCell[], columns: Map<ImportField, number>, todayCivil: string, rows: ImportRow[], errors: RowError[]) {
  const rowErrors: RowError[] = [];
  const fail = (field: ImportField, message: string, vars?: Record<string, string>) => rowErrors.push({ row: number, field, message, ...(vars ? { vars } : {}) });
  const raw = (field: ImportField): SheetCell => {
    const index = columns.get(field);
    return index === undefined ? null : (cells[index] ?? null);
  };
  /** The field's plain value, or undefined (and an error) when it holds a formula. */
  const cell = (field: ImportField): Cell | undefined => {
    const value = raw(field);
    if (value instanceof FormulaCell) {
      fail(field, "formula_cell");
      return undefined;
    }
    return value;
  };
  const textOf = (field: ImportField, max: number, required: boolean) => {
    const value = cell(field);
    if (value === undefined) return "";
    const text = cellText(value);
    if (required && text === "") fail(field, "required");
    else if (text.length > max) fail(field, "too_long", { max: String(max) });
    return text;
  };

  const dateCell = cell("date");
  const date = dateCell === undefined ? null : readDate(dateCell, todayCivil);
  if (date && !date.ok) fail("date", date.message);
  const lineCode = textOf("line", LIMITS.line, true);
  const contractCode = textOf("contract", LIMITS.contract, false);
  const payee = textOf("payee", LIMITS.payee, true);
  const amountCell = cell("amount");
  const amount = amountCell === undefined ? null : readAmount(amountCell);
  if (amount && !amount.ok) fail("amount", amount.message);
  const voucherNo = textOf("voucher", LIMITS.voucher, false);
  const note = textOf("note", LIMITS.note, false);

  if (rowErrors.length > 0) errors.push(...rowErrors);
  else rows.push({ row: number, paidOn: date?.ok ? date.value : "", lineCode, contractCode, payee, amountFen: amount?.ok ? amount.value : 0n, voucherNo, note });
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Cell text, trimmed; numbers as written (integers without ".0"), dates as YYYY-MM-DD. */
function cellText(cell: Cell): string {
  if (cell === null) return "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : dateToCivil(cell);
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  return cell.trim();
}

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/**
 * A civil date from an Excel date cell (its UTC calendar day: serials are read as UTC, so no
 * time-zone shift) or from text: YYYY-MM-DD, also YYYY/M/D and 2026年11月6日 (year first only).
 */
function readDate(cell: Cell, todayCivil: string): Parsed<string> {
  let civil: string;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { ok: false, message: "invalid_date" };
    civil = dateToCivil(cell);
  } else if (typeof cell === "string") {
    const text = cell.trim();
    if (text === "") return { ok: false, message: "required" };
    const match = DATE_TEXT.exec(text);
    if (!match) return { ok: false, message: "invalid_date" };
    civil = `${match[1]}-${match[2].padStart(2, "0")}-${match[3].padStart(2, "0")}`;
  } else if (cell === null) {
    return { ok: false, message: "required" };
  } else {
    return { ok: false, message: "invalid_date" }; // a bare number is not a date
  }
  if (!isCivilDate(civil)) return { ok: false, message: "invalid_date" };
  if (civil < "2000-01-01" || civil > "2100-12-31") return { ok: false, message: "date_out_of_range" };
  if (civil > todayCivil) return { ok: false, message: "not_in_future" };
  return { ok: true, value: civil };
}

/**
 * An amount in 元 → 分, exactly. Text goes through parseYuanToFen (1,234.56 and 万/亿 accepted).
 * A number cell is first written as Excel shows it, to 15 significant digits (so 0.1+0.2 reads 0.3),
 * then parsed as that decimal string: more than 2 decimals is refused, nothing is rounded.
 */
function readAmount(cell: Cell): Parsed<bigint> {
  let fen: bigint | null;
  if (cell === null || (typeof cell === "string" && cell.trim() === "")) return { ok: false, message: "required" };
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return { ok: false, message: "invalid_amount" };
    if (Math.abs(cell) > 1e13) return { ok: false, message: "amount_too_large" }; // far past 100亿; keeps toPrecision out of exponents
    fen = parseYuanToFen(decimalText(cell));
  } else if (typeof cell === "string") {
    fen = parseYuanToFen(cell.replace(/^[¥￥]\s*/, ""));
  } else {
    return { ok: false, message: "invalid_amount" };
  }
  if (fen === null) return { ok: false, message: "invalid_amount" };
  if (fen <= 0n) return { ok: false, message: "amount_positive" };
  if (fen > MAX_AMOUNT_FEN) return { ok: false, message: "amount_too_large" };
  return { ok: true, value: fen };
}

/** A double as the decimal Excel displays: 15 significant digits, trailing zeros dropped. */
function decimalText(value: number): string {
  const text = value.toPrecision(15);
  if (/e/i.test(text)) return text; // tiny or huge: parseYuanToFen refuses it
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

// ─── File formats ────────────────────────────────────────────────────────────

function isZip(data: Buffer): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
}

/**
 * The file's sheets, each scanned on demand, or null when it is neither an .xlsx nor text. Throws
 * SheetReadError for a damaged workbook or one past the readers' limits.
 */
async function openSheets(data: Buffer, filename: string): Promise<SheetSource[] | null> {
  if (isZip(data)) {
    const workbook = await openXlsx(data);
    return workbook.sheets.map((name, index) => ({ name, scan: (visit) => workbook.scanSheet(index, visit) }));
  }
  const extension = filename.toLowerCase().split(".").pop() ?? "";
  if (["xlsx", "xlsm", "xls"].includes(extension)) return null; // not a zip: an old .xls or something else
  const text = decodeText(data);
  if (text === null) return null;
  return [{ name: filename, scan: async (visit) => scanCsv(text, visit) }];
}

/** UTF-8 (BOM optional); a file that is not valid UTF-8 is tried as GB18030 (Excel's "CSV" on Chinese Windows). */
function decodeText(data: Buffer): string | null {
  for (const encoding of ["utf-8", "gb18030"]) {
    try {
      const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(data);
      return text.includes("\u0000") ? null : text;
    } catch {
      // try the next encoding
    }
  }
  return null;
}
