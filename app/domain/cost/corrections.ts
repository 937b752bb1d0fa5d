// Corrections (issue 13, point 8): money is never deleted. A wrong payment is reversed (红冲) by a new
// row of the opposite amount, dated the day it is made, naming the payment it reverses and why; a
// contract entered wrongly is voided (作废) with a reason once nothing is paid on it. Pure rules; the
// writes are models/cost/corrections.server.ts, inside the transaction that checks them.
import type { CivilDate } from "~/utils/dates";

export const PAYMENT_KINDS = ["payment", "advance", "retention_release", "reversal"] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

export type ReversalCheck = { ok: true } | { ok: false; reason: "is_reversal" | "already_reversed" | "not_positive" };

/**
 * A payment may be reversed once; a reversal is never reversed itself (record the payment again
 * instead); only a positive amount is reversed (every recorded payment is positive).
 */
export function checkReversal(original: { kind: string; amountFen: bigint; reversedById: number | null }): ReversalCheck {
  if (original.kind === "reversal") return { ok: false, reason: "is_reversal" };
  if (original.reversedById !== null) return { ok: false, reason: "already_reversed" };
  if (original.amountFen <= 0n) return { ok: false, reason: "not_positive" };
  return { ok: true };
}

/**
 * The reversing row: the same line, cost account, contract, progress claim and payee, the negated amount, dated the
 * day of the correction (the month totals show it when it happened; the original month stays as it
 * was reported). Together the two rows net to zero everywhere the original counted.
 */
export function reversalOf(
  original: { id: number; lineId: number; accountId: number | null; contractId: number | null; progressClaimId: number | null; payee: string; amountFen: bigint; voucherNo: string },
  on: CivilDate,
  reason: string,
) {
  return {
    lineId: original.lineId,
    accountId: original.accountId,
    contractId: original.contractId,
    progressClaimId: original.progressClaimId,
    paidOn: on,
    payee: original.payee,
    amountFen: -original.amountFen,
    voucherNo: original.voucherNo,
    kind: "reversal" as const,
    reversalOfId: original.id,
    reason,
  };
}

export type VoidCheck = { ok: true } | { ok: false; reason: "already_voided" | "settled" | "has_payments"; netPaidFen?: bigint };

/**
 * A contract entered wrongly may be voided while it is a draft or signed, and only when its payments
 * net to zero (reverse them first): a voided contract commits nothing and takes no payments.
 */
export function checkVoid(contract: { status: string; netPaidFen: bigint }): VoidCheck {
  if (contract.status === "voided") return { ok: false, reason: "already_voided" };
  if (contract.status === "settled" || contract.status === "closed") return { ok: false, reason: "settled" };
  if (contract.netPaidFen !== 0n) return { ok: false, reason: "has_payments", netPaidFen: contract.netPaidFen };
  return { ok: true };
}

/** A contract that may take payments: signed (or settled, for what settlement still owes); never a draft or voided one. */
export function takesPayments(status: string): boolean {
  return status !== "draft" && status !== "voided" && status !== "closed";
}
