// The 支付台账 sheet of the budget export: the ledger page's columns under the page's names, oldest
// first, both rows of every correction (红冲: the reversal negative, naming the voucher it reverses and
// why). No totals row, so the sheet imports as it is (payment-import.server.ts reads these headers;
// the correction column is ignored and a reversal row is refused, never re-recorded).
import type ExcelJS from "exceljs";
import { localName, translator, type MessageKey } from "~/i18n";
import { civilToDate } from "~/utils/dates";
import type { Lang } from "~/utils/money";
import { paymentLedger } from "~/models/capital.server";
import { DATE_FORMAT, styleHeader, yuan, yuanFormat } from "./workbook.server";

export async function addLedgerSheet(workbook: ExcelJS.Workbook, projectId: number, lang: Lang) {
  const t = translator(lang);
  const ledger = (await paymentLedger(projectId)).reverse();
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
  styleHeader(sheet);
  for (const payment of ledger) {
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
      enteredBy: payment.createdBy?.displayName ?? null,
      kind: t(`corrections.kind.${payment.kind}` as MessageKey),
      correction: payment.reversalOfId
        ? t("io.reversalOf", { voucher: voucherOf.get(payment.reversalOfId) ?? `#${payment.reversalOfId}`, reason: payment.reason })
        : reversed
          ? t("io.reversedBy", { date: reversed.paidOn, voucher: voucherOf.get(reversed.id) ?? `#${reversed.id}`, reason: reversed.reason })
          : null,
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  return sheet;
}
