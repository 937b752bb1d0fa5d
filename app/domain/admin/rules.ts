// The administrator's rules, as plain functions (unit-tested): who may be demoted or disabled, what a
// username and a password look like, which settings changes need someone else's word.
export const USERNAME_PATTERN = /^[a-z0-9_.-]{2,32}$/;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export type AccountState = { id: number; active: boolean; admin: boolean };

/**
 * Whether the change leaves nobody able to manage users: refused when, after `change`, no active
 * account holds the admin role. (The administrator cannot lock everyone out, themselves included.)
 */
export function leavesNoAdmin(accounts: readonly AccountState[], change: AccountState): boolean {
  const after = accounts.map((a) => (a.id === change.id ? change : a));
  if (!after.some((a) => a.id === change.id)) after.push(change);
  return !after.some((a) => a.active && a.admin);
}

/**
 * Raising an approval threshold lets larger payments or changes through without a second person: only
 * someone who approves (approvals.decide) may raise it; lowering (tightening) is open to the administrator.
 */
export function thresholdRaised(before: { paymentApprovalFen: bigint; changeApprovalFen: bigint }, after: { paymentApprovalFen: bigint; changeApprovalFen: bigint }) {
  return {
    payment: after.paymentApprovalFen > before.paymentApprovalFen,
    change: after.changeApprovalFen > before.changeApprovalFen,
  };
}
