// The financing ledger as an Excel workbook: the channels (target, committed, secured, drawn,
// expected), every facility with each drawdown as a row (planned, expected with why it moved, actual),
// and the monthly funding gap (the secured-only cash flow). Figures are those of /financing, for the same `today`.
//
// Headers are the /financing pages' column names where they have the column. Amounts are numbers in
// 元 with two decimals, the unit in the cell format (as in the budget export), dates real Excel dates at
// 00:00 of the civil date, months the first day of the month shown as yyyy-mm, rates fractions shown
// as percentages.
import type ExcelJS from "exceljs";
import type { FacilityStatus } from "~/domain/financing";
import { civilToDate, type CivilDate } from "~/utils/dates";
import type { Lang } from "~/utils/money";
import { translator } from "~/i18n";
import { DATE_FORMAT, newWorkbook, PERCENT_FORMAT, styleHeader, toBuffer, yuan, yuanFormat } from "./cost/io/workbook.server";
import { cashflowView, gapPoints } from "./cashflow.server";
import { financingView } from "./financing.server";

const MONTH_FORMAT = "yyyy-mm";

const TEXT = {
  zh: {
    channelsSheet: "融资渠道",
    facilitiesSheet: "融资项目与提款",
    gapSheet: "资金缺口",
    fromSales: "其中销售收款",
    total: "合计",
    flag: "预警",
    delayDays: "顺延天数",
    actualOn: "实际日期",
    milestone: "前提里程碑",
    short: "缺口",
    flags: { milestone_slip: "前提里程碑延误", before_milestone: "计划早于前提里程碑完成", overdue: "逾期未到位" },
    statuses: { negotiating: "洽谈中", approved: "已审批", signed: "已签约", drawing: "提款中", repaid: "已还清" },
  },
  en: {
    channelsSheet: "Channels",
    facilitiesSheet: "Facilities and drawdowns",
    gapSheet: "Funding gap",
    fromSales: "Of which sales receipts",
    total: "Total",
    flag: "Flag",
    delayDays: "Days moved",
    actualOn: "Actual date",
    milestone: "Waits for milestone",
    short: "Short",
    flags: { milestone_slip: "Milestone slipped", before_milestone: "Planned before its milestone ends", overdue: "Overdue" },
    statuses: { negotiating: "Negotiating", approved: "Approved", signed: "Signed", drawing: "Drawing", repaid: "Repaid" },
  },
} as const;

const date = { style: { numFmt: DATE_FORMAT } };
const nameIn = (lang: Lang, record: { name: string; nameEn: string }) => (lang === "en" && record.nameEn ? record.nameEn : record.name);
const day = (civil: CivilDate | null) => (civil ? civilToDate(civil) : null);
const amount = (fen: bigint | null) => (fen === null ? null : yuan(fen));

function frozenSheet(workbook: ExcelJS.Workbook, name: string, xSplit = 0) {
  return workbook.addWorksheet(name, { views: [{ state: "frozen", xSplit, ySplit: 1 }] });
}

function totalRowStyle(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.eachCell((cell) => (cell.border = { top: { style: "thin" } }));
}

export async function financingWorkbook(projectId: number, lang: Lang, today: CivilDate): Promise<Buffer> {
  const text = TEXT[lang];
  // Headers are the /financing pages' column names (issue 13, point 10); money shows its unit in the cell.
  const t = translator(lang);
  const money = { style: { numFmt: yuanFormat(lang) } };
  const view = await financingView(projectId, today);
  const workbook = newWorkbook();

  // 融资渠道: one row per channel and a total.
  const channels = frozenSheet(workbook, text.channelsSheet, 1);
  channels.columns = [
    { key: "channel", header: t("fin.channel"), width: 20 },
    { key: "target", header: t("fin.target"), width: 20, ...money },
    { key: "committed", header: t("fin.committed"), width: 20, ...money },
    { key: "secured", header: t("fin.secured"), width: 20, ...money },
    { key: "drawn", header: t("fin.drawn"), width: 20, ...money },
    { key: "sales", header: text.fromSales, width: 22, ...money },
    { key: "expected", header: t("fin.expected"), width: 20, ...money },
  ];
  styleHeader(channels);
  for (const channel of view.channels) {
    channels.addRow({
      channel: nameIn(lang, channel),
      target: yuan(channel.targetFen),
      committed: yuan(channel.committedFen),
      secured: yuan(channel.securedFen),
      drawn: yuan(channel.drawnFen),
      sales: yuan(channel.salesFen),
      expected: yuan(channel.expectedFen),
    });
  }
  totalRowStyle(
    channels.addRow({
      channel: text.total,
      target: yuan(view.totals.targetFen),
      committed: yuan(view.totals.committedFen),
      secured: yuan(view.totals.securedFen),
      drawn: yuan(view.totals.drawnFen),
      sales: yuan(view.channels.reduce((sum, c) => sum + c.salesFen, 0n)),
      expected: yuan(view.totals.expectedFen),
    }),
  );

  // 融资项目与提款: each drawdown a row; a facility without drawdowns still gets one.
  const facilities = frozenSheet(workbook, text.facilitiesSheet, 2);
  facilities.columns = [
    { key: "channel", header: t("fin.channel"), width: 16 },
    { key: "counterparty", header: t("fin.counterparty"), width: 28 },
    { key: "status", header: t("fin.status"), width: 10 },
    { key: "rate", header: t("fin.rate"), width: 10, style: { numFmt: PERCENT_FORMAT } },
    { key: "plannedOn", header: t("fin.plannedOn"), width: 13, ...date },
    { key: "planned", header: t("fin.plannedAmount"), width: 18, ...money },
    { key: "expectedOn", header: t("fin.expectedOn"), width: 14, ...date },
    { key: "flag", header: text.flag, width: 16 },
    { key: "delayDays", header: text.delayDays, width: 10 },
    { key: "actualOn", header: text.actualOn, width: 13, ...date },
    { key: "actual", header: t("fin.actual"), width: 18, ...money },
    { key: "milestone", header: text.milestone, width: 12 },
    { key: "note", header: t("ms.note"), width: 30 },
  ];
  styleHeader(facilities);
  for (const channel of view.channels) {
    for (const facility of channel.facilities) {
      const common = {
        channel: nameIn(lang, channel),
        counterparty: facility.counterparty,
        status: text.statuses[facility.status as FacilityStatus] ?? facility.status,
        rate: facility.rateBps / 10_000,
      };
      if (facility.drawdowns.length === 0) facilities.addRow(common);
      for (const d of facility.drawdowns) {
        facilities.addRow({
          ...common,
          plannedOn: day(d.plannedOn),
          planned: yuan(d.plannedFen),
          expectedOn: day(d.forecast.on),
          flag: d.forecast.flag ? text.flags[d.forecast.flag] : null,
          delayDays: d.forecast.delayDays || null,
          actualOn: day(d.actualOn),
          actual: amount(d.actualFen),
          milestone: d.milestone?.code ?? null,
          note: d.note || null,
        });
      }
    }
  }
  facilities.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: facilities.columns.length } };

  // 资金缺口: the secured-only cash flow to completion, as on /financing (issue 14).
  const cashflow = await cashflowView(projectId, today);
  const flows = gapPoints(cashflow.scenarios.secured.months).map((p, i) => {
    const m = cashflow.scenarios.secured.months[i];
    return { month: p.month, spendFen: BigInt(m.totalOutFen), fundsFen: BigInt(m.totalInFen), spendCumulativeFen: BigInt(p.spendCumulativeFen), fundsCumulativeFen: BigInt(p.fundsCumulativeFen), balanceFen: BigInt(m.balanceFen), shortFen: BigInt(m.gapFen) };
  });
  const gap = frozenSheet(workbook, text.gapSheet, 1);
  gap.columns = [
    { key: "month", header: t("budget.month"), width: 10, style: { numFmt: MONTH_FORMAT } },
    { key: "spend", header: t("fin.cashOut"), width: 20, ...money },
    { key: "funds", header: t("fin.fundsIn"), width: 20, ...money },
    { key: "spendCumulative", header: t("fin.spendCumulative"), width: 24, ...money },
    { key: "fundsCumulative", header: t("fin.fundsCumulative"), width: 24, ...money },
    { key: "balance", header: t("fin.balance"), width: 20, ...money },
    { key: "short", header: text.short, width: 20, ...money },
  ];
  styleHeader(gap);
  for (const month of flows) {
    const row = gap.addRow({
      month: civilToDate(`${month.month}-01`),
      spend: yuan(month.spendFen),
      funds: yuan(month.fundsFen),
      spendCumulative: yuan(month.spendCumulativeFen),
      fundsCumulative: yuan(month.fundsCumulativeFen),
      balance: yuan(month.balanceFen),
      short: yuan(month.shortFen),
    });
    if (month.shortFen > 0n) row.getCell("short").font = { bold: true, color: { argb: "FFB42318" } };
  }

  return toBuffer(workbook);
}
