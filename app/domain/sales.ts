// Sales and leasing rules: decomposing the yearly task into quarters and months, achievement against
// it, the internal-subscription cap, and the sale and lease forms. Pure; money in bigint 分, areas in
// integer hundredths of m² (csqm), rates in basis points.
import { z } from "zod";
import { isCivilDate, monthsBetween, type CivilDate } from "~/utils/dates";
import { dateField, MAX_AMOUNT_FEN, yuanField } from "./capital-forms";

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

/** Amount of a sale: area × price per m², rounded half up to the 分. */
export function saleAmount(areaCsqm: number, unitPriceFen: bigint): bigint {
  return (BigInt(areaCsqm) * unitPriceFen * 2n + 100n) / 200n;
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

// ─── Forms ───────────────────────────────────────────────────────────────────

/** Area in m² with up to 2 decimals → integer hundredths (csqm). */
export const areaField = z
  .string()
  .trim()
  .min(1, { message: "required" })
  .regex(/^\d{1,7}(\.\d{1,2})?$/, { message: "area_format" })
  .transform((v) => {
    const [whole, fraction = ""] = v.split(".");
    return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  })
  .refine((csqm) => csqm > 0, { message: "area_positive" });

const text = (max: number) => z.string().trim().min(1, { message: "required" }).max(max, { message: "too_long" });

export function saleSchema(today: CivilDate) {
  return z
    .object({
      product: z.enum(SALE_PRODUCTS, { message: "invalid_choice" }),
      unitNo: text(40),
      area: areaField,
      unitPrice: yuanField({ sign: "positive" }),
      signedOn: dateField({ notAfter: today }).transform((v) => v!),
      buyerName: text(100),
      buyerType: z.enum(BUYER_TYPES, { message: "invalid_choice" }),
      received: z
        .string()
        .trim()
        .optional()
        .transform((v) => v || "0")
        .pipe(yuanField({ sign: "nonnegative" })),
      receivedOn: dateField({ notAfter: today, optional: true }),
    })
    .superRefine((v, ctx) => {
      // An area that failed its format check is still the text typed (zod goes on to this check): no
      // amount to compare with, and its own message already says what is wrong.
      // The same holds for amounts: compare only what parsed (a bigint), never mix it with raw text.
      const parsed = (x: unknown): x is bigint => typeof x === "bigint";
      const amount = Number.isInteger(v.area) && parsed(v.unitPrice) ? saleAmount(v.area, v.unitPrice) : null;
      if (amount !== null && amount > MAX_AMOUNT_FEN) ctx.addIssue({ code: "custom", path: ["unitPrice"], message: "amount_too_large" });
      if (amount !== null && parsed(v.received) && v.received > amount) ctx.addIssue({ code: "custom", path: ["received"], message: "received_over_amount" });
      if (parsed(v.received) && v.received > 0n && !v.receivedOn) ctx.addIssue({ code: "custom", path: ["receivedOn"], message: "required" });
      if (v.product === "internal_subscription" && v.buyerType !== "employee") ctx.addIssue({ code: "custom", path: ["buyerType"], message: "subscription_employee" });
    });
}
export type SaleInput = z.output<ReturnType<typeof saleSchema>>;

export function leaseSchema(today: CivilDate) {
  return z
    .object({
      tenant: text(200),
      unitNo: text(40),
      area: areaField,
      monthlyRent: yuanField({ sign: "positive" }),
      startOn: dateField().transform((v) => v!),
      endOn: dateField().transform((v) => v!),
      signedOn: dateField({ notAfter: today }).transform((v) => v!),
      prepaidRent: z
        .string()
        .trim()
        .optional()
        .transform((v) => v || "0")
        .pipe(yuanField({ sign: "nonnegative" })),
    })
    .superRefine((v, ctx) => {
      // Malformed dates reach here as typed (their own messages say so); counting months up to, say,
      // "x" would never end.
      if (!isCivilDate(v.startOn) || !isCivilDate(v.endOn)) return;
      if (typeof v.monthlyRent !== "bigint" || typeof v.prepaidRent !== "bigint") return;
      if (v.endOn <= v.startOn) ctx.addIssue({ code: "custom", path: ["endOn"], message: "end_before_start" });
      else if (v.prepaidRent > v.monthlyRent * BigInt(leaseMonths(v.startOn, v.endOn))) ctx.addIssue({ code: "custom", path: ["prepaidRent"], message: "prepaid_over_rent" });
    });
}
export type LeaseInput = z.output<ReturnType<typeof leaseSchema>>;

export function receiptSchema(today: CivilDate) {
  return z.object({
    saleId: z.string().trim().regex(/^\d{1,9}$/, { message: "invalid_choice" }).transform(Number),
    receivedOn: dateField({ notAfter: today }).transform((v) => v!),
    amount: yuanField({ sign: "positive" }),
  });
}
export type ReceiptInput = z.output<ReturnType<typeof receiptSchema>>;

export const targetSchema = z
  .object({
    year: z.string().trim().regex(/^20\d{2}$/, { message: "invalid_year" }).transform(Number),
    product: z.enum(PRODUCTS, { message: "invalid_choice" }),
    annual: yuanField({ sign: "nonnegative" }),
    q1: z.string().trim().regex(/^\d{1,3}$/, { message: "weight_format" }).transform(Number),
    q2: z.string().trim().regex(/^\d{1,3}$/, { message: "weight_format" }).transform(Number),
    q3: z.string().trim().regex(/^\d{1,3}$/, { message: "weight_format" }).transform(Number),
    q4: z.string().trim().regex(/^\d{1,3}$/, { message: "weight_format" }).transform(Number),
  })
  .refine((v) => v.q1 + v.q2 + v.q3 + v.q4 === 100, { path: ["q4"], message: "weights_100" });
export type TargetInput = z.output<typeof targetSchema>;

export const agencySchema = z
  .object({
    agency: text(200),
    year: z.string().trim().regex(/^20\d{2}$/, { message: "invalid_year" }).transform(Number),
    periodStart: dateField().transform((v) => v!),
    periodEnd: dateField().transform((v) => v!),
    task: yuanField({ sign: "positive" }),
    incentiveRate: z
      .string()
      .trim()
      .regex(/^\d{1,2}(\.\d{1,2})?$/, { message: "rate_format" })
      .transform((v) => Math.round(Number(v) * 100)),
    incentiveTerms: z.string().trim().max(1000, { message: "too_long" }).default(""),
    signedOn: dateField({ optional: true }),
  })
  .refine((v) => v.periodEnd > v.periodStart, { path: ["periodEnd"], message: "end_before_start" });
export type AgencyInput = z.output<typeof agencySchema>;

export const capSchema = z.object({
  capPercent: z
    .string()
    .trim()
    .regex(/^\d{1,2}(\.\d{1,2})?$/, { message: "cap_range" })
    .transform((v) => Math.round(Number(v) * 100))
    .refine((bps) => bps >= CAP_MIN_BPS && bps <= CAP_MAX_BPS, { message: "cap_range" }),
});

