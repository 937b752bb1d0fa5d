// Budget arithmetic in integer 分 (bigint). Pure; shared by the budget page, the dashboard and the
// payment rule (issue 4).
import { shareBps } from "~/utils/money";
import { rateTenths } from "~/utils/percent";

export type LineFigures = {
  originalFen: bigint;
  revisionsFen: bigint;
  committedFen: bigint;
  paidFen: bigint;
};

export type LineStatus = LineFigures & {
  currentFen: bigint;
  headroomFen: bigint; // current budget − paid: what may still be paid
  usedBps: number; // paid / current, in basis points
  overNinetyPercent: boolean;
};

export const WARNING_BPS = 9000;

/**
 * Whether paid / current has reached the 90 % warning as the pages show it (0.1 %, half up): a line
 * shown as "90.0%" is warned about, never one reading 90.0 % without the warning (so from 89.95 %).
 */
function reachesWarning(paidFen: bigint, currentFen: bigint): boolean {
  return (rateTenths(paidFen, currentFen) ?? 0) >= WARNING_BPS / 10;
}

export function lineStatus(figures: LineFigures): LineStatus {
  const currentFen = figures.originalFen + figures.revisionsFen;
  const headroomFen = currentFen - figures.paidFen;
  const usedBps = shareBps(figures.paidFen, currentFen);
  // A line with no budget left and money paid on it is past every threshold, though its share is undefined.
  const overNinetyPercent = currentFen <= 0n ? figures.paidFen > 0n : reachesWarning(figures.paidFen, currentFen);
  return { ...figures, currentFen, headroomFen, usedBps, overNinetyPercent };
}

export function sumFigures(lines: LineFigures[]): LineFigures {
  return lines.reduce(
    (total, line) => ({
      originalFen: total.originalFen + line.originalFen,
      revisionsFen: total.revisionsFen + line.revisionsFen,
      committedFen: total.committedFen + line.committedFen,
      paidFen: total.paidFen + line.paidFen,
    }),
    { originalFen: 0n, revisionsFen: 0n, committedFen: 0n, paidFen: 0n },
  );
}

/** How the lines reconcile with the project's total budget: never hidden, shown as a difference. */
export function reconcile(projectTotalFen: bigint, linesCurrentFen: bigint) {
  const differenceFen = linesCurrentFen - projectTotalFen;
  return { projectTotalFen, linesCurrentFen, differenceFen, reconciled: differenceFen === 0n };
}

/** Running totals by month, in the order given. */
export function cumulative(values: bigint[]): bigint[] {
  let total = 0n;
  return values.map((value) => (total += value));
}

// ─── Rules that protect money ────────────────────────────────────────────────
// Checked inside the same transaction as the write (models/capital.server.ts), so concurrent
// requests cannot slip past them.

export type PaymentCheck =
  | { ok: true; newUsedBps: number; warning: boolean }
  | { ok: false; reason: "over_budget"; headroomFen: bigint }
  | { ok: false; reason: "over_contract"; contractHeadroomFen: bigint }
  | { ok: false; reason: "not_positive" };

/**
 * 不得超预算支付: a payment may not take the line's paid total above its current budget, nor a
 * contract's paid total above the contract. Past 90 % of the line it passes with a warning.
 */
export function checkPayment(input: {
  amountFen: bigint;
  line: { currentFen: bigint; paidFen: bigint };
  contract?: { amountFen: bigint; paidFen: bigint } | null;
}): PaymentCheck {
  const { amountFen, line, contract } = input;
  if (amountFen <= 0n) return { ok: false, reason: "not_positive" };
  const headroomFen = line.currentFen - line.paidFen;
  if (amountFen > headroomFen) return { ok: false, reason: "over_budget", headroomFen: headroomFen > 0n ? headroomFen : 0n };
  if (contract) {
    const contractHeadroomFen = contract.amountFen - contract.paidFen;
    if (amountFen > contractHeadroomFen) return { ok: false, reason: "over_contract", contractHeadroomFen: contractHeadroomFen > 0n ? contractHeadroomFen : 0n };
  }
  const newUsedBps = shareBps(line.paidFen + amountFen, line.currentFen);
  return { ok: true, newUsedBps, warning: reachesWarning(line.paidFen + amountFen, line.currentFen) };
}

/** A refused payment as a field error on the amount: the message key and the headroom it names. */
export function paymentRefusal(check: Exclude<PaymentCheck, { ok: true }>): { field: "amount"; message: string; vars?: Record<string, string> } {
  switch (check.reason) {
    case "over_budget":
      return { field: "amount", message: "over_budget", vars: { headroomFen: check.headroomFen.toString() } };
    case "over_contract":
      return { field: "amount", message: "over_contract", vars: { headroomFen: check.contractHeadroomFen.toString() } };
    case "not_positive":
      return { field: "amount", message: "amount_positive" };
  }
}

export type CommitmentCheck = { ok: true } | { ok: false; reason: "over_budget"; uncommittedFen: bigint } | { ok: false; reason: "not_positive" };

/**
 * Contracts on a line, with what was paid on it outside contracts, may not add up to more than its
 * current budget without a revision first.
 */
export function checkCommitment(input: { amountFen: bigint; line: { currentFen: bigint; committedFen: bigint; paidOutsideContractsFen?: bigint } }): CommitmentCheck {
  if (input.amountFen <= 0n) return { ok: false, reason: "not_positive" };
  const uncommittedFen = input.line.currentFen - input.line.committedFen - (input.line.paidOutsideContractsFen ?? 0n);
  if (input.amountFen > uncommittedFen) return { ok: false, reason: "over_budget", uncommittedFen: uncommittedFen > 0n ? uncommittedFen : 0n };
  return { ok: true };
}

export type RevisionCheck = { ok: true } | { ok: false; reason: "zero" } | { ok: false; reason: "below_floor"; floorFen: bigint };

/**
 * A revision changes a line's budget by a signed amount. A cut may not take the budget below what is
 * already bound on the line (the floor): the contracts plus what was paid outside them, and never
 * below what is paid.
 */
export function checkRevision(input: { deltaFen: bigint; line: { currentFen: bigint; committedFen: bigint; paidFen: bigint; paidOutsideContractsFen?: bigint } }): RevisionCheck {
  if (input.deltaFen === 0n) return { ok: false, reason: "zero" };
  const bound = input.line.committedFen + (input.line.paidOutsideContractsFen ?? 0n);
  const floorFen = bound > input.line.paidFen ? bound : input.line.paidFen;
  if (input.line.currentFen + input.deltaFen < floorFen) return { ok: false, reason: "below_floor", floorFen };
  return { ok: true };
}

/**
 * Forecast at completion (FAC) of a line = paid + open commitments + uncommitted remainder, where open
 * commitments are what contracts still owe, and the remainder is the budget not yet contracted or paid
 * outside contracts. Variance = current budget − FAC (negative: a forecast overrun).
 */
export function forecastAtCompletion(input: {
  currentFen: bigint;
  paidFen: bigint;
  contracts: { amountFen: bigint; paidFen: bigint }[];
  paidOutsideContractsFen: bigint;
}) {
  let committedFen = 0n;
  let openCommitmentsFen = 0n;
  for (const contract of input.contracts) {
    committedFen += contract.amountFen;
    const open = contract.amountFen - contract.paidFen;
    if (open > 0n) openCommitmentsFen += open;
  }
  const remainder = input.currentFen - committedFen - input.paidOutsideContractsFen;
  const uncommittedFen = remainder > 0n ? remainder : 0n;
  const forecastFen = input.paidFen + openCommitmentsFen + uncommittedFen;
  return { openCommitmentsFen, uncommittedFen, forecastFen, varianceFen: input.currentFen - forecastFen };
}

/** Monthly plan and actual as the S-curve needs them: per month and cumulative, in the months given. */
export function planVersusActual(months: string[], planByMonth: Map<string, bigint>, paidByMonth: Map<string, bigint>) {
  let planTotal = 0n;
  let paidTotal = 0n;
  return months.map((month) => {
    const planFen = planByMonth.get(month) ?? 0n;
    const paidFen = paidByMonth.get(month) ?? 0n;
    planTotal += planFen;
    paidTotal += paidFen;
    return { month, planFen, paidFen, planCumulativeFen: planTotal, paidCumulativeFen: paidTotal };
  });
}
