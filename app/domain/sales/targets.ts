// Sales and leasing rules: decomposing the yearly task into quarters and months, achievement against
// it, and the internal-subscription cap. Pure; money in bigint 分, areas in integer hundredths of m² (csqm),
// rates in basis points. The sale and lease forms' zod schemas are in sales-forms.server.ts (zod stays
// out of the browser bundle).
import { monthsBetween, type CivilDate } from "~/utils/dates";

export const PRODUCTS = ["apartment_presale", "internal_subscription", "commercial_sale", "commercial_lease"] as const;
export type Product = (typeof PRODUCTS)[number];
export const SALE_PRODUCTS = ["apartment_presale", "internal_subscription", "commercial_sale"] as const;
/** What the marketing agency sells under its yearly contract (internal subscription and leasing are in-house). */
export const AGENCY_PRODUCTS: Product[] = ["apartment_presale", "commercial_sale"];
export const BUYER_TYPES = ["individual", "employee", "company"] as const;

/**
 * Splits an amount into parts proportional to integer weights, exactly: the parts add up to the total
 * (largest-remainder rounding, ties to the earlier part).
 */
export function splitByWeights(total: bigint, weights: number[]): bigint[] {
  const weightSum = BigInt(weights.reduce((a, b) => a + b, 0));
  if (weightSum === 0n) return weights.map(() => 0n);
  const exact = weights.map((w) => total * BigInt(w));
  const parts = exact.map((e) => e / weightSum);
  let left = total - parts.reduce((a, b) => a + b, 0n);
  const order = exact.map((e, i) => ({ i, remainder: e % weightSum })).sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.i - b.i));
  for (const { i } of order) {
    if (left <= 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts;
}

export type Decomposition = { period: string; amountFen: bigint }[];

/** A year's task → its quarters (by weights, in %) → months (each quarter evenly in three). */
export function decomposeYear(year: number, annualFen: bigint, quarterWeights: [number, number, number, number]): Decomposition {
  const quarters = splitByWeights(annualFen, quarterWeights);
  const rows: Decomposition = [{ period: String(year), amountFen: annualFen }];
  quarters.forEach((quarterFen, q) => {
    rows.push({ period: `${year}-Q${q + 1}`, amountFen: quarterFen });
    splitByWeights(quarterFen, [1, 1, 1]).forEach((monthFen, m) => rows.push({ period: `${year}-${String(q * 3 + m + 1).padStart(2, "0")}`, amountFen: monthFen }));
  });
  return rows;
}

export function quarterOf(civil: CivilDate): string {
  return `${civil.slice(0, 4)}-Q${Math.floor((Number(civil.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Achievement against target for each period given ("2027-Q1", "2027-01" or "2027"). */
export function achievement(periods: string[], targets: Map<string, bigint>, records: { on: CivilDate; amountFen: bigint }[]) {
  const achieved = new Map<string, bigint>();
  for (const r of records) {
    for (const key of [r.on.slice(0, 4), quarterOf(r.on), r.on.slice(0, 7)]) achieved.set(key, (achieved.get(key) ?? 0n) + r.amountFen);
  }
  return periods.map((period) => {
    const targetFen = targets.get(period) ?? 0n;
    const achievedFen = achieved.get(period) ?? 0n;
    return { period, targetFen, achievedFen, gapFen: targetFen - achievedFen };
  });
}

/** Rent over a lease's whole term: monthly rent × months from start to end (whole months, at least 1). */
export function leaseMonths(startOn: CivilDate, endOn: CivilDate): number {
  return Math.max(1, monthsBetween(startOn, endOn).length - (endOn.slice(8) < startOn.slice(8) ? 1 : 0));
}

export type CapCheck = { ok: true; capCsqm: number; afterCsqm: number } | { ok: false; capCsqm: number; remainingCsqm: number };

/** Internal subscription (内部认购) may not exceed the configured share (10–15 %) of the apartment area. */
export function checkSubscriptionCap(input: { apartmentAreaCsqm: number; capBps: number; subscribedCsqm: number; areaCsqm: number }): CapCheck {
  const capCsqm = Math.floor((input.apartmentAreaCsqm * input.capBps) / 10_000);
  const afterCsqm = input.subscribedCsqm + input.areaCsqm;
  if (afterCsqm > capCsqm) return { ok: false, capCsqm, remainingCsqm: Math.max(0, capCsqm - input.subscribedCsqm) };
  return { ok: true, capCsqm, afterCsqm };
}

export const CAP_MIN_BPS = 1000;
export const CAP_MAX_BPS = 1500;
