// 进度款 (progress payments), 预付款 (advance) and 质保金 (retention) on one contract: the rules and their
// arithmetic, pure and in integer 分 (issue 13, point 5). models/cost/progress.server.ts gathers the inputs
// inside the payment's transaction; this module decides.
//
// Payable now (a payment of kind "payment" on the contract) =
//   min( cumulative certified × 付款比例 − advance recovered,  value × (1 − retention) − advance paid )
//   − already paid on progress claims, never below 0.
// With the advance fully recovered this is DOMAIN.md's min(certified × ratio, value × (1 − retention)) −
// paid − recovered; the second term also keeps every payment on the contract (advance included) within
// value × (1 − retention) when an advance was not (yet) recovered.
import { addMonths } from "~/utils/dates";

/** Default advance recovery: in proportion to the certified value, fully recovered once certified reaches this share of the contract. */
export const ADVANCE_FULLY_RECOVERED_AT_BPS = 8000;
/** 预付款 is commonly at most 30 % of the contract. */
export const MAX_ADVANCE_BPS = 3000;
/** 质保金 at most 3 % of the (settled) contract price: 建设工程质量保证金管理办法 (2017) 第七条. */
export const MAX_RETENTION_BPS = 300;
/** 缺陷责任期: usually 12 months, at most 24. */
export const DEFECT_PERIOD_MONTHS = { min: 1, max: 24 } as const;

export const PAYMENT_KINDS = ["payment", "advance", "retention_release"] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

const BPS = 10_000n;

/** fen × bps / 10000, rounded down (fen ≥ 0). */
export function shareOf(fen: bigint, bps: number): bigint {
  return (fen * BigInt(bps)) / BPS;
}

function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

const atLeastZero = (fen: bigint) => (fen > 0n ? fen : 0n);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** What retention holds back of a contract value, and the rest (the most progress payments may reach). */
export function retentionSplit(valueFen: bigint, retentionBps: number) {
  const payableCapFen = shareOf(valueFen, 10_000 - retentionBps);
  return { retentionFen: valueFen - payableCapFen, payableCapFen };
}

/**
 * The advance to recover, cumulatively, once `certifiedFen` is certified: the advance paid in proportion
 * to certified ÷ (contract value × fullyAtBps), all of it from there on. Rounded up (the owner keeps the
 * odd 分), never more than the advance paid.
 */
export function advanceRecoveryTarget(input: { advancePaidFen: bigint; certifiedFen: bigint; contractValueFen: bigint; fullyAtBps?: number }): bigint {
  const { advancePaidFen, certifiedFen, contractValueFen } = input;
  if (advancePaidFen <= 0n) return 0n;
  const thresholdFen = shareOf(contractValueFen, input.fullyAtBps ?? ADVANCE_FULLY_RECOVERED_AT_BPS);
  if (thresholdFen <= 0n || certifiedFen >= thresholdFen) return advancePaidFen;
  return min(advancePaidFen, ceilDiv(advancePaidFen * atLeastZero(certifiedFen), thresholdFen));
}

/** The default recovery of one claim: the cumulative target less what earlier claims recovered (never negative). */
export function defaultAdvanceRecovery(input: { advancePaidFen: bigint; certifiedFen: bigint; contractValueFen: bigint; recoveredBeforeFen: bigint; fullyAtBps?: number }): bigint {
  return atLeastZero(advanceRecoveryTarget(input) - input.recoveredBeforeFen);
}

export type ContractPosition = {
  contractValueFen: bigint; // original + approved changes, or settled
  paymentRatioBps: number;
  retentionBps: number;
  advanceFen: bigint; // the term: the most the advance may be
  certifiedFen: bigint; // cumulative certified (the latest certified claim)
  advancePaidFen: bigint;
  advanceRecoveredFen: bigint; // Σ recovery of certified claims
  progressPaidFen: bigint; // payments of kind "payment" (net of reversals)
  retentionReleasedFen: bigint;
};

/** The contract's figures: what is payable now, the advance outstanding, the retention held. */
export function contractPosition(p: ContractPosition) {
  const grossFen = shareOf(atLeastZero(p.certifiedFen), p.paymentRatioBps);
  const { retentionFen, payableCapFen } = retentionSplit(atLeastZero(p.contractValueFen), p.retentionBps);
  const payableFen = atLeastZero(min(grossFen - p.advanceRecoveredFen, payableCapFen - p.advancePaidFen) - p.progressPaidFen);
  return {
    grossFen, // certified × ratio
    payableCapFen, // value × (1 − retention)
    retentionFen, // value × retention
    payableFen,
    advanceOutstandingFen: atLeastZero(p.advancePaidFen - p.advanceRecoveredFen),
    advanceRoomFen: atLeastZero(p.advanceFen - p.advancePaidFen),
    retentionHeldFen: atLeastZero(retentionFen - p.retentionReleasedFen),
    paidFen: p.advancePaidFen + p.progressPaidFen + p.retentionReleasedFen,
  };
}

/** A claim as claimPayables reads it (claims in period order). */
export type PayableClaim = { status: string; certifiedFen: bigint | null; advanceRecoveryFen: bigint };

/**
 * What each claim's certification made payable, claims in period order (the contract page's and the
 * 进度款台账's column): the cumulative entitlement through the claim, min(certified × ratio − advance
 * recovered through it, value × (1 − retention) − advance paid), less the highest entitlement before it,
 * never below 0; null for a claim not (yet) certified.
 */
export function claimPayables(
  claims: readonly PayableClaim[],
  terms: { contractValueFen: bigint; paymentRatioBps: number; retentionBps: number; advancePaidFen: bigint },
): (bigint | null)[] {
  const capFen = retentionSplit(terms.contractValueFen, terms.retentionBps).payableCapFen - terms.advancePaidFen;
  let recovered = 0n;
  let entitledBefore = 0n;
  return claims.map((claim) => {
    if (claim.status !== "certified" || claim.certifiedFen === null) return null;
    recovered += claim.advanceRecoveryFen;
    const entitled = min(shareOf(claim.certifiedFen, terms.paymentRatioBps) - recovered, capFen);
    const payableFen = atLeastZero(entitled - entitledBefore);
    if (entitled > entitledBefore) entitledBefore = entitled;
    return payableFen;
  });
}

/** The end of the defect period: the civil date completedOn + months (clamped to the month's last day), or null before completion. */
export function retentionReleaseDate(completedOn: string | null, defectPeriodMonths: number): string | null {
  return completedOn ? addMonths(completedOn, defectPeriodMonths) : null;
}

export type ContractPaymentCheck =
  | { ok: true }
  | { ok: false; field: "amount" | "kind" | "paidOn"; message: string; vars?: Record<string, string> };

/**
 * A payment on a contract, by kind: a progress payment up to what is payable; the advance up to the
 * advance term and before any progress payment; a retention release on or after the end of the defect
 * period, up to the retention held.
 */
export function checkContractPayment(input: {
  kind: PaymentKind;
  amountFen: bigint;
  paidOn: string;
  position: ContractPosition;
  completedOn: string | null;
  defectPeriodMonths: number;
}): ContractPaymentCheck {
  const figures = contractPosition(input.position);
  switch (input.kind) {
    case "payment":
      if (input.amountFen > figures.payableFen) return { ok: false, field: "amount", message: "over_payable", vars: { payableFen: figures.payableFen.toString() } };
      return { ok: true };
    case "advance":
      if (input.position.progressPaidFen > 0n) return { ok: false, field: "kind", message: "advance_after_progress" };
      if (input.amountFen > figures.advanceRoomFen) return { ok: false, field: "amount", message: "over_advance", vars: { advanceRoomFen: figures.advanceRoomFen.toString() } };
      return { ok: true };
    case "retention_release": {
      const releaseOn = retentionReleaseDate(input.completedOn, input.defectPeriodMonths);
      if (!releaseOn) return { ok: false, field: "kind", message: "retention_not_completed" };
      if (input.paidOn < releaseOn) return { ok: false, field: "paidOn", message: "retention_before_release", vars: { date: releaseOn } };
      if (input.amountFen > figures.retentionHeldFen) return { ok: false, field: "amount", message: "over_retention", vars: { retentionFen: figures.retentionHeldFen.toString() } };
      return { ok: true };
    }
  }
}

// ─── Claims ──────────────────────────────────────────────────────────────────

export type ClaimRow = { period: string; claimedFen: bigint; certifiedFen: bigint | null };

export type ClaimCheck = { ok: true } | { ok: false; field: string; message: string; vars?: Record<string, string> };

/** The claims just before and after `period` (other claims of the contract). */
function neighbours(claims: ClaimRow[], period: string, pick: (claim: ClaimRow) => bigint | null) {
  let before: bigint | null = null;
  let after: bigint | null = null;
  let beforePeriod = "";
  let afterPeriod = "9999-99";
  for (const claim of claims) {
    const value = pick(claim);
    if (value === null || claim.period === period) continue;
    if (claim.period < period && claim.period > beforePeriod) [before, beforePeriod] = [value, claim.period];
    if (claim.period > period && claim.period < afterPeriod) [after, afterPeriod] = [value, claim.period];
  }
  return { before, after, beforePeriod, afterPeriod };
}

/** A new claim: one per period; its cumulative value not below the period before nor above the one after. */
export function checkNewClaim(input: { period: string; claimedFen: bigint; claims: ClaimRow[] }): ClaimCheck {
  if (input.claims.some((c) => c.period === input.period)) return { ok: false, field: "period", message: "duplicate_period" };
  const { before, after, beforePeriod, afterPeriod } = neighbours(input.claims, input.period, (c) => c.claimedFen);
  if (before !== null && input.claimedFen < before) return { ok: false, field: "claimed", message: "cumulative_decreasing", vars: { period: beforePeriod, previousFen: before.toString() } };
  if (after !== null && input.claimedFen > after) return { ok: false, field: "claimed", message: "cumulative_above_next", vars: { period: afterPeriod, nextFen: after.toString() } };
  return { ok: true };
}

/**
 * Certifying a claim: by someone other than who entered it; supervised and certified values not above
 * the claim; certified not above the contract value, and cumulative: not below the certified value of an
 * earlier period nor above a later one; an explicit advance recovery within the advance still outstanding.
 */
export function checkCertification(input: {
  claim: ClaimRow & { createdById: number | null; status: string };
  certifierId: number | null;
  supervisedFen: bigint | null;
  certifiedFen: bigint;
  contractValueFen: bigint;
  claims: ClaimRow[];
  advanceRecoveryFen: bigint | null;
  advanceRecoverableFen: bigint; // advance paid − recovered by the other certified claims
}): ClaimCheck {
  const { claim } = input;
  if (claim.status === "certified") return { ok: false, field: "form", message: "claim_already_certified" };
  if (claim.createdById !== null && claim.createdById === input.certifierId) return { ok: false, field: "form", message: "certifier_is_claimant" };
  if (input.supervisedFen !== null && input.supervisedFen > claim.claimedFen) return { ok: false, field: "supervised", message: "above_claimed", vars: { claimedFen: claim.claimedFen.toString() } };
  if (input.certifiedFen > claim.claimedFen) return { ok: false, field: "certified", message: "above_claimed", vars: { claimedFen: claim.claimedFen.toString() } };
  if (input.certifiedFen > input.contractValueFen) return { ok: false, field: "certified", message: "above_contract_value", vars: { valueFen: input.contractValueFen.toString() } };
  const { before, after, beforePeriod, afterPeriod } = neighbours(input.claims, claim.period, (c) => c.certifiedFen);
  if (before !== null && input.certifiedFen < before) return { ok: false, field: "certified", message: "cumulative_decreasing", vars: { period: beforePeriod, previousFen: before.toString() } };
  if (after !== null && input.certifiedFen > after) return { ok: false, field: "certified", message: "cumulative_above_next", vars: { period: afterPeriod, nextFen: after.toString() } };
  if (input.advanceRecoveryFen !== null && input.advanceRecoveryFen > atLeastZero(input.advanceRecoverableFen)) {
    return { ok: false, field: "advanceRecovery", message: "over_advance_outstanding", vars: { outstandingFen: atLeastZero(input.advanceRecoverableFen).toString() } };
  }
  return { ok: true };
}

/** Contract terms: the advance at most 30 % of the value and not below what was paid as advance. (Ranges of ratio, retention and period are the form's.) */
export function checkTerms(input: { advanceFen: bigint; contractValueFen: bigint; advancePaidFen: bigint }): ClaimCheck {
  const maxAdvanceFen = shareOf(atLeastZero(input.contractValueFen), MAX_ADVANCE_BPS);
  if (input.advanceFen > maxAdvanceFen) return { ok: false, field: "advance", message: "advance_over_cap", vars: { maxFen: maxAdvanceFen.toString() } };
  if (input.advanceFen < input.advancePaidFen) return { ok: false, field: "advance", message: "advance_below_paid", vars: { paidFen: input.advancePaidFen.toString() } };
  return { ok: true };
}
