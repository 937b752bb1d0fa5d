// The 支付台账 sheet of the budget export: the ledger page's columns under the page's names, oldest
// first, both rows of every correction (红冲: the reversal negative, naming the voucher it reverses and
// why). No totals row, so the sheet imports as it is (payment-import.server.ts reads these headers;
// the correction column is ignored and a reversal row is refused, never re-recorded).
//
// Bounded: the ledger page's filter (line, from, to) and at most LEDGER_EXPORT_MAX_ROWS payments, the
// latest (as the page lists them), so no request makes the server write a sheet of every payment ever
// made. When cut, a note above the header says so, with the count and total of every payment the filter
// selects (exact, summed in SQL); the importer skips it (it looks for the header in the first 10 rows).
import type ExcelJS from "exceljs";
import { localName, translator, type MessageKey } from "~/i18n";
import { civilToDate } from "~/utils/dates";
import { formatMoney, type Lang } from "~/utils/money";
import { ledgerTotals, paymentLedger, type LedgerFilter } from "~/models/capital.server";
import { DATE_FORMAT, styleHeader, yuan, yuanFormat } from "./workbook.server";

/** The most payments one export writes (about 0.4 MB; writing the file is one synchronous step of ~1 s at this size, so the cap bounds how long it holds the event loop; the rest are reached by filtering by date). */
export const LEDGER_EXPORT_MAX_ROWS = 10_000;
const YIELD_EVERY_ROWS = 1_000;

export async function addLedgerSheet(workbook: ExcelJS.Workbook, projectId: number, lang: Lang, filter: LedgerFilter = {}, maxRows = LEDGER_EXPORT_MAX_ROWS) {
  const t = translator(lang);
  const [latest, totals] = await Promise.all([paymentLedger(projectId, filter, maxRows), ledgerTotals(projectId, filter)]);
  const ledger = latest.reverse();
  // Cut only when the bound was reached (a payment recorded between the two reads is no reason for a note).
  const cut = ledger.length >= maxRows && totals.count > ledger.length;
  const voucherOf = new Map(ledger.map((payment) => [payment.id, payment.voucherNo || `#${payment.id}`]));
  const sheet = workbook.addWorksheet(t("budget.ledger"), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { key: "date", header: t("budget.date"), width: 12, style: { numFmt: DATE_FORMAT } },
    { key: "line", header: t("budget.line"), width: 22 },
    { key: "account", header: t("io.account"), width: 24 },
    { key: "contract", header: t("budget.contract"), width: 14 },
    { key: "payee", header: t("budget.payee"), width: 26 },
    { key: "amount", header: t("budget.amount"), width: 18, style: { numFmt: yuanFormat(lang) } },
    { key: "voucher", header: t("budget.voucher"), width: 16 },
    { key: "note", header: t("ms.note"), width: 30 },
    { key: "enteredBy", header: t("budget.enteredBy"), width: 10 },
    { key: "kind", header: t("corrections.kind"), width: 12 },
    { key: "correction", header: t("io.correction"), width: 40 },
  ];
  if (cut) {
    // The note above the header: visible on screen and on every printed page (a print-title row).
    sheet.insertRow(1, [t("io.ledgerCut", { shown: ledger.length.toLocaleString("en-US"), count: totals.count.toLocaleString("en-US"), total: formatMoney(totals.totalFen, lang, "yuan") })]);
    sheet.mergeCells(1, 1, 1, sheet.columns.length);
    sheet.views = [{ state: "frozen", ySplit: 2 }];
  }
  const headerRow = cut ? 2 : 1;
  styleHeader(sheet, headerRow);
  if (cut) {
    const note = sheet.getRow(1);
    note.font = { bold: true, color: { argb: "FFB42318" } };
    note.height = 30;
    note.getCell(1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF4E5" } };
  }
  for (const [index, payment] of ledger.entries()) {
    // Thousands of rows are CPU on the event loop: let other requests in between batches.
    if (index > 0 && index % YIELD_EVERY_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
    const reversed = payment.reversedBy;
    sheet.addRow({
      date: civilToDate(payment.paidOn),
      line: `${payment.line.code} ${localName(lang, payment.line)}`,
      account: payment.account ? `${payment.account.code} ${localName(lang, payment.account)}` : null,
      contract: payment.contract?.code ?? null, // empty stays an empty cell, not an empty string
      payee: payment.payee,
      amount: yuan(payment.amountFen),
      voucher: payment.voucherNo || null,
      note: payment.note || null,
      enteredBy: payment.createdBy ? (lang === "en" ? payment.createdBy.displayNameEn : payment.createdBy.displayName) : null,
      kind: t(`corrections.kind.${payment.kind}` as MessageKey),
      correction: payment.reversalOfId
        ? t("io.reversalOf", { voucher: voucherOf.get(payment.reversalOfId) ?? `#${payment.reversalOfId}`, reason: payment.reason })
        : reversed
          ? t("io.reversedBy", { date: reversed.paidOn, voucher: voucherOf.get(reversed.id) ?? `#${reversed.id}`, reason: reversed.reason })
          : null,
    });
  }
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: sheet.columns.length } };
  return sheet;
}
