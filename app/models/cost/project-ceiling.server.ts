// The project ceiling (issue 13, point 7). The approved project total (Project.totalBudgetFen, moved
// only by an approved project-budget revision) bounds the sum of the line budgets, the project's
// payments (with the payments held for approval) and its commitments. Each check runs inside the
// caller's write transaction, which writeTransaction serialises per process (decision 005), so
// concurrent requests cannot pass it together.
import type { Prisma, PrismaClient } from "@prisma/client";
import { checkCeiling, projectBudgetGap } from "~/domain/approvals";
import { contractValues } from "./contract-values.server";

type Db = Prisma.TransactionClient | PrismaClient;

/** A refusal as a field error, in the shape of capital.server's. */
type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };

/** The approved project total and what uses it: line budgets, paid, held for approval, committed. */
export async function projectCeilingFigures(db: Db, projectId: number, exceptRequestId?: number) {
  const onProject = { line: { projectId } };
  const [project, lines, revisions, paid, held, contracts, outside] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { totalBudgetFen: true } }),
    db.budgetLine.aggregate({ where: { projectId }, _sum: { originalFen: true } }),
    db.budgetRevision.aggregate({ where: onProject, _sum: { amountFen: true } }),
    db.paymentMonthTotal.aggregate({ where: onProject, _sum: { amountFen: true } }),
    db.paymentRequest.aggregate({ where: { projectId, status: "pending", id: exceptRequestId ? { not: exceptRequestId } : undefined }, _sum: { amountFen: true } }),
    // Commitments: each contract's current value (with approved changes; the settled value once settled).
    contractValues(db, { ...onProject, status: { notIn: ["draft", "voided"] } }),
    db.paymentMonthTotal.aggregate({ where: { ...onProject, contractKey: 0 }, _sum: { amountFen: true } }),
  ]);
  const linesCurrentFen = (lines._sum.originalFen ?? 0n) + (revisions._sum.amountFen ?? 0n);
  return {
    ...projectBudgetGap(project.totalBudgetFen, linesCurrentFen),
    paidFen: paid._sum.amountFen ?? 0n,
    heldFen: held._sum.amountFen ?? 0n,
    committedFen: contracts.reduce((sum, c) => sum + c.committedFen, 0n),
    paidOutsideContractsFen: outside._sum.amountFen ?? 0n,
  };
}

const refusal = (field: string, message: string, roomFen: bigint, totalFen: bigint): Refusal => ({
  ok: false,
  field,
  message,
  vars: { roomFen: roomFen.toString(), totalFen: totalFen.toString() },
});

/** A payment may not take the project's payments (with those held for approval) past the approved total. */
export async function checkProjectPayment(tx: Db, projectId: number, amountFen: bigint, exceptRequestId?: number): Promise<{ ok: true } | Refusal> {
  // Only what this check needs (it runs on every payment): the total, the paid sum and the held sum.
  const [project, paid, held] = await Promise.all([
    tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { totalBudgetFen: true } }),
    tx.paymentMonthTotal.aggregate({ where: { line: { projectId } }, _sum: { amountFen: true } }),
    tx.paymentRequest.aggregate({ where: { projectId, status: "pending", id: exceptRequestId ? { not: exceptRequestId } : undefined }, _sum: { amountFen: true } }),
  ]);
  const usedFen = (paid._sum.amountFen ?? 0n) + (held._sum.amountFen ?? 0n);
  const check = checkCeiling({ totalFen: project.totalBudgetFen, usedFen, addFen: amountFen });
  return check.ok ? check : refusal("amount", "over_project_total", check.roomFen, project.totalBudgetFen);
}

/** A commitment may not take the project's contracts (and payments outside them) past the approved total. */
export async function checkProjectCommitment(tx: Db, projectId: number, amountFen: bigint): Promise<{ ok: true } | Refusal> {
  const figures = await projectCeilingFigures(tx, projectId);
  const check = checkCeiling({ totalFen: figures.totalFen, usedFen: figures.committedFen + figures.paidOutsideContractsFen, addFen: amountFen });
  return check.ok ? check : refusal("amount", "over_project_commitment", check.roomFen, figures.totalFen);
}

/** Raising line budgets (a revision, a new line) may not take their sum past the approved total. */
export async function checkProjectLines(tx: Db, projectId: number, addFen: bigint, field = "amount"): Promise<{ ok: true } | Refusal> {
  const figures = await projectCeilingFigures(tx, projectId);
  const check = checkCeiling({ totalFen: figures.totalFen, usedFen: figures.linesCurrentFen, addFen });
  return check.ok ? check : refusal(field, "over_project_lines", check.roomFen, figures.totalFen);
}

/**
 * Payments held for approval already use the room of their line and contract: add them to the paid
 * figures the payment rule checks (all but `exceptRequestId`, the request being approved), so two
 * large requests cannot both pass the budget.
 */
export async function countHeldPayments(
  tx: Db,
  line: { id: number; paidFen: bigint; headroomFen: bigint },
  contract: { id: number; paidFen: bigint } | null,
  exceptRequestId?: number,
) {
  const except = exceptRequestId ? { not: exceptRequestId } : undefined;
  const [onLine, onContract] = await Promise.all([
    tx.paymentRequest.aggregate({ where: { lineId: line.id, status: "pending", id: except }, _sum: { amountFen: true } }),
    contract ? tx.paymentRequest.aggregate({ where: { contractId: contract.id, status: "pending", id: except }, _sum: { amountFen: true } }) : null,
  ]);
  const heldOnLine = onLine._sum.amountFen ?? 0n;
  line.paidFen += heldOnLine;
  line.headroomFen -= heldOnLine;
  if (contract && onContract) contract.paidFen += onContract._sum.amountFen ?? 0n;
}

/**
 * For an import (all or nothing, rows checked in memory): adds the payments held for approval to each
 * line's paid figure, and gives the approval threshold (a row above it is refused: a large payment is
 * submitted on /budget, one by one, for an approver).
 */
export async function importGuard(tx: Db, projectId: number, lines: { id: number; paidFen: bigint }[]) {
  const [project, held] = await Promise.all([
    tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { paymentApprovalFen: true } }),
    tx.paymentRequest.groupBy({ by: ["lineId"], where: { projectId, status: "pending" }, _sum: { amountFen: true } }),
  ]);
  for (const line of lines) line.paidFen += held.find((h) => h.lineId === line.id)?._sum.amountFen ?? 0n;
  return { thresholdFen: project.paymentApprovalFen };
}
