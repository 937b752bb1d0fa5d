// Reading an uploaded payment file (.xlsx or .csv) into rows for importPayments (all or nothing), and
// resolving each row's cost account (成本科目) code to a leaf of the project.
//
// Amounts are read through a decimal string, never by float arithmetic on 分. Dates are civil dates
// (Excel serials are UTC both ways, like app/utils/dates.ts), so a round trip never shifts a day.
// Reading goes through the bounded readers in app/utils (exceljs would unpack a whole hostile workbook
// into memory).
import { prisma } from "~/db.server";
import { MAX_AMOUNT_FEN } from "~/domain/capital-forms.server";
import { ConcurrencyLimit } from "~/utils/concurrency";
import { scanCsv } from "~/utils/csv-reader.server";
import { dateToCivil, isCivilDate, today } from "~/utils/dates";
import { parseYuanToFen } from "~/utils/money";
import { FormulaCell, openXlsx, SheetReadError, type RowVisitor, type SheetCell } from "~/utils/xlsx-reader.server";
import type { ImportRow, RowError } from "~/models/capital.server";
import { FIELD_BY_HEADER, IMPORT_COLUMNS, KIND_BY_NAME, normalizeHeader, type ImportField, type ImportKind } from "./payment-columns.server";

export const MAX_IMPORT_BYTES = 5_000_000;
export const MAX_IMPORT_ROWS = 5_000;
/** Beyond this many row errors the list is cut short (with a file-level note): enough to fix a file. */
export const MAX_REPORTED_ERRORS = 500;

const LIMITS = { payee: 200, voucher: 50, note: 500, line: 100, contract: 100, account: 100 } as const;

/** Sheets the importer reads first: the template's and the exported ledger's. */
const PREFERRED_SHEETS = ["payments", "支付台账", "paymentledger"];

/**
 * A row as read from the file: the payment's kind, and its cost account's code as written and, once
 * resolved against the project (resolveAccounts), its leaf's id (null on a contract row left blank:
 * the payment takes the contract's account).
 */
export type PaymentFileRow = ImportRow & { kind: ImportKind; accountCode: string; accountId: number | null };

// ─── Reading ─────────────────────────────────────────────────────────────────
//
// Uploaded files are read through bounded readers (app/utils/xlsx-reader.server.ts, csv-reader.server.ts):
// a sheet is scanned row by row and the scan stops at the header search's 10 rows, at a header that
// lacks required columns, or at the first data row past MAX_IMPORT_ROWS, so a huge file costs no
// more than its first 5,001 data rows (and the readers' unpacking limits).

type Cell = string | number | Date | null;
type ReadResult = { rows: PaymentFileRow[]; errors: RowError[] };
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
 * Given the project, each row's cost account is resolved too (resolveAccounts).
 */
export async function readPaymentFile(data: Buffer, filename: string, projectId?: number): Promise<ReadResult> {
  const read = await importReads.run(() => readPaymentFileNow(data, filename));
  // A file-level error (an unreadable file, too many rows or errors) is the whole answer.
  if (projectId === undefined || read.errors.some((e) => e.row === 0)) return read;
  return resolveAccounts(projectId, read);
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
  const rows: PaymentFileRow[] = [];
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
function validateRow(number: number, cells: SheetCell[], columns: Map<ImportField, number>, todayCivil: string, rows: PaymentFileRow[], errors: RowError[]) {
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
  // A code cell may hold the code and the name, as the ledger page and its export show them ("COM 地上商业工程").
  const lineCode = codeOf(textOf("line", LIMITS.line, true));
  const accountCode = codeOf(textOf("account", LIMITS.account, false));
  const contractCode = textOf("contract", LIMITS.contract, false);
  const kindCell = cell("kind");
  const kind = kindCell === undefined ? null : readKind(kindCell, contractCode !== "");
  if (kind && !kind.ok) fail("kind", kind.message);
  const payee = textOf("payee", LIMITS.payee, true);
  const amountCell = cell("amount");
  const amount = amountCell === undefined ? null : readAmount(amountCell);
  if (amount && !amount.ok) fail("amount", amount.message);
  const voucherNo = textOf("voucher", LIMITS.voucher, false);
  const note = textOf("note", LIMITS.note, false);

  // A reversal's amount is negative by nature: the row is refused for its kind, not its sign as well.
  const reversal = kind !== null && !kind.ok && kind.message === "import_no_reversal";
  const reported = reversal ? rowErrors.filter((e) => !(e.field === "amount" && e.message === "amount_positive")) : rowErrors;
  if (reported.length > 0) errors.push(...reported);
  else {
    const paidOn = date?.ok ? date.value : "";
    rows.push({ row: number, paidOn, lineCode, contractCode, payee, amountFen: amount?.ok ? amount.value : 0n, voucherNo, note, kind: kind?.ok ? kind.value : "payment", accountCode, accountId: null });
  }
}

/** The code at the start of a cell ("COM.02.03 装饰装修" → "COM.02.03"): codes hold no spaces. */
function codeOf(text: string): string {
  return text.split(/\s+/)[0] ?? "";
}

/** The payment's kind by any of its names (blank: a payment); a reversal is never imported. */
function readKind(cell: Cell, onContract: boolean): Parsed<ImportKind> {
  const text = cellText(cell);
  if (text === "") return { ok: true, value: "payment" };
  const kind = KIND_BY_NAME.get(normalizeHeader(text));
  if (!kind) return { ok: false, message: "invalid_choice" };
  if (kind === "reversal") return { ok: false, message: "import_no_reversal" };
  if (kind !== "payment" && !onContract) return { ok: false, message: "kind_needs_contract" };
  return { ok: true, value: kind };
}

/**
 * Each row's cost account code → the id of a leaf of this project. A row error on field "accountId"
 * for an unknown code or a first-level (non-leaf) account; a blank code is fine on a contract row (the
 * payment takes the contract's account) and required otherwise. Whether the leaf is under the row's
 * line (and is the contract's) is checked with the budget, in importPayments. Errors come back in row
 * order with the reader's.
 */
export async function resolveAccounts(projectId: number, read: ReadResult): Promise<ReadResult> {
  const accounts = await prisma.costAccount.findMany({
    where: { projectId },
    select: { id: true, code: true, parentId: true },
  });
  const byCode = new Map(accounts.map((account) => [account.code.toUpperCase(), account]));
  const rows: PaymentFileRow[] = [];
  const errors: RowError[] = [...read.errors];
  for (const row of read.rows) {
    const fail = (message: string) => errors.push({ row: row.row, field: "accountId", message, ...(message === "account_required" ? {} : { vars: { code: row.accountCode } }) });
    if (row.accountCode === "") {
      if (row.contractCode === "") fail("account_required");
      else rows.push({ ...row, accountId: null });
      continue;
    }
    const account = byCode.get(row.accountCode.toUpperCase());
    if (!account) fail("import_unknown_account");
    else if (account.parentId === null) fail("import_account_not_leaf");
    else rows.push({ ...row, accountCode: account.code, accountId: account.id });
  }
  errors.sort((a, b) => a.row - b.row);
  if (errors.length > MAX_REPORTED_ERRORS + 1) {
    const count = errors.filter((e) => e.row > 0).length;
    return { rows, errors: [...errors.filter((e) => e.row > 0).slice(0, MAX_REPORTED_ERRORS), { row: 0, field: "file", message: "too_many_errors", vars: { count: String(count) } }] };
  }
  return { rows, errors };
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
