// Writing .xlsx downloads (exceljs): one workbook look for every export, money as exact 元 numbers, and
// sheets that print: landscape, one page wide, the header rows repeated on every page, page numbers.
import ExcelJS from "exceljs";
import { translator } from "~/i18n";
import { Busy, ConcurrencyLimit } from "~/utils/concurrency";
import { downloadResponse } from "~/utils/download.server";
import type { Lang } from "~/utils/money";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Money without a unit (the sales and financing exports, whose headers name the unit). */
export const MONEY_FORMAT = "#,##0.00";
export const DATE_FORMAT = "yyyy-mm-dd";
export const PERCENT_FORMAT = "0.00%";

/** Money in 元, the unit shown in the cell (the headers are the page's column names, which carry none). */
export function yuanFormat(lang: Lang): string {
  return lang === "en" ? '"¥"#,##0.00' : '#,##0.00"元"';
}

/**
 * 分 → 元 as a number, exactly: the decimal text "元.分" is built by bigint division (no float
 * arithmetic on 分) and parsed once, which gives the double nearest to the exact amount; Excel shows
 * it to 15 significant digits, so every amount below 10¹³ 元 reads back to the 分.
 */
export function yuan(fen: bigint): number {
  const sign = fen < 0n ? "-" : "";
  const abs = fen < 0n ? -fen : fen;
  return Number(`${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`);
}

export function newWorkbook() {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Groundwork";
  workbook.created = new Date();
  return workbook;
}

/**
 * The header row(s) in bold on a light fill, and the sheet set up for printing: landscape A4, fit to one
 * page wide (as many pages tall as it takes), the header rows repeated on every printed page
 * (_xlnm.Print_Titles), centred, with the sheet name and "page / pages" in the footer.
 */
export function styleHeader(sheet: ExcelJS.Worksheet, headerRows = 1) {
  for (let number = 1; number <= headerRows; number += 1) {
    const header = sheet.getRow(number);
    header.font = { bold: true };
    header.alignment = { vertical: "middle", wrapText: true };
    header.eachCell((cell) => {
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } };
      cell.border = { bottom: { style: "thin" } };
    });
  }
  printSetup(sheet, headerRows);
}

export function printSetup(sheet: ExcelJS.Worksheet, headerRows = 1) {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9, // A4
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0, // as many pages tall as needed
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `1:${headerRows}`,
  };
  sheet.headerFooter = { ...sheet.headerFooter, oddFooter: "&L&A&R&P / &N" };
}

export async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(written) ? written : Buffer.from(written as ArrayBuffer);
}

/**
 * Workbooks built at once in this process: one. Building one is CPU on the event loop (exceljs, and
 * better-sqlite3 reads are synchronous), so two at once only slow each other and every other user. One
 * more may wait a little; past that, or past the wait, the answer is 503 with Retry-After, as the
 * server answers when it is full (app/server/main.ts). A waiting export holds one of the server's
 * request slots, hence the short queue.
 */
export const exportSlots = new ConcurrencyLimit(1, 1, 5_000);

/**
 * Every .xlsx route's answer: `build` runs in the export slot (released however it ends) and its bytes
 * go out as an attachment; a request that finds the slot taken and the queue full, or waits too long,
 * gets 503 with Retry-After and nothing is built.
 */
export async function xlsxDownload(request: Request, filename: string, build: () => Promise<Buffer>): Promise<Response> {
  let release: () => void;
  try {
    release = await exportSlots.acquire(request.signal);
  } catch (error) {
    if (!(error instanceof Busy)) throw error;
    return exportBusyResponse(error.retryAfterSeconds);
  }
  try {
    return downloadResponse(await build(), filename, XLSX_CONTENT_TYPE);
  } finally {
    release();
  }
}

export function exportBusyResponse(retryAfterSeconds: number): Response {
  const vars = { seconds: String(retryAfterSeconds) };
  return new Response(`${translator("zh")("io.exportBusy", vars)}\n${translator("en")("io.exportBusy", vars)}`, {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" },
  });
}
