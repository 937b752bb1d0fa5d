// Leasing (招商): the pipeline of intents (意向, with 意向金) to leases, the rent roll (免租期, 租金递增) and
// occupancy (出租率 = leased area ÷ leasable area). The only module that writes leases and intents.
import { prisma, writeTransaction } from "~/db.server";
import { normalizeUnitCode, occupancyBps, rentRoll, rentSchedule, termRentFen, annualRentFen } from "~/domain/sales";
import type { IntentInput, LapseInput } from "~/domain/sales-deals-forms.server";
import type { LeaseInput } from "~/domain/sales-forms.server";
import { civilToDate, dateToCivil, type CivilDate } from "~/utils/dates";
import { recordAudit } from "../audit.server";
import { once, withoutKey } from "../idempotency.server";
import { cachedRead } from "../read-cache.server";

type Actor = { userId: number | null };
type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

/** The rent roll lists this many leases at most (the latest); totals cover all. */
const ROLL_SHOWN = 200;

export function leasingView(projectId: number, today: CivilDate) {
  return cachedRead(`leasing:${projectId}`, ["sales"], today, async () => {
    const [project, leasable, leasedUnits, intents, leases] = await Promise.all([
      prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { leaseAchievementBasis: true } }),
      prisma.unit.aggregate({ where: { projectId, disposition: "lease" }, _sum: { grossAreaCsqm: true }, _count: { _all: true } }),
      prisma.unit.aggregate({ where: { projectId, disposition: "lease", status: "leased" }, _sum: { grossAreaCsqm: true }, _count: { _all: true } }),
      prisma.leaseIntent.findMany({
        where: { projectId },
        orderBy: [{ status: "asc" }, { intentOn: "desc" }],
        take: 200,
        select: { id: true, tenant: true, areaCsqm: true, monthlyRentFen: true, depositFen: true, intentOn: true, status: true, note: true, leaseId: true, unit: { select: { code: true } } },
      }),
      prisma.lease.findMany({
        where: { projectId },
        orderBy: [{ signedOn: "desc" }, { id: "desc" }],
        select: { id: true, tenant: true, unitNo: true, areaCsqm: true, monthlyRentFen: true, startOn: true, endOn: true, signedOn: true, prepaidRentFen: true, rentFreeMonths: true, escalationBps: true, escalationEveryMonths: true, status: true, unit: { select: { code: true } } },
      }),
    ]);
    const rows = leases.map((l) => ({ ...l, startOn: dateToCivil(l.startOn), endOn: dateToCivil(l.endOn), signedOn: dateToCivil(l.signedOn) }));
    const active = rows.filter((l) => l.status === "signed");
    const roll = rentRoll(active, today);
    const rollOf = new Map(active.map((l, i) => [l.id, roll[i]]));
    const withTerms = rows.map((l) => {
      const schedule = rentSchedule(l);
      return { ...l, annualRentFen: annualRentFen(l.monthlyRentFen), termRentFen: termRentFen(schedule), roll: rollOf.get(l.id) ?? null };
    });
    const leasableCsqm = leasable._sum.grossAreaCsqm ?? 0;
    // Leased area: units leased in the inventory, plus signed leases on no unit (before the inventory).
    const unlinkedLeasedCsqm = active.filter((l) => !l.unit).reduce((sum, l) => sum + l.areaCsqm, 0);
    const leasedCsqm = (leasedUnits._sum.grossAreaCsqm ?? 0) + unlinkedLeasedCsqm;
    const open = intents.filter((i) => i.status === "open");
    return {
      basis: project.leaseAchievementBasis as "annual" | "term",
      leasableCsqm,
      leasableUnits: leasable._count._all,
      leasedCsqm,
      leasedUnits: leasedUnits._count._all,
      occupancyBps: occupancyBps(leasedCsqm, leasableCsqm),
      intents: intents.map((i) => ({ ...i, intentOn: dateToCivil(i.intentOn), unitCode: i.unit?.code ?? null, unit: undefined })),
      pipeline: {
        openCount: open.length,
        openAreaCsqm: open.reduce((sum, i) => sum + i.areaCsqm, 0),
        openAnnualRentFen: open.reduce((sum, i) => sum + annualRentFen(i.monthlyRentFen), 0n),
        depositsHeldFen: open.reduce((sum, i) => sum + i.depositFen, 0n),
      },
      leases: withTerms.slice(0, ROLL_SHOWN),
      leaseCount: rows.length,
      currentMonthlyRentFen: roll.reduce((sum, r) => sum + r.currentMonthlyRentFen, 0n),
      remainingRentFen: roll.reduce((sum, r) => sum + r.remainingFen, 0n),
    };
  });
}
export type LeasingView = Awaited<ReturnType<typeof leasingView>>;

async function leaseUnit(tx: Parameters<Parameters<typeof writeTransaction>[0]>[0], projectId: number, raw: string) {
  const code = normalizeUnitCode(raw);
  if (!code) return null;
  return tx.unit.findUnique({ where: { projectId_code: { projectId, code } }, select: { id: true, code: true, disposition: true, status: true, grossAreaCsqm: true } });
}

/** 意向: a prospective tenant, optionally on a unit, with the intent deposit held (意向金, refundable: not income). */
export async function recordIntent(projectId: number, input: IntentInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "lease" },
    async (tx) => {
      let unitId: number | null = null;
      if (input.unitCode) {
        const unit = await leaseUnit(tx, projectId, input.unitCode);
        if (!unit) return refuse("unitCode", "unit_not_found");
        if (unit.disposition !== "lease") return refuse("unitCode", "unit_for_sale");
        if (unit.status === "leased") return refuse("unitCode", "unit_taken", { unit: unit.code });
        unitId = unit.id;
      }
      const intent = await tx.leaseIntent.create({
        data: { projectId, unitId, tenant: input.tenant, areaCsqm: input.area, monthlyRentFen: input.monthlyRent, depositFen: input.deposit, intentOn: civilToDate(input.intentOn), note: input.note, createdById: actor.userId },
        select: { id: true },
      });
      await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "LeaseIntent", entityId: intent.id, action: "create", after: withoutKey(input) });
      return { ok: true as const, intentId: intent.id };
    },
    (done) => done.intentId,
    async (intentId) => (intentId ? { ok: true as const, intentId } : null),
  );
}

export async function lapseIntent(projectId: number, input: LapseInput, actor: Actor) {
  return writeTransaction(async (tx) => {
    const intent = await tx.leaseIntent.findFirst({ where: { id: input.intentId, projectId, status: "open" }, select: { id: true } });
    if (!intent) return refuse("intentId", "invalid_choice");
    await tx.leaseIntent.update({ where: { id: intent.id }, data: { status: "lapsed", note: input.reason } });
    await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "LeaseIntent", entityId: intent.id, action: "lapse", before: { status: "open" }, after: { status: "lapsed" }, reason: input.reason });
    return { ok: true as const };
  });
}

/**
 * A signed lease, on a unit of the inventory when its unit number names one for lease (the unit becomes
 * leased), optionally converting an open intent. Prepaid rent is money in for the rent-prepayment channel.
 */
export async function recordLease(projectId: number, input: LeaseInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "lease" },
    async (tx) => {
      const unit = await leaseUnit(tx, projectId, input.unitNo);
      if (unit && unit.disposition !== "lease") return refuse("unitNo", "unit_for_sale");
      if (unit && unit.status === "leased") return refuse("unitNo", "unit_taken", { unit: unit.code });
      if (input.intentId !== null) {
        const intent = await tx.leaseIntent.findFirst({ where: { id: input.intentId, projectId, status: "open" }, select: { id: true } });
        if (!intent) return refuse("intentId", "invalid_choice");
      }
      const lease = await tx.lease.create({
        data: {
          projectId,
          tenant: input.tenant,
          unitNo: unit?.code ?? input.unitNo,
          unitId: unit?.id ?? null,
          areaCsqm: input.area,
          monthlyRentFen: input.monthlyRent,
          startOn: civilToDate(input.startOn),
          endOn: civilToDate(input.endOn),
          signedOn: civilToDate(input.signedOn),
          prepaidRentFen: input.prepaidRent,
          rentFreeMonths: input.rentFreeMonths,
          escalationBps: input.escalationPercent,
          escalationEveryMonths: input.escalationEveryMonths,
          createdById: actor.userId,
        },
        select: { id: true },
      });
      if (unit) await tx.unit.update({ where: { id: unit.id }, data: { status: "leased", version: { increment: 1 } } });
      if (input.intentId !== null) await tx.leaseIntent.update({ where: { id: input.intentId }, data: { status: "signed", leaseId: lease.id } });
      if (input.prepaidRent > 0n) await tx.receipt.create({ data: { leaseId: lease.id, receivedOn: civilToDate(input.signedOn), amountFen: input.prepaidRent, kind: "payment", note: "预付租金" } });
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
