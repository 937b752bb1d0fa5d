// The sales overview (targets and achievement by year, the agency contract's figures, 回款率 and 去化率,
// receivables and their ageing, the internal-subscription cap) and the writes of targets, the agency
// contract and the cap. Deals are written in sales/deals.server.ts, the inventory read in
// sales/inventory.server.ts, leasing in sales/leasing.server.ts.
import { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import {
  achievement,
  AGENCY_PRODUCTS,
  applyReceipts,
  CAP_MIN_BPS,
  checkSubscriptionCap,
  collectionRateBps,
  commissionFen,
  commissionPayableFen,
  decomposeYear,
  leaseAchievementFen,
  overdueBuckets,
  PRODUCTS,
  SALE_PRODUCTS,
  sellThroughBps,
  taskGap,
  type Product,
} from "~/domain/sales";
import type { AgencyInput, TargetInput } from "~/domain/sales-forms.server";
import { civilToDate, dateToCivil } from "~/utils/dates";
import { recordAudit } from "../audit.server";
import { scheduleView, type ScheduleRow } from "../milestones.server";
import { cachedRead } from "../read-cache.server";
import { ACTIVE, subscribedUnitArea } from "./deals.server";
import { leasingView } from "./leasing.server";

type Actor = { userId: number | null };
type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

/** The sales list shows the latest records; the totals cover all of them. */
const RECENT_RECORDS = 100;

const salesTransaction = writeTransaction;

/**
 * Everything the sales page shows for one year, from live records. Cached per state of the areas it
 * reads (read-cache.server.ts), except the export's complete listing.
 */
/** `allRecords`: the export's listing, the latest `maxRecords` deals (all when not given) instead of the page's 100. */
export function salesView(projectId: number, year: number, today: string, options: { allRecords?: boolean; maxRecords?: number } = {}) {
  if (options.allRecords) return computeSalesView(projectId, year, today, options);
  return cachedRead(`sales:${projectId}:${year}`, ["core", "sales"], today, () => computeSalesView(projectId, year, today, options));
}

const yearRange = (year: number) => ({ gte: civilToDate(`${year}-01-01`), lt: civilToDate(`${year + 1}-01-01`) });

async function computeSalesView(projectId: number, year: number, today: string, options: { allRecords?: boolean; maxRecords?: number }) {
  const [project, targets, agency, saleDays, internalDeals, sales, saleCount, leases, subscribedCsqm, apartmentInventory, receipts, rates, receivables, leasing] = await Promise.all([
    prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { apartmentAreaCsqm: true, subscriptionCapBps: true, leaseAchievementBasis: true } }),
    prisma.salesTarget.findMany({ where: { projectId, period: { startsWith: String(year) } }, select: { product: true, period: true, amountFen: true } }),
    prisma.agencyContract.findUnique({ where: { projectId_year: { projectId, year } } }),
    // Achievement of signed deals comes from their totals by product and signing day (SaleDayTotal, kept
    // by triggers): a 退房 takes its deal out again.
    prisma.saleDayTotal.findMany({ where: { projectId, product: { not: "internal_subscription" } }, select: { product: true, day: true, amountFen: true } }),
    // Internal subscriptions count when reserved (they are reservations before the pre-sale permit).
    prisma.saleRecord.findMany({ where: { projectId, product: "internal_subscription", status: { in: ACTIVE } }, select: { reservedOn: true, signedOn: true, amountFen: true } }),
    prisma.saleRecord.findMany({
      where: { projectId },
      orderBy: [{ id: "desc" }],
      take: options.allRecords ? options.maxRecords : RECENT_RECORDS,
      select: { id: true, product: true, unitNo: true, unitId: true, areaCsqm: true, unitPriceFen: true, amountFen: true, listPriceFen: true, reservedOn: true, signedOn: true, status: true, buyerName: true, buyerType: true, cancelReason: true },
    }),
    prisma.saleRecord.count({ where: { projectId } }),
    prisma.lease.findMany({
      where: { projectId, status: "signed" },
      select: { signedOn: true, monthlyRentFen: true, startOn: true, endOn: true, rentFreeMonths: true, escalationBps: true, escalationEveryMonths: true },
    }),
    subscribedUnitArea(prisma, projectId),
    prisma.unit.aggregate({ where: { projectId, disposition: "sale", building: { use: "apartment" } }, _sum: { grossAreaCsqm: true } }),
    prisma.receipt.aggregate({ where: { OR: [{ sale: { projectId } }, { lease: { projectId } }] }, _sum: { amountFen: true } }),
    salesRates(projectId, year),
    receivablesSummary(projectId, today),
    leasingView(projectId, today),
  ]);
  const received = await prisma.receipt.groupBy({ by: ["saleId"], where: { saleId: { in: sales.map((s) => s.id) } }, _sum: { amountFen: true } });
  const receivedOf = new Map(received.map((r) => [r.saleId, r._sum.amountFen ?? 0n]));
  const civil = (d: Date | null) => (d ? dateToCivil(d) : null);
  const saleRows = sales.map((s) => ({ ...s, reservedOn: civil(s.reservedOn), signedOn: civil(s.signedOn), receivedFen: receivedOf.get(s.id) ?? 0n }));

  const basis = project.leaseAchievementBasis === "term" ? "term" : "annual";
  const leaseRecords = leases.map((l) => {
    const lease = { ...l, startOn: dateToCivil(l.startOn), endOn: dateToCivil(l.endOn) };
    return { on: dateToCivil(l.signedOn), amountFen: leaseAchievementFen(basis, lease) };
  });
  const recordsOf = (product: Product) =>
    product === "commercial_lease"
      ? leaseRecords
      : product === "internal_subscription"
        ? internalDeals.map((d) => ({ on: dateToCivil(d.reservedOn ?? d.signedOn!), amountFen: d.amountFen }))
        : saleDays.filter((d) => d.product === product).map((d) => ({ on: d.day, amountFen: d.amountFen }));

  const quarters = [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  const months = Array.from({ length: 12 }, (_, m) => `${year}-${String(m + 1).padStart(2, "0")}`);
  const byProduct = PRODUCTS.map((product) => {
    const productTargets = new Map(targets.filter((t) => t.product === product).map((t) => [t.period, t.amountFen]));
    const rows = achievement([String(year), ...quarters, ...months], productTargets, recordsOf(product));
    return { product, year: rows[0], quarters: rows.slice(1, 5), months: rows.slice(5) };
  });

  const apartmentAreaCsqm = apartmentInventory._sum.grossAreaCsqm ?? project.apartmentAreaCsqm;
  const cap = checkSubscriptionCap({ apartmentAreaCsqm, capBps: project.subscriptionCapBps, subscribedCsqm, areaCsqm: 0 });
  const agencyTargetsFen = byProduct.filter((p) => AGENCY_PRODUCTS.includes(p.product)).reduce((sum, p) => sum + p.year.targetFen, 0n);

  return {
    year,
    byProduct,
    agency: agency ? await agencyFigures(projectId, agency, agencyTargetsFen, today) : null,
    subscription: {
      apartmentAreaCsqm,
      fromInventory: apartmentInventory._sum.grossAreaCsqm !== null,
      capBps: project.subscriptionCapBps,
      capCsqm: cap.capCsqm,
      targetMinCsqm: Math.floor((apartmentAreaCsqm * CAP_MIN_BPS) / 10_000),
      subscribedCsqm,
    },
    sales: saleRows,
    saleCount,
    rates,
    receivables,
    leasing: { basis, occupancyBps: leasing.occupancyBps, leasedCsqm: leasing.leasedCsqm, leasableCsqm: leasing.leasableCsqm, pipeline: leasing.pipeline, leaseCount: leasing.leaseCount, currentMonthlyRentFen: leasing.currentMonthlyRentFen },
    receivedFen: receipts._sum.amountFen ?? 0n,
  };
}

type AgencyRow = NonNullable<Awaited<ReturnType<typeof prisma.agencyContract.findUnique>>>;

/**
 * The agency contract's figures: its task against the targets of the products it carries (the gap is
 * shown, not hidden), what it achieved (deals on its products signed in its period, net of 退房), the
 * money collected on them, and the commission its tiers give: accrued on signing, payable on the basis.
 */
async function agencyFigures(projectId: number, agency: AgencyRow, targetsFen: bigint, today: string) {
  const period = { gte: agency.periodStart, lte: agency.periodEnd };
  const where = { projectId, product: { in: AGENCY_PRODUCTS }, status: "signed", signedOn: period };
  const [signed, collected] = await Promise.all([
    prisma.saleRecord.aggregate({ where, _sum: { amountFen: true }, _count: { _all: true } }),
    prisma.receipt.aggregate({ where: { sale: where }, _sum: { amountFen: true } }),
  ]);
  const achievedFen = signed._sum.amountFen ?? 0n;
  const collectedFen = collected._sum.amountFen ?? 0n;
  const terms = { taskFen: agency.taskFen, baseBps: agency.incentiveBps, aboveTaskBps: agency.aboveTaskBps, floorFen: agency.floorFen, belowFloorBps: agency.belowFloorBps };
  const accruedFen = commissionFen(terms, achievedFen);
  const signDueOn = agency.signDueOn ? dateToCivil(agency.signDueOn) : null;
  const signedOn = agency.signedOn ? dateToCivil(agency.signedOn) : null;
  return {
    ...agency,
    periodStart: dateToCivil(agency.periodStart),
    periodEnd: dateToCivil(agency.periodEnd),
    signedOn,
    signDueOn,
    // The 任务包干合同 is a dated deliverable: late when unsigned after its due day, or signed after it.
    signing: signedOn ? (signDueOn && signedOn > signDueOn ? "signed_late" : "signed") : signDueOn && today > signDueOn ? "late" : "due",
    taskGap: taskGap(agency.taskFen, targetsFen),
    achievedFen,
    dealCount: signed._count._all,
    collectedFen,
    accruedFen,
    payableFen: commissionPayableFen({ accruedFen, basis: agency.basis === "signing" ? "signing" : "collections", signedFen: achievedFen, collectedFen }),
  };
}

/**
 * 回款率 and 去化率 by product: deals signed (in the year and to date), the money received on them,
 * and units sold (reserved or signed) against units offered (released for sale).
 */
async function salesRates(projectId: number, year: number) {
  const [signedAll, signedYear, receivedAll, receivedYear, units] = await Promise.all([
    prisma.saleRecord.groupBy({ by: ["product"], where: { projectId, status: "signed" }, _sum: { amountFen: true }, _count: { _all: true } }),
    prisma.saleRecord.groupBy({ by: ["product"], where: { projectId, status: "signed", signedOn: yearRange(year) }, _sum: { amountFen: true }, _count: { _all: true } }),
    receivedByProduct({ projectId, status: "signed" }),
    receivedByProduct({ projectId, status: "signed", signedOn: yearRange(year) }),
    prisma.unit.groupBy({ by: ["buildingId", "status"], where: { projectId, disposition: "sale" }, _count: { _all: true } }),
  ]);
  const buildings = await prisma.building.findMany({ where: { projectId }, select: { id: true, use: true } });
  const useOf = new Map(buildings.map((b) => [b.id, b.use]));
  const unitsOf = (use: string) => {
    const rows = units.filter((u) => useOf.get(u.buildingId) === use);
    const count = (statuses: string[]) => rows.filter((u) => statuses.includes(u.status)).reduce((sum, u) => sum + u._count._all, 0);
    const offered = count(["available", "reserved", "signed"]);
    const sold = count(["reserved", "signed"]);
    return { offered, sold, signed: count(["signed"]), unreleased: count(["unreleased"]), sellThroughBps: sellThroughBps(sold, offered) };
  };
  const row = (product: string) => {
    const all = signedAll.find((s) => s.product === product);
    const inYear = signedYear.find((s) => s.product === product);
    const signedFen = all?._sum.amountFen ?? 0n;
    const yearFen = inYear?._sum.amountFen ?? 0n;
    const receivedFen = receivedAll.get(product) ?? 0n;
    const yearReceivedFen = receivedYear.get(product) ?? 0n;
    return {
      product,
      signedCount: all?._count._all ?? 0,
      signedFen,
      receivedFen,
      collectionRateBps: collectionRateBps(receivedFen, signedFen),
      yearSignedCount: inYear?._count._all ?? 0,
      yearSignedFen: yearFen,
      yearReceivedFen,
      yearCollectionRateBps: collectionRateBps(yearReceivedFen, yearFen),
    };
  };
  return { byProduct: SALE_PRODUCTS.map(row), units: { apartment: unitsOf("apartment"), commercial: unitsOf("commercial") } };
}

async function receivedByProduct(sale: Prisma.SaleRecordWhereInput) {
  const result = new Map<string, bigint>();
  for (const product of SALE_PRODUCTS) {
    const sum = await prisma.receipt.aggregate({ where: { sale: { ...sale, product } }, _sum: { amountFen: true } });
    result.set(product, sum._sum.amountFen ?? 0n);
  }
  return result;
}

/** Deals shown in the overdue list at most (the worst first); the totals cover all. */
const OVERDUE_SHOWN = 20;

/**
 * Receivables (应收) on active deals as of `today`: outstanding, overdue (due before today and not
 * covered by the money received, applied in due order) and its ageing by the oldest unpaid instalment.
 */
export function receivablesSummary(projectId: number, today: string) {
  return cachedRead(`receivables:${projectId}`, ["sales"], today, async () => {
    const active = { projectId, status: { in: ACTIVE } };
    const todayDate = civilToDate(today);
    const [due, received, outstanding] = await Promise.all([
      prisma.saleInstalment.groupBy({ by: ["saleId"], where: { sale: active, dueOn: { lt: todayDate } }, _sum: { amountFen: true } }),
      prisma.receipt.groupBy({ by: ["saleId"], where: { sale: active }, _sum: { amountFen: true } }),
      prisma.saleRecord.aggregate({ where: { ...active, status: "signed" }, _sum: { amountFen: true } }),
    ]);
    const receivedOf = new Map(received.map((r) => [r.saleId, r._sum.amountFen ?? 0n]));
    const overdueIds = due.filter((d) => (d._sum.amountFen ?? 0n) > (receivedOf.get(d.saleId) ?? 0n)).map((d) => d.saleId);
    const signedReceived = await prisma.receipt.aggregate({ where: { sale: { ...active, status: "signed" } }, _sum: { amountFen: true } });
    // Only the overdue deals' schedules are read in full, for their ageing.
    const deals = overdueIds.length
      ? await prisma.saleRecord.findMany({
          where: { id: { in: overdueIds } },
          select: { id: true, unitNo: true, buyerName: true, product: true, amountFen: true, instalments: { orderBy: { seq: "asc" }, select: { seq: true, kind: true, dueOn: true, amountFen: true } } },
        })
      : [];
    const rows = deals
      .map((d) => {
        const applied = applyReceipts(
          d.instalments.map((i) => ({ seq: i.seq, kind: i.kind, dueOn: dateToCivil(i.dueOn), amountFen: i.amountFen })),
          receivedOf.get(d.id) ?? 0n,
          today,
        );
        return { saleId: d.id, unitNo: d.unitNo, buyerName: d.buyerName, product: d.product, overdueFen: applied.totals.overdueFen, oldestOverdueDays: applied.totals.oldestOverdueDays, rows: applied.rows };
      })
      .filter((d) => d.overdueFen > 0n)
      .sort((a, b) => b.oldestOverdueDays - a.oldestOverdueDays || (b.overdueFen > a.overdueFen ? 1 : -1));
    const buckets = overdueBuckets(rows.flatMap((d) => d.rows));
    return {
      signedOutstandingFen: (outstanding._sum.amountFen ?? 0n) - (signedReceived._sum.amountFen ?? 0n),
      overdueFen: rows.reduce((sum, d) => sum + d.overdueFen, 0n),
      overdueDeals: rows.length,
      buckets,
      worst: rows.slice(0, OVERDUE_SHOWN).map(({ rows: _rows, ...d }) => d),
    };
  });
}

/** The leasing milestones the sales page lists: open ones first, at most 12; the rest are on /milestones. */
const LEASING_SHOWN = 12;
/**
 * The leasing deliverables of the plan (招商计划书, 手册, 政策) with their status, for the sales page: read
 * from the schedule on their own, so a progress report does not recompute the sales view.
 */
export async function salesLeasingMilestones(projectId: number, today: string) {
  return leasingDeliverables((await scheduleView(projectId, today)).rows);
}

function leasingDeliverables(rows: ScheduleRow[]) {
  const leasing = rows.filter((m) => m.kind === "leasing");
  const ordered = [...leasing.filter((m) => m.health !== "done"), ...leasing.filter((m) => m.health === "done")];
  return {
    leasingMilestones: ordered.slice(0, LEASING_SHOWN).map((m) => ({ id: m.id, code: m.code, name: m.name, nameEn: m.nameEn, plannedEnd: m.plannedEnd, health: m.health, percentComplete: m.percentComplete })),
    leasingMilestoneCount: leasing.length,
  };
}

// ─── Writes ──────────────────────────────────────────────────────────────────

/** Sets a product's yearly task and rewrites its quarters and months from the weights. */
export async function setTarget(projectId: number, input: TargetInput, actor: Actor) {
  return salesTransaction(async (tx) => {
    const rows = decomposeYear(input.year, input.annual, [input.q1, input.q2, input.q3, input.q4]);
    const before = await tx.salesTarget.findMany({ where: { projectId, product: input.product, period: { startsWith: String(input.year) } }, select: { period: true, amountFen: true } });
    await tx.salesTarget.deleteMany({ where: { projectId, product: input.product, period: { startsWith: String(input.year) } } });
    await tx.salesTarget.createMany({ data: rows.map((row) => ({ projectId, product: input.product, period: row.period, amountFen: row.amountFen })) });
    await recordAudit(tx, {
      userId: actor.userId,
      area: "sales",
      entity: "SalesTarget",
      entityId: input.year,
      action: "update",
      before: Object.fromEntries(before.filter((b) => !b.period.match(/-\d\d$/)).map((b) => [`${input.product}:${b.period}`, b.amountFen])),
      after: Object.fromEntries(rows.filter((r) => !r.period.match(/-\d\d$/)).map((r) => [`${input.product}:${r.period}`, r.amountFen])),
    });
    return { ok: true as const };
  });
}

export async function saveAgencyContract(projectId: number, input: AgencyInput, actor: Actor) {
  return salesTransaction(async (tx) => {
    const data = {
      agency: input.agency,
      periodStart: civilToDate(input.periodStart),
      periodEnd: civilToDate(input.periodEnd),
      taskFen: input.task,
      incentiveBps: input.incentiveRate,
      aboveTaskBps: input.aboveTaskRate,
      floorFen: input.floor,
      belowFloorBps: input.belowFloorRate,
      basis: input.basis,
      incentiveTerms: input.incentiveTerms,
      signDueOn: input.signDueOn ? civilToDate(input.signDueOn) : null,
      signedOn: input.signedOn ? civilToDate(input.signedOn) : null,
    };
    const before = await tx.agencyContract.findUnique({ where: { projectId_year: { projectId, year: input.year } } });
    const saved = await tx.agencyContract.upsert({
      where: { projectId_year: { projectId, year: input.year } },
      create: { projectId, year: input.year, ...data },
      update: { ...data, version: { increment: 1 } },
      select: { id: true },
    });
    await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "AgencyContract", entityId: saved.id, action: before ? "update" : "create", before: before ?? undefined, after: { year: input.year, ...data } });
    return { ok: true as const };
  });
}

export async function setSubscriptionCap(projectId: number, capBps: number, actor: Actor) {
  return salesTransaction(async (tx) => {
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { apartmentAreaCsqm: true, subscriptionCapBps: true } });
    const subscribed = await subscribedUnitArea(tx, projectId);
    const inventory = await tx.unit.aggregate({ where: { projectId, disposition: "sale", building: { use: "apartment" } }, _sum: { grossAreaCsqm: true } });
    const check = checkSubscriptionCap({ apartmentAreaCsqm: inventory._sum.grossAreaCsqm ?? project.apartmentAreaCsqm, capBps, subscribedCsqm: subscribed, areaCsqm: 0 });
    if (!check.ok) return refuse("capPercent", "cap_below_subscribed", { subscribed: (subscribed / 100).toFixed(2) });
    await tx.project.update({ where: { id: projectId }, data: { subscriptionCapBps: capBps, version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "Project", entityId: projectId, action: "update", before: { subscriptionCapBps: project.subscriptionCapBps }, after: { subscriptionCapBps: capBps } });
    return { ok: true as const };
  });
}

/**
 * The years the /sales year switch offers: those with targets, deals (reserved or signed) or an agency
 * contract, and the current year; ascending.
 */
export function salesYears(projectId: number, today: string): Promise<number[]> {
  // Cached with the sales area: the first and last deal days are a scan of every deal.
  return cachedRead(`sales-years:${projectId}`, ["sales"], today, () => computeSalesYears(projectId, today));
}

async function computeSalesYears(projectId: number, today: string): Promise<number[]> {
  const [targets, agencies, deals] = await Promise.all([
    prisma.salesTarget.findMany({ where: { projectId }, distinct: ["period"], select: { period: true } }),
    prisma.agencyContract.findMany({ where: { projectId }, select: { year: true } }),
    prisma.saleRecord.aggregate({ where: { projectId }, _min: { reservedOn: true, signedOn: true }, _max: { reservedOn: true, signedOn: true } }),
  ]);
  const years = new Set<number>([Number(today.slice(0, 4))]);
  for (const t of targets) years.add(Number(t.period.slice(0, 4)));
  for (const a of agencies) years.add(a.year);
  // Deals: every year from the first to the last deal day (a project sells in consecutive years).
  const days = [deals._min.reservedOn, deals._min.signedOn, deals._max.reservedOn, deals._max.signedOn].filter((d): d is Date => d !== null).map((d) => Number(dateToCivil(d).slice(0, 4)));
  if (days.length > 0) for (let y = Math.min(...days); y <= Math.max(...days); y++) years.add(y);
  return [...years].filter((y) => y >= 2020 && y <= 2100).sort((a, b) => a - b);
}
