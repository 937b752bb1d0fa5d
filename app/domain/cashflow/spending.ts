// Spending still to come, by month: what is left of each cost account's budget is spread evenly over
// the months of its window (its schedule activity, else now → project end). Pure; money in bigint 分.
//
// Rules:
// - Only months from `fromMonth` on (the past is actual payments, not forecast): a window's months are
//   those from max(its start month, fromMonth) to its end month; a window that ended before fromMonth
//   lands entirely in fromMonth (the work is late: the money is still to pay, now).
// - Exact integer split: each month gets amount ÷ n (rounded down) and the remainder goes 1分 each to
//   the first months, so the parts add up exactly to the amount. Nothing for amounts ≤ 0.
import { monthOf, monthsBetween, type CivilDate } from "~/utils/dates";

/** An amount spread evenly over the months of [start, end] from `fromMonth` on; sums exactly to the amount. */
export function spreadEvenly(input: { amountFen: bigint; start: CivilDate; end: CivilDate; fromMonth: string }): { month: string; amountFen: bigint }[] {
  const { amountFen, fromMonth } = input;
  if (amountFen <= 0n) return [];
  const months = monthsBetween(input.start, input.end).filter((m) => m >= fromMonth && m >= monthOf(input.start));
  if (months.length === 0) return [{ month: fromMonth, amountFen }];
  const n = BigInt(months.length);
  const base = amountFen / n;
  const remainder = amountFen % n;
  return months.map((month, i) => ({ month, amountFen: base + (BigInt(i) < remainder ? 1n : 0n) }));
}

/** A cost account (leaf) with the budget still to spend and the window of its activity (null: none linked). */
export type SpendLeaf = { accountId: number; remainingFen: bigint; window: { start: CivilDate; end: CivilDate } | null };

/** Σ over the leaves of their remaining amounts spread evenly (window null → `fallback`), by month, months in order. */
export function remainingSpending(input: { leaves: SpendLeaf[]; fromMonth: string; fallback: { start: CivilDate; end: CivilDate } }): Map<string, bigint> {
  const byMonth = new Map<string, bigint>();
  for (const leaf of input.leaves) {
    const window = leaf.window ?? input.fallback;
    for (const part of spreadEvenly({ amountFen: leaf.remainingFen, start: window.start, end: window.end, fromMonth: input.fromMonth })) {
      byMonth.set(part.month, (byMonth.get(part.month) ?? 0n) + part.amountFen);
    }
  }
  return new Map([...byMonth].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
