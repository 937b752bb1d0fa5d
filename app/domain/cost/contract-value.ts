// A contract's value as it moves (issue 13): the original amount plus approved changes (变更 and
// 签证), until settlement (结算) fixes it. Pure, integer 分. Shared by the commitment check, the
// payment check (the progress-payment "payable" limit sits on top of this ceiling) and the pages.

export const CONTRACT_STATUSES = ["draft", "signed", "settled", "closed", "voided"] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CHANGE_KINDS = ["design_change", "site_instruction"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export type ChangeStatus = "pending" | "approved" | "rejected";

export type ContractValueInput = {
  amountFen: bigint; // the original contract amount
  status: string;
  settledFen: bigint | null;
  approvedChangesFen: bigint; // Σ approved amounts of its changes
};

/** Settled (or closed after settlement): the settled amount replaces the value. */
export function isSettled(contract: { status: string; settledFen: bigint | null }): boolean {
  return contract.settledFen !== null && (contract.status === "settled" || contract.status === "closed");
}

/** Current value = original + Σ approved changes, or the settled amount once settled. */
export function contractCurrentValue(contract: ContractValueInput): bigint {
  return isSettled(contract) ? contract.settledFen! : contract.amountFen + contract.approvedChangesFen;
}

/** What a contract binds of its line's budget: nothing while a draft or once voided, else its current value. */
export function committedValue(contract: ContractValueInput): bigint {
  return contract.status === "draft" || contract.status === "voided" ? 0n : contractCurrentValue(contract);
}

/** Changes are entered and decided only on a signed contract: not on a draft, nor after settlement or voiding. */
export function acceptsChanges(status: string): boolean {
  return status === "signed";
}

export type ChangeApprovalCheck =
  | { ok: true }
  | { ok: false; reason: "over_budget"; uncommittedFen: bigint }
  | { ok: false; reason: "below_paid"; paidFen: bigint };

/**
 * Approving a change at `approvedFen` (signed: a deduction 核减 is negative) moves the contract's value
 * and so the line's commitment. A rise must fit the line's uncommitted budget (the same rule as a new
 * contract: no commitment over budget); a cut may not take the contract below what is paid on it.
 */
export function checkChangeApproval(input: {
  approvedFen: bigint;
  contract: { currentFen: bigint; paidFen: bigint };
  line: { currentFen: bigint; committedFen: bigint; paidOutsideContractsFen: bigint };
}): ChangeApprovalCheck {
  const { approvedFen, contract, line } = input;
  if (approvedFen > 0n) {
    const uncommittedFen = line.currentFen - line.committedFen - line.paidOutsideContractsFen;
    if (approvedFen > uncommittedFen) return { ok: false, reason: "over_budget", uncommittedFen: uncommittedFen > 0n ? uncommittedFen : 0n };
  } else if (contract.currentFen + approvedFen < contract.paidFen) {
    return { ok: false, reason: "below_paid", paidFen: contract.paidFen };
  }
  return { ok: true };
}

export type SettlementCheck =
  | { ok: true; deltaFen: bigint }
  | { ok: false; reason: "pending_changes"; count: number }
  | { ok: false; reason: "below_paid"; paidFen: bigint }
  | { ok: false; reason: "over_budget"; uncommittedFen: bigint };

/**
 * 结算 fixes the final value. Every change must be decided first (a pending estimate cannot outlive the
 * contract); the settled amount may not be below what is paid; what it adds to the current value must
 * fit the line's uncommitted budget.
 */
export function checkSettlement(input: {
  settledFen: bigint;
  pendingChanges: number;
  contract: { currentFen: bigint; paidFen: bigint };
  line: { currentFen: bigint; committedFen: bigint; paidOutsideContractsFen: bigint };
}): SettlementCheck {
  const { settledFen, contract, line } = input;
  if (input.pendingChanges > 0) return { ok: false, reason: "pending_changes", count: input.pendingChanges };
  if (settledFen < contract.paidFen) return { ok: false, reason: "below_paid", paidFen: contract.paidFen };
  const deltaFen = settledFen - contract.currentFen;
  if (deltaFen > 0n) {
    const uncommittedFen = line.currentFen - line.committedFen - line.paidOutsideContractsFen;
    if (deltaFen > uncommittedFen) return { ok: false, reason: "over_budget", uncommittedFen: uncommittedFen > 0n ? uncommittedFen : 0n };
  }
  return { ok: true, deltaFen };
}

/** A change whose approved amount (either sign) is above the project's threshold needs an approver (maker-checker). */
export function needsApproval(approvedFen: bigint, thresholdFen: bigint): boolean {
  return (approvedFen < 0n ? -approvedFen : approvedFen) > thresholdFen;
}
