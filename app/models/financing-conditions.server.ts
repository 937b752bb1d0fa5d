// 放款条件 and 资本金 (issue 14, point 4): a facility's loan conditions checked against the schedule (the
// four certificates, a milestone done) and the project's equity; the equity contributions (append-only:
// a correction is a reversing row with a reason); and the override a drawdown with unmet conditions
// needs before it may be marked drawn (Approval kind drawdown_override, maker-checker). The pure rules
// are in domain/loan-conditions.ts. recordDrawdownActual (financing.server.ts) asks drawdownGate inside
// its transaction, so the check sees the data as the write does, not the cache.
import { NO_USER, userNamesById } from "~/models/user-names.server";
import { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import type { ConditionFormInput, DrawdownOverrideInput, EquityContributionInput, EquityReversalInput } from "~/domain/financing-forms.server";
import { checkConditions, equityRatioBps, equityReaches, STATUTORY_EQUITY_BPS, unmetKinds, type ConditionResult } from "~/domain/loan-conditions";
import { civilToDate, dateToCivil } from "~/utils/dates";
import { submitForApproval } from "./approvals.server";
import { recordAudit } from "./audit.server";
import { once, withoutKey } from "./idempotency.server";
import { cachedRead } from "./read-cache.server";

type Tx = Prisma.TransactionClient;
type Db = Tx | typeof prisma;
type Actor = { userId: number | null };
type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

// ─── Checking ────────────────────────────────────────────────────────────────

/** Net equity paid in (reversals included) and the approved project total. */
async function equityFigures(db: Db, projectId: number) {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { totalBudgetFen: true } });
  const sum = await db.equityContribution.aggregate({ where: { projectId }, _sum: { amountFen: true } });
  return { paidFen: sum._sum.amountFen ?? 0n, totalFen: project.totalBudgetFen };
}

/**
 * Each facility's conditions checked, for the facilities of the project (or the one given), read
 * through `db`: the cache's reads use prisma, a write's check its transaction.
 */
async function evaluate(db: Db, projectId: number, facilityId?: number) {
  const conditions = await db.facilityCondition.findMany({
    where: facilityId !== undefined ? { facilityId, facility: { channel: { projectId } } } : { facility: { channel: { projectId } } },
    orderBy: [{ facilityId: "asc" }, { id: "asc" }],
    select: { id: true, facilityId: true, kind: true, milestoneId: true, equityBps: true, note: true },
  });
  if (conditions.length === 0) return [] as { facilityId: number; conditions: ConditionResult[]; unmet: string[] }[];
  const milestones = await db.milestone.findMany({ where: { projectId }, select: { id: true, code: true, name: true, nameEn: true, status: true, certificate: true } });
  const equity = await equityFigures(db, projectId);
  const certificates = milestones.filter((m) => m.certificate !== null).map((m) => ({ kind: m.certificate!, done: m.status === "done", code: m.code }));
  const byId = new Map(milestones.map((m) => [m.id, { code: m.code, name: m.name, nameEn: m.nameEn, done: m.status === "done" }]));
  const facilityIds = [...new Set(conditions.map((c) => c.facilityId))];
  return facilityIds.map((id) => {
    const results = checkConditions({ conditions: conditions.filter((c) => c.facilityId === id), certificates, equity, milestones: byId });
    return { facilityId: id, conditions: results, unmet: unmetKinds(results) };
  });
}

/** Every facility's conditions with ✓/✗ and detail (only facilities that have conditions are listed). */
export function conditionsByFacility(projectId: number) {
  return cachedRead(`loan-conditions:${projectId}`, ["core", "schedule", "forecast", "financing"], "", () => evaluate(prisma, projectId));
}

/** One facility's conditions; none when it has no conditions (or is not found). */
export async function facilityConditions(facilityId: number) {
  const facility = await prisma.facility.findUnique({ where: { id: facilityId }, select: { channel: { select: { projectId: true } } } });
  if (!facility) return { facilityId, conditions: [] as ConditionResult[], unmet: [] as string[] };
  const all = await conditionsByFacility(facility.channel.projectId);
  return all.find((f) => f.facilityId === facilityId) ?? { facilityId, conditions: [] as ConditionResult[], unmet: [] as string[] };
}

/**
 * Whether a drawdown may be marked drawn, checked in the caller's transaction: yes when the facility's
 * conditions are all met, or when an approved drawdown_override names it (its id is returned, to be
 * stored on the drawdown); otherwise the unmet kinds.
 */
export async function drawdownGate(tx: Tx, facilityId: number, drawdownId: number): Promise<{ ok: true; overrideApprovalId: number | null } | { ok: false; unmet: string[] }> {
  const facility = await tx.facility.findUnique({ where: { id: facilityId }, select: { channel: { select: { projectId: true } } } });
  if (!facility) return { ok: true, overrideApprovalId: null };
  const projectId = facility.channel.projectId;
  const [checked] = await evaluate(tx, projectId, facilityId);
  if (!checked || checked.unmet.length === 0) return { ok: true, overrideApprovalId: null };
  const override = await tx.approval.findFirst({ where: { projectId, kind: "drawdown_override", subjectId: drawdownId, status: "approved" }, orderBy: { id: "desc" }, select: { id: true } });
  return override ? { ok: true, overrideApprovalId: override.id } : { ok: false, unmet: checked.unmet };
}

/** The override requests of a facility's drawdowns, newest first (the facility page shows each drawdown's latest). */
export async function drawdownOverrides(facilityId: number) {
  const drawdowns = await prisma.drawdown.findMany({ where: { facilityId }, select: { id: true, overrideApprovalId: true, facility: { select: { channel: { select: { projectId: true } } } } } });
  if (drawdowns.length === 0) return [];
  const projectId = drawdowns[0].facility.channel.projectId;
  const approvals = await prisma.approval.findMany({
    where: { projectId, kind: "drawdown_override", subjectId: { in: drawdowns.map((d) => d.id) } },
    orderBy: { id: "desc" },
    select: { id: true, subjectId: true, status: true, reason: true, decisionNote: true, submittedById: true, decidedById: true, createdAt: true, decidedAt: true },
  });
  const userIds = [...new Set(approvals.flatMap((a) => [a.submittedById, a.decidedById ?? 0]).filter((id) => id > 0))];
  const users = await userNamesById(userIds);
  const name = (id: number | null) => (id !== null && users.get(id)) || NO_USER;
  const usedBy = new Map(drawdowns.filter((d) => d.overrideApprovalId !== null).map((d) => [d.overrideApprovalId!, d.id]));
  return approvals.map((a) => ({
    approvalId: a.id,
    drawdownId: a.subjectId!,
    status: a.status,
    reason: a.reason,
    decisionNote: a.decisionNote,
    submittedBy: name(a.submittedById).name,
    submittedByEn: name(a.submittedById).nameEn,
    decidedBy: name(a.decidedById).name,
    decidedByEn: name(a.decidedById).nameEn,
    createdAt: a.createdAt.toISOString(),
    decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null,
    used: usedBy.get(a.id) === a.subjectId,
  }));
}

// ─── Conditions: writes ──────────────────────────────────────────────────────

export async function addCondition(facilityId: number, input: ConditionFormInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "facility_condition" },
    async (tx) => {
      const facility = await tx.facility.findUnique({ where: { id: facilityId }, select: { channel: { select: { projectId: true } }, loanConditions: { select: { kind: true, milestoneId: true } } } });
      if (!facility) return refuse("form", "not_found");
      if (input.kind === "milestone") {
        const milestone = input.milestoneId !== null ? await tx.milestone.findUnique({ where: { id: input.milestoneId }, select: { projectId: true } }) : null;
        if (!milestone || milestone.projectId !== facility.channel.projectId) return refuse("milestoneId", "invalid_choice");
      }
      const duplicate = facility.loanConditions.some((c) => c.kind === input.kind && (input.kind !== "milestone" || c.milestoneId === input.milestoneId));
      if (duplicate) return refuse("kind", "condition_exists");
      const fields = { kind: input.kind, milestoneId: input.milestoneId, equityBps: input.equityBps, note: input.note };
      const condition = await tx.facilityCondition.create({ data: { facilityId, ...fields }, select: { id: true } });
      await recordAudit(tx, { userId: actor.userId, area: "financing", entity: "FacilityCondition", entityId: condition.id, action: "create", after: { facilityId, ...fields } });
      return { ok: true as const, conditionId: condition.id };
    },
    (added) => added.conditionId,
    async (conditionId) => {
      const condition = conditionId ? await prisma.facilityCondition.findFirst({ where: { id: conditionId, facilityId }, select: { id: true } }) : null;
      return condition ? { ok: true as const, conditionId: condition.id } : null;
    },
  );
}

export async function removeCondition(facilityId: number, conditionId: number, actor: Actor) {
  return writeTransaction(async (tx) => {
    const condition = await tx.facilityCondition.findFirst({ where: { id: conditionId, facilityId }, select: { id: true, kind: true, milestoneId: true, equityBps: true, note: true } });
    if (!condition) return refuse("conditionId", "invalid_choice");
    await tx.facilityCondition.delete({ where: { id: condition.id } });
    await recordAudit(tx, { userId: actor.userId, area: "financing", entity: "FacilityCondition", entityId: condition.id, action: "delete", before: { facilityId, ...condition } });
    return { ok: true as const };
  });
}

// ─── 资本金 ──────────────────────────────────────────────────────────────────

const contributionSelect = { id: true, receivedOn: true, amountFen: true, source: true, note: true, reversalOfId: true, reason: true, createdById: true, createdAt: true, reversedBy: { select: { id: true } } } as const;

/** Every contribution and reversal, by date received (a reversal right after what it reverses). */
export async function listEquityContributions(projectId: number) {
  const rows = await prisma.equityContribution.findMany({ where: { projectId }, orderBy: [{ receivedOn: "asc" }, { id: "asc" }], select: contributionSelect });
  return rows.map((r) => ({
    id: r.id,
    receivedOn: dateToCivil(r.receivedOn),
    amountFen: r.amountFen,
    source: r.source,
    note: r.note,
    reversalOfId: r.reversalOfId,
    reason: r.reason,
    reversedById: r.reversedBy?.id ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/**
 * The project's 资本金: paid (net of reversals) over the approved project total, against the ratio the
 * facilities' conditions require (the highest; the statutory 25 % when none says) and the statutory
 * minimums (20 % ordinary housing, 25 % other development). shortFen: what is still to pay in to reach it.
 */
export function equityStatus(projectId: number) {
  return cachedRead(`equity:${projectId}`, ["core", "financing"], "", async () => {
    const [{ paidFen, totalFen }, contributions, ratios] = await Promise.all([
      equityFigures(prisma, projectId),
      listEquityContributions(projectId),
      prisma.facilityCondition.findMany({ where: { kind: "equity_ratio", facility: { channel: { projectId } } }, select: { equityBps: true } }),
    ]);
    const requiredBps = ratios.reduce((max, c) => Math.max(max, c.equityBps ?? STATUTORY_EQUITY_BPS.other), 0) || STATUTORY_EQUITY_BPS.other;
    // The least paid-in that reaches the ratio exactly: ⌈required × total ÷ 10 000⌉.
    const neededFen = (BigInt(requiredBps) * totalFen + 9_999n) / 10_000n;
    return {
      paidFen,
      totalFen,
      ratioBps: equityRatioBps(paidFen, totalFen),
      requiredBps,
      statutory: STATUTORY_EQUITY_BPS,
      reached: totalFen > 0n && equityReaches(paidFen, totalFen, requiredBps),
      shortFen: neededFen > paidFen ? neededFen - paidFen : 0n,
      contributions,
    };
  });
}

export async function addEquityContribution(projectId: number, input: EquityContributionInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "equity_contribution" },
    async (tx) => {
      const contribution = await tx.equityContribution.create({
        data: { projectId, receivedOn: civilToDate(input.receivedOn), amountFen: input.amount, source: input.source, note: input.note, createdById: actor.userId },
        select: { id: true },
      });
      await recordAudit(tx, { userId: actor.userId, area: "financing", entity: "EquityContribution", entityId: contribution.id, action: "create", after: withoutKey(input) });
      return { ok: true as const, contributionId: contribution.id };
    },
    (added) => added.contributionId,
    async (contributionId) => {
      const row = contributionId ? await prisma.equityContribution.findFirst({ where: { id: contributionId, projectId }, select: { id: true } }) : null;
      return row ? { ok: true as const, contributionId: row.id } : null;
    },
  );
}

/**
 * Reverses a contribution: a row of the opposite amount on the same date, naming it and the reason.
 * Once only (reversalOfId is unique); a reversal itself is not reversed (enter the contribution again).
 */
export async function reverseEquityContribution(projectId: number, input: EquityReversalInput, actor: Actor) {
  try {
    return await once(
      { userId: actor.userId, key: input.idempotencyKey, scope: "equity_reversal" },
      async (tx) => {
        const original = await tx.equityContribution.findFirst({ where: { id: input.contributionId, projectId }, select: { ...contributionSelect } });
        if (!original) return refuse("contributionId", "invalid_choice");
        if (original.reversalOfId !== null) return refuse("contributionId", "equity_reversal_of_reversal");
        if (original.reversedBy) return refuse("contributionId", "equity_already_reversed");
        const reversal = await tx.equityContribution.create({
          data: { projectId, receivedOn: original.receivedOn, amountFen: -original.amountFen, source: original.source, note: original.note, reversalOfId: original.id, reason: input.reason, createdById: actor.userId },
          select: { id: true },
        });
        await recordAudit(tx, {
          userId: actor.userId,
          area: "financing",
          entity: "EquityContribution",
          entityId: reversal.id,
          action: "create",
          before: { id: original.id, amountFen: original.amountFen, receivedOn: dateToCivil(original.receivedOn), source: original.source },
          after: { reversalOfId: original.id, amountFen: -original.amountFen },
          reason: input.reason,
        });
        return { ok: true as const, reversalId: reversal.id };
      },
      (reversed) => reversed.reversalId,
      async (reversalId) => {
        const row = reversalId ? await prisma.equityContribution.findFirst({ where: { id: reversalId, projectId }, select: { id: true } }) : null;
        return row ? { ok: true as const, reversalId: row.id } : null;
      },
    );
  } catch (error) {
    // Two reversals at once: the unique reversalOfId lets one in.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return refuse("contributionId", "equity_already_reversed");
    throw error;
  }
}

// ─── Override (放款条件豁免) ─────────────────────────────────────────────────

/**
 * Asks to draw although the facility's conditions are unmet: a pending approval (kind
 * drawdown_override, subject the drawdown) that someone other than the submitter approves. Refused when
 * the conditions are met, the drawdown is drawn, or an override is already pending or approved for it.
 */
export async function submitDrawdownOverride(projectId: number, input: DrawdownOverrideInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "drawdown_override" },
    async (tx) => {
      if (actor.userId === null) return refuse("form", "invalid");
      const drawdown = await tx.drawdown.findFirst({
        where: { id: input.drawdownId, facility: { channel: { projectId } } },
        select: { id: true, facilityId: true, plannedOn: true, plannedFen: true, actualOn: true, facility: { select: { counterparty: true } } },
      });
      if (!drawdown) return refuse("drawdownId", "invalid_choice");
      if (drawdown.actualOn) return refuse("drawdownId", "already_drawn");
      const [checked] = await evaluate(tx, projectId, drawdown.facilityId);
      if (!checked || checked.unmet.length === 0) return refuse("drawdownId", "conditions_met");
      const existing = await tx.approval.findFirst({ where: { projectId, kind: "drawdown_override", subjectId: drawdown.id, status: { in: ["pending", "approved"] } }, select: { status: true } });
      if (existing) return refuse("drawdownId", existing.status === "pending" ? "override_pending" : "override_approved");
      const approvalId = await submitForApproval(tx, {
        projectId,
        kind: "drawdown_override",
        subjectId: drawdown.id,
        amountFen: drawdown.plannedFen,
        payload: { drawdownId: drawdown.id, facilityId: drawdown.facilityId, counterparty: drawdown.facility.counterparty, plannedOn: dateToCivil(drawdown.plannedOn), unmet: checked.unmet },
        reason: input.reason,
        submittedById: actor.userId,
      });
      return { ok: true as const, approvalId };
    },
    (submitted) => submitted.approvalId,
    async (approvalId) => {
      const approval = approvalId ? await prisma.approval.findFirst({ where: { id: approvalId, projectId, kind: "drawdown_override" }, select: { id: true } }) : null;
      return approval ? { ok: true as const, approvalId: approval.id } : null;
    },
  );
}
