// Maker-checker approvals (issue 13, point 6): one Approval table that every rule needing a second
// person uses. A submission stores what would happen (kind, amount, payload) and changes nothing
// else: nothing counts until approved. An approver (approvals.decide, never the submitter) approves,
// which carries the payload out with the rules re-checked as they stand then, or rejects. A decision
// first claims the item (an update where it is still pending) in one write transaction, so two
// approvers at once decide it once; a rule that fails at decision time rolls the claim back and the
// item stays pending. Every submission and decision is audited in its transaction.
import { NO_USER, userNamesById } from "~/models/user-names.server";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import type { DecisionInput, ProjectBudgetInput } from "~/domain/approval-forms.server";
import { checkDecider, checkProjectBudgetRevision, isApprovalKind, needsApproval, type ApprovalKind } from "~/domain/approvals";
import { checkRevision } from "~/domain/capital";
import type { PaymentInput, RevisionInput, TransferInput } from "~/domain/capital-forms.server";
import { can } from "~/domain/permissions";
import { civilToDate, dateToCivil } from "~/utils/dates";
import { recordAudit } from "./audit.server";
import { applyRevision, lineFigures, postPayment } from "./capital.server";
import { approveChange, rejectChange } from "./cost/changes.server";
import { decideTargetVersion, targetApprovalDetails } from "./cost/targets.server";
import { checkProjectLines, projectCeilingFigures } from "./cost/project-ceiling.server";
import { once } from "./idempotency.server";
import { cachedRead } from "./read-cache.server";

type Tx = Prisma.TransactionClient;
type Actor = { userId: number | null };
export type Approver = { userId: number; roles: readonly string[] };
export type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };

const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

/** A refusal met while carrying out an approval: thrown to roll back the claim, answered as a refusal. */
class DecisionRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

// ─── Payloads (bigint as decimal strings) ────────────────────────────────────

type RevisionPayload = { lineId: number; amountFen: string; reason: string };
type TransferPayload = { fromLineId: number; toLineId: number; amountFen: string; reason: string };
type ProjectBudgetPayload = { amountFen: string; reason: string };

function readPayload<T>(text: string): Partial<T> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Partial<T>) : {};
  } catch {
    return {};
  }
}

function fen(text: string | undefined): bigint | null {
  return typeof text === "string" && /^-?\d{1,20}$/.test(text) ? BigInt(text) : null;
}

// ─── Submitting ──────────────────────────────────────────────────────────────

/** Creates a pending approval and its audit record in the caller's transaction; returns its id. */
export async function submitForApproval(
  tx: Tx,
  input: { projectId: number; kind: ApprovalKind; subjectId?: number | null; amountFen: bigint; payload: Record<string, unknown>; reason: string; submittedById: number },
) {
  const payload = JSON.stringify(input.payload, (_key, v) => (typeof v === "bigint" ? v.toString() : v));
  const approval = await tx.approval.create({
    data: { projectId: input.projectId, kind: input.kind, subjectId: input.subjectId ?? null, amountFen: input.amountFen, payload, reason: input.reason, submittedById: input.submittedById },
    select: { id: true },
  });
  await recordAudit(tx, {
    userId: input.submittedById,
    area: "capital",
    entity: "Approval",
    entityId: approval.id,
    action: "submit",
    after: { kind: input.kind, subjectId: input.subjectId ?? null, amountFen: input.amountFen, payload: input.payload },
    reason: input.reason,
  });
  return approval.id;
}

/** The answer to a copy of a submission: the approval the first one created, if it is this project's and kind's. */
async function submitted(projectId: number, kind: ApprovalKind, approvalId: number | null) {
  const approval = approvalId ? await prisma.approval.findFirst({ where: { id: approvalId, projectId, kind }, select: { id: true } }) : null;
  return approval ? { ok: true as const, approvalId: approval.id } : null;
}

/** A revision's rules at submission and again at approval: not below what is bound; a raise within the project total. */
async function checkLineRevision(tx: Tx, projectId: number, line: NonNullable<Awaited<ReturnType<typeof lineFigures>>>, deltaFen: bigint) {
  const check = checkRevision({ deltaFen, line });
  if (!check.ok) return check.reason === "zero" ? refuse("amount", "amount_nonzero") : refuse("amount", "below_floor", { floorFen: check.floorFen.toString() });
  if (deltaFen > 0n) return checkProjectLines(tx, projectId, deltaFen);
  return { ok: true as const };
}

/** Submits a budget revision of one line for approval (the line's form on /budget/lines/:id). */
export async function submitRevision(projectId: number, input: RevisionInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "revision" },
    async (tx) => {
      if (actor.userId === null) return refuse("form", "invalid");
      const line = await lineFigures(tx, input.lineId);
      if (!line || line.projectId !== projectId) return refuse("lineId", "invalid_choice");
      const check = await checkLineRevision(tx, projectId, line, input.amount);
      if (!check.ok) return check;
      const payload: RevisionPayload = { lineId: line.id, amountFen: input.amount.toString(), reason: input.reason };
      const approvalId = await submitForApproval(tx, { projectId, kind: "budget_revision", subjectId: line.id, amountFen: input.amount, payload, reason: input.reason, submittedById: actor.userId });
      return { ok: true as const, approvalId };
    },
    (result) => result.approvalId,
    (approvalId) => submitted(projectId, "budget_revision", approvalId),
  );
}

/** Submits a transfer between two lines for approval (conserves the total, so the ceiling is not touched). */
export async function submitTransfer(projectId: number, input: TransferInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "transfer" },
    async (tx) => {
      if (actor.userId === null) return refuse("form", "invalid");
      const from = await lineFigures(tx, input.fromLineId);
      const to = await lineFigures(tx, input.toLineId);
      if (!from || from.projectId !== projectId) return refuse("fromLineId", "invalid_choice");
      if (!to || to.projectId !== projectId) return refuse("toLineId", "invalid_choice");
      const check = checkRevision({ deltaFen: -input.amount, line: from });
      if (!check.ok) return refuse("amount", "below_floor", { floorFen: check.reason === "below_floor" ? check.floorFen.toString() : "0" });
      const payload: TransferPayload = { fromLineId: from.id, toLineId: to.id, amountFen: input.amount.toString(), reason: input.reason };
      const approvalId = await submitForApproval(tx, { projectId, kind: "budget_transfer", subjectId: from.id, amountFen: input.amount, payload, reason: input.reason, submittedById: actor.userId });
      return { ok: true as const, approvalId };
    },
    (result) => result.approvalId,
    (approvalId) => submitted(projectId, "budget_transfer", approvalId),
  );
}

/** The rule of a project-budget revision, with the project's figures taken in the transaction. */
async function checkProjectBudget(tx: Tx, projectId: number, deltaFen: bigint) {
  const figures = await projectCeilingFigures(tx, projectId);
  const check = checkProjectBudgetRevision({
    totalFen: figures.totalFen,
    deltaFen,
    paidFen: figures.paidFen + figures.heldFen,
    committedFen: figures.committedFen + figures.paidOutsideContractsFen,
  });
  if (!check.ok) return check.reason === "zero" ? refuse("amount", "amount_nonzero") : refuse("amount", "below_project_floor", { floorFen: check.floorFen.toString() });
  return { ok: true as const, totalFen: figures.totalFen };
}

/** Submits a change of the approved project total (finance, on /budget). */
export async function submitProjectBudget(projectId: number, input: ProjectBudgetInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "project_budget" },
    async (tx) => {
      if (actor.userId === null) return refuse("form", "invalid");
      const check = await checkProjectBudget(tx, projectId, input.amount);
      if (!check.ok) return check;
      const payload: ProjectBudgetPayload = { amountFen: input.amount.toString(), reason: input.reason };
      const approvalId = await submitForApproval(tx, { projectId, kind: "project_budget", amountFen: input.amount, payload, reason: input.reason, submittedById: actor.userId });
      return { ok: true as const, approvalId };
    },
    (result) => result.approvalId,
    (approvalId) => submitted(projectId, "project_budget", approvalId),
  );
}

/**
 * A payment above the project's threshold (Project.paymentApprovalFen) is not recorded: it becomes a
 * PaymentRequest with a pending approval (recordPayment's hook, after the payment's rules passed).
 * Its amount is held against its line, contract and the project total (countHeldPayments) until it is
 * decided. Null when the payment needs no approval.
 */
export async function holdPaymentIfAboveThreshold(tx: Tx, projectId: number, input: Omit<PaymentInput, "idempotencyKey"> & { lineId: number; accountId: number; progressClaimId?: number | null }, actor: Actor) {
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { paymentApprovalFen: true } });
  if (!needsApproval(input.amount, project.paymentApprovalFen)) return null;
  if (actor.userId === null) return refuse("amount", "needs_approval");
  const extra = input;
  const request = await tx.paymentRequest.create({
    data: {
      projectId,
      lineId: input.lineId,
      accountId: input.accountId,
      contractId: input.contractId ?? null,
      progressClaimId: extra.progressClaimId ?? null,
      kind: extra.kind ?? "payment",
      paidOn: civilToDate(input.paidOn),
      payee: input.payee,
      amountFen: input.amount,
      voucherNo: input.voucherNo,
      note: input.note,
      createdById: actor.userId,
    },
    select: { id: true },
  });
  const approvalId = await submitForApproval(tx, {
    projectId,
    kind: "payment",
    subjectId: request.id,
    amountFen: input.amount,
    payload: { requestId: request.id, lineId: input.lineId, accountId: input.accountId, contractId: input.contractId ?? null, payee: input.payee, paidOn: input.paidOn },
    reason: input.note || input.payee,
    submittedById: actor.userId,
  });
  return { ok: true as const, pending: true as const, requestId: request.id, approvalId, amountFen: input.amount };
}

/** The answer to a copy of a payment post that was held for approval. */
export async function heldOutcome(projectId: number, requestId: number) {
  const request = await prisma.paymentRequest.findFirst({ where: { id: requestId, projectId }, select: { id: true, amountFen: true } });
  const approval = request ? await prisma.approval.findFirst({ where: { projectId, kind: "payment", subjectId: request.id }, select: { id: true } }) : null;
  return request && approval ? { ok: true as const, pending: true as const, requestId: request.id, approvalId: approval.id, amountFen: request.amountFen } : null;
}

// ─── Deciding ────────────────────────────────────────────────────────────────

type ApprovalRow = { id: number; projectId: number; kind: string; subjectId: number | null; amountFen: bigint; payload: string; reason: string; submittedById: number };

/**
 * Approves (carrying the payload out) or rejects a pending approval, in one write transaction. Refused
 * when the actor submitted it, may not decide, or it is no longer pending; refused, and left pending,
 * when carrying it out breaks a rule as things stand now.
 */
export async function decideApproval(projectId: number, approvalId: number, input: Pick<DecisionInput, "decision" | "note">, actor: Approver) {
  try {
    return await writeTransaction(async (tx) => {
      const approval = await tx.approval.findFirst({
        where: { id: approvalId, projectId },
        select: { id: true, projectId: true, kind: true, subjectId: true, amountFen: true, payload: true, reason: true, status: true, submittedById: true },
      });
      if (!approval) return refuse("approvalId", "invalid_choice");
      const check = checkDecider({ status: approval.status, submittedById: approval.submittedById, actorId: actor.userId, mayDecide: can(actor.roles, "approvals.decide") });
      if (!check.ok) return refuse("decision", `approval_${check.reason}`);
      const status = input.decision === "approve" ? "approved" : "rejected";
      // The claim: only a pending item changes; a concurrent decision that committed first leaves 0 rows.
      const claimed = await tx.approval.updateMany({
        where: { id: approval.id, status: "pending" },
        data: { status, decidedById: actor.userId, decidedAt: new Date(), decisionNote: input.note },
      });
      if (claimed.count !== 1) return refuse("decision", "approval_not_pending");
      const outcome = input.decision === "approve" ? await carryOut(tx, approval, actor, input.note) : await rejectSubject(tx, approval, actor, input.note);
      if (!outcome.ok) throw new DecisionRefused(outcome);
      await recordAudit(tx, {
        userId: actor.userId,
        area: "capital",
        entity: "Approval",
        entityId: approval.id,
        action: input.decision === "approve" ? "approve" : "reject",
        before: { status: "pending" },
        after: { status, kind: approval.kind, amountFen: approval.amountFen, ...outcome.effect },
        reason: input.note,
      });
      return { ok: true as const, status, kind: approval.kind };
    });
  } catch (error) {
    if (error instanceof DecisionRefused) return error.refusal;
    throw error;
  }
}

type Outcome = { ok: true; effect?: Record<string, unknown> } | Refusal;

async function carryOut(tx: Tx, approval: ApprovalRow, approver: Approver, note: string): Promise<Outcome> {
  if (!isApprovalKind(approval.kind)) return refuse("decision", "approval_subject_gone");
  // The effect is the submitter's (their revision, their payment); the decision's audit names the approver.
  const maker = { userId: approval.submittedById };
  switch (approval.kind) {
    case "budget_revision": {
      const payload = readPayload<RevisionPayload>(approval.payload);
      const delta = fen(payload.amountFen);
      const line = typeof payload.lineId === "number" ? await lineFigures(tx, payload.lineId) : null;
      if (!line || line.projectId !== approval.projectId || delta === null) return refuse("decision", "approval_subject_gone");
      const check = await checkLineRevision(tx, approval.projectId, line, delta);
      if (!check.ok) return check;
      const revisionId = await applyRevision(tx, line, delta, payload.reason ?? approval.reason, maker);
      return { ok: true, effect: { revisionId } };
    }
    case "budget_transfer": {
      const payload = readPayload<TransferPayload>(approval.payload);
      const amount = fen(payload.amountFen);
      const from = typeof payload.fromLineId === "number" ? await lineFigures(tx, payload.fromLineId) : null;
      const to = typeof payload.toLineId === "number" ? await lineFigures(tx, payload.toLineId) : null;
      if (!from || !to || from.projectId !== approval.projectId || to.projectId !== approval.projectId || amount === null || amount <= 0n) {
        return refuse("decision", "approval_subject_gone");
      }
      const check = checkRevision({ deltaFen: -amount, line: from });
      if (!check.ok) return refuse("amount", "below_floor", { floorFen: check.reason === "below_floor" ? check.floorFen.toString() : "0" });
      const transferId = randomUUID();
      const reason = payload.reason ?? approval.reason;
      for (const [line, delta] of [[from, -amount], [to, amount]] as const) {
        await applyRevision(tx, line, delta, reason, maker, { transferId, from: from.code, to: to.code });
      }
      return { ok: true, effect: { transferId } };
    }
    case "project_budget": {
      const payload = readPayload<ProjectBudgetPayload>(approval.payload);
      const delta = fen(payload.amountFen);
      if (delta === null) return refuse("decision", "approval_subject_gone");
      const check = await checkProjectBudget(tx, approval.projectId, delta);
      if (!check.ok) return check;
      const revision = await tx.projectBudgetRevision.create({
        data: { projectId: approval.projectId, amountFen: delta, reason: payload.reason ?? approval.reason, approvalId: approval.id },
        select: { id: true },
      });
      await tx.project.update({ where: { id: approval.projectId }, data: { totalBudgetFen: { increment: delta }, version: { increment: 1 } } });
      await recordAudit(tx, {
        userId: approver.userId,
        area: "capital",
        entity: "Project",
        entityId: approval.projectId,
        action: "update",
        before: { totalBudgetFen: check.totalFen },
        after: { totalBudgetFen: check.totalFen + delta, projectBudgetRevisionId: revision.id, approvalId: approval.id },
        reason: payload.reason ?? approval.reason,
      });
      return { ok: true, effect: { projectBudgetRevisionId: revision.id } };
    }
    case "payment": {
      const request = approval.subjectId
        ? await tx.paymentRequest.findFirst({ where: { id: approval.subjectId, projectId: approval.projectId, status: "pending" } })
        : null;
      if (!request) return refuse("decision", "approval_subject_gone");
      const input = {
        accountId: request.accountId,
        contractId: request.contractId,
        paidOn: dateToCivil(request.paidOn),
        payee: request.payee,
        amount: request.amountFen,
        voucherNo: request.voucherNo,
        note: request.note,
        kind: request.kind,
        progressClaimId: request.progressClaimId,
      } as Omit<PaymentInput, "idempotencyKey">;
      const posted = await postPayment(tx, approval.projectId, input, { userId: request.createdById }, { requestId: request.id });
      if (!posted.ok) return posted;
      if (!("paymentId" in posted)) throw new Error("an approved payment request was held again");
      await tx.paymentRequest.update({ where: { id: request.id }, data: { status: "approved", paymentId: posted.paymentId } });
      return { ok: true, effect: { paymentId: posted.paymentId } };
    }
    case "change":
      return decideChange(tx, approval, "approve", approver, note);
    case "target_cost":
      // The version becomes the current target (models/cost/targets.server.ts).
      return decideTargetVersion(tx, approval, "approve", approver, note);
    case "deal_discount": {
      // Changes nothing now: the approved approval is what lets the seller's reservation at that price
      // through, once (models/sales/deals.server.ts, approvedDiscount).
      const unit = approval.subjectId ? await tx.unit.findFirst({ where: { id: approval.subjectId, projectId: approval.projectId }, select: { id: true, status: true } }) : null;
      if (!unit) return refuse("decision", "approval_subject_gone");
      if (unit.status !== "available") return refuse("decision", "unit_taken");
      return { ok: true, effect: { unitId: unit.id } };
    }
    case "drawdown_override": {
      // Changes nothing now: the approved approval is what lets recordDrawdownActual mark the drawdown
      // drawn with its loan conditions unmet (models/financing-conditions.server.ts, drawdownGate).
      const drawdown = approval.subjectId
        ? await tx.drawdown.findFirst({ where: { id: approval.subjectId, facility: { channel: { projectId: approval.projectId } } }, select: { id: true, actualOn: true } })
        : null;
      if (!drawdown) return refuse("decision", "approval_subject_gone");
      if (drawdown.actualOn) return refuse("decision", "already_drawn");
      return { ok: true, effect: { drawdownId: drawdown.id, overrideApprovalId: approval.id } };
    }
  }
}

async function rejectSubject(tx: Tx, approval: ApprovalRow, approver: Approver, note: string): Promise<Outcome> {
  if (approval.kind === "payment" && approval.subjectId) {
    // The held amount is released: a rejected request no longer uses its line's room.
    await tx.paymentRequest.updateMany({ where: { id: approval.subjectId, projectId: approval.projectId, status: "pending" }, data: { status: "rejected" } });
  }
  if (approval.kind === "change") return decideChange(tx, approval, "reject", approver, note);
  if (approval.kind === "target_cost") return decideTargetVersion(tx, approval, "reject", approver, note);
  return { ok: true };
}

/** A change above the threshold: approved at the amount submitted, or rejected (models/cost/changes.server.ts). */
async function decideChange(tx: Tx, approval: ApprovalRow, decision: "approve" | "reject", approver: Approver, note: string): Promise<Outcome> {
  const payload = readPayload<{ changeId: number; approvedFen: string }>(approval.payload);
  const changeId = approval.subjectId ?? payload.changeId;
  if (typeof changeId !== "number") return refuse("decision", "approval_subject_gone");
  const actor = { userId: approver.userId };
  if (decision === "reject") return rejectChange(tx, changeId, note, actor);
  return approveChange(tx, changeId, fen(payload.approvedFen) ?? approval.amountFen, actor, note || approval.reason);
}

// ─── Reading ─────────────────────────────────────────────────────────────────

const approvalSelect = {
  id: true,
  projectId: true,
  kind: true,
  subjectId: true,
  amountFen: true,
  payload: true,
  reason: true,
  status: true,
  submittedById: true,
  decidedById: true,
  decidedAt: true,
  decisionNote: true,
  createdAt: true,
} as const;

type ListedApproval = Prisma.ApprovalGetPayload<{ select: typeof approvalSelect }>;

/** Approvals as the pages show them: who submitted and decided, and the lines (or payee) they concern. */
async function describe(rows: ListedApproval[]) {
  const userIds = [...new Set(rows.flatMap((r) => [r.submittedById, r.decidedById ?? 0]).filter((id) => id > 0))];
  const lineIds = new Set<number>();
  const payloads = rows.map((row) => {
    const payload = readPayload<Record<string, unknown>>(row.payload);
    for (const key of ["lineId", "fromLineId", "toLineId"]) if (typeof payload[key] === "number") lineIds.add(payload[key] as number);
    return payload;
  });
  // A target-cost version: its total per part and the change against the current target (cost/targets.server.ts).
  const targetRows = rows.filter((row) => row.kind === "target_cost" && row.subjectId !== null);
  const [users, lines, targets] = await Promise.all([
    userNamesById(userIds),
    prisma.budgetLine.findMany({ where: { id: { in: [...lineIds] } }, select: { id: true, code: true, name: true, nameEn: true } }),
    targetRows.length ? targetApprovalDetails(targetRows[0].projectId, targetRows.map((row) => row.subjectId as number)) : null,
  ]);
  const userName = (id: number | null) => (id !== null && users.get(id)) || NO_USER;
  const lineOf = (id: unknown) => lines.find((l) => l.id === id) ?? null;
  return rows.map((row, i) => {
    const payload = payloads[i];
    return {
      id: row.id,
      kind: row.kind,
      amountFen: row.amountFen,
      reason: row.reason,
      status: row.status,
      submittedById: row.submittedById,
      submittedBy: userName(row.submittedById).name,
      submittedByEn: userName(row.submittedById).nameEn,
      decidedBy: userName(row.decidedById).name,
      decidedByEn: userName(row.decidedById).nameEn,
      createdAt: row.createdAt.toISOString(),
      decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
      decisionNote: row.decisionNote,
      line: lineOf(payload.lineId ?? payload.fromLineId),
      toLine: lineOf(payload.toLineId),
      // A drawdown override (放款条件豁免) names the facility and the drawdown's planned date.
      payee: typeof payload.payee === "string" ? payload.payee : row.kind === "drawdown_override" && typeof payload.counterparty === "string" ? `${payload.counterparty} · ${String(payload.plannedOn ?? "")}` : row.kind === "deal_discount" && typeof payload.unitCode === "string" ? `${payload.unitCode} · ${String(payload.buyerName ?? "")}` : "",
      target: row.kind === "target_cost" && row.subjectId !== null ? (targets?.get(row.subjectId) ?? null) : null,
    };
  });
}

export type ApprovalItem = Awaited<ReturnType<typeof describe>>[number];

/** The approvals page: every pending item (oldest first) and the latest decisions. */
export async function listApprovals(projectId: number) {
  const [pending, decided] = await Promise.all([
    prisma.approval.findMany({ where: { projectId, status: "pending" }, orderBy: { id: "asc" }, select: approvalSelect }),
    prisma.approval.findMany({ where: { projectId, status: { not: "pending" } }, orderBy: [{ decidedAt: "desc" }, { id: "desc" }], take: 100, select: approvalSelect }),
  ]);
  return { pending: await describe(pending), decided: await describe(decided) };
}

/** Pending approvals for the dashboard and the meeting agenda: the count, the sum and the largest few. */
export function pendingApprovals(projectId: number, top = 3) {
  return cachedRead(`approvals-pending:${projectId}:${top}`, ["capital"], "", async () => {
    const [count, largest] = await Promise.all([
      prisma.approval.count({ where: { projectId, status: "pending" } }),
      prisma.approval.findMany({ where: { projectId, status: "pending" }, orderBy: [{ amountFen: "desc" }, { id: "asc" }], take: top, select: approvalSelect }),
    ]);
    return { count, top: await describe(largest) };
  });
}

/** One approval of this project as the banner after submitting names it; null for an unknown id. */
export async function submittedApproval(projectId: number, approvalId: number) {
  const row = await prisma.approval.findFirst({ where: { id: approvalId, projectId }, select: approvalSelect });
  return row ? (await describe([row]))[0] : null;
}

/**
 * The line budgets against the approved project total, for /budget and the dashboard: the excess
 * (the plan's 300万) stays visible until a project-budget approval resolves it.
 */
export function ceilingStatus(projectId: number) {
  return cachedRead(`ceiling:${projectId}`, ["capital", "core"], "", async () => {
    const [figures, pendingProjectBudget] = await Promise.all([
      projectCeilingFigures(prisma, projectId),
      prisma.approval.count({ where: { projectId, kind: "project_budget", status: "pending" } }),
    ]);
    return { totalFen: figures.totalFen, linesCurrentFen: figures.linesCurrentFen, overFen: figures.overFen, pendingProjectBudget };
  });
}
