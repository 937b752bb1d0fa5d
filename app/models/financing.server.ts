// Financing channels, facilities, drawdowns and repayments: the only module that touches them. Sales
// income (pre-sale, internal subscription, prepaid rent) is read from the sales side's receipts, so it
// is keyed once.
import { prisma, writeTransaction } from "~/db.server";
import { checkDrawdownTotal, costOfFunds, forecastDrawdown, SECURED_STATUSES, targetProgress, type FacilityStatus } from "~/domain/financing";
import type { DrawdownActual, DrawdownPlan, FacilityInput, FacilityUpdate, RepaymentInput } from "~/domain/financing-forms.server";
import { civilToDate, dateToCivil, monthOf } from "~/utils/dates";
import { recordAudit } from "./audit.server";
import { drawdownGate } from "./financing-conditions.server";
import { once, withoutKey } from "./idempotency.server";
import { forecastsCurrent, scheduleFacts } from "./milestones.server";
import { cachedRead } from "./read-cache.server";

type Actor = { userId: number | null };

const facilitySelect = {
  id: true,
  channelId: true,
  counterparty: true,
  committedFen: true,
  rateBps: true,
  feesFen: true,
  termMonths: true,
  interestSettleDay: true,
  conditions: true,
  status: true,
  version: true,
  drawdowns: {
    orderBy: { plannedOn: "asc" },
    select: { id: true, plannedOn: true, plannedFen: true, actualOn: true, actualFen: true, note: true, dependsOnMilestoneId: true },
  },
  repayments: { orderBy: { dueOn: "asc" }, select: { id: true, dueOn: true, amountFen: true, paidOn: true } },
} as const;

/** Sales receipts by day for each sales-fed channel, summed in SQL. */
async function salesReceipts(projectId: number) {
  const byDay = async (where: object) =>
    (await prisma.receipt.groupBy({ by: ["receivedOn"], where, _sum: { amountFen: true } })).map((row) => ({ on: dateToCivil(row.receivedOn), amountFen: row._sum.amountFen ?? 0n }));
  const [presale, subscription, rent] = await Promise.all([
    byDay({ sale: { projectId, product: { in: ["apartment_presale", "commercial_sale"] } } }),
    byDay({ sale: { projectId, product: "internal_subscription" } }),
    byDay({ lease: { projectId } }),
  ]);
  return { presale, internal_subscription: subscription, rent_prepay: rent } as Record<string, { on: string; amountFen: bigint }[]>;
}

/**
 * Everything the financing page shows, computed from live data: each facility's drawdowns with their
 * expected dates (moved by milestone slips), channel totals, progress to the start-up capital target,
 * cost of funds. The funding gap is the cash flow's (cashflow.server.ts). Cached per state of the
 * areas it reads (read-cache.server.ts), which do not include payments; its parts are cached on their
 * own.
 */
export async function financingView(projectId: number, today: string) {
  await forecastsCurrent(projectId, today);
  return cachedRead(`financing:${projectId}`, ["core", "forecast", "financing", "sales"], today, () => computeFinancingView(projectId, today));
}

/**
 * The financing overview: the view with a few drawdowns per facility (flagged ones first, then by
 * date) and no repayments; the facility page has them all. Cached like the view, so the trimming
 * runs once per state of the data, not on every request.
 */
export async function financingOverview(projectId: number, today: string, drawdownsShown: number) {
  await forecastsCurrent(projectId, today);
  return cachedRead(`financing-overview:${projectId}:${drawdownsShown}`, ["core", "forecast", "financing", "sales"], today, async () => {
    const view = await financingView(projectId, today);
    const channels = view.channels.map((c) => ({
      ...c,
      facilities: c.facilities.map((f) => ({
        ...f,
        drawdownCount: f.drawdowns.length,
        drawdowns: [...f.drawdowns]
          .sort((a, b) => Number(b.forecast.flag !== null) - Number(a.forecast.flag !== null))
          .slice(0, drawdownsShown)
          .sort((a, b) => (a.forecast.on < b.forecast.on ? -1 : 1)),
        repayments: [],
      })),
    }));
    return { ...view, channels };
  });
}

async function computeFinancingView(projectId: number, today: string) {
  const project = await prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { startupCapitalFen: true, startupCapitalYear: true } });
  const [facilityChannels, receipts] = await Promise.all([
    facilityForecasts(projectId, today, project.startupCapitalYear),
    cachedRead(`financing-receipts:${projectId}`, ["sales"], "", () => salesReceipts(projectId)),
  ]);
  const channelViews = facilityChannels.channels.map(({ facilityTotals, ...channel }) => {
    const sales = receipts[channel.kind] ?? [];
    const salesFen = sales.reduce((sum, r) => sum + r.amountFen, 0n);
    return {
      ...channel,
      ...facilityTotals,
      drawnFen: facilityTotals.drawnFen + salesFen,
      salesFen,
      expectedInYearFen: facilityTotals.expectedInYearFen + salesFen,
    };
  });
  const total = (pick: (c: (typeof channelViews)[number]) => bigint) => channelViews.reduce((sum, c) => sum + pick(c), 0n);
  return {
    channels: channelViews,
    totals: {
      targetFen: total((c) => c.targetFen),
      committedFen: total((c) => c.committedFen),
      securedFen: total((c) => c.securedFen),
      drawnFen: total((c) => c.drawnFen),
      expectedFen: total((c) => c.expectedFen),
      expectedInYearFen: total((c) => c.expectedInYearFen),
    },
    // The start-up target's bar: drawn, secured but undrawn, and only expected (in negotiation).
    target: targetProgress(project.startupCapitalFen, {
      drawnFen: total((c) => c.drawnFen),
      securedUndrawnFen: facilitySum(channelViews, (f) => (SECURED_STATUSES.includes(f.status) ? f.expectedFen : 0n)),
      expectedFen: facilitySum(channelViews, (f) => (SECURED_STATUSES.includes(f.status) ? 0n : f.expectedFen)),
    }),
    startup: { targetFen: project.startupCapitalFen, year: project.startupCapitalYear },
    cost: costOfFunds(channelViews.flatMap((c) => c.facilities.filter((f) => f.status !== "repaid").map((f) => ({ committedFen: f.committedFen, rateBps: f.rateBps, feesFen: f.feesFen })))),
    currentMonth: monthOf(today),
  };
}

function facilitySum(channels: { facilities: { status: FacilityStatus; expectedFen: bigint }[] }[], pick: (f: { status: FacilityStatus; expectedFen: bigint }) => bigint) {
  return channels.reduce((sum, c) => sum + c.facilities.reduce((s, f) => s + pick(f), 0n), 0n);
}

/**
 * Channels with their facilities and each drawdown's expected date and amount: the part that grows
 * with the drawdowns, read from schedule and financing only (the cash flow reads it too).
 */
export async function facilityForecasts(projectId: number, today: string, startupYear: number) {
  await forecastsCurrent(projectId, today);
  return cachedRead(`financing-facilities:${projectId}`, ["core", "forecast", "financing"], `${today}|${startupYear}`, async () => {
    const [channels, schedule] = await Promise.all([
      prisma.financingChannel.findMany({
        where: { projectId },
        orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
        select: { id: true, kind: true, name: true, nameEn: true, targetFen: true, facilities: { orderBy: { id: "asc" }, select: facilitySelect } },
      }),
      scheduleFacts(projectId, today),
    ]);
    const milestones = new Map(schedule.rows.map((m) => [m.id, m]));
    const yearEnd = `${startupYear}-12-31`;

    const views = channels.map((channel) => {
      const facilities = channel.facilities.map((facility) => {
        const drawdowns = facility.drawdowns.map((d) => {
          const milestone = d.dependsOnMilestoneId ? milestones.get(d.dependsOnMilestoneId) : undefined;
          const forecast = forecastDrawdown(
            {
              id: d.id,
              plannedOn: dateToCivil(d.plannedOn),
              plannedFen: d.plannedFen,
              actualOn: d.actualOn ? dateToCivil(d.actualOn) : null,
              actualFen: d.actualFen,
              milestone: milestone ? { code: milestone.code, plannedEnd: milestone.plannedEnd, forecastEnd: milestone.forecastEnd, done: milestone.done } : null,
            },
            today,
          );
          return {
            id: d.id,
            plannedOn: dateToCivil(d.plannedOn),
            plannedFen: d.plannedFen,
            actualOn: d.actualOn ? dateToCivil(d.actualOn) : null,
            actualFen: d.actualFen,
            note: d.note,
            milestone: milestone ? { id: milestone.id, code: milestone.code, name: milestone.name, nameEn: milestone.nameEn, forecastEnd: milestone.forecastEnd, slipDays: milestone.slipDays } : null,
            forecast,
          };
        });
        const drawnFen = drawdowns.reduce((sum, d) => sum + (d.forecast.drawn ? d.forecast.amountFen : 0n), 0n);
        const expectedFen = drawdowns.reduce((sum, d) => sum + (d.forecast.drawn ? 0n : d.forecast.amountFen), 0n);
        const expectedInYearFen = drawdowns.reduce((sum, d) => sum + (d.forecast.on <= yearEnd ? d.forecast.amountFen : 0n), 0n);
        return {
          ...facility,
          status: facility.status as FacilityStatus,
          drawdowns,
          repayments: facility.repayments.map((r) => ({ ...r, dueOn: dateToCivil(r.dueOn), paidOn: r.paidOn ? dateToCivil(r.paidOn) : null })),
          drawnFen,
          expectedFen,
          expectedInYearFen,
          flagged: drawdowns.some((d) => d.forecast.flag !== null),
        };
      });
      const sum = (pick: (f: (typeof facilities)[number]) => bigint) => facilities.reduce((total, f) => total + pick(f), 0n);
      return {
        id: channel.id,
        kind: channel.kind,
        name: channel.name,
        nameEn: channel.nameEn,
        targetFen: channel.targetFen,
        facilities,
        facilityTotals: {
          committedFen: sum((f) => f.committedFen),
          securedFen: sum((f) => (SECURED_STATUSES.includes(f.status) ? f.committedFen : 0n)),
          drawnFen: sum((f) => f.drawnFen),
          expectedFen: sum((f) => f.expectedFen),
          expectedInYearFen: sum((f) => f.expectedInYearFen),
        },
      };
    });
    // Plain data (no Map): cached values are shared and frozen in the tests.
    return { channels: views };
  });
}

export type FinancingView = Awaited<ReturnType<typeof financingView>>;

export async function listChannels(projectId: number) {
  return prisma.financingChannel.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, kind: true, name: true, nameEn: true } });
}

export async function facilityProject(facilityId: number) {
  const facility = await prisma.facility.findUnique({ where: { id: facilityId }, select: { id: true, channel: { select: { projectId: true } } } });
  return facility ? facility.channel.projectId : null;
}

// ─── Writes ──────────────────────────────────────────────────────────────────

type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

function facilityFields(input: Omit<FacilityInput, "channelId" | "idempotencyKey">) {
  return {
    counterparty: input.counterparty,
    committedFen: input.committed,
    rateBps: input.rate,
    feesFen: input.fees,
    termMonths: input.termMonths,
    conditions: input.conditions,
    status: input.status,
  };
}

export async function createFacility(projectId: number, input: FacilityInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "facility" },
    async (tx) => {
      const channel = await tx.financingChannel.findUnique({ where: { id: input.channelId }, select: { projectId: true, kind: true } });
      if (!channel || channel.projectId !== projectId) return refuse("channelId", "invalid_choice");
      const facility = await tx.facility.create({ data: { channelId: input.channelId, ...facilityFields(input) }, select: { id: true } });
      await recordAudit(tx, { userId: actor.userId, area: "financing", entity: "Facility", entityId: facility.id, action: "create", after: { channel: channel.kind, ...facilityFields(input) } });
      return { ok: true as const, facilityId: facility.id };
    },
    (created) => created.facilityId,
    async (facilityId) => {
      const facility = facilityId ? await prisma.facility.findFirst({ where: { id: facilityId, channel: { projectId } }, select: { id: true } }) : null;
      return facility ? { ok: true as const, facilityId: facility.id } : null;
    },
  );
}

export async function updateFacility(facilityId: number, input: FacilityUpdate, actor: Actor) {
  return writeTransaction(async (tx) => {
    const current = await tx.facility.findUnique({ where: { id: facilityId }, select: { ...facilitySelect } });
    if (!current) return refuse("form", "not_found");
    if (current.version !== input.version) return { ok: false as const, field: "form", message: "stale", vars: { version: String(current.version) } };
    const used = current.drawdowns.reduce((sum, d) => sum + (d.actualFen ?? d.plannedFen), 0n);
    if (input.committed < used) return refuse("committed", "below_drawdowns", { floorFen: used.toString() });
    const written = await tx.facility.updateMany({ where: { id: facilityId, version: input.version }, data: { ...facilityFields(input), version: { increment: 1 } } });
    if (written.count !== 1) return { ok: false as const, field: "form", message: "stale", vars: { version: String(current.version + 1) } };
    const before = { counterparty: current.counterparty, committedFen: current.committedFen, rateBps: current.rateBps, feesFen: current.feesFen, termMonths: current.termMonths, conditions: current.conditions, status: current.status };
    await recordAudit(tx, { userId: actor.userId, area: "financing", entity: "Facility", entityId: facilityId, action: "update", before, after: facilityFields(input) });
    return { ok: true as const };
  });
}

export async function addDrawdown(facilityId: number, input: DrawdownPlan, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "drawdown" },
    async (tx) => {
      const facility = await tx.facility.findUnique({ where: { id: facilityId }, select: { committedFen: true, channel: { select: { projectId: true } }, drawdowns: { select: { plannedFen: true, actualFen: true } } } });
      if (!facility) return refuse("form", "not_found");
      if (input.milestoneId !== null) {
        const milestone = await tx.milestone.findUnique({ where: { id: input.milestoneId }, select: { projectId: true } });
        if (!milestone || milestone.projectId !== facility.channel.projectId) return refuse("milestoneId", "invalid_choice");
      }
      const check = checkDrawdownTotal({ committedFen: facility.committedFen, drawdowns: facility.drawdowns, addFen: input.planned });
      if (!check.ok) return refuse("planned", "over_facility", { headroomFen: check.roomFen.toString() });
      const drawdown = await tx.drawdown.create({
        data: { facilityId, plannedOn: civilToDate(input.plannedOn), plannedFen: input.planned, dependsOnMilestoneId: input.milestoneId, note: input.note },
        select: { id: true },
      });
      await recordAudit(tx, { userId: actor.userId, area: "financing", entity: "Drawdown", entityId: drawdown.id, action: "create", after: { facilityId, ...withoutKey(input) } });
      return { ok: true as const, drawdownId: drawdown.id };
    },
    (planned) => planned.drawdownId,
    async (drawdownId) => {
      const drawdown = drawdownId ? await prisma.drawdown.findFirst({ where: { id: drawdownId, facilityId }, select: { id: true } }) : null;
      return drawdown ? { ok: true as const, drawdownId: drawdown.id } : null;
    },
  );
}

/** Records the money actually received for a planned drawdown. */
export async function recordDrawdownActual(facilityId: number, input: DrawdownActual, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "drawdown_actual" },
    async (tx) => {
      const facility = await tx.facility.findUnique({ where: { id: facilityId }, select: { committedFen: true, drawdowns: { select: { id: true, plannedOn: true, plannedFen: true, actualOn: true, actualFen: true } } } });
      const drawdown = facility?.drawdowns.find((d) => d.id === input.drawdownId);
      if (!facility || !drawdown) return refuse("drawdownId", "invalid_choice");
      if (drawdown.actualOn) return refuse("drawdownId", "already_drawn");
      const others = facility.drawdowns.filter((d) => d.id !== drawdown.id);
      const check = checkDrawdownTotal({ committedFen: facility.committedFen, drawdowns: others, addFen: input.actual });
      if (!check.ok) return refuse("actual", "over_facility", { headroomFen: check.roomFen.toString() });
      // 放款条件 (issue 14): unmet conditions need an approved override (drawdown_override), which is kept.
      const gate = await drawdownGate(tx, facilityId, drawdown.id);
      if (!gate.ok) return refuse("drawdownId", "conditions_unmet", { kinds: gate.unmet.join(","), count: String(gate.unmet.length) });
      await tx.drawdown.update({ where: { id: drawdown.id }, data: { actualOn: civilToDate(input.actualOn), actualFen: input.actual, overrideApprovalId: gate.overrideApprovalId } });
      // A new version: an edit form opened before the money came in must not put the status back.
      await tx.facility.updateMany({ where: { id: facilityId, status: { in: ["approved", "signed"] } }, data: { status: "drawing", version: { increment: 1 } } });
      await recordAudit(tx, {
        userId: actor.userId,
        area: "financing",
        entity: "Drawdown",
        entityId: drawdown.id,
        action: "update",
        before: { actualOn: null, actualFen: null },
        after: { actualOn: input.actualOn, actualFen: input.actual, ...(gate.overrideApprovalId !== null ? { overrideApprovalId: gate.overrideApprovalId } : {}) },
      });
      return { ok: true as const, drawdownId: drawdown.id };
    },
    (drawn) => drawn.drawdownId,
    async (drawdownId) => {
      const drawdown = drawdownId ? await prisma.drawdown.findFirst({ where: { id: drawdownId, facilityId, actualOn: { not: null } }, select: { id: true } }) : null;
      return drawdown ? { ok: true as const, drawdownId: drawdown.id } : null;
    },
  );
}

export async function addRepayment(facilityId: number, input: RepaymentInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "repayment" },
    async (tx) => {
      const facility = await tx.facility.findUnique({ where: { id: facilityId }, select: { id: true } });
      if (!facility) return refuse("form", "not_found");
      const repayment = await tx.repayment.create({ data: { facilityId, dueOn: civilToDate(input.dueOn), amountFen: input.amount }, select: { id: true } });
      await recordAudit(tx, { userId: actor.userId, area: "financing", entity: "Repayment", entityId: repayment.id, action: "create", after: { facilityId, ...withoutKey(input) } });
      return { ok: true as const, repaymentId: repayment.id };
    },
    (added) => added.repaymentId,
    async (repaymentId) => {
      const repayment = repaymentId ? await prisma.repayment.findFirst({ where: { id: repaymentId, facilityId }, select: { id: true } }) : null;
      return repayment ? { ok: true as const, repaymentId: repayment.id } : null;
    },
  );
}
