// Sales and leasing rates in basis points: 回款率 (received ÷ signed), 去化率 (units sold ÷ units offered),
// 出租率 (leased area ÷ leasable area), and 回款率 by product for a period. Pure; floor rounding, 0 when
// there is nothing to divide by.
import type { CivilDate } from "~/utils/dates";
import { PRODUCTS, quarterOf } from "./targets";

/** 回款率 = received ÷ signed, floor; 0 when nothing is signed. Reported as is (may exceed 10000 or be negative). */
export function collectionRateBps(receivedFen: bigint, signedFen: bigint): number {
  if (signedFen <= 0n) return 0;
  return Number((receivedFen * 10_000n) / signedFen);
}

/** 去化率 = units sold (reserved + signed) ÷ units offered (released, i.e. not "unreleased"); 0 when none offered. */
export function sellThroughBps(soldUnits: number, offeredUnits: number): number {
  if (!(offeredUnits > 0)) return 0;
  return Math.floor((soldUnits * 10_000) / offeredUnits);
}

/** Sold and offered units of an inventory (by unit status), and the 去化率. */
export function sellThroughOf(units: readonly { status: string }[]): { soldUnits: number; offeredUnits: number; sellThroughBps: number } {
  const offered = units.filter((u) => u.status !== "unreleased");
  const soldUnits = offered.filter((u) => u.status === "reserved" || u.status === "signed").length;
  return { soldUnits, offeredUnits: offered.length, sellThroughBps: sellThroughBps(soldUnits, offered.length) };
}

/** 出租率 = leased area ÷ leasable area, floor; 0 when nothing is leasable. */
export function occupancyBps(leasedCsqm: number, leasableCsqm: number): number {
  if (!(leasableCsqm > 0)) return 0;
  return Math.floor((leasedCsqm * 10_000) / leasableCsqm);
}

/** Whether a date falls in a period: a year "2027", a quarter "2027-Q1" or a month "2027-03". */
export function inPeriod(on: CivilDate, period: string): boolean {
  if (/^\d{4}$/.test(period)) return on.slice(0, 4) === period;
  if (/^\d{4}-Q[1-4]$/.test(period)) return quarterOf(on) === period;
  if (/^\d{4}-\d{2}$/.test(period)) return on.slice(0, 7) === period;
  throw new RangeError(`not a period: ${period}`);
}

export type ProductRates = { product: string; signedFen: bigint; receivedFen: bigint; collectionRateBps: number };

/**
 * Signed amount, money received and 回款率 by product for the deals signed in a period (status "signed";
 * cancelled and changed deals are left out). Products in PRODUCTS order, then any others by name.
 */
export function ratesByProduct(
  deals: readonly { product: string; status: string; signedOn: CivilDate | null; amountFen: bigint; receivedFen: bigint }[],
  period: string,
): ProductRates[] {
  const by = new Map<string, { signedFen: bigint; receivedFen: bigint }>();
  for (const d of deals) {
    if (d.status !== "signed" || !d.signedOn || !inPeriod(d.signedOn, period)) continue;
    const acc = by.get(d.product) ?? { signedFen: 0n, receivedFen: 0n };
    acc.signedFen += d.amountFen;
    acc.receivedFen += d.receivedFen;
    by.set(d.product, acc);
  }
  const rank = (p: string) => {
    const i = (PRODUCTS as readonly string[]).indexOf(p);
    return i < 0 ? PRODUCTS.length : i;
  };
  return [...by.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([product, { signedFen, receivedFen }]) => ({ product, signedFen, receivedFen, collectionRateBps: collectionRateBps(receivedFen, signedFen) }));
}
