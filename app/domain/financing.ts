// Financing arithmetic: when each drawdown is expected (moving with the milestone it waits for), how
// far funds cover the planned spending month by month (the funding gap), and the cost of funds.
// Pure: amounts are bigint 分, dates civil "YYYY-MM-DD", today passed in.
import { z } from "zod";
import { addDays, maxDate, monthOf, type CivilDate } from "~/utils/dates";
import { dateField, idField, yuanField } from "./capital-forms";

export const CHANNEL_KINDS = ["bank_trust", "vendor", "social", "group", "presale", "rent_prepay", "internal_subscription"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Channels whose money comes from sales records (keyed once, on the sales side). */
export const SALES_FED_CHANNELS: Record<string, ChannelKind> = {
  apartment_presale: "presale",
  commercial_sale: "presale",
  internal_subscription: "internal_subscription",
  lease_prepaid: "rent_prepay",
};

export const FACILITY_STATUSES = ["negotiating", "approved", "signed", "drawing", "repaid"] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];
/** Statuses in which the money is secured (counted as committed towards the target). */
export const SECURED_STATUSES: FacilityStatus[] = ["approved", "signed", "drawing", "repaid"];

export type DrawdownInput = {
  id: number;
  plannedOn: CivilDate;
  plannedFen: bigint;
  actualOn: CivilDate | null;
  actualFen: bigint | null;
  milestone: { code: string; plannedEnd: CivilDate; forecastEnd: CivilDate; done: boolean } | null;
};

export type DrawdownForecast = {
  id: number;
  on: CivilDate;
  amountFen: bigint;
  drawn: boolean;
  /** Days the expected date lies after the planned date. */
  delayDays: number;
  /** Why it moved: the milestone it waits for slipped, or its date passed without the money. */
  flag: "milestone_slip" | "overdue" | null;
};

/**
 * When the money of a drawdown is expected. A drawn one is fixed at its actual date and amount. An
 * undrawn one that waits for a milestone moves by that milestone's slip (forecast end − planned end)
 * and never comes before the milestone's forecast end; one whose date has passed is expected today.
 */
export function forecastDrawdown(d: DrawdownInput, today: CivilDate): DrawdownForecast {
  if (d.actualOn && d.actualFen !== null) {
    return { id: d.id, on: d.actualOn, amountFen: d.actualFen, drawn: true, delayDays: 0, flag: null };
  }
  let on = d.plannedOn;
  let flag: DrawdownForecast["flag"] = null;
  if (d.milestone && !d.milestone.done) {
    const slip = Math.max(0, daysDiff(d.milestone.plannedEnd, d.milestone.forecastEnd));
    const moved = maxDate(addDays(d.plannedOn, slip), d.milestone.forecastEnd);
    if (moved > on) {
      on = moved;
      flag = "milestone_slip";
    }
  }
  if (on < today) {
    on = today;
    flag ??= "overdue";
  }
  return { id: d.id, on, amountFen: d.plannedFen, drawn: false, delayDays: daysDiff(d.plannedOn, on), flag };
}

function daysDiff(a: CivilDate, b: CivilDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export type GapMonth = {
  month: string;
  spendFen: bigint;
  spendCumulativeFen: bigint;
  fundsFen: bigint;
  fundsCumulativeFen: bigint;
  /** Funds minus spending, cumulative: negative means short. */
  balanceFen: bigint;
  shortFen: bigint;
};

/**
 * The funding gap: by month, cumulative available funds (money in: drawdowns drawn or expected, sales
 * receipts; money out: repayments) against cumulative planned spending. Money dated before the first
 * month counts in the first month; after the last month it is left out.
 */
export function fundingGap(months: string[], spendByMonth: Map<string, bigint>, flows: { on: CivilDate; amountFen: bigint }[]): GapMonth[] {
  const fundsByMonth = new Map<string, bigint>();
  const first = months[0];
  for (const flow of flows) {
    const month = monthOf(flow.on) < first ? first : monthOf(flow.on);
    fundsByMonth.set(month, (fundsByMonth.get(month) ?? 0n) + flow.amountFen);
  }
  let spendTotal = 0n;
  let fundsTotal = 0n;
  return months.map((month) => {
    const spendFen = spendByMonth.get(month) ?? 0n;
    const fundsFen = fundsByMonth.get(month) ?? 0n;
    spendTotal += spendFen;
    fundsTotal += fundsFen;
    const balanceFen = fundsTotal - spendTotal;
    return { month, spendFen, spendCumulativeFen: spendTotal, fundsFen, fundsCumulativeFen: fundsTotal, balanceFen, shortFen: balanceFen < 0n ? -balanceFen : 0n };
  });
}

/** The first months (from `fromMonth`, at most `count`) in which funding runs short. */
export function shortMonths<T extends { month: string; shortFen: bigint }>(gap: T[], fromMonth: string, count: number): T[] {
  return gap.filter((m) => m.month >= fromMonth).slice(0, count).filter((m) => m.shortFen > 0n);
}

/**
 * Cost of funds: the committed-weighted average annual rate (basis points, rounded) of facilities with
 * a rate, and the fees. Sales-fed channels carry no interest.
 */
export function costOfFunds(facilities: { committedFen: bigint; rateBps: number; feesFen: bigint }[]) {
  let weighted = 0n;
  let base = 0n;
  let feesFen = 0n;
  for (const f of facilities) {
    weighted += f.committedFen * BigInt(f.rateBps);
    base += f.committedFen;
    feesFen += f.feesFen;
  }
  const averageRateBps = base === 0n ? 0 : Number((weighted * 2n + base) / (base * 2n));
  // A year's interest on the committed amounts, to the 分 (rounded half up).
  const annualInterestFen = (weighted * 2n + 10_000n) / 20_000n;
  return { averageRateBps, annualInterestFen, feesFen };
}

// ─── Forms ───────────────────────────────────────────────────────────────────

const text = (max: number) => z.string().trim().min(1, { message: "required" }).max(max, { message: "too_long" });
const rateField = z
  .string()
  .trim()
  .default("0")
  .refine((v) => /^\d{1,2}(\.\d{1,2})?$/.test(v || "0"), { message: "rate_format" })
  .transform((v) => Math.round(Number(v || "0") * 100));

export const facilitySchema = z.object({
  channelId: idField,
  counterparty: text(200),
  committed: yuanField({ sign: "positive" }),
  rate: rateField,
  fees: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || "0")
    .pipe(yuanField({ sign: "nonnegative" })),
  termMonths: z
    .string()
    .trim()
    .regex(/^\d{0,3}$/, { message: "term_format" })
    .optional()
    .transform((v) => Number(v || "0")),
  conditions: z.string().trim().max(1000, { message: "too_long" }).default(""),
  status: z.enum(FACILITY_STATUSES, { message: "invalid_choice" }),
});
export type FacilityInput = z.output<typeof facilitySchema>;

export const facilityUpdateSchema = facilitySchema.omit({ channelId: true }).extend({ version: z.coerce.number().int().positive() });
export type FacilityUpdate = z.output<typeof facilityUpdateSchema>;

export const drawdownSchema = z.object({
  plannedOn: dateField().transform((v) => v!),
  planned: yuanField({ sign: "positive" }),
  milestoneId: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^\d{1,9}$/.test(v), { message: "invalid_choice" })
    .transform((v) => (v === "" ? null : Number(v))),
  note: z.string().trim().max(500, { message: "too_long" }).default(""),
});
export type DrawdownPlan = z.output<typeof drawdownSchema>;

export function drawdownActualSchema(today: CivilDate) {
  return z.object({
    drawdownId: idField,
    actualOn: dateField({ notAfter: today }).transform((v) => v!),
    actual: yuanField({ sign: "positive" }),
  });
}
export type DrawdownActual = z.output<ReturnType<typeof drawdownActualSchema>>;

export const repaymentSchema = z.object({
  dueOn: dateField().transform((v) => v!),
  amount: yuanField({ sign: "positive" }),
});
export type RepaymentInput = z.output<typeof repaymentSchema>;

/** Drawdowns may not add up to more than the facility: planned amounts of undrawn ones plus what is drawn. */
export function checkDrawdownTotal(input: { committedFen: bigint; drawdowns: { plannedFen: bigint; actualFen: bigint | null }[]; addFen: bigint }) {
  const used = input.drawdowns.reduce((sum, d) => sum + (d.actualFen ?? d.plannedFen), 0n);
  const roomFen = input.committedFen - used;
  return input.addFen <= roomFen ? ({ ok: true } as const) : ({ ok: false, roomFen: roomFen > 0n ? roomFen : 0n } as const);
}
