// 目标成本 versions (issue 13, point 2): submitted with an amount for every leaf account, counted only
// once another user approves them (Approval kind "target_cost", decided in approvals.server.ts). The
// current target is the latest approved version. The rules are domain/cost/targets.ts.
import { NO_USER, userNamesById } from "~/models/user-names.server";
import type { Prisma } from "@prisma/client";
import { prisma } from "~/db.server";
import { checkTargetVersion, currentVersion, previousApproved, targetChanges, targetTotals } from "~/domain/cost/targets";
import { targetAmountField, type TargetVersionInput } from "~/domain/cost/targets-forms.server";
import { submitForApproval } from "../approvals.server";
import { recordAudit } from "../audit.server";
import { once } from "../idempotency.server";
import { currentTargets } from "./accounts.server";

type Tx = Prisma.TransactionClient;
type Actor = { userId: number | null };
type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };

const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

const versionSelect = { id: true, no: true, status: true, reason: true, totalFen: true, submittedById: true, decidedById: true, decidedAt: true, createdAt: true } as const;

/**
 * The approved project total, the ceiling of every target version. An approved project-budget
 * revision moves Project.totalBudgetFen in its own transaction (approvals.server.ts), so the column is
 * the approved total with its revisions.
 */
async function approvedProjectTotal(db: Tx | typeof prisma, projectId: number) {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { totalBudgetFen: true } });
  return project.totalBudgetFen;
}

async function leavesOf(db: Tx | typeof prisma, projectId: number) {
  return db.costAccount.findMany({ where: { projectId, parentId: { not: null } }, orderBy: [{ lineId: "asc" }, { sortOrder: "asc" }, { id: "asc" }], select: { id: true, lineId: true } });
}

/** The leaf ids a new version must name (the form's fields; the schema is built from them). */
export async function targetLeafIds(projectId: number) {
  return (await leavesOf(prisma, projectId)).map((leaf) => leaf.id);
}

// ─── Submitting ──────────────────────────────────────────────────────────────

/**
 * Submits a new version (pending, numbered after the last) with its items and an approval, in one
 * transaction; nothing counts until another user approves it. Refused, with nothing saved, when a
 * version is already pending, a leaf has no amount, or the total passes the approved project total.
 */
export async function submitTargetVersion(projectId: number, input: TargetVersionInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "target_cost" },
    async (tx) => {
      if (actor.userId === null) return refuse("form", "invalid");
      const pending = await tx.targetCostVersion.findFirst({ where: { projectId, status: "pending" }, select: { no: true } });
      if (pending) return refuse("form", "target_pending_exists", { no: String(pending.no) });
      const [leaves, ceilingFen, last] = await Promise.all([
        leavesOf(tx, projectId),
        approvedProjectTotal(tx, projectId),
        tx.targetCostVersion.findFirst({ where: { projectId }, orderBy: { no: "desc" }, select: { no: true } }),
      ]);
      const check = checkTargetVersion({ items: input.items, leafIds: leaves.map((leaf) => leaf.id), ceilingFen });
      if (!check.ok) {
        if (check.reason === "over_ceiling") return refuse("total", "target_over_ceiling", { totalFen: check.totalFen.toString(), ceilingFen: check.ceilingFen.toString(), overFen: check.overFen.toString() });
        if (check.reason === "negative") return refuse(targetAmountField(check.accountIds[0]), "amount_negative");
        if (check.reason === "missing_leaves") return refuse(targetAmountField(check.accountIds[0]), "required");
        return refuse("form", "invalid");
      }
      const no = (last?.no ?? 0) + 1;
      const version = await tx.targetCostVersion.create({ data: { projectId, no, status: "pending", reason: input.reason, totalFen: check.totalFen, submittedById: actor.userId }, select: { id: true } });
      await tx.targetCostItem.createMany({ data: input.items.map((item) => ({ versionId: version.id, accountId: item.accountId, amountFen: item.amountFen })) });
      await recordAudit(tx, {
        userId: actor.userId,
        area: "capital",
        entity: "TargetCostVersion",
        entityId: version.id,
        action: "create",
        after: { no, status: "pending", totalFen: check.totalFen, items: input.items.length },
        reason: input.reason,
      });
      const approvalId = await submitForApproval(tx, {
        projectId,
        kind: "target_cost",
        subjectId: version.id,
        amountFen: check.totalFen,
        payload: { versionId: version.id, no },
        reason: input.reason,
        submittedById: actor.userId,
      });
      return { ok: true as const, versionId: version.id, approvalId };
    },
    (result) => result.versionId,
    async (versionId) => {
      const version = versionId ? await prisma.targetCostVersion.findFirst({ where: { id: versionId, projectId }, select: { id: true } }) : null;
      const approval = version ? await prisma.approval.findFirst({ where: { projectId, kind: "target_cost", subjectId: version.id }, select: { id: true } }) : null;
      return version && approval ? { ok: true as const, versionId: version.id, approvalId: approval.id } : null;
    },
  );
}

// ─── Deciding (called by approvals.server.ts decideApproval, inside its claim) ─

type Outcome = { ok: true; effect?: Record<string, unknown> } | Refusal;

/**
 * Approves or rejects the version an approval names. Approving re-checks the ceiling as it stands now
 * (a project-budget cut since the submission refuses it and the approval stays pending).
 */
export async function decideTargetVersion(tx: Tx, approval: { projectId: number; subjectId: number | null }, decision: "approve" | "reject", approver: { userId: number }, note: string): Promise<Outcome> {
  const version = approval.subjectId
    ? await tx.targetCostVersion.findFirst({ where: { id: approval.subjectId, projectId: approval.projectId }, select: { id: true, no: true, status: true, totalFen: true } })
    : null;
  if (!version || version.status !== "pending") return refuse("decision", "approval_subject_gone");
  if (decision === "approve") {
    const ceilingFen = await approvedProjectTotal(tx, approval.projectId);
    if (version.totalFen > ceilingFen) return refuse("decision", "target_over_ceiling", { totalFen: version.totalFen.toString(), ceilingFen: ceilingFen.toString(), overFen: (version.totalFen - ceilingFen).toString() });
  }
  const status = decision === "approve" ? "approved" : "rejected";
  const claimed = await tx.targetCostVersion.updateMany({ where: { id: version.id, status: "pending" }, data: { status, decidedById: approver.userId, decidedAt: new Date() } });
  if (claimed.count !== 1) return refuse("decision", "approval_subject_gone");
  await recordAudit(tx, {
    userId: approver.userId,
    area: "capital",
    entity: "TargetCostVersion",
    entityId: version.id,
    action: decision === "approve" ? "approve" : "reject",
    before: { status: "pending" },
    after: { no: version.no, status, totalFen: version.totalFen },
    reason: note,
  });
  return { ok: true, effect: { targetVersionId: version.id, no: version.no } };
}

// ─── Reading ─────────────────────────────────────────────────────────────────

/** The /budget/targets page: every version with its total per part, the current one's leaves against the previous approved, and the form's prefill. */
export async function targetPage(projectId: number) {
  const [lines, accounts, versions, ceilingFen] = await Promise.all([
    prisma.budgetLine.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, code: true, name: true, nameEn: true } }),
    prisma.costAccount.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, lineId: true, parentId: true, code: true, name: true, nameEn: true, sortOrder: true } }),
    prisma.targetCostVersion.findMany({ where: { projectId }, orderBy: { no: "desc" }, select: versionSelect }),
    approvedProjectTotal(prisma, projectId),
  ]);
  const items = versions.length ? await prisma.targetCostItem.findMany({ where: { versionId: { in: versions.map((v) => v.id) } }, select: { versionId: true, accountId: true, amountFen: true } }) : [];
  const userIds = [...new Set(versions.flatMap((v) => [v.submittedById, v.decidedById]).filter((id): id is number => id !== null))];
  const users = await userNamesById(userIds);
  const userName = (id: number | null) => (id !== null && users.get(id)) || NO_USER;
  const leaves = accounts.filter((a) => a.parentId !== null);
  const lineIds = lines.map((l) => l.id);
  const itemsOf = (versionId: number) => items.filter((item) => item.versionId === versionId);
  const current = currentVersion(versions);
  const previous = current ? previousApproved(versions, current.no) : null;
  const pending = versions.find((v) => v.status === "pending") ?? null;
  return {
    lines,
    accounts,
    ceilingFen,
    current: current ? { id: current.id, no: current.no, totalFen: current.totalFen } : null,
    previous: previous ? { id: previous.id, no: previous.no } : null,
    pending: pending ? { id: pending.id, no: pending.no } : null,
    versions: versions.map((v) => ({
      id: v.id,
      no: v.no,
      status: v.status,
      reason: v.reason,
      totalFen: v.totalFen,
      byLine: targetTotals(itemsOf(v.id), leaves, lineIds).byLine,
      submittedBy: userName(v.submittedById).name,
      submittedByEn: userName(v.submittedById).nameEn,
      submittedAt: v.createdAt.toISOString(),
      decidedBy: userName(v.decidedById).name,
      decidedByEn: userName(v.decidedById).nameEn,
      decidedAt: v.decidedAt ? v.decidedAt.toISOString() : null,
    })),
    // The form's prefill: the current target of each leaf.
    currentByLeaf: Object.fromEntries(current ? itemsOf(current.id).map((item) => [String(item.accountId), item.amountFen]) : []),
    // The current version's leaves against the previous approved version (null: the first version).
    changes: current ? targetChanges(itemsOf(current.id), previous ? itemsOf(previous.id) : null) : [],
  };
}

/**
 * What the approvals page shows of target-cost approvals: for each, the version's total per part and
 * its change against the current target per part (the current target as it stands now).
 */
export async function targetApprovalDetails(projectId: number, versionIds: number[]) {
  if (versionIds.length === 0) return new Map<number, { no: number; byLine: { lineId: number; code: string; name: string; nameEn: string; totalFen: bigint; currentFen: bigint; changeFen: bigint }[] }>();
  const [lines, leaves, versions, items, current] = await Promise.all([
    prisma.budgetLine.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, code: true, name: true, nameEn: true } }),
    leavesOf(prisma, projectId),
    prisma.targetCostVersion.findMany({ where: { id: { in: versionIds }, projectId }, select: { id: true, no: true } }),
    prisma.targetCostItem.findMany({ where: { versionId: { in: versionIds } }, select: { versionId: true, accountId: true, amountFen: true } }),
    currentTargets(prisma, projectId),
  ]);
  const lineIds = lines.map((l) => l.id);
  const currentByLine = targetTotals([...current.byLeaf].map(([accountId, amountFen]) => ({ accountId, amountFen })), leaves, lineIds).byLine;
  return new Map(
    versions.map((version) => {
      const totals = targetTotals(items.filter((item) => item.versionId === version.id), leaves, lineIds).byLine;
      return [
        version.id,
        {
          no: version.no,
          byLine: totals.map((row, i) => {
            const line = lines[i];
            const currentFen = currentByLine[i].totalFen;
            return { lineId: row.lineId, code: line.code, name: line.name, nameEn: line.nameEn, totalFen: row.totalFen, currentFen, changeFen: row.totalFen - currentFen };
          }),
        },
      ];
    }),
  );
}
