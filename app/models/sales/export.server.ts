// The sales side as an Excel workbook: achievement against the year's targets by product, quarter and
// month; every deal (认购, 签约, 退房, 换房) with its unit, buyer, dates, price, money received and
// outstanding; every lease with its rent-free months and escalation; the marketing agency's contract:
// task against its products' targets, achieved, collected, commission accrued and payable. Figures are those of /sales (salesView), for the same year and today.
//
// As in the budget and financing exports: headers are the /sales page's column names where it has the
// column, amounts numbers in 元 (the unit in the cell format), areas numbers in m² ('#,##0.00'), dates
// real Excel dates at 00:00 of the civil date, rates fractions shown as percentages.
import type ExcelJS from "exceljs";
import { prisma } from "~/db.server";
import { PRODUCTS, rentRoll, rentSchedule, termRentFen, annualRentFen, type Product } from "~/domain/sales";
import { translator, type MessageKey } from "~/i18n";
import { civilToDate, dateToCivil, type CivilDate } from "~/utils/dates";
import { formatMoney, type Lang } from "~/utils/money";
import { DATE_FORMAT, MONEY_FORMAT, newWorkbook, PERCENT_FORMAT, styleHeader, toBuffer, yuan, yuanFormat } from "../cost/io/workbook.server";
import { RATE_CELL_FORMAT, shareCellValue } from "~/utils/percent";
import { salesView } from "./overview.server";

export const AREA_FORMAT = "#,##0.00";

const TEXT = {
  zh: {
    achievementSheet: (year: number) => `${year}年目标与完成`,
    salesSheet: "销售与认购记录",
    rentFreeMonths: "免租期（月）",
    escalation: "租金递增",
    escalationEvery: "递增间隔（月）",
    annualRent: "年租金",
    currentMonth: "本月租金",
    rollStatus: "状态",
    remaining: "剩余租金",
    targets: "其产品目标",
    taskGap: "任务与目标之差",
    collected: "已回款",
    aboveTaskRate: "超出任务部分比例",
    floor: "底线",
    belowFloorRate: "低于底线比例",
    basis: "计付口径",
    accrued: "应计佣金",
    payable: "可付佣金",
    signDueOn: "应签日期",
    signing: "签订状态",
    signingStates: { due: "待签", late: "逾期未签", signed: "已签", signed_late: "已签（逾期）" },
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
    salesCut: (shown: string, count: string, total: string) => `仅导出最近 ${shown} 笔（共 ${count} 笔，有效成交合计 ${total}）；合计行为全部有效成交（认购、签约）的合计`,
    totalAll: (count: string) => `有效成交合计（全部 ${count} 笔中）`,
    totalActive: "有效成交合计（认购、签约）",
  },
  en: {
    achievementSheet: (year: number) => `${year} target vs achieved`,
    salesSheet: "Sales and subscriptions",
    rentFreeMonths: "Rent-free months",
    escalation: "Escalation",
    escalationEvery: "Escalation every (months)",
    annualRent: "Annual rent",
    currentMonth: "Rent this month",
    rollStatus: "Status",
    remaining: "Remaining rent",
    targets: "Targets of its products",
    taskGap: "Task minus targets",
    collected: "Collected",
    aboveTaskRate: "Rate above the task",
    floor: "Floor",
    belowFloorRate: "Rate below the floor",
    basis: "Paid on",
    accrued: "Commission accrued",
    payable: "Commission payable",
    signDueOn: "Due to be signed by",
    signing: "Signing",
    signingStates: { due: "Due", late: "Late (unsigned)", signed: "Signed", signed_late: "Signed late" },
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
    salesCut: (shown: string, count: string, total: string) => `Only the latest ${shown} deals are exported (of ${count}; live deals total ${total}); the total row covers every live deal (reserved or signed)`,
    totalAll: (count: string) => `Live deals total (of all ${count})`,
    totalActive: "Live deals total (reserved or signed)",
  },
} as const;

const area = { style: { numFmt: AREA_FORMAT } };
const date = { style: { numFmt: DATE_FORMAT } };
/** csqm (hundredths of m²) → m² as a number: exact to the nearest double. */
const sqm = (csqm: number) => csqm / 100;
const day = (civil: CivilDate) => civilToDate(civil);
/** Share of `part` in `whole` as a fraction for a percentage cell; empty when there is no whole. */
// A ratio as the pages show it: rounded once, half up to 0.1 %, in a "0.0%" cell (utils/percent.ts).
const share = (part: bigint, whole: bigint) => shareCellValue(part, whole);
const ratio = { style: { numFmt: RATE_CELL_FORMAT } };

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
    status: t("sov.dealStatus"),
    reservedOn: t("sov.reservedOn"),
    signedOnDeal: t("sales.signedOn"),
    price: t("sov.price"),
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
    { key: "rate", header: text.rate, width: 10, ...ratio },
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

  // 销售与认购记录: every deal of every status, oldest first, like a ledger; the total row is the live
  // deals' (reserved or signed): a cancelled or changed deal is history, not money owed.
  const sales = frozenSheet(workbook, text.salesSheet, 0);
  sales.columns = [
    { key: "status", header: text.status, width: 10 },
    { key: "unit", header: text.unit, width: 14 },
    { key: "product", header: text.product, width: 18 },
    { key: "buyer", header: text.buyer, width: 20 },
    { key: "buyerType", header: text.buyerType, width: 12 },
    { key: "reservedOn", header: text.reservedOn, width: 13, ...date },
    { key: "signedOn", header: text.signedOnDeal, width: 13, ...date },
    { key: "area", header: text.area, width: 12, ...area },
    { key: "unitPrice", header: text.unitPrice, width: 16, style: { numFmt: MONEY_FORMAT } }, // its name carries the unit
    { key: "amount", header: text.price, width: 18, ...money },
    { key: "received", header: text.received, width: 18, ...money },
    { key: "outstanding", header: text.outstanding, width: 18, ...money },
  ];
  const live = (status: string) => status === "reserved" || status === "signed";
  const saleTotals = { areaCsqm: 0, amountFen: 0n, receivedFen: 0n };
  const cut = view.sales.length >= maxRecords && view.saleCount > view.sales.length;
  if (cut) {
    // Cut: a note above the header, and the total row is every live deal's, summed in SQL (not the rows').
    const liveWhere = { projectId, status: { in: ["reserved", "signed"] } };
    const [all, receivedAll] = await Promise.all([
      prisma.saleRecord.aggregate({ where: liveWhere, _sum: { areaCsqm: true, amountFen: true } }),
      prisma.receipt.aggregate({ where: { sale: liveWhere }, _sum: { amountFen: true } }),
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
    const isLive = live(sale.status);
    sales.addRow({
      status: t(`sov.status.${sale.status}` as MessageKey),
      unit: sale.unitNo,
      product: productName(sale.product),
      buyer: sale.buyerName || null,
      buyerType: t(`sales.buyer.${sale.buyerType}` as MessageKey),
      reservedOn: sale.reservedOn ? day(sale.reservedOn) : null,
      signedOn: sale.signedOn ? day(sale.signedOn) : null,
      area: sqm(sale.areaCsqm),
      unitPrice: yuan(sale.unitPriceFen),
      amount: yuan(sale.amountFen),
      received: yuan(sale.receivedFen),
      outstanding: isLive ? yuan(sale.amountFen - sale.receivedFen) : null,
    });
    if (cut || !isLive) continue;
    saleTotals.areaCsqm += sale.areaCsqm;
    saleTotals.amountFen += sale.amountFen;
    saleTotals.receivedFen += sale.receivedFen;
  }
  if (view.sales.length > 0) {
    const headerRow = cut ? 2 : 1;
    sales.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: sales.columns.length } };
    totalRowStyle(
      sales.addRow({
        status: cut ? text.totalAll(view.saleCount.toLocaleString("en-US")) : text.totalActive,
        area: sqm(saleTotals.areaCsqm),
        amount: yuan(saleTotals.amountFen),
        received: yuan(saleTotals.receivedFen),
        outstanding: yuan(saleTotals.amountFen - saleTotals.receivedFen),
      }),
    );
  }

  // 租赁合同: oldest first, with rent-free months, escalation, annual and term rent, and as of today the
  // month's rent, status and the rent remaining; a total row.
  const leaseRows = (
    await prisma.lease.findMany({
      where: { projectId },
      orderBy: [{ signedOn: "asc" }, { id: "asc" }],
      take: maxRecords,
      select: { tenant: true, unitNo: true, areaCsqm: true, monthlyRentFen: true, startOn: true, endOn: true, signedOn: true, prepaidRentFen: true, rentFreeMonths: true, escalationBps: true, escalationEveryMonths: true, status: true },
    })
  ).map((l) => ({ ...l, startOn: dateToCivil(l.startOn), endOn: dateToCivil(l.endOn), signedOn: dateToCivil(l.signedOn) }));
  const roll = rentRoll(leaseRows, today);
  const leases = frozenSheet(workbook, text.leasesSheet, 0);
  leases.columns = [
    { key: "tenant", header: text.tenant, width: 26 },
    { key: "unit", header: text.unit, width: 12 },
    { key: "area", header: text.area, width: 12, ...area },
    { key: "monthlyRent", header: text.monthlyRent, width: 16, ...money },
    { key: "startOn", header: text.startOn, width: 13, ...date },
    { key: "endOn", header: text.endOn, width: 13, ...date },
    { key: "rentFreeMonths", header: text.rentFreeMonths, width: 10 },
    { key: "escalation", header: text.escalation, width: 10, style: { numFmt: PERCENT_FORMAT } },
    { key: "escalationEvery", header: text.escalationEvery, width: 10 },
    { key: "annualRent", header: text.annualRent, width: 18, ...money },
    { key: "contractRent", header: text.contractRent, width: 20, ...money },
    { key: "prepaid", header: text.prepaid, width: 18, ...money },
    { key: "signedOn", header: text.date, width: 13, ...date },
    { key: "status", header: text.rollStatus, width: 10 },
    { key: "currentMonth", header: text.currentMonth, width: 16, ...money },
    { key: "remaining", header: text.remaining, width: 18, ...money },
  ];
  styleHeader(leases);
  const leaseTotals = { areaCsqm: 0, annualRentFen: 0n, contractRentFen: 0n, prepaidFen: 0n, currentFen: 0n, remainingFen: 0n };
  leaseRows.forEach((lease, i) => {
    const signed = lease.status === "signed";
    const termRent = termRentFen(rentSchedule(lease));
    const row = roll[i];
    leases.addRow({
      tenant: lease.tenant,
      unit: lease.unitNo,
      area: sqm(lease.areaCsqm),
      monthlyRent: yuan(lease.monthlyRentFen),
      startOn: day(lease.startOn),
      endOn: day(lease.endOn),
      rentFreeMonths: lease.rentFreeMonths,
      escalation: lease.escalationBps / 10_000,
      escalationEvery: lease.escalationBps > 0 ? lease.escalationEveryMonths : null,
      annualRent: yuan(annualRentFen(lease.monthlyRentFen)),
      contractRent: yuan(termRent),
      prepaid: yuan(lease.prepaidRentFen),
      signedOn: day(lease.signedOn),
      status: signed ? t(`leasing.rollStatus.${row.status}` as MessageKey) : t("leasing.leaseStatus.terminated"),
      currentMonth: signed ? yuan(row.currentMonthlyRentFen) : null,
      remaining: signed ? yuan(row.remainingFen) : null,
    });
    leaseTotals.areaCsqm += lease.areaCsqm;
    leaseTotals.annualRentFen += annualRentFen(lease.monthlyRentFen);
    leaseTotals.contractRentFen += termRent;
    leaseTotals.prepaidFen += lease.prepaidRentFen;
    if (signed) {
      leaseTotals.currentFen += row.currentMonthlyRentFen;
      leaseTotals.remainingFen += row.remainingFen;
    }
  });
  if (leaseRows.length > 0) {
    totalRowStyle(
      leases.addRow({
        tenant: text.total,
        area: sqm(leaseTotals.areaCsqm),
        annualRent: yuan(leaseTotals.annualRentFen),
        contractRent: yuan(leaseTotals.contractRentFen),
        prepaid: yuan(leaseTotals.prepaidFen),
        currentMonth: yuan(leaseTotals.currentFen),
        remaining: yuan(leaseTotals.remainingFen),
      }),
    );
  }

  // 营销代理合同: the year's contract, what the agency achieved in its period, and its commission.
  const agency = frozenSheet(workbook, text.agencySheet, 1);
  const percent = { style: { numFmt: PERCENT_FORMAT } };
  agency.columns = [
    { key: "agency", header: text.agency, width: 26 },
    { key: "year", header: text.year, width: 8 },
    { key: "periodStart", header: text.periodStart, width: 13, ...date },
    { key: "periodEnd", header: text.periodEnd, width: 13, ...date },
    { key: "task", header: text.task, width: 20, ...money },
    { key: "targets", header: text.targets, width: 20, ...money },
    { key: "gap", header: text.taskGap, width: 20, ...money },
    { key: "achieved", header: text.agencyAchieved, width: 22, ...money },
    { key: "rate", header: text.rate, width: 10, ...ratio },
    { key: "collected", header: text.collected, width: 20, ...money },
    { key: "incentiveRate", header: text.incentiveRate, width: 10, ...percent },
    { key: "aboveTaskRate", header: text.aboveTaskRate, width: 10, ...percent },
    { key: "floor", header: text.floor, width: 20, ...money },
    { key: "belowFloorRate", header: text.belowFloorRate, width: 10, ...percent },
    { key: "basis", header: text.basis, width: 12 },
    { key: "accrued", header: text.accrued, width: 18, ...money },
    { key: "payable", header: text.payable, width: 18, ...money },
    { key: "signDueOn", header: text.signDueOn, width: 13, ...date },
    { key: "signedOn", header: text.signedOn, width: 13, ...date },
    { key: "signing", header: text.signing, width: 12 },
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
      targets: yuan(contract.taskGap.targetsFen),
      gap: yuan(contract.taskGap.gapFen),
      achieved: yuan(contract.achievedFen),
      rate: share(contract.achievedFen, contract.taskFen),
      collected: yuan(contract.collectedFen),
      incentiveRate: contract.incentiveBps / 10_000,
      aboveTaskRate: (contract.aboveTaskBps || contract.incentiveBps) / 10_000,
      floor: yuan(contract.floorFen),
      belowFloorRate: contract.floorFen > 0n ? contract.belowFloorBps / 10_000 : null,
      basis: t(contract.basis === "signing" ? "sov.basis.signing" : "sov.basis.collections"),
      accrued: yuan(contract.accruedFen),
      payable: yuan(contract.payableFen),
      signDueOn: contract.signDueOn ? day(contract.signDueOn) : null,
      signedOn: contract.signedOn ? day(contract.signedOn) : null,
      signing: text.signingStates[contract.signing as keyof typeof text.signingStates] ?? contract.signing,
      incentiveTerms: contract.incentiveTerms || null,
    });
  } else {
    agency.addRow({ agency: text.none, year });
  }

  return toBuffer(workbook);
}
