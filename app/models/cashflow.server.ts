// The cash flow to project completion (资金计划 / 现金流, issue 14): gathers every money movement the
// project has made or expects, month by month, and hands them to the pure arithmetic in
// domain/cashflow/ for both scenarios. Read only; cached per state of the areas it reads.
//
// Cash out: payments made (PaymentMonthTotal, by month), then each leaf account's remaining 动态成本
// (dynamic − paid) spread evenly over the forecast window of the milestone its spending follows
// (CostAccount.spendMilestoneId; no milestone: from now to the project's end), so spending moves
// when that milestone slips; plus each facility's interest settlements, fees and repayments (a
// balloon at maturity when the schedule does not repay it all).
// Cash in: equity (资本金) paid in; drawdowns made; drawdowns expected (their dates move with the
// milestones they wait for); pre-sale receipts and signed sales' outstanding amounts through the
// pre-sale escrow (only released money and money above the key amount count); internal
// subscriptions, lease receipts and the rent of signed leases; the sales targets not yet achieved
// (expected scenario only).
// Secured scenario: approved/signed/drawing facilities, signed sales and leases. Expected: every
// source weighted by the probability finance sets for its status (ScenarioProbability).
import { prisma } from "~/db.server";
import { availableFen, buildCashflow, escrowSeries, facilityPlan, keyAmountFen, releasedBps, remainingSpending, type EscrowNode, type Flow, type Scenario } from "~/domain/cashflow";
import { rentSchedule } from "~/domain/sales";
import { dynamicCost } from "~/domain/cost/dynamic-cost";
import { SECURED_STATUSES, type FacilityStatus } from "~/domain/financing";
import { addDays, addMonths, dateToCivil, maxDate, monthOf, monthsBetween, type CivilDate } from "~/utils/dates";
import { plain } from "~/utils/plain";
import { accountFigures } from "./cost/accounts.server";
import { facilityForecasts } from "./financing.server";
import { forecastsCurrent, scheduleFacts } from "./milestones.server";
import { cachedRead } from "./read-cache.server";

/** The statuses finance sets a probability for, and the defaults until it does. */
export const PROBABILITY_STATUSES = ["negotiating", "approved", "signed", "drawing", "sales_forecast"] as const;
export type ProbabilityStatus = (typeof PROBABILITY_STATUSES)[number];
export const DEFAULT_PROBABILITIES: Record<ProbabilityStatus, number> = { negotiating: 5000, approved: 9000, signed: 10000, drawing: 10000, sales_forecast: 7000 };

/** A signed sale's outstanding amount is expected this long after signing (down payment, then the mortgage release 按揭放款). */
export const COLLECTION_LAG_DAYS = 60;
/** A forecast lease signing is collected over the year after it (rent by month). */
const LEASE_FORECAST_MONTHS = 12;
/** No horizon runs past this many months from the schedule's start (hostile dates cannot make work without bound). */
export const MAX_HORIZON_MONTHS = 180;

const ESCROW_PRODUCTS = ["apartment_presale", "commercial_sale"];

const monthStart = (month: string) => `${month}-01`;

/** Both scenarios of the cash flow and what the page shows beside them, cached per state of the data. */
export async function cashflowView(projectId: number, today: CivilDate) {
  // A view on the "forecast" area checks first that the stored forecasts are current (a write that
  // bypassed them is found by the "schedule" counter, which this view does not read).
  await forecastsCurrent(projectId, today);
  return cachedRead(`cashflow:${projectId}`, ["core", "forecast", "capital", "financing", "sales"], today, async () => plain(await computeCashflow(projectId, today)));
}

export type CashflowView = Awaited<ReturnType<typeof computeCashflow>>;

/** Flows of one kind, month and weight summed: the cached parts hand over a few hundred rows, not one per sale. */
function summed(flows: Flow[]): Flow[] {
  const byKey = new Map<string, Flow>();
  for (const f of flows) {
    const key = `${f.month}|${f.kind}|${f.secured}|${f.probabilityBps}`;
    const found = byKey.get(key);
    if (found) found.amountFen += f.amountFen;
    else byKey.set(key, { ...f });
  }
  return [...byKey.values()].filter((f) => f.amountFen !== 0n);
}

async function computeCashflow(projectId: number, today: CivilDate) {
  const currentMonth = monthOf(today);
  // The parts that do not read payments are cached on their own: a payment recomputes only the
  // payments and the spending still to come (accountFigures), not every facility and sale.
  const funding = await fundingPart(projectId, today);
  const { months, projectEnd } = funding.horizon;
  const [sales, accounts, spendLinks, paidByMonth] = await Promise.all([
    cachedRead(`cashflow-sales:${projectId}`, ["core", "forecast", "financing", "sales"], `${today}|${months[0]}|${months[months.length - 1]}`, () =>
      salesFlows(projectId, today, currentMonth, months, projectEnd, funding.probabilities.sales_forecast, funding.escrow.keyFenPerSqm ?? 0n, funding.escrowNodes),
    ),
    accountFigures(projectId),
    prisma.costAccount.findMany({ where: { projectId, parentId: { not: null } }, select: { id: true, spendMilestoneId: true } }),
    prisma.paymentMonthTotal.groupBy({ by: ["month"], where: { line: { projectId } }, _sum: { amountFen: true } }),
  ]);
  const clampMonth = clamper(months);
  const flows: Flow[] = [...funding.flows, ...sales.flows];
  const certain = (month: string, kind: Flow["kind"], amountFen: bigint) => {
    if (amountFen !== 0n) flows.push({ month: clampMonth(month), kind, amountFen, secured: true, probabilityBps: 10000 });
  };

  // ── Cash out: payments made, then the remaining dynamic cost over its milestone's window.
  for (const row of paidByMonth) certain(row.month, "payment", row._sum.amountFen ?? 0n);
  const windows = new Map(funding.windows.map((w) => [w.id, w]));
  const linkOf = new Map(spendLinks.map((a) => [a.id, a.spendMilestoneId]));
  let remainingTotalFen = 0n;
  let dynamicTotalFen = 0n;
  const leaves = accounts.leaves.map((leaf) => {
    const dynamicFen = dynamicCost(leaf, leaf.targetFen).dynamicFen;
    dynamicTotalFen += dynamicFen;
    const remainingFen = dynamicFen > leaf.paidFen ? dynamicFen - leaf.paidFen : 0n;
    remainingTotalFen += remainingFen;
    const milestone = windows.get(linkOf.get(leaf.accountId) ?? -1);
    // A done milestone's window is over: what is left of its cost is due now.
    const window = milestone ? (milestone.done ? { start: today, end: today } : { start: milestone.start, end: milestone.end }) : null;
    return { accountId: leaf.accountId, remainingFen, window };
  });
  const spending = remainingSpending({ leaves, fromMonth: currentMonth, fallback: { start: today, end: projectEnd } });
  for (const [month, amountFen] of spending) certain(month, "spending", amountFen);

  const secured = buildCashflow({ months, currentMonth, flows, scenario: "secured" });
  const expected = buildCashflow({ months, currentMonth, flows, scenario: "expected" });
  return {
    today,
    currentMonth,
    horizon: { from: months[0], to: months[months.length - 1], projectEnd },
    scenarios: { secured, expected },
    probabilities: PROBABILITY_STATUSES.map((status) => ({ status, bps: funding.probabilities[status] })),
    facilities: funding.facilities,
    financingCost: funding.financingCost,
    spending: { dynamicTotalFen, remainingTotalFen },
    equity: funding.equity,
    escrow: { city: funding.escrow.city, keyFenPerSqm: funding.escrow.keyFenPerSqm, nodes: sales.nodes, ...sales.escrowNow },
    // The unsold inventory at 表价 beyond the sale targets, forecast (expected only) to completion.
    inventoryForecastFen: sales.inventoryForecastFen,
  };
}

function clamper(months: string[]) {
  return (month: string) => (month < months[0] ? months[0] : month > months[months.length - 1] ? months[months.length - 1] : month);
}

/**
 * The horizon and everything that does not change with payments or sales: equity, each facility's
 * drawdowns, interest, fees and repayments, the probabilities, the escrow's settings and nodes, and
 * the milestones' windows. Cached per state of core, schedule and financing.
 */
function fundingPart(projectId: number, today: CivilDate) {
  return cachedRead(`cashflow-funding:${projectId}`, ["core", "forecast", "financing"], today, () => computeFundingPart(projectId, today));
}

async function computeFundingPart(projectId: number, today: CivilDate) {
  const project = await prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { scheduleStart: true, scheduleEnd: true, totalBudgetFen: true, startupCapitalYear: true } });
  const [schedule, forecasts, equityRows, probabilityRows, escrowSetting, escrowNodeRows] = await Promise.all([
    scheduleFacts(projectId, today),
    facilityForecasts(projectId, today, project.startupCapitalYear),
    prisma.equityContribution.groupBy({ by: ["receivedOn"], where: { projectId }, _sum: { amountFen: true } }),
    prisma.scenarioProbability.findMany({ where: { projectId }, select: { status: true, bps: true } }),
    prisma.escrowSetting.findUnique({ where: { projectId }, select: { city: true, keyFenPerSqm: true } }),
    prisma.escrowNode.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { milestoneId: true, releaseBps: true } }),
  ]);
  const probabilities = { ...DEFAULT_PROBABILITIES };
  for (const row of probabilityRows) if (row.status in probabilities) probabilities[row.status as ProbabilityStatus] = row.bps;
  const probabilityOf = (status: string) => (status === "repaid" ? 10000 : (probabilities[status as ProbabilityStatus] ?? 0));

  // ── The horizon: the schedule's start to the latest of its end, the milestones' forecast ends and
  // the facilities' maturities; at most MAX_HORIZON_MONTHS.
  const start = dateToCivil(project.scheduleStart);
  const cap = addDays(addMonths(monthStart(monthOf(start)), MAX_HORIZON_MONTHS), -1);
  let end = dateToCivil(project.scheduleEnd);
  for (const m of schedule.rows) end = maxDate(end, m.forecastEnd);
  const projectEnd = end < cap ? end : cap;
  const facilities = forecasts.channels.flatMap((c) => c.facilities.map((f) => ({ ...f, channelKind: c.kind })));
  for (const f of facilities) {
    const draws = f.drawdowns.map((d) => d.forecast.on).sort();
    if (draws.length && f.termMonths > 0) end = maxDate(end, addMonths(draws[0], f.termMonths));
  }
  const horizonEnd = end < cap ? end : cap;
  const months = monthsBetween(monthStart(monthOf(start)), monthStart(monthOf(horizonEnd)));
  const clampMonth = clamper(months);
  const flows: Flow[] = [];

  // ── Equity (资本金), net of reversals.
  let equityFen = 0n;
  for (const row of equityRows) {
    const amountFen = row._sum.amountFen ?? 0n;
    equityFen += amountFen;
    if (amountFen !== 0n) flows.push({ month: clampMonth(monthOf(dateToCivil(row.receivedOn))), kind: "equity", amountFen, secured: true, probabilityBps: 10000 });
  }

  // ── Facilities: drawdowns, interest, fees, repayments.
  const constructionEnd = projectEnd;
  const facilityRows = facilities
    .filter((f) => f.drawdowns.length > 0 || f.repayments.length > 0)
    .map((f) => {
      const status = f.status as FacilityStatus;
      const secured = SECURED_STATUSES.includes(status);
      const probabilityBps = probabilityOf(status);
      // Money already drawn bears its interest, fees and repayment whatever the facility's status now.
      const drawnAny = f.drawdowns.some((d) => d.forecast.drawn);
      const owed = { secured: secured || drawnAny, bps: drawnAny ? 10000 : probabilityBps };
      const add = (month: string, kind: Flow["kind"], amountFen: bigint, sure: boolean, bps: number) => {
        if (amountFen !== 0n) flows.push({ month: clampMonth(month), kind, amountFen, secured: sure, probabilityBps: bps });
      };
      for (const d of f.drawdowns) {
        if (d.forecast.drawn) add(monthOf(d.forecast.on), "drawdown", d.forecast.amountFen, true, 10000);
        else add(monthOf(d.forecast.on), "drawdown_forecast", d.forecast.amountFen, secured, probabilityBps);
      }
      const plan = facilityPlan({
        rateBps: f.rateBps,
        feesFen: f.feesFen,
        termMonths: f.termMonths,
        settleDay: f.interestSettleDay ?? 20,
        draws: f.drawdowns.map((d) => ({ on: d.forecast.on, amountFen: d.forecast.amountFen })),
        repayments: f.repayments.map((r) => ({ on: r.paidOn ?? r.dueOn, amountFen: r.amountFen })),
        today,
        constructionEnd,
        horizonEnd,
      });
      for (const i of plan.interest) add(monthOf(i.on), "interest", i.amountFen, owed.secured, owed.bps);
      if (plan.fee) add(monthOf(plan.fee.on), "fee", plan.fee.amountFen, owed.secured, owed.bps);
      for (const r of f.repayments) add(monthOf(r.paidOn ?? r.dueOn), "repayment", r.amountFen, owed.secured, owed.bps);
      if (plan.balloon) add(monthOf(plan.balloon.on), "repayment", plan.balloon.amountFen, owed.secured, owed.bps);
      const feesToDateFen = plan.fee && plan.fee.on <= today ? plan.fee.amountFen : 0n;
      return {
        id: f.id,
        counterparty: f.counterparty,
        channelKind: f.channelKind,
        status,
        rateBps: f.rateBps,
        secured,
        firstDrawOn: plan.firstDrawOn,
        maturityOn: plan.maturityOn,
        balloon: plan.balloon,
        interestToDateFen: plan.interestToDateFen,
        interestTotalFen: plan.interestTotalFen,
        capitalisedFen: plan.capitalisedFen,
        expensedFen: plan.expensedFen,
        feesFen: plan.fee?.amountFen ?? 0n,
        feesToDateFen,
      };
    });
  const financingCost = facilityRows.reduce(
    (sum, f) => ({
      toDateFen: sum.toDateFen + f.interestToDateFen + f.feesToDateFen,
      toCompletionFen: sum.toCompletionFen + f.interestTotalFen + f.feesFen,
      capitalisedFen: sum.capitalisedFen + f.capitalisedFen,
    }),
    { toDateFen: 0n, toCompletionFen: 0n, capitalisedFen: 0n },
  );
  const milestones = new Map(schedule.rows.map((m) => [m.id, m]));
  // Escrow nodes: released from a done milestone's actual end, else from its forecast end.
  const escrowNodes = escrowNodeRows.flatMap((n) => {
    const m = milestones.get(n.milestoneId);
    if (!m) return [];
    const done = m.done;
    return [{ on: m.forecastEnd, releaseBps: n.releaseBps, code: m.code, name: m.name, nameEn: m.nameEn, done }];
  });
  return {
    horizon: { months, projectEnd },
    flows: summed(flows),
    facilities: facilityRows,
    financingCost,
    probabilities,
    equity: { paidFen: equityFen, totalBudgetFen: project.totalBudgetFen },
    escrow: { city: escrowSetting?.city ?? null, keyFenPerSqm: escrowSetting?.keyFenPerSqm ?? null },
    escrowNodes,
    // Each milestone's window (the spending of the accounts tied to it follows it).
    windows: schedule.rows.map((m) => ({ id: m.id, start: m.forecastStart, end: m.forecastEnd, done: m.done })),
  };
}

async function salesFlows(
  projectId: number,
  today: CivilDate,
  currentMonth: string,
  months: string[],
  projectEnd: CivilDate,
  forecastBps: number,
  keyFenPerSqm: bigint,
  nodes: (EscrowNode & { code: string; name: string; nameEn: string; done: boolean })[],
) {
  const clampMonth = clamper(months);
  const flows: Flow[] = [];
  const [sales, instalments, saleReceipts, leases, leaseReceipts, targets, saleDays, schedule, unsold] = await Promise.all([
    prisma.saleRecord.findMany({
      where: { projectId, status: { in: ["reserved", "signed"] } },
      select: { id: true, product: true, areaCsqm: true, amountFen: true, signedOn: true, reservedOn: true, status: true, unit: { select: { building: { select: { presaleMilestoneId: true } } } } },
    }),
    // Signed deals' receivable schedules: what is still owed is expected when it falls due.
    prisma.saleInstalment.findMany({ where: { sale: { projectId, status: "signed" } }, orderBy: [{ saleId: "asc" }, { dueOn: "asc" }, { seq: "asc" }], select: { saleId: true, dueOn: true, amountFen: true } }),
    prisma.receipt.groupBy({ by: ["saleId", "receivedOn"], where: { sale: { projectId } }, _sum: { amountFen: true } }),
    prisma.lease.findMany({ where: { projectId, status: "signed" }, select: { monthlyRentFen: true, startOn: true, endOn: true, prepaidRentFen: true, rentFreeMonths: true, escalationBps: true, escalationEveryMonths: true } }),
    prisma.receipt.groupBy({ by: ["receivedOn"], where: { lease: { projectId } }, _sum: { amountFen: true } }),
    prisma.salesTarget.findMany({ where: { projectId }, select: { product: true, period: true, amountFen: true } }),
    prisma.saleDayTotal.findMany({ where: { projectId }, select: { product: true, day: true, amountFen: true } }),
    scheduleFacts(projectId, today),
    prisma.unit.aggregate({ where: { projectId, disposition: "sale", status: { in: ["available", "unreleased"] } }, _sum: { listPriceFen: true } }),
  ]);
  const add = (month: string, kind: Flow["kind"], amountFen: bigint, secured: boolean, probabilityBps: number) => {
    if (amountFen !== 0n) flows.push({ month: clampMonth(month), kind, amountFen, secured, probabilityBps });
  };

  const releasedBpsByMonth = months.map((month) => releasedBps(nodes, `${month}-31`));

  // Signed sales: what was received, and what is outstanding at signing + COLLECTION_LAG_DAYS (not
  // before this month). Pre-sales go through the escrow; internal subscriptions (deposits) do not.
  const receiptsOf = new Map<number, { month: string; amountFen: bigint }[]>();
  for (const row of saleReceipts) {
    if (row.saleId === null) continue;
    const list = receiptsOf.get(row.saleId) ?? [];
    list.push({ month: monthOf(dateToCivil(row.receivedOn)), amountFen: row._sum.amountFen ?? 0n });
    receiptsOf.set(row.saleId, list);
  }
  const escrowSales: { keyFen: bigint; receipts: { month: string; amountFen: bigint }[] }[] = [];
  let receivedToDateFen = 0n;
  let keyToDateFen = 0n;
  const instalmentsOf = new Map<number, { dueOn: CivilDate; amountFen: bigint }[]>();
  for (const row of instalments) {
    const list = instalmentsOf.get(row.saleId) ?? [];
    list.push({ dueOn: dateToCivil(row.dueOn), amountFen: row.amountFen });
    instalmentsOf.set(row.saleId, list);
  }
  // A done milestone's forecast end is its actual end.
  const permitEndOf = new Map(schedule.rows.map((m) => [m.id, m.forecastEnd]));
  for (const sale of sales) {
    const received = receiptsOf.get(sale.id) ?? [];
    const receivedFen = received.reduce((sum, r) => sum + r.amountFen, 0n);
    const outstandingFen = sale.amountFen - receivedFen;
    if (sale.status === "reserved") {
      // A reservation (认购, 内部认购) is not a contract: its deposit counts as received; the rest of its
      // price is expected only, at signing (not before the building's pre-sale permit, as forecast now)
      // plus the collection lag.
      for (const r of received) add(r.month, "sales", r.amountFen, true, 10000);
      const permitId = sale.unit?.building.presaleMilestoneId;
      const signOn = [permitId ? (permitEndOf.get(permitId) ?? today) : today, today].sort().reverse()[0];
      if (outstandingFen > 0n) add(monthOf(addDays(signOn, COLLECTION_LAG_DAYS)), "sales_forecast", outstandingFen, false, forecastBps);
      continue;
    }
    const dueRows = instalmentsOf.get(sale.id);
    const later = (month: string) => [month, currentMonth].sort().reverse()[0];
    // Still owed, when due: the schedule's rows after the money received has paid the earliest ones
    // (overdue money is expected this month, not in the past); a deal with no schedule is collected
    // COLLECTION_LAG_DAYS after signing.
    const owed: { month: string; amountFen: bigint }[] = [];
    if (dueRows && dueRows.length > 0) {
      let paid = receivedFen;
      for (const row of dueRows) {
        const covered = paid <= 0n ? 0n : paid >= row.amountFen ? row.amountFen : paid;
        paid -= covered;
        if (row.amountFen - covered > 0n) owed.push({ month: later(monthOf(row.dueOn)), amountFen: row.amountFen - covered });
      }
    } else if (outstandingFen > 0n) owed.push({ month: later(monthOf(addDays(dateToCivil(sale.signedOn!), COLLECTION_LAG_DAYS))), amountFen: outstandingFen });
    const schedule = [...received, ...owed];
    if (ESCROW_PRODUCTS.includes(sale.product)) {
      const keyFen = keyFenPerSqm > 0n ? keyAmountFen({ priceFen: sale.amountFen, areaCsqm: sale.areaCsqm, keyFenPerSqm }) : 0n;
      escrowSales.push({ keyFen, receipts: schedule.map((r) => ({ month: clampMonth(r.month), amountFen: r.amountFen })) });
      receivedToDateFen += receivedFen;
      keyToDateFen += keyFen;
    } else {
      for (const r of schedule) add(r.month, "sales", r.amountFen, true, 10000);
    }
  }
  for (const row of escrowSeries({ sales: escrowSales, months, releasedBpsByMonth })) add(row.month, "sales", row.availableFen, true, 10000);
  // Held now: each sale's money to the end of this month against this month's released share (one
  // pass over the sales, not a second series).
  const bpsNow = releasedBpsByMonth[Math.max(0, months.indexOf(clampMonth(currentMonth)))] ?? 0;
  let heldNowFen = 0n;
  for (const sale of escrowSales) {
    const receivedFen = sale.receipts.reduce((sum, r) => (r.month <= currentMonth ? sum + r.amountFen : sum), 0n);
    if (receivedFen !== 0n) heldNowFen += availableFen({ receivedFen, keyFen: sale.keyFen, releasedBps: bpsNow }).heldFen;
  }

  // Leases: rent received, then the rent of signed leases month by month from this month (months the
  // prepaid rent covers excluded).
  for (const row of leaseReceipts) add(monthOf(dateToCivil(row.receivedOn)), "lease", row._sum.amountFen ?? 0n, true, 10000);
  for (const lease of leases) {
    if (lease.monthlyRentFen <= 0n) continue;
    // The rent each month as the lease says (免租期, 租金递增), from this month on; the prepaid rent
    // (already received) pays the first rent-bearing months. Months past the horizon are not walked.
    const horizonEnd = `${months[months.length - 1]}-28`;
    const endOn = [dateToCivil(lease.endOn), horizonEnd].sort()[0];
    const startOn = dateToCivil(lease.startOn);
    if (endOn <= startOn) continue;
    let prepaid = lease.prepaidRentFen;
    for (const row of rentSchedule({ ...lease, startOn, endOn })) {
      const covered = prepaid >= row.rentFen ? row.rentFen : prepaid;
      prepaid -= covered;
      if (row.month >= currentMonth && row.rentFen - covered > 0n) add(row.month, "lease", row.rentFen - covered, true, 10000);
    }
  }

  // Targets not yet achieved (expected only): monthly targets where set, else the quarter's or the
  // year's spread evenly; from this month on. Sales are collected COLLECTION_LAG_DAYS after signing
  // and pass the escrow with their whole price as key (no area known: held in full until released).
  const achieved = new Map<string, bigint>();
  const achieve = (product: string, month: string, amountFen: bigint) => achieved.set(`${product}|${month}`, (achieved.get(`${product}|${month}`) ?? 0n) + amountFen);
  for (const d of saleDays) if (d.product !== "internal_subscription") achieve(d.product, d.day.slice(0, 7), d.amountFen);
  // Internal subscriptions achieve their target when reserved (as on /sales); their money is above.
  for (const sale of sales) if (sale.product === "internal_subscription") achieve(sale.product, monthOf(dateToCivil(sale.reservedOn ?? sale.signedOn!)), sale.amountFen);
  const forecastEscrow: { keyFen: bigint; receipts: { month: string; amountFen: bigint }[] }[] = [];
  let targetedFen = 0n;
  let inventoryForecastFen = 0n;
  for (const [product, byMonth] of monthlyTargets(targets)) {
    for (const [month, targetFen] of byMonth) {
      if (month < currentMonth) continue;
      const remainingFen = targetFen - (achieved.get(`${product}|${month}`) ?? 0n);
      if (remainingFen <= 0n) continue;
      if (product === "commercial_lease") {
        const per = remainingFen / BigInt(LEASE_FORECAST_MONTHS);
        for (let i = 1; i <= LEASE_FORECAST_MONTHS; i++) add(monthOf(addMonths(monthStart(month), i)), "lease_forecast", i === LEASE_FORECAST_MONTHS ? remainingFen - per * BigInt(LEASE_FORECAST_MONTHS - 1) : per, false, forecastBps);
        continue;
      }
      const collectMonth = monthOf(addDays(monthStart(month), COLLECTION_LAG_DAYS));
      targetedFen += remainingFen;
      if (ESCROW_PRODUCTS.includes(product)) forecastEscrow.push({ keyFen: remainingFen, receipts: [{ month: clampMonth(collectMonth), amountFen: remainingFen }] });
      else add(collectMonth, "sales_forecast", remainingFen, false, forecastBps);
    }
  }
  // The inventory not yet sold past what the targets already forecast (expected only): the unsold sale
  // units at 表价, less the remaining sale targets, sold evenly from the month after the last target
  // (not before this month) to the project's completion, collected COLLECTION_LAG_DAYS later, through
  // the escrow like a target. Without targets for later years the cash flow would stop selling in 2027.
  const saleTargetMonths = [...monthlyTargets(targets)].filter(([product]) => product !== "commercial_lease").flatMap(([, byMonth]) => [...byMonth.keys()]);
  if (unsold._sum.listPriceFen !== null && unsold._sum.listPriceFen > targetedFen) {
    const restFen = unsold._sum.listPriceFen - targetedFen;
    const lastTarget = saleTargetMonths.sort().at(-1);
    const from = [lastTarget ? monthOf(addMonths(monthStart(lastTarget), 1)) : currentMonth, currentMonth].sort().reverse()[0];
    const to = [monthOf(projectEnd), from].sort().reverse()[0];
    const sellMonths = monthsBetween(monthStart(from), monthStart(to));
    const per = restFen / BigInt(sellMonths.length);
    sellMonths.forEach((month, i) => {
      const amountFen = i === sellMonths.length - 1 ? restFen - per * BigInt(sellMonths.length - 1) : per;
      const collectMonth = clampMonth(monthOf(addDays(monthStart(month), COLLECTION_LAG_DAYS)));
      forecastEscrow.push({ keyFen: amountFen, receipts: [{ month: collectMonth, amountFen }] });
    });
    inventoryForecastFen = restFen;
  }
  for (const row of escrowSeries({ sales: forecastEscrow, months, releasedBpsByMonth })) add(row.month, "sales_forecast", row.availableFen, false, forecastBps);

  return {
    flows: summed(flows),
    nodes: nodes.map((n) => ({ code: n.code, name: n.name, nameEn: n.nameEn, on: n.on, releaseBps: n.releaseBps, done: n.done })),
    escrowNow: { receivedFen: receivedToDateFen, keyFen: keyToDateFen, heldFen: heldNowFen, releasedBps: releasedBps(nodes, today) },
    inventoryForecastFen,
  };
}

/** Each product's target by month: monthly rows where there are any for that year, else its quarters' or year's spread evenly. */
export function monthlyTargets(targets: { product: string; period: string; amountFen: bigint }[]): Map<string, Map<string, bigint>> {
  const result = new Map<string, Map<string, bigint>>();
  const spread = (into: Map<string, bigint>, months: string[], amountFen: bigint) => {
    const base = amountFen / BigInt(months.length);
    let rest = amountFen - base * BigInt(months.length);
    for (const month of months) {
      const extra = rest > 0n ? 1n : 0n;
      rest -= extra;
      into.set(month, (into.get(month) ?? 0n) + base + extra);
    }
  };
  type Entry = { year?: bigint; quarters: Map<number, bigint>; months: Map<string, bigint> };
  const byProductYear = new Map<string, Entry>();
  for (const t of targets) {
    const year = t.period.slice(0, 4);
    const key = `${t.product}|${year}`;
    const entry: Entry = byProductYear.get(key) ?? { quarters: new Map(), months: new Map() };
    if (/^\d{4}$/.test(t.period)) entry.year = t.amountFen;
    else if (/^\d{4}-Q[1-4]$/.test(t.period)) entry.quarters.set(Number(t.period.slice(6)), t.amountFen);
    else if (/^\d{4}-\d{2}$/.test(t.period)) entry.months.set(t.period, t.amountFen);
    byProductYear.set(key, entry);
  }
  for (const [key, entry] of byProductYear) {
    const [product, year] = key.split("|");
    const into = result.get(product) ?? new Map<string, bigint>();
    result.set(product, into);
    if (entry.months.size) for (const [month, fen] of entry.months) into.set(month, (into.get(month) ?? 0n) + fen);
    else if (entry.quarters.size) for (const [q, fen] of entry.quarters) spread(into, [1, 2, 3].map((m) => `${year}-${String((q - 1) * 3 + m).padStart(2, "0")}`), fen);
    else if (entry.year !== undefined) spread(into, Array.from({ length: 12 }, (_, m) => `${year}-${String(m + 1).padStart(2, "0")}`), entry.year);
  }
  return result;
}

export function isScenario(value: string | null): value is Scenario {
  return value === "secured" || value === "expected";
}

/** A scenario's months as the funding-gap chart draws them: cumulative cash out against cumulative cash in, and the gap. */
export function gapPoints(months: { month: string; totalInFen: string; totalOutFen: string; gapFen: string }[]) {
  let inFen = 0n;
  let outFen = 0n;
  return months.map((m) => {
    inFen += BigInt(m.totalInFen);
    outFen += BigInt(m.totalOutFen);
    return { month: m.month, spendCumulativeFen: outFen.toString(), fundsCumulativeFen: inFen.toString(), shortFen: m.gapFen };
  });
}
