// The unit inventory (房源) as the pages read it: buildings, the 销控表 grid of one building, one unit
// with its deals, and the discount authority (让价权限). Deals are written in deals.server.ts; the
// inventory workbook in inventory-io.server.ts.
import { prisma, writeTransaction } from "~/db.server";
import { ACTIVE_DEAL_STATUSES, DEFAULT_DISCOUNT_AUTHORITY, salesControlGrid, statusCounts } from "~/domain/sales";
import type { DiscountAuthorityInput } from "~/domain/sales-deals-forms.server";
import { dateToCivil, type CivilDate } from "~/utils/dates";
import { recordAudit } from "../audit.server";
import { cachedRead } from "../read-cache.server";
import { dealDetail, discountAuthorityOf } from "./deals.server";

/** One building's grid at most: a tower of 200 floors × 40 units. Larger buildings are paged by floor range. */
const MAX_GRID_UNITS = 8_000;

export function buildingsOf(projectId: number) {
  return cachedRead(`buildings:${projectId}`, ["schedule", "forecast", "sales"], "", async () => {
    const [buildings, counts] = await Promise.all([
      prisma.building.findMany({
        where: { projectId },
        orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
        select: { id: true, code: true, name: true, nameEn: true, use: true, presaleMilestone: { select: { id: true, code: true, name: true, nameEn: true, status: true, plannedEnd: true, actualEnd: true } } },
      }),
      prisma.unit.groupBy({ by: ["buildingId", "status"], where: { projectId }, _count: { _all: true }, _sum: { grossAreaCsqm: true } }),
    ]);
    return buildings.map((b) => {
      const mine = counts.filter((c) => c.buildingId === b.id);
      const permit = b.presaleMilestone;
      return {
        ...b,
        presaleMilestone: permit ? { ...permit, plannedEnd: dateToCivil(permit.plannedEnd), actualEnd: permit.actualEnd ? dateToCivil(permit.actualEnd) : null, done: permit.status === "done" } : null,
        unitCount: mine.reduce((sum, c) => sum + c._count._all, 0),
        byStatus: Object.fromEntries(mine.map((c) => [c.status, { count: c._count._all, areaCsqm: c._sum.grossAreaCsqm ?? 0 }])) as Record<string, { count: number; areaCsqm: number }>,
      };
    });
  });
}
export type BuildingSummary = Awaited<ReturnType<typeof buildingsOf>>[number];

/**
 * The 销控表 of one building: floors (top first) × positions, each cell a unit with its status, and
 * for units under a deal the buyer and whether money is overdue. `floorFrom`/`floorTo` page a tall building.
 */
export function salesControl(projectId: number, buildingCode: string, today: CivilDate, floors?: { from: number; to: number }) {
  const key = `sales-control:${projectId}:${buildingCode}:${floors ? `${floors.from}-${floors.to}` : "all"}`;
  return cachedRead(key, ["sales"], today, async () => {
    const building = await prisma.building.findUnique({ where: { projectId_code: { projectId, code: buildingCode } }, select: { id: true, code: true, name: true, nameEn: true, use: true } });
    if (!building) return null;
    const where = { buildingId: building.id, ...(floors ? { floor: { gte: floors.from, lte: floors.to } } : {}) };
    const units = await prisma.unit.findMany({
      where,
      orderBy: [{ floor: "desc" }, { position: "asc" }],
      take: MAX_GRID_UNITS,
      select: { id: true, code: true, floor: true, position: true, roomType: true, grossAreaCsqm: true, listPriceFen: true, disposition: true, status: true },
    });
    const ids = units.map((u) => u.id);
    // Overdue: instalments due before today not covered by the money received on the unit's active deal.
    const [deals, dueBefore, received] = await Promise.all([
      prisma.saleRecord.findMany({ where: { unitId: { in: ids }, status: { in: [...ACTIVE_DEAL_STATUSES] } }, select: { id: true, unitId: true, buyerName: true, product: true } }),
      prisma.saleInstalment.groupBy({ by: ["saleId"], where: { sale: { unitId: { in: ids }, status: { in: [...ACTIVE_DEAL_STATUSES] } }, dueOn: { lt: new Date(`${today}T00:00:00.000Z`) } }, _sum: { amountFen: true } }),
      prisma.receipt.groupBy({ by: ["saleId"], where: { sale: { unitId: { in: ids }, status: { in: [...ACTIVE_DEAL_STATUSES] } } }, _sum: { amountFen: true } }),
    ]);
    const dueOf = new Map(dueBefore.map((d) => [d.saleId, d._sum.amountFen ?? 0n]));
    const receivedOf = new Map(received.map((r) => [r.saleId, r._sum.amountFen ?? 0n]));
    const dealOf = new Map(deals.map((d) => [d.unitId, d]));
    const cells = units.map((u) => {
      const deal = dealOf.get(u.id);
      const overdueFen = deal ? (dueOf.get(deal.id) ?? 0n) - (receivedOf.get(deal.id) ?? 0n) : 0n;
      return { ...u, buyerName: deal?.buyerName ?? null, internal: deal?.product === "internal_subscription", overdue: overdueFen > 0n };
    });
    const floorRange = await prisma.unit.aggregate({ where: { buildingId: building.id }, _min: { floor: true }, _max: { floor: true }, _count: { _all: true } });
    return {
      building,
      grid: salesControlGrid(cells),
      counts: statusCounts(cells),
      truncated: units.length === MAX_GRID_UNITS,
      floorRange: { min: floorRange._min.floor ?? 0, max: floorRange._max.floor ?? 0, units: floorRange._count._all },
    };
  });
}

/** One unit: its price list entry, building and permit, the active deal in full and the deals before it. */
export async function unitDetail(projectId: number, code: string, today: CivilDate) {
  const unit = await prisma.unit.findUnique({
    where: { projectId_code: { projectId, code } },
    select: {
      id: true,
      code: true,
      floor: true,
      position: true,
      roomType: true,
      grossAreaCsqm: true,
      netAreaCsqm: true,
      listPriceFen: true,
      floorPriceFen: true,
      disposition: true,
      status: true,
      building: { select: { code: true, name: true, nameEn: true, use: true, presaleMilestone: { select: { id: true, code: true, name: true, nameEn: true, status: true, plannedEnd: true, actualEnd: true } } } },
      deals: { orderBy: { id: "desc" }, take: 50, select: { id: true, status: true, product: true, buyerName: true, amountFen: true, reservedOn: true, signedOn: true, cancelledOn: true, cancelReason: true, changedToId: true } },
      leases: { orderBy: { id: "desc" }, take: 20, select: { id: true, tenant: true, monthlyRentFen: true, startOn: true, endOn: true, status: true } },
    },
  });
  if (!unit) return null;
  const active = unit.deals.find((d) => (ACTIVE_DEAL_STATUSES as readonly string[]).includes(d.status));
  const [deal, authority] = await Promise.all([active ? dealDetail(projectId, active.id, today) : null, discountAuthorityOf(prisma, projectId)]);
  const permit = unit.building.presaleMilestone;
  const civil = (d: Date | null) => (d ? dateToCivil(d) : null);
  return {
    unit: {
      ...unit,
      deals: undefined,
      leases: undefined,
      building: { ...unit.building, presaleMilestone: permit ? { ...permit, plannedEnd: dateToCivil(permit.plannedEnd), actualEnd: civil(permit.actualEnd), done: permit.status === "done" } : null },
    },
    deal,
    history: unit.deals.filter((d) => d.id !== active?.id).map((d) => ({ ...d, reservedOn: civil(d.reservedOn), signedOn: civil(d.signedOn), cancelledOn: civil(d.cancelledOn) })),
    leases: unit.leases.map((l) => ({ ...l, startOn: dateToCivil(l.startOn), endOn: dateToCivil(l.endOn) })),
    authority,
  };
}

export async function discountAuthority(projectId: number) {
  return discountAuthorityOf(prisma, projectId);
}

export async function saveDiscountAuthority(projectId: number, input: DiscountAuthorityInput, actor: { userId: number | null }) {
  return writeTransaction(async (tx) => {
    const before = await discountAuthorityOf(tx, projectId);
    for (const role of Object.keys(DEFAULT_DISCOUNT_AUTHORITY) as (keyof DiscountAuthorityInput)[]) {
      await tx.discountAuthority.upsert({ where: { projectId_role: { projectId, role } }, create: { projectId, role, maxDiscountBps: input[role] }, update: { maxDiscountBps: input[role] } });
    }
    await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "DiscountAuthority", entityId: projectId, action: "update", before, after: input });
    return { ok: true as const };
  });
}
