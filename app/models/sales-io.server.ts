// The sales side as an Excel workbook: achievement against the year's targets by product, quarter and
// month; every sale and internal subscription; every lease; the marketing agency's contract with what
// it achieved and its commission. Figures are those of /sales (salesView), for the same year and today.
//
// As in the budget and financing exports: headers are the /sales page's column names where it has the
// column, amounts numbers in 元 (the unit in the cell format), areas numbers in m² ('#,##0.00'), dates
// real Excel dates at 00:00 of the civil date, rates fractions shown as percentages.
import type ExcelJS from "exceljs";
import { prisma } from "~/db.server";
import { PRODUCTS, type Product } from "~/domain/sales";
import { translator, type MessageKey } from "~/i18n";
import { civilToDate, type CivilDate } from "~/utils/dates";
import { formatMoney, type Lang } from "~/utils/money";
import { DATE_FORMAT, MONEY_FORMAT, newWorkbook, PERCENT_FORMAT, styleHeader, toBuffer, yuan, yuanFormat } from "./cost/io/workbook.server";
import { salesView } from "./sales.server";

export const AREA_FORMAT = "#,##0.00";

const TEXT = {
  zh: {
    achievementSheet: (year: number) => `${year}年目标与完成`,
    salesSheet: "销售与认购记录",
    leasesSheet: "租赁合同",
    agencySheet: "营销代理合同",
    period: "期间",
    level: "层级",
    levels: { year: "全年", quarter: "季度", month: "月度" },
    rate: "完成率",
    total: "合计",
    signedOn: "签约日期",
    outstanding: "未收款",
    startOn: "起租日期",
    endOn: "到期日期",
    agency: "代理公司",
    year: "年度",
    periodStart: "合同期起",
    periodEnd: "合同期止",
    task: "年度任务",
    agencyAchieved: "代理已完成",
    incentiveRate: "佣金比例",
    incentive: "佣金",
    incentiveTerms: "激励条款",
    none: "无",
    salesCut: (shown: string, count: string, total: string) => `仅导出最近 ${shown} 笔（共 ${count} 笔，全部合计 ${total}）；合计行为全部记录的合计`,
    totalAll: (count: string) => `合计（全部 ${count} 笔）`,
  },
  en: {
    achievementSheet: (year: number) => `${year} target vs achieved`,
    salesSheet: "Sales and subscriptions",
    leasesSheet: "Leases",
    agencySheet: "Agency contract",
    period: "Period",
    level: "Level",
    levels: { year: "Year", quarter: "Quarter", month: "Month" },
    rate: "Achieved %",
    total: "Total",
    signedOn: "Signed on",
    outstanding: "Outstanding",
    startOn: "Start",
    endOn: "End",
    agency: "Agency",
    year: "Year",
    periodStart: "Period start",
    periodEnd: "Period end",
    task: "Yearly task",
    agencyAchieved: "Achieved by the agency",
    incentiveRate: "Commission rate",
    incentive: "Commission",
    incentiveTerms: "Incentive terms",
    none: "None",
    salesCut: (shown: string, count: string, total: string) => `Only the latest ${shown} records are exported (of ${count}, total ${total} for all); the total row covers every record`,
    totalAll: (count: string) => `Total (all ${count})`,
  },
} as const;

const area = { style: { numFmt: AREA_FORMAT } };
const date = { style: { numFmt: DATE_FORMAT } };
/** csqm (hundredths of m²) → m² as a number: exact to the nearest double. */
const sqm = (csqm: number) => csqm / 100;
const day = (civil: CivilDate) => civilToDate(civil);
/** Share of `part` in `whole` as a fraction for a percentage cell; empty when there is no whole. */
const share = (part: bigint, whole: bigint) => (whole === 0n ? null : Number((part * 1_000_000n) / whole) / 1_000_000);

function frozenSheet(workbook: ExcelJS.Workbook, name: string, xSplit = 0) {
  return workbook.addWorksheet(name, { views: [{ state: "frozen", xSplit, ySplit: 1 }] });
}

function totalRowStyle(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.eachCell((cell) => (cell.border = { top: { style: "thin" } }));
}

/** The most sale records one export lists; past it the sheet says so and its total row is every record's, from SQL. */
export const SALES_EXPORT_MAX_ROWS = 20_000;

export async function salesWorkbook(projectId: number, year: number, lang: Lang, today: CivilDate, maxRecords = SALES_EXPORT_MAX_ROWS): Promise<Buffer> {
  const t = translator(lang);
  // Columns the /sales page shows go under its names (issue 13, point 10); money shows 元 in the cell.
  const text = {
    ...TEXT[lang],
    product: t("sales.product"),
    target: t("sales.target"),
    achieved: t("sales.achieved"),
    gap: t("sales.gap"),
    date: t("budget.date"),
    unit: t("sales.unit"),
    area: t("sales.area"),
    unitPrice: t("sales.unitPrice"),
    amount: t("budget.amount"),
    buyer: t("sales.buyer"),
    buyerType: t("sales.buyerType"),
    received: t("sales.received"),
    tenant: t("sales.tenant"),
    monthlyRent: t("sales.monthlyRent"),
    contractRent: t("sales.contractRent"),
    prepaid: t("sales.prepaid"),
  };
  const money = { style: { numFmt: yuanFormat(lang) } };
  const productName = (product: string) => t(`product.${product}` as MessageKey);
  // The export lists the latest SALES_EXPORT_MAX_ROWS records (every record in practice: a project sells
  // a few thousand units), so no request writes a sheet without bound.
  const view = await salesView(projectId, year, today, { allRecords: true, maxRecords });
  const workbook = newWorkbook();

  // 目标与完成: for each product the year, then each quarter followed by its three months.
  const achievement = frozenSheet(workbook, text.achievementSheet(year), 2);
  achievement.columns = [
    { key: "product", header: text.product, width: 20 },
    { key: "period", header: text.period, width: 10 },
    { key: "level", header: text.level, width: 8 },
    { key: "target", header: text.target, width: 20, ...money },
    { key: "achieved", header: text.achieved, width: 20, ...money },
    { key: "gap", header: text.gap, width: 20, ...money },
    { key: "rate", header: text.rate, width: 10, style: { numFmt: PERCENT_FORMAT } },
  ];
  styleHeader(achievement);
  type Row = { period: string; targetFen: bigint; achievedFen: bigint; gapFen: bigint };
  const addPeriod = (product: Product, row: Row, level: keyof typeof text.levels) =>
    achievement.addRow({
      product: productName(product),
      period: row.period,
      level: text.levels[level],
      target: yuan(row.targetFen),
      achieved: yuan(row.achievedFen),
      gap: yuan(row.gapFen),
      rate: share(row.achievedFen, row.targetFen),
    });
  const totals = { targetFen: 0n, achievedFen: 0n, gapFen: 0n };
  for (const product of PRODUCTS) {
    const figures = view.byProduct.find((p) => p.product === product)!;
    addPeriod(product, figures.year, "year").font = { bold: true };
    figures.quarters.forEach((quarter, q) => {
      addPeriod(product, quarter, "quarter");
      for (const month of figures.months.slice(q * 3, q * 3 + 3)) addPeriod(product, month, "month");
    });
    totals.targetFen += figures.year.targetFen;
    totals.achievedFen += figures.year.achievedFen;
    totals.gapFen += figures.year.gapFen;
  }
  totalRowStyle(
    achievement.addRow({
      product: text.total,
      period: String(year),
      level: text.levels.year,
      target: yuan(totals.targetFen),
      achieved: yuan(totals.achievedFen),
      gap: yuan(totals.gapFen),
      rate: share(totals.achievedFen, totals.targetFen),
    }),
  );
  achievement.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 3 } };

  // 销售与认购记录: oldest first, like a ledger, with a total row.
  const sales = frozenSheet(workbook, text.salesSheet, 0);
  sales.columns = [
    { key: "signedOn", header: text.date, width: 13, ...date },
    { key: "product", header: text.product, width: 18 },
    { key: "unit", header: text.unit, width: 14 },
    { key: "area", header: text.area, width: 12, ...area },
    { key: "unitPrice", header: text.unitPrice, width: 16, style: { numFmt: MONEY_FORMAT } }, // its name carries the unit
    { key: "amount", header: text.amount, width: 18, ...money },
    { key: "buyer", header: text.buyer, width: 20 },
    { key: "buyerType", header: text.buyerType, width: 12 },
    { key: "received", header: text.received, width: 18, ...money },
    { key: "outstanding", header: text.outstanding, width: 18, ...money },
  ];
  const saleTotals = { areaCsqm: 0, amountFen: 0n, receivedFen: 0n };
  const cut = view.sales.length >= maxRecords && view.saleCount > view.sales.length;
  if (cut) {
    // Cut: a note above the header, and the total row is every signed sale's, summed in SQL (not the rows').
    const [all, receivedAll] = await Promise.all([
      prisma.saleRecord.aggregate({ where: { projectId, status: "signed" }, _sum: { areaCsqm: true, amountFen: true } }),
      prisma.receipt.aggregate({ where: { sale: { projectId, status: "signed" } }, _sum: { amountFen: true } }),
    ]);
    saleTotals.areaCsqm = all._sum.areaCsqm ?? 0;
    saleTotals.amountFen = all._sum.amountFen ?? 0n;
    saleTotals.receivedFen = receivedAll._sum.amountFen ?? 0n;
    sales.insertRow(1, [text.salesCut(view.sales.length.toLocaleString("en-US"), view.saleCount.toLocaleString("en-US"), formatMoney(saleTotals.amountFen, lang, "yuan"))]);
    sales.mergeCells(1, 1, 1, sales.columns.length);
    sales.views = [{ state: "frozen", xSplit: 0, ySplit: 2 }];
  }
  styleHeader(sales, cut ? 2 : 1);
  if (cut) {
    const note = sales.getRow(1);
    note.font = { bold: true, color: { argb: "FFB42318" } };
    note.height = 30;
  }
  for (const sale of [...view.sales].reverse()) {
    sales.addRow({
      signedOn: day(sale.signedOn),
      product: productName(sale.product),
      unit: sale.unitNo,
      area: sqm(sale.areaCsqm),
      unitPrice: yuan(sale.unitPriceFen),
      amount: yuan(sale.amountFen),
      buyer: sale.buyerName || null,
      buyerType: t(`sales.buyer.${sale.buyerType}` as MessageKey),
      received: yuan(sale.receivedFen),
      outstanding: yuan(sale.amountFen - sale.receivedFen),
    });
    if (cut) continue;
    saleTotals.areaCsqm += sale.areaCsqm;
    saleTotals.amountFen += sale.amountFen;
    saleTotals.receivedFen += sale.receivedFen;
  }
  if (view.sales.length > 0) {
    const headerRow = cut ? 2 : 1;
    sales.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: sales.columns.length } };
    totalRowStyle(
      sales.addRow({
        product: cut ? text.totalAll(view.saleCount.toLocaleString("en-US")) : text.total,
        area: sqm(saleTotals.areaCsqm),
        amount: yuan(saleTotals.amountFen),
        received: yuan(saleTotals.receivedFen),
        outstanding: yuan(saleTotals.amountFen - saleTotals.receivedFen),
      }),
    );
  }

  // 租赁合同: oldest first, with a total row.
  const leases = frozenSheet(workbook, text.leasesSheet, 0);
  leases.columns = [
    { key: "tenant", header: text.tenant, width: 26 },
    { key: "unit", header: text.unit, width: 12 },
    { key: "area", header: text.area, width: 12, ...area },
    { key: "monthlyRent", header: text.monthlyRent, width: 16, ...money },
    { key: "startOn", header: text.startOn, width: 13, ...date },
    { key: "endOn", header: text.endOn, width: 13, ...date },
    { key: "contractRent", header: text.contractRent, width: 20, ...money },
    { key: "prepaid", header: text.prepaid, width: 18, ...money },
    { key: "signedOn", header: text.date, width: 13, ...date },
  ];
  styleHeader(leases);
  const leaseTotals = { areaCsqm: 0, contractRentFen: 0n, prepaidFen: 0n };
  for (const lease of [...view.leases].reverse()) {
    leases.addRow({
      tenant: lease.tenant,
      unit: lease.unitNo,
      area: sqm(lease.areaCsqm),
      monthlyRent: yuan(lease.monthlyRentFen),
      startOn: day(lease.startOn),
      endOn: day(lease.endOn),
      contractRent: yuan(lease.contractRentFen),
      prepaid: yuan(lease.prepaidRentFen),
      signedOn: day(lease.signedOn),
    });
    leaseTotals.areaCsqm += lease.areaCsqm;
    leaseTotals.contractRentFen += lease.contractRentFen;
    leaseTotals.prepaidFen += lease.prepaidRentFen;
  }
  if (view.leases.length > 0) {
    totalRowStyle(
      leases.addRow({ tenant: text.total, area: sqm(leaseTotals.areaCsqm), contractRent: yuan(leaseTotals.contractRentFen), prepaid: yuan(leaseTotals.prepaidFen) }),
    );
  }

  // 营销代理合同: the year's contract, what the agency achieved in its period, and its commission.
  const agency = frozenSheet(workbook, text.agencySheet, 1);
  agency.columns = [
    { key: "agency", header: text.agency, width: 26 },
    { key: "year", header: text.year, width: 8 },
    { key: "periodStart", header: text.periodStart, width: 13, ...date },
    { key: "periodEnd", header: text.periodEnd, width: 13, ...date },
    { key: "task", header: text.task, width: 20, ...money },
    { key: "achieved", header: text.agencyAchieved, width: 22, ...money },
    { key: "rate", header: text.rate, width: 10, style: { numFmt: PERCENT_FORMAT } },
    { key: "incentiveRate", header: text.incentiveRate, width: 10, style: { numFmt: PERCENT_FORMAT } },
    { key: "incentive", header: text.incentive, width: 18, ...money },
    { key: "signedOn", header: text.signedOn, width: 13, ...date },
    { key: "incentiveTerms", header: text.incentiveTerms, width: 50 },
  ];
  styleHeader(agency);
  const contract = view.agency;
  if (contract) {
    agency.addRow({
      agency: contract.agency,
      year: contract.year,
      periodStart: day(contract.periodStart),
      periodEnd: day(contract.periodEnd),
      task: yuan(contract.taskFen),
      achieved: yuan(contract.achievedFen),
      rate: share(contract.achievedFen, contract.taskFen),
      incentiveRate: contract.incentiveBps / 10_000,
      incentive: yuan(contract.incentiveFen),
      signedOn: contract.signedOn ? day(contract.signedOn) : null,
      incentiveTerms: contract.incentiveTerms || null,
    });
  } else {
    agency.addRow({ agency: text.none, year });
  }

  return toBuffer(workbook);
}
