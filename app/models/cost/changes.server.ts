// Contract changes (设计变更 and 现场签证) and settlement (结算): the only module that writes them.
// A change is entered (申报) with the cost team's estimate, then approved at an amount (审定) or
// rejected, with a reason, by someone other than who entered it. A change approved above the
// project's threshold goes through maker-checker (Approval, kind "change"): the approver's decision
// calls approveChange / rejectChange below inside its own transaction. Every decision is race-safe:
// the row moves only `where status = 'pending'`, so of twenty concurrent approvals one counts.
import { NO_USER, userNamesById } from "~/models/user-names.server";
import type { Prisma } from "@prisma/client";
import { Prisma as PrismaNS } from "@prisma/client";
import { prisma } from "~/db.server";
import { acceptsChanges, checkChangeApproval, checkSettlement, needsApproval } from "~/domain/cost/contract-value";
import type { ChangeDecisionInput, ChangeInput, SettlementInput } from "~/domain/cost/changes-forms.server";
import { civilToDate, dateToCivil } from "~/utils/dates";
import { submitForApproval } from "../approvals.server";
import { recordAudit } from "../audit.server";
import { lineFigures } from "../capital.server";
import { once } from "../idempotency.server";
import { contractValue } from "./contract-values.server";
import { checkProjectCommitment } from "./project-ceiling.server";

type Tx = Prisma.TransactionClient;
type Actor = { userId: number | null };
export type ChangeRefusal = { ok: false; field: string; message: string; vars?: Record<string, string> };

const refuse = (field: string, message: string, vars?: Record<string, string>): ChangeRefusal => ({ ok: false, field, message, vars });
const isUniqueViolation = (error: unknown) => error instanceof PrismaNS.PrismaClientKnownRequestError && error.code === "P2002";

/** The contract of this project, with its value, or null. */
async function projectContract(tx: Tx, projectId: number, contractId: number) {
  const contract = await tx.contract.findFirst({ where: { id: contractId, line: { projectId } }, select: { id: true, code: true, lineId: true } });
  return contract ? contractValue(tx, contract.id) : null;
}

async function paidOnContract(tx: Tx, lineId: number, contractId: number) {
  const paid = await tx.paymentMonthTotal.aggregate({ where: { lineId, contractKey: contractId }, _sum: { amountFen: true } });
  return paid._sum.amountFen ?? 0n;
}

// ─── Entering a change ───────────────────────────────────────────────────────

export async function createChange(projectId: number, input: ChangeInput, actor: Actor) {
  try {
    return await once(
      { userId: actor.userId, key: input.idempotencyKey, scope: "contract_change" },
      async (tx) => {
        const contract = await projectContract(tx, projectId, input.contractId);
        if (!contract) return refuse("contractId", "invalid_choice");
        if (!acceptsChanges(contract.status)) return refuse("form", "contract_closed_to_changes");
        const change = await tx.contractChange.create({
          data: { contractId: contract.id, kind: input.kind, code: input.code, title: input.title, claimedFen: input.claimed, estimateFen: input.estimate, submittedById: actor.userId },
          select: { id: true },
        });
        await recordAudit(tx, {
          userId: actor.userId,
          area: "capital",
          entity: "ContractChange",
          entityId: change.id,
          action: "create",
          after: { contract: contract.code, kind: input.kind, code: input.code, title: input.title, claimedFen: input.claimed, estimateFen: input.estimate },
        });
        return { ok: true as const, changeId: change.id };
      },
      (created) => created.changeId,
      async (changeId) => {
        const change = changeId ? await prisma.contractChange.findFirst({ where: { id: changeId, contract: { line: { projectId } } }, select: { id: true } }) : null;
        return change ? { ok: true as const, changeId: change.id } : null;
      },
    );
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("code", "duplicate_code");
    throw error;
  }
}

// ─── Deciding a change ───────────────────────────────────────────────────────

async function pendingChange(tx: Tx, changeId: number, actor: Actor) {
  const change = await tx.contractChange.findUnique({ where: { id: changeId }, select: { id: true, code: true, contractId: true, status: true, estimateFen: true, submittedById: true } });
  if (!change) return refuse("changeId", "invalid_choice");
  if (change.status !== "pending") return refuse("form", "change_already_decided");
  // Maker-checker: who entered a change never decides it.
  if (change.submittedById !== null && change.submittedById === actor.userId) return refuse("form", "change_own_submission");
  return { ok: true as const, change };
}

/**
 * Approves a pending change at `approvedFen` inside the caller's transaction: its contract's value
 * and its line's commitment move by that amount. Refused (nothing written) when the change is no
 * longer pending, when `actor` entered it, when its contract no longer takes changes (settled,
 * voided), or when the rise would commit more than the line's budget. Called by the contract page
 * below the approval threshold and by the approval's decision above it.
 */
export async function approveChange(tx: Tx, changeId: number, approvedFen: bigint, actor: Actor, reason = ""): Promise<{ ok: true } | ChangeRefusal> {
  const found = await pendingChange(tx, changeId, actor);
  if (!found.ok) return found;
  const approvable = await checkApprovable(tx, found.change.contractId, approvedFen);
  if (!approvable.ok) return approvable;
  const { contract } = approvable;
  const moved = await tx.contractChange.updateMany({
    where: { id: changeId, status: "pending" },
    data: { status: "approved", approvedFen, reason, decidedById: actor.userId, decidedAt: new Date(), version: { increment: 1 } },
  });
  if (moved.count !== 1) return refuse("form", "change_already_decided");
  await tx.contract.update({ where: { id: contract.id }, data: { version: { increment: 1 } } });
  await recordAudit(tx, {
    userId: actor.userId,
    area: "capital",
    entity: "ContractChange",
    entityId: changeId,
    action: "update",
    before: { status: "pending", contractValueFen: contract.currentFen },
    after: { status: "approved", approvedFen, contract: contract.code, contractValueFen: contract.currentFen + approvedFen },
    reason,
  });
  return { ok: true };
}

/**
 * Whether the contract can take a change approved at `approvedFen`: it still takes changes, a rise
 * fits its line's uncommitted budget and the project's approved total, a cut leaves it above what is paid.
 */
async function checkApprovable(tx: Tx, contractId: number, approvedFen: bigint) {
  if (approvedFen === 0n) return refuse("approved", "amount_nonzero");
  const contract = await contractValue(tx, contractId);
  if (!contract || !acceptsChanges(contract.status)) return refuse("form", "contract_closed_to_changes");
  const line = await lineFigures(tx, contract.lineId);
  if (!line) return refuse("changeId", "invalid_choice");
  const paidFen = await paidOnContract(tx, contract.lineId, contract.id);
  const check = checkChangeApproval({ approvedFen, contract: { currentFen: contract.currentFen, paidFen }, line });
  if (!check.ok) {
    return check.reason === "over_budget"
      ? refuse("approved", "over_commitment", { headroomFen: check.uncommittedFen.toString() })
      : refuse("approved", "change_below_paid", { paidFen: check.paidFen.toString() });
  }
  if (approvedFen > 0n) {
    const ceiling = await checkProjectCommitment(tx, line.projectId, approvedFen);
    if (!ceiling.ok) return { ...ceiling, field: "approved" };
  }
  return { ok: true as const, contract };
}

/** Rejects a pending change inside the caller's transaction, with the reason; its estimate stops counting. */
export async function rejectChange(tx: Tx, changeId: number, reason: string, actor: Actor): Promise<{ ok: true } | ChangeRefusal> {
  const found = await pendingChange(tx, changeId, actor);
  if (!found.ok) return found;
  if (reason.trim() === "") return refuse("reason", "required");
  const moved = await tx.contractChange.updateMany({
    where: { id: changeId, status: "pending" },
    data: { status: "rejected", reason, decidedById: actor.userId, decidedAt: new Date(), version: { increment: 1 } },
  });
  if (moved.count !== 1) return refuse("form", "change_already_decided");
  await recordAudit(tx, { userId: actor.userId, area: "capital", entity: "ContractChange", entityId: changeId, action: "update", before: { status: "pending" }, after: { status: "rejected" }, reason });
  return { ok: true };
}

/** Submits a change's approval to maker-checker (Approval, kind "change"; approvals.server.ts decides it and calls approveChange / rejectChange). */
async function submitChangeForApproval(tx: Tx, projectId: number, change: { id: number; code: string }, approvedFen: bigint, reason: string, actor: Actor) {
  if (actor.userId === null) return refuse("form", "invalid");
  const approvalId = await submitForApproval(tx, {
    projectId,
    kind: "change",
    subjectId: change.id,
    amountFen: approvedFen,
    payload: { changeId: change.id, change: change.code, approvedFen: approvedFen.toString() },
    reason,
    submittedById: actor.userId,
  });
  return { ok: true as const, approvalId };
}

export type DecisionOutcome = { ok: true; changeId: number; status: "approved" | "rejected" | "submitted" };

/**
 * The contract page's decision on a change: reject, or approve at an amount. At or below the project's
 * threshold the approval applies at once; above it the approval is submitted to an approver and the
 * change stays pending (its estimate still counts) until decided.
 */
export async function decideChange(projectId: number, input: ChangeDecisionInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "change_decision" },
    async (tx): Promise<DecisionOutcome | ChangeRefusal> => {
      const change = await tx.contractChange.findFirst({ where: { id: input.changeId, contract: { line: { projectId } } }, select: { id: true, code: true } });
      if (!change) return refuse("changeId", "invalid_choice");
      const waiting = await tx.approval.count({ where: { projectId, kind: "change", subjectId: change.id, status: "pending" } });
      if (waiting > 0) return refuse("form", "change_awaiting_approval");
      if (input.decision === "reject") {
        const rejected = await rejectChange(tx, change.id, input.reason, actor);
        return rejected.ok ? { ok: true, changeId: change.id, status: "rejected" } : rejected;
      }
      const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { changeApprovalFen: true } });
      if (needsApproval(input.approved, project.changeApprovalFen)) {
        // The same checks as the approval will make, so a submission that cannot pass is refused now.
        const found = await pendingChange(tx, change.id, actor);
        if (!found.ok) return found;
        const approvable = await checkApprovable(tx, found.change.contractId, input.approved);
        if (!approvable.ok) return approvable;
        const submitted = await submitChangeForApproval(tx, projectId, change, input.approved, input.reason, actor);
        return submitted.ok ? { ok: true, changeId: change.id, status: "submitted" } : submitted;
      }
      const approved = await approveChange(tx, change.id, input.approved, actor, input.reason);
      if (!approved.ok) return approved;
      return { ok: true, changeId: change.id, status: "approved" };
    },
    (decided) => decided.changeId,
    async (changeId) => {
      const change = changeId ? await prisma.contractChange.findUnique({ where: { id: changeId }, select: { id: true, status: true } }) : null;
      if (!change) return null;
      return { ok: true as const, changeId: change.id, status: change.status === "pending" ? ("submitted" as const) : (change.status as "approved" | "rejected") };
    },
  );
}

// ─── Settlement ──────────────────────────────────────────────────────────────

/** 结算: fixes the contract's final value; no changes afterwards. */
export async function settleContract(projectId: number, input: SettlementInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "settlement" },
    async (tx) => {
      const contract = await projectContract(tx, projectId, input.contractId);
      if (!contract) return refuse("contractId", "invalid_choice");
      if (contract.status !== "signed") return refuse("form", "contract_not_settleable");
      const line = await lineFigures(tx, contract.lineId);
      if (!line) return refuse("contractId", "invalid_choice");
      const paidFen = await paidOnContract(tx, contract.lineId, contract.id);
      const check = checkSettlement({ settledFen: input.settled, pendingChanges: contract.pendingChanges, contract: { currentFen: contract.currentFen, paidFen }, line });
      if (!check.ok) {
        if (check.reason === "pending_changes") return refuse("form", "change_pending_before_settlement", { count: String(check.count) });
        if (check.reason === "below_paid") return refuse("settled", "change_below_paid", { paidFen: check.paidFen.toString() });
        return refuse("settled", "over_commitment", { headroomFen: check.uncommittedFen.toString() });
      }
      if (check.deltaFen > 0n) {
        const ceiling = await checkProjectCommitment(tx, projectId, check.deltaFen);
        if (!ceiling.ok) return { ...ceiling, field: "settled" };
      }
      const moved = await tx.contract.updateMany({
        where: { id: contract.id, status: "signed" },
        data: { status: "settled", settledFen: input.settled, settledOn: civilToDate(input.settledOn), version: { increment: 1 } },
      });
      if (moved.count !== 1) return refuse("form", "contract_not_settleable");
      await recordAudit(tx, {
        userId: actor.userId,
        area: "capital",
        entity: "Contract",
        entityId: contract.id,
        action: "update",
        before: { status: "signed", currentFen: contract.currentFen },
        after: { status: "settled", settledFen: input.settled, settledOn: input.settledOn, deltaFen: check.deltaFen },
        reason: input.reason,
      });
      return { ok: true as const, contractId: contract.id };
    },
    (settled) => settled.contractId,
    async (contractId) => {
      const contract = contractId ? await prisma.contract.findFirst({ where: { id: contractId, line: { projectId }, status: { in: ["settled", "closed"] } }, select: { id: true } }) : null;
      return contract ? { ok: true as const, contractId: contract.id } : null;
    },
  );
}

// ─── Reads ───────────────────────────────────────────────────────────────────

/** A contract of this project with its value, what is paid on it, and its changes; null otherwise. */
export async function contractDetail(projectId: number, contractId: number) {
  const contract = await prisma.contract.findFirst({
    where: { id: contractId, line: { projectId } },
    select: { id: true, code: true, title: true, titleEn: true, contractor: true, signedOn: true, settledOn: true, status: true, accountId: true, account: { select: { code: true, name: true, nameEn: true } }, line: { select: { id: true, code: true, name: true, nameEn: true } } },
  });
  if (!contract) return null;
  const [value, paid, changes, approvals, project] = await Promise.all([
    contractValue(prisma, contract.id),
    prisma.paymentMonthTotal.aggregate({ where: { lineId: contract.line.id, contractKey: contract.id }, _sum: { amountFen: true } }),
    prisma.contractChange.findMany({
      where: { contractId: contract.id },
      orderBy: { id: "asc" },
      select: { id: true, kind: true, code: true, title: true, claimedFen: true, estimateFen: true, approvedFen: true, status: true, reason: true, submittedById: true, decidedById: true, decidedAt: true, createdAt: true },
    }),
    prisma.approval.findMany({ where: { projectId, kind: "change", status: "pending", subjectId: { not: null } }, select: { id: true, subjectId: true, amountFen: true } }),
    prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { changeApprovalFen: true } }),
  ]);
  const userIds = [...new Set(changes.flatMap((c) => [c.submittedById, c.decidedById]).filter((id): id is number => id !== null))];
  const users = await userNamesById(userIds);
  const nameOf = (id: number | null) => (id !== null && users.get(id)) || NO_USER;
  return {
    contract: { ...contract, signedOn: contract.signedOn ? dateToCivil(contract.signedOn) : null, settledOn: contract.settledOn ? dateToCivil(contract.settledOn) : null },
    value: value!,
    changeApprovalFen: project.changeApprovalFen,
    paidFen: paid._sum.amountFen ?? 0n,
    changes: changes.map((c) => {
      const approval = approvals.find((a) => a.subjectId === c.id);
      return {
        ...c,
        submittedBy: nameOf(c.submittedById).name,
        submittedByEn: nameOf(c.submittedById).nameEn,
        decidedBy: nameOf(c.decidedById).name,
        decidedByEn: nameOf(c.decidedById).nameEn,
        decidedAt: c.decidedAt?.toISOString() ?? null,
        createdAt: c.createdAt.toISOString(),
        awaitingApproval: approval ? { id: approval.id, amountFen: approval.amountFen } : null,
      };
    }),
  };
}
