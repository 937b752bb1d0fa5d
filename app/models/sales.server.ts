// Sales targets, the agency contract, sales, internal subscriptions, leases and their receipts: the
// only module that touches them. The subscription cap is checked inside the insert's transaction
// (one transaction at a time per process; see docs/decisions/005), so parallel requests cannot pass it.
import { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import { achievement, AGENCY_PRODUCTS, checkSubscriptionCap, decomposeYear, leaseMonths, PRODUCTS, saleAmount, type Product } from "~/domain/sales";
import type { AgencyInput, LeaseInput, ReceiptInput, SaleInput, TargetInput } from "~/domain/sales-forms.server";
import { civilToDate, dateToCivil } from "~/utils/dates";
import { recordAudit } from "./audit.server";
import { once, withoutKey } from "./idempotency.server";
import { scheduleView, type ScheduleRow } from "./milestones.server";
import { cachedRead } from "./read-cache.server";

type Actor = { userId: number | null };
type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

/** The sales list shows the latest records; the totals cover all of them. */
const RECENT_RECORDS = 100;

const salesTransaction = writeTransaction;

async function subscribedArea(tx: Prisma.TransactionClient, projectId: number): Promise<number> {
  const sum = await tx.saleDayTotal.aggregate({ where: { projectId, product: "internal_subscription" }, _sum: { areaCsqm: true } });
  return sum._sum.areaCsqm ?? 0;
}

/**
 * Everything the sales page shows for one year, from live records. Cached per state of the areas it
 * reads (read-cache.server.ts), except the export's complete listing.
 */
/** `allRecords`: the export's listing, the latest `maxRecords` sales (all when not given) instead of the page's 100. */
export function salesView(projectId: number, year: number, today: string, options: { allRecords?: boolean; maxRecords?: number } = {}) {
  if (options.allRecords) return computeSalesView(projectId, year, today, options);
  return cachedRead(`sales:${projectId}:${year}`, ["core", "schedule", "sales"], today, () => computeSalesView(projectId, year, today, options));
}

async function computeSalesView(projectId: number, year: number, today: string, options: { allRecords?: boolean; maxRecords?: number }) {
  const [project, targets, agency, saleDays, sales, saleCount, leases, schedule, subscribedCsqm, receipts] = await Promise.all([
    prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { totalBudgetFen: true, apartmentAreaCsqm: true, subscriptionCapBps: true } }),
    prisma.salesTarget.findMany({ where: { projectId, period: { startsWith: String(year) } }, select: { product: true, period: true, amountFen: true } }),
    prisma.agencyContract.findUnique({ where: { projectId_year: { projectId, year } } }),
    // Achievement comes from the signed sales' totals by product and day (SaleDayTotal, kept by triggers).
    prisma.saleDayTotal.findMany({ where: { projectId }, select: { product: true, day: true, amountFen: true } }),
    prisma.saleRecord.findMany({
      where: { projectId, status: "signed" },
      orderBy: [{ signedOn: "desc" }, { id: "desc" }],
      take: options.allRecords ? options.maxRecords : RECENT_RECORDS,
      select: { id: true, product: true, unitNo: true, areaCsqm: true, unitPriceFen: true, amountFen: true, signedOn: true, buyerName: true, buyerType: true },
    }),
    prisma.saleDayTotal.aggregate({ where: { projectId }, _sum: { count: true } }).then((sum) => sum._sum.count ?? 0),
    prisma.lease.findMany({
      where: { projectId },
      orderBy: [{ signedOn: "desc" }, { id: "desc" }],
      select: { id: true, tenant: true, unitNo: true, areaCsqm: true, monthlyRentFen: true, startOn: true, endOn: true, signedOn: true, prepaidRentFen: true },
    }),
    scheduleView(projectId, today),
    subscribedArea(prisma, projectId),
    prisma.receipt.aggregate({ where: { OR: [{ sale: { projectId } }, { lease: { projectId } }] }, _sum: { amountFen: true } }),
  ]);
  const received = await prisma.receipt.groupBy({ by: ["saleId"], where: { saleId: { in: sales.map((s) => s.id) } }, _sum: { amountFen: true } });

  const receivedOf = new Map(received.map((r) => [r.saleId, r._sum.amountFen ?? 0n]));
  const saleRows = sales.map((s) => ({
    ...s,
    signedOn: dateToCivil(s.signedOn!),
    receivedFen: receivedOf.get(s.id) ?? 0n,
  }));
  const leaseRows = leases.map((l) => {
    const startOn = dateToCivil(l.startOn);
    const endOn = dateToCivil(l.endOn);
    return { ...l, startOn, endOn, signedOn: dateToCivil(l.signedOn), contractRentFen: l.monthlyRentFen * BigInt(leaseMonths(startOn, endOn)) };
  });
  const recordsOf = (product: Product) =>
    product === "commercial_lease"
      ? leaseRows.map((l) => ({ on: l.signedOn, amountFen: l.contractRentFen }))
      : saleDays.filter((d) => d.product === product).map((d) => ({ on: d.day, amountFen: d.amountFen }));

  const quarters = [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  const months = Array.from({ length: 12 }, (_, m) => `${year}-${String(m + 1).padStart(2, "0")}`);
  const byProduct = PRODUCTS.map((product) => {
    const productTargets = new Map(targets.filter((t) => t.product === product).map((t) => [t.period, t.amountFen]));
    const rows = achievement([String(year), ...quarters, ...months], productTargets, recordsOf(product));
    return { product, year: rows[0], quarters: rows.slice(1, 5), months: rows.slice(5) };
  });

  const agencyRecords = AGENCY_PRODUCTS.flatMap(recordsOf).filter((r) => agency && r.on >= dateToCivil(agency.periodStart) && r.on <= dateToCivil(agency.periodEnd));
  const agencyAchievedFen = agencyRecords.reduce((sum, r) => sum + r.amountFen, 0n);
  const cap = checkSubscriptionCap({ apartmentAreaCsqm: project.apartmentAreaCsqm, capBps: project.subscriptionCapBps, subscribedCsqm, areaCsqm: 0 });

  return {
    year,
    projectTaskFen: project.totalBudgetFen,
    byProduct,
    agency: agency
      ? {
          ...agency,
          periodStart: dateToCivil(agency.periodStart),
          periodEnd: dateToCivil(agency.periodEnd),
          signedOn: agency.signedOn ? dateToCivil(agency.signedOn) : null,
          achievedFen: agencyAchievedFen,
          // Commission on what the agency achieved, to the 分.
          incentiveFen: (agencyAchievedFen * BigInt(agency.incentiveBps) * 2n + 10_000n) / 20_000n,
        }
      : null,
    subscription: { apartmentAreaCsqm: project.apartmentAreaCsqm, capBps: project.subscriptionCapBps, capCsqm: cap.capCsqm, subscribedCsqm },
    sales: saleRows,
    saleCount,
    leases: leaseRows,
    receivedFen: receipts._sum.amountFen ?? 0n,
    ...leasingDeliverables(schedule.rows),
  };
}

/** The leasing milestones the sales page lists: open ones first, at most 12; the rest are on /milestones. */
const LEASING_SHOWN = 12;
function leasingDeliverables(rows: ScheduleRow[]) {
  const leasing = rows.filter((m) => m.kind === "leasing");
  const ordered = [...leasing.filter((m) => m.health !== "done"), ...leasing.filter((m) => m.health === "done")];
  return {
    leasingMilestones: ordered.slice(0, LEASING_SHOWN).map((m) => ({ id: m.id, code: m.code, name: m.name, nameEn: m.nameEn, plannedEnd: m.plannedEnd, health: m.health, percentComplete: m.percentComplete })),
    leasingMilestoneCount: leasing.length,
  };
}

// ─── Writes ──────────────────────────────────────────────────────────────────

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** A sale or an internal subscription, with its first receipt if money came in at signing. */
export async function recordSale(projectId: number, input: SaleInput, actor: Actor) {
  try {
    return await once(
      { userId: actor.userId, key: input.idempotencyKey, scope: "sale" },
      async (tx) => {
        const taken = await tx.saleRecord.findFirst({ where: { projectId, unitNo: input.unitNo, status: "signed" }, select: { id: true } });
        if (taken) return refuse("unitNo", "unit_taken");
        if (input.product === "internal_subscription") {
          const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { apartmentAreaCsqm: true, subscriptionCapBps: true } });
          const check = checkSubscriptionCap({ apartmentAreaCsqm: project.apartmentAreaCsqm, capBps: project.subscriptionCapBps, subscribedCsqm: await subscribedArea(tx, projectId), areaCsqm: input.area });
          if (!check.ok) return refuse("area", "over_cap", { remaining: (check.remainingCsqm / 100).toFixed(2), cap: (check.capCsqm / 100).toFixed(2) });
        }
        const amountFen = saleAmount(input.area, input.unitPrice);
        const sale = await tx.saleRecord.create({
          data: {
            projectId,
            product: input.product,
            unitNo: input.unitNo,
            areaCsqm: input.area,
            unitPriceFen: input.unitPrice,
            amountFen,
            signedOn: civilToDate(input.signedOn),
            buyerName: input.buyerName,
            buyerType: input.buyerType,
            createdById: actor.userId,
          },
          select: { id: true },
        });
        if (input.received > 0n) await tx.receipt.create({ data: { saleId: sale.id, receivedOn: civilToDate(input.receivedOn!), amountFen: input.received, note: "签约收款" } });
        await recordAudit(tx, {
          userId: actor.userId,
          area: "sales",
          entity: "SaleRecord",
          entityId: sale.id,
          action: "create",
          after: { product: input.product, unitNo: input.unitNo, areaCsqm: input.area, unitPriceFen: input.unitPrice, amountFen, signedOn: input.signedOn, buyerName: input.buyerName, buyerType: input.buyerType, receivedFen: input.received },
        });
        return { ok: true as const, saleId: sale.id };
      },
      (recorded) => recorded.saleId,
      async (saleId) => {
        const sale = saleId ? await prisma.saleRecord.findFirst({ where: { id: saleId, projectId }, select: { id: true } }) : null;
        return sale ? { ok: true as const, saleId: sale.id } : null;
      },
    );
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("unitNo", "unit_taken");
    throw error;
  }
}

export async function recordLease(projectId: number, input: LeaseInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "lease" },
    async (tx) => {
      const lease = await tx.lease.create({
        data: {
          projectId,
          tenant: input.tenant,
          unitNo: input.unitNo,
          areaCsqm: input.area,
          monthlyRentFen: input.monthlyRent,
          startOn: civilToDate(input.startOn),
          endOn: civilToDate(input.endOn),
          signedOn: civilToDate(input.signedOn),
          prepaidRentFen: input.prepaidRent,
          createdById: actor.userId,
        },
        select: { id: true },
      });
      // Prepaid rent is money in for the rent-prepayment financing channel.
      if (input.prepaidRent > 0n) await tx.receipt.create({ data: { leaseId: lease.id, receivedOn: civilToDate(input.signedOn), amountFen: input.prepaidRent, note: "预付租金" } });
      await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "Lease", entityId: lease.id, action: "create", after: { ...withoutKey(input), areaCsqm: input.area } });
      return { ok: true as const, leaseId: lease.id };
    },
    (recorded) => recorded.leaseId,
    async (leaseId) => {
      const lease = leaseId ? await prisma.lease.findFirst({ where: { id: leaseId, projectId }, select: { id: true } }) : null;
      return lease ? { ok: true as const, leaseId: lease.id } : null;
    },
  );
}

/** Money received on a sale after signing; never more than is still owed. */
export async function addReceipt(projectId: number, input: ReceiptInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "receipt" },
    async (tx) => {
      const sale = await tx.saleRecord.findUnique({ where: { id: input.saleId }, select: { projectId: true, amountFen: true, status: true } });
      if (!sale || sale.projectId !== projectId || sale.status !== "signed") return refuse("saleId", "invalid_choice");
      const received = await tx.receipt.aggregate({ where: { saleId: input.saleId }, _sum: { amountFen: true } });
      const owedFen = sale.amountFen - (received._sum.amountFen ?? 0n);
      if (input.amount > owedFen) return refuse("amount", "over_owed", { headroomFen: owedFen.toString() });
      const receipt = await tx.receipt.create({ data: { saleId: input.saleId, receivedOn: civilToDate(input.receivedOn), amountFen: input.amount }, select: { id: true } });
      await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "Receipt", entityId: receipt.id, action: "create", after: withoutKey(input) });
      return { ok: true as const, receiptId: receipt.id };
    },
    (added) => added.receiptId,
    async (receiptId) => {
      const receipt = receiptId ? await prisma.receipt.findFirst({ where: { id: receiptId, sale: { projectId } }, select: { id: true } }) : null;
      return receipt ? { ok: true as const, receiptId: receipt.id } : null;
    },
  );
}

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
      incentiveTerms: input.incentiveTerms,
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
    const subscribed = await subscribedArea(tx, projectId);
    const check = checkSubscriptionCap({ apartmentAreaCsqm: project.apartmentAreaCsqm, capBps, subscribedCsqm: subscribed, areaCsqm: 0 });
    if (!check.ok) return refuse("capPercent", "cap_below_subscribed", { subscribed: (subscribed / 100).toFixed(2) });
    await tx.project.update({ where: { id: projectId }, data: { subscriptionCapBps: capBps, version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "Project", entityId: projectId, action: "update", before: { subscriptionCapBps: project.subscriptionCapBps }, after: { subscriptionCapBps: capBps } });
    return { ok: true as const };
  });
}
