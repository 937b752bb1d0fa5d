// Receivables (应收与回款): a deal's schedule of amounts due by payment plan — 定金转房款, then full
// payment, 首付 + 按揭放款, or instalments — and money received applied to it in due order, with what is
// outstanding and overdue and its ageing. Pure; money in bigint 分, dates CivilDate.
import { addDays, addMonths, daysBetween, type CivilDate } from "~/utils/dates";
import { splitByWeights } from "./targets";

export const PAYMENT_PLANS = ["full", "mortgage", "instalments"] as const;
export type PaymentPlan = (typeof PAYMENT_PLANS)[number];
export const INSTALMENT_KINDS = ["deposit", "down_payment", "mortgage", "instalment", "full"] as const;
export type InstalmentKind = (typeof INSTALMENT_KINDS)[number];

export type ScheduleRow = { seq: number; kind: InstalmentKind; dueOn: CivilDate; amountFen: bigint };

export const DEFAULT_DOWN_PAYMENT_BPS = 3000;
export const DEFAULT_INSTALMENTS = 3;
export const MIN_INSTALMENTS = 2;
export const MAX_INSTALMENTS = 12;
export const DEFAULT_MORTGAGE_LAG_DAYS = 60;
export const DEFAULT_FULL_DUE_DAYS = 7;
/** 首付 is due this many days after signing. */
export const DOWN_PAYMENT_DUE_DAYS = 7;
/** Instalments fall due every this many months from signing. */
export const INSTALMENT_EVERY_MONTHS = 3;

const halfUpBps = (amount: bigint, bps: number) => (amount * BigInt(bps) * 2n + 10_000n) / 20_000n;

/**
 * The schedule of a signed deal; the amounts add up exactly to the price. The deposit (定金转房款) comes
 * first (due on reservation, or signing without one) when there is one, then by plan:
 * - full: the rest, due signedOn + fullDueDays;
 * - mortgage: 首付 = price × downPaymentBps (half up) less the deposit (none when the deposit covers it),
 *   due signedOn + 7 days, then the loan (按揭) for the rest, due signedOn + mortgageLagDays;
 * - instalments: the rest split evenly into n rows due on signing, +3 months, +6 months … (clamped to
 *   month ends: signed 01-31 → 04-30, 07-31).
 * Rows of zero are left out (a deposit covering the 首付; a deposit equal to the price). Throws a
 * RangeError on a negative price or deposit, a deposit above the price, or options out of range.
 */
export function receivableSchedule(input: {
  priceFen: bigint;
  depositFen: bigint;
  reservedOn: CivilDate | null;
  signedOn: CivilDate;
  plan: PaymentPlan;
  downPaymentBps?: number;
  instalments?: number;
  mortgageLagDays?: number;
  fullDueDays?: number;
}): ScheduleRow[] {
  const { priceFen: price, depositFen: deposit, signedOn } = input;
  const downPaymentBps = input.downPaymentBps ?? DEFAULT_DOWN_PAYMENT_BPS;
  const n = input.instalments ?? DEFAULT_INSTALMENTS;
  const mortgageLagDays = input.mortgageLagDays ?? DEFAULT_MORTGAGE_LAG_DAYS;
  const fullDueDays = input.fullDueDays ?? DEFAULT_FULL_DUE_DAYS;
  if (price < 0n) throw new RangeError("negative price");
  if (deposit < 0n) throw new RangeError("negative deposit");
  if (deposit > price) throw new RangeError("deposit above the price");
  if (!Number.isInteger(downPaymentBps) || downPaymentBps < 0 || downPaymentBps > 10_000) throw new RangeError(`down payment out of range: ${downPaymentBps}`);
  if (!Number.isInteger(n) || n < MIN_INSTALMENTS || n > MAX_INSTALMENTS) throw new RangeError(`instalments out of range: ${n}`);
  if (!Number.isInteger(mortgageLagDays) || mortgageLagDays < 0) throw new RangeError(`mortgage lag out of range: ${mortgageLagDays}`);
  if (!Number.isInteger(fullDueDays) || fullDueDays < 0) throw new RangeError(`full payment days out of range: ${fullDueDays}`);

  const parts: Omit<ScheduleRow, "seq">[] = [];
  parts.push({ kind: "deposit", dueOn: input.reservedOn ?? signedOn, amountFen: deposit });
  const rest = price - deposit;
  switch (input.plan) {
    case "full":
      parts.push({ kind: "full", dueOn: addDays(signedOn, fullDueDays), amountFen: rest });
      break;
    case "mortgage": {
      const downTotal = halfUpBps(price, downPaymentBps);
      const down = downTotal > deposit ? downTotal - deposit : 0n;
      parts.push({ kind: "down_payment", dueOn: addDays(signedOn, DOWN_PAYMENT_DUE_DAYS), amountFen: down });
      parts.push({ kind: "mortgage", dueOn: addDays(signedOn, mortgageLagDays), amountFen: rest - down });
      break;
    }
    case "instalments":
      splitByWeights(rest, Array.from({ length: n }, () => 1)).forEach((amountFen, i) =>
        parts.push({ kind: "instalment", dueOn: addMonths(signedOn, i * INSTALMENT_EVERY_MONTHS), amountFen }),
      );
      break;
    default:
      throw new RangeError(`unknown payment plan: ${String(input.plan)}`);
  }
  return parts.filter((p) => p.amountFen !== 0n).map((p, i) => ({ seq: i + 1, ...p }));
}

/** The schedule of a reserved deal not yet signed: the deposit alone (none without a deposit). */
export function reservationSchedule(input: { depositFen: bigint; reservedOn: CivilDate }): ScheduleRow[] {
  if (input.depositFen < 0n) throw new RangeError("negative deposit");
  return input.depositFen > 0n ? [{ seq: 1, kind: "deposit", dueOn: input.reservedOn, amountFen: input.depositFen }] : [];
}

export type AppliedRow<R> = R & { receivedFen: bigint; outstandingFen: bigint; overdueFen: bigint; overdueDays: number };
export type ReceivableTotals = { dueFen: bigint; receivedFen: bigint; outstandingFen: bigint; overdueFen: bigint; oldestOverdueDays: number };

/**
 * Money received on a deal (net of refunds) applied to its schedule in due order (then by seq). A row is
 * overdue when it is due before today and not covered. Totals: dueFen is what falls due on or before
 * today; receivedFen the net money received as given (a negative net applies nothing; money beyond the
 * schedule stays in receivedFen, outstanding never goes below 0); outstandingFen the schedule less what
 * was applied.
 */
export function applyReceipts<R extends { seq: number; dueOn: CivilDate; amountFen: bigint }>(
  schedule: readonly R[],
  receivedFen: bigint,
  today: CivilDate,
): { rows: AppliedRow<R>[]; totals: ReceivableTotals } {
  const ordered = [...schedule].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.seq - b.seq));
  let left = receivedFen > 0n ? receivedFen : 0n;
  const totals: ReceivableTotals = { dueFen: 0n, receivedFen, outstandingFen: 0n, overdueFen: 0n, oldestOverdueDays: 0 };
  const rows = ordered.map((row) => {
    const amount = row.amountFen > 0n ? row.amountFen : 0n;
    const applied = left < amount ? left : amount;
    left -= applied;
    const outstandingFen = amount - applied;
    const overdueFen = row.dueOn < today ? outstandingFen : 0n;
    const overdueDays = overdueFen > 0n ? daysBetween(row.dueOn, today) : 0;
    if (row.dueOn <= today) totals.dueFen += row.amountFen;
    totals.outstandingFen += outstandingFen;
    totals.overdueFen += overdueFen;
    if (overdueDays > totals.oldestOverdueDays) totals.oldestOverdueDays = overdueDays;
    return { ...row, receivedFen: applied, outstandingFen, overdueFen, overdueDays };
  });
  return { rows, totals };
}

export type OverdueBuckets = { d1_30: bigint; d31_90: bigint; d90plus: bigint };

/** Ageing of overdue receivables: overdue amounts by days overdue (1–30, 31–90, over 90). */
export function overdueBuckets(rows: readonly { overdueFen: bigint; overdueDays: number }[]): OverdueBuckets {
  const buckets: OverdueBuckets = { d1_30: 0n, d31_90: 0n, d90plus: 0n };
  for (const r of rows) {
    if (r.overdueFen <= 0n || r.overdueDays <= 0) continue;
    if (r.overdueDays <= 30) buckets.d1_30 += r.overdueFen;
    else if (r.overdueDays <= 90) buckets.d31_90 += r.overdueFen;
    else buckets.d90plus += r.overdueFen;
  }
  return buckets;
}
