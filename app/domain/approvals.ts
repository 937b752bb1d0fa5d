// Maker-checker approvals and the project ceiling (issue 13, points 6 and 7): the pure rules. The
// models (models/approvals.server.ts, models/cost/project-ceiling.server.ts) check them inside the
// write's transaction, with sums taken there.

/** What an approval decides; each kind is carried out by models/approvals.server.ts on approval. */
export const APPROVAL_KINDS = ["budget_revision", "budget_transfer", "project_budget", "payment", "change", "target_cost", "drawdown_override", "deal_discount"] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];
export type ApprovalStatus = "pending" | "approved" | "rejected";

export function isApprovalKind(value: string): value is ApprovalKind {
  return (APPROVAL_KINDS as readonly string[]).includes(value);
}

export type DecisionCheck = { ok: true } | { ok: false; reason: "not_pending" | "own_submission" | "not_approver" };

/** Who submits is never who decides; only an approver decides; an item is decided once. */
export function checkDecider(input: { status: string; submittedById: number; actorId: number | null; mayDecide: boolean }): DecisionCheck {
  if (input.status !== "pending") return { ok: false, reason: "not_pending" };
  if (input.actorId === null || !input.mayDecide) return { ok: false, reason: "not_approver" };
  if (input.actorId === input.submittedById) return { ok: false, reason: "own_submission" };
  return { ok: true };
}

/** A payment (or change) above the project's threshold needs an approver; at the threshold it does not. */
export function needsApproval(amountFen: bigint, thresholdFen: bigint): boolean {
  return amountFen > thresholdFen;
}

export type CeilingCheck = { ok: true } | { ok: false; roomFen: bigint };

/**
 * The approved project total is a ceiling: what is already used of it (line budgets, payments, or
 * commitments) plus what is added may not pass it. Adding nothing or taking away always passes, even
 * when the use already stands past the ceiling (a cut must stay possible). The room is never below 0.
 */
export function checkCeiling(input: { totalFen: bigint; usedFen: bigint; addFen: bigint }): CeilingCheck {
  if (input.addFen <= 0n) return { ok: true };
  const roomFen = input.totalFen - input.usedFen;
  if (input.usedFen + input.addFen > input.totalFen) return { ok: false, roomFen: roomFen > 0n ? roomFen : 0n };
  return { ok: true };
}

/** How the line budgets stand against the approved project total: the excess waits for a project-budget approval. */
export function projectBudgetGap(totalFen: bigint, linesCurrentFen: bigint) {
  const differenceFen = linesCurrentFen - totalFen;
  return { totalFen, linesCurrentFen, overFen: differenceFen > 0n ? differenceFen : 0n, underFen: differenceFen < 0n ? -differenceFen : 0n };
}

export type ProjectBudgetCheck = { ok: true } | { ok: false; reason: "zero" } | { ok: false; reason: "below_floor"; floorFen: bigint };

/**
 * A project-budget revision changes the approved total by a signed amount; it may not take the total
 * below what the project has already paid (with payments waiting for approval) or committed.
 */
export function checkProjectBudgetRevision(input: { totalFen: bigint; deltaFen: bigint; paidFen: bigint; committedFen: bigint }): ProjectBudgetCheck {
  if (input.deltaFen === 0n) return { ok: false, reason: "zero" };
  const floorFen = input.paidFen > input.committedFen ? input.paidFen : input.committedFen;
  if (input.totalFen + input.deltaFen < floorFen) return { ok: false, reason: "below_floor", floorFen };
  return { ok: true };
}
