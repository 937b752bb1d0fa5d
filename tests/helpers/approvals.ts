// Maker-checker in tests: revisions, transfers and large payments are submitted by one user and carried
// out when another approves them (models/approvals.server.ts).
import { prisma } from "~/db.server";
import { action as approvalsAction } from "~/routes/approvals";
import { callAction } from "./requests";

/** The approval id a submitting form redirected to (`?submitted=<id>`), or null. */
export function submittedApprovalId(result: unknown): number | null {
  if (!(result instanceof Response)) return null;
  const match = /[?&]submitted=(\d+)/.exec(result.headers.get("Location") ?? "");
  return match ? Number(match[1]) : null;
}

/** Approves one approval as `as` (an approver who did not submit it); returns the action's answer. */
export function approve(approvalId: number, as: string | null = "exec", note = "") {
  return callAction(approvalsAction, "/approvals", { approvalId: String(approvalId), decision: "approve", note }, { as });
}

/** A submitting post, then its approval by another user: the answer of the approval (302 when carried out). */
export async function submitAndApprove(submit: Promise<unknown>, as = "exec") {
  const submitted = await submit;
  const approvalId = submittedApprovalId(submitted);
  if (approvalId === null) return submitted;
  return approve(approvalId, as);
}

/**
 * Test set-up: raises the approved project total (Project.totalBudgetFen) by `fen`, so tests that add
 * lines or raise budgets are not stopped by the project ceiling (the seed's lines already stand 300万
 * past it). The ceiling itself is tested in tests/integration/approvals.test.ts.
 */
export async function raiseProjectTotal(projectId: number, fen: bigint) {
  await prisma.project.update({ where: { id: projectId }, data: { totalBudgetFen: { increment: fen } } });
}
