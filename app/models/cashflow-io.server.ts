// The cash flow to completion as an Excel workbook (GET /financing/cashflow.xlsx, issue 14): sheet 1
// the monthly table of the chosen scenario (as /financing/cashflow shows it: every kind of cash in and
// out, net, cumulative balance, gap, actual months marked), sheet 2 the facilities' interest, sheet 3
// both scenarios' first gap and peak, the financing cost and the probabilities used. Figures are those
// of cashflowView for the same `today`.
//
// Headers are the page's column names; amounts are numbers in 元 with two decimals (the unit in the
// cell format), months the first day of the month shown as yyyy-mm, dates real dates, shares percents.
// Every sheet prints landscape, one page wide, header rows repeated (styleHeader).
import type ExcelJS from "exceljs";
import type { Scenario } from "~/domain/cashflow";
import { translator, type MessageKey } from "~/i18n";
import { civilToDate, type CivilDate } from "~/utils/dates";
import type { Lang } from "~/utils/money";
import { cashflowView } from "./cashflow.server";
import { DATE_FORMAT, newWorkbook, PERCENT_FORMAT, styleHeader, toBuffer, yuanFormat } from "./cost/io/workbook.server";

const MONTH_FORMAT = "yyyy-mm";
const IN_KINDS = ["equity", "drawdown", "drawdown_forecast", "sales", "sales_forecast", "lease", "lease_forecast"] as const;
const OUT_KINDS = ["payment", "spending", "interest", "fee", "repayment"] as const;

/** 分 as a decimal string → 元 as a number, exactly (see workbook.server yuan()). */
function yuanOf(fen: string | null | undefined): number | null {
  if (fen === null || fen === undefined) return null;
  const value = BigInt(fen);
  const sign = value < 0n ? "-" : "";
  const abs = value < 0n ? -value : value;
  return Number(`${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`);
}
const month = (m: string) => civilToDate(`${m}-01`);
const day = (civil: CivilDate | null) => (civil ? civilToDate(civil) : null);

function frozenSheet(workbook: ExcelJS.Workbook, name: string, xSplit: number, ySplit: number) {
  return workbook.addWorksheet(name, { views: [{ state: "frozen", xSplit, ySplit }] });
}

export async function cashflowWorkbook(projectId: number, scenario: Scenario, lang: Lang, today: CivilDate): Promise<Buffer> {
  const t = translator(lang);
  const money = { numFmt: yuanFormat(lang) };
  const view = await cashflowView(projectId, today);
  const workbook = newWorkbook();
  const flow = view.scenarios[scenario];

  // Sheet 1: the monthly table, two header rows (cash in / cash out, then the kinds), as on the page.
  const inKinds = IN_KINDS.filter((k) => flow.months.some((m) => (m.inFen[k] ?? "0") !== "0"));
  const outKinds = OUT_KINDS.filter((k) => flow.months.some((m) => (m.outFen[k] ?? "0") !== "0"));
  const monthly = frozenSheet(workbook, (lang === "zh" ? `${t("cf.sheet.monthly")}（${t(`cf.scenario.${scenario}`)}）` : `${t("cf.sheet.monthly")} (${t(`cf.scenario.${scenario}`)})`).slice(0, 31), 1, 2);
  const columns: { key: string; group: string; header: string; width: number; numFmt?: string }[] = [
    { key: "month", group: t("budget.month"), header: t("budget.month"), width: 10, numFmt: MONTH_FORMAT },
    ...inKinds.map((k) => ({ key: k, group: t("cf.cashIn"), header: t(`cf.kind.${k}` as MessageKey), width: 18, ...money })),
    { key: "totalIn", group: t("cf.cashIn"), header: t("cf.totalIn"), width: 18, ...money },
    ...outKinds.map((k) => ({ key: k, group: t("cf.cashOut"), header: t(`cf.kind.${k}` as MessageKey), width: 18, ...money })),
    { key: "totalOut", group: t("cf.cashOut"), header: t("cf.totalOut"), width: 18, ...money },
    { key: "net", group: t("cf.net"), header: t("cf.net"), width: 18, ...money },
    { key: "balance", group: t("cf.balance"), header: t("cf.balance"), width: 18, ...money },
    { key: "gap", group: t("cf.gap"), header: t("cf.gap"), width: 18, ...money },
    { key: "actual", group: t("cf.actual"), header: t("cf.actual"), width: 8 },
  ];
  monthly.columns = columns.map((c) => ({ key: c.key, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  monthly.addRow(columns.map((c) => c.group));
  monthly.addRow(columns.map((c) => c.header));
  // Merge the group heading over its columns, and a single column's heading over both rows.
  let start = 1;
  for (let i = 1; i <= columns.length; i += 1) {
    if (i === columns.length || columns[i].group !== columns[start - 1].group) {
      if (i > start) monthly.mergeCells(1, start, 1, i);
      else monthly.mergeCells(1, start, 2, start);
      start = i + 1;
    }
  }
  styleHeader(monthly, 2);
  monthly.getRow(1).alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  for (const m of flow.months) {
    const row = monthly.addRow({
      month: month(m.month),
      ...Object.fromEntries(inKinds.map((k) => [k, yuanOf(m.inFen[k]) ?? 0])),
      totalIn: yuanOf(m.totalInFen),
      ...Object.fromEntries(outKinds.map((k) => [k, yuanOf(m.outFen[k]) ?? 0])),
      totalOut: yuanOf(m.totalOutFen),
      net: yuanOf(m.netFen),
      balance: yuanOf(m.balanceFen),
      gap: yuanOf(m.gapFen),
      actual: m.actual ? "✓" : null,
    });
    if (m.gapFen !== "0") row.getCell("gap").font = { bold: true, color: { argb: "FFB42318" } };
  }

  // Sheet 2: each facility's interest to date and to completion.
  const facilities = frozenSheet(workbook, t("cf.sheet.facilities"), 1, 1);
  facilities.columns = [
    { key: "counterparty", header: t("fin.counterparty"), width: 28 },
    { key: "status", header: t("fin.status"), width: 10 },
    { key: "rate", header: t("fin.rate"), width: 10, style: { numFmt: PERCENT_FORMAT } },
    { key: "firstDraw", header: t("cf.firstDraw"), width: 13, style: { numFmt: DATE_FORMAT } },
    { key: "maturity", header: t("cf.maturity"), width: 13, style: { numFmt: DATE_FORMAT } },
    { key: "balloon", header: t("cf.balloon"), width: 18, style: money },
    { key: "balloonOn", header: `${t("cf.balloon")} · ${t("cf.maturity")}`, width: 13, style: { numFmt: DATE_FORMAT } },
    { key: "interestToDate", header: t("cf.interestToDate"), width: 18, style: money },
    { key: "interestTotal", header: t("cf.interestToCompletion"), width: 18, style: money },
    { key: "capitalised", header: t("cf.capitalised"), width: 18, style: money },
    { key: "expensed", header: t("cf.expensed"), width: 18, style: money },
    { key: "fees", header: t("cf.fees"), width: 16, style: money },
  ];
  styleHeader(facilities);
  for (const f of view.facilities) {
    facilities.addRow({
      counterparty: f.counterparty,
      status: t(`fin.status.${f.status}` as MessageKey),
      rate: f.rateBps / 10_000,
      firstDraw: day(f.firstDrawOn),
      maturity: day(f.maturityOn),
      balloon: f.balloon ? yuanOf(f.balloon.amountFen) : null,
      balloonOn: f.balloon ? day(f.balloon.on) : null,
      interestToDate: yuanOf(f.interestToDateFen),
      interestTotal: yuanOf(f.interestTotalFen),
      capitalised: yuanOf(f.capitalisedFen),
      expensed: yuanOf(f.expensedFen),
      fees: yuanOf(f.feesFen),
    });
  }

  // Sheet 3: both scenarios' summary, the financing cost and the probabilities used.
  const summary = frozenSheet(workbook, t("cf.sheet.summary"), 1, 1);
  summary.columns = [
    { key: "item", header: t("cf.item"), width: 34 },
    { key: "secured", header: t("cf.scenario.secured"), width: 20 },
    { key: "expected", header: t("cf.scenario.expected"), width: 20 },
  ];
  styleHeader(summary);
  const both = (label: string, pick: (s: Scenario) => { value: number | Date | string | null; numFmt?: string }) => {
    const row = summary.addRow({ item: label });
    for (const s of ["secured", "expected"] as const) {
      const { value, numFmt } = pick(s);
      const cell = row.getCell(s);
      cell.value = value;
      if (numFmt) cell.numFmt = numFmt;
    }
  };
  const sc = view.scenarios;
  both(`${t("cf.firstGap")} · ${t("cf.month")}`, (s) => ({ value: sc[s].firstGap ? month(sc[s].firstGap!.month) : t("cf.noGap"), numFmt: MONTH_FORMAT }));
  both(t("cf.firstGap"), (s) => ({ value: sc[s].firstGap ? yuanOf(sc[s].firstGap!.gapFen) : null, numFmt: money.numFmt }));
  both(`${t("cf.peak")} · ${t("cf.month")}`, (s) => ({ value: sc[s].peak ? month(sc[s].peak!.month) : t("cf.noGap"), numFmt: MONTH_FORMAT }));
  both(t("cf.peak"), (s) => ({ value: sc[s].peak ? yuanOf(sc[s].peak!.gapFen) : null, numFmt: money.numFmt }));
  both(t("cf.totalIn"), (s) => ({ value: yuanOf(sc[s].totalInFen), numFmt: money.numFmt }));
  both(t("cf.totalOut"), (s) => ({ value: yuanOf(sc[s].totalOutFen), numFmt: money.numFmt }));
  summary.addRow({});
  const single = (label: string, value: number | string | null, numFmt?: string) => {
    const row = summary.addRow({ item: label, secured: value });
    if (numFmt) row.getCell("secured").numFmt = numFmt;
  };
  single(`${t("cf.financingCost")} · ${t("cf.costToDate")}`, yuanOf(view.financingCost.toDateFen), money.numFmt);
  single(`${t("cf.financingCost")} · ${t("cf.costToCompletion")}`, yuanOf(view.financingCost.toCompletionFen), money.numFmt);
  single(t("cf.capitalised"), yuanOf(view.financingCost.capitalisedFen), money.numFmt);
  single(t("cf.remainingSpend"), yuanOf(view.spending.remainingTotalFen), money.numFmt);
  single(t("cf.equityPaid"), yuanOf(view.equity.paidFen), money.numFmt);
  single(t("cf.totalBudget"), yuanOf(view.equity.totalBudgetFen), money.numFmt);
  summary.addRow({});
  const head = summary.addRow({ item: t("cf.probabilities"), secured: t("cf.probability") });
  head.font = { bold: true };
  for (const p of view.probabilities) single(t(`cf.probName.${p.status}` as MessageKey), p.bps / 10_000, PERCENT_FORMAT);

  return toBuffer(workbook);
}
