// Financing arithmetic: when each drawdown is expected (moving with the milestone it waits for), the
// start-up target's parts, and the cost of funds. The funding gap is the cash flow's (domain/cashflow/).
// Pure: amounts are bigint 分, dates civil "YYYY-MM-DD", today passed in. The forms' zod schemas are in
// financing-forms.server.ts (zod stays out of the browser bundle).
import { addDays, maxDate, type CivilDate } from "~/utils/dates";

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
  /**
   * Why it moved: the milestone it waits for slipped; it was planned before that milestone can end
   * (no slip: the plan itself is too early); or its date passed without the money.
   */
  flag: "milestone_slip" | "before_milestone" | "overdue" | null;
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
      flag = slip > 0 ? "milestone_slip" : "before_milestone";
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

/** Drawdowns may not add up to more than the facility: planned amounts of undrawn ones plus what is drawn. */
export function checkDrawdownTotal(input: { committedFen: bigint; drawdowns: { plannedFen: bigint; actualFen: bigint | null }[]; addFen: bigint }) {
  const used = input.drawdowns.reduce((sum, d) => sum + (d.actualFen ?? d.plannedFen), 0n);
  const roomFen = input.committedFen - used;
  return input.addFen <= roomFen ? ({ ok: true } as const) : ({ ok: false, roomFen: roomFen > 0n ? roomFen : 0n } as const);
}

export type TargetPart = { part: "drawn" | "secured" | "expected"; amountFen: bigint; bps: number };

/**
 * The start-up capital target's progress in three distinct parts (issue 14, point 6): money drawn
 * (received), money secured but not drawn (approved, signed or drawing facilities' undrawn amounts),
 * and money only expected (facilities still in negotiation). Each part's share of the target is in
 * basis points, rounded down, and the bar they make never passes 100 %: a later part only fills what
 * the earlier ones left (its amount stays whole). A target of 0 gives shares of 0.
 */
export function targetProgress(targetFen: bigint, parts: { drawnFen: bigint; securedUndrawnFen: bigint; expectedFen: bigint }): { parts: TargetPart[]; coveredBps: number } {
  let used = 0n;
  const share = (amountFen: bigint) => {
    if (targetFen <= 0n || amountFen <= 0n) return 0;
    const room = targetFen * 10_000n - used;
    const bps = amountFen * 10_000n < room ? amountFen * 10_000n : room > 0n ? room : 0n;
    used += bps;
    return Number(bps / targetFen);
  };
  const list: TargetPart[] = [
    { part: "drawn", amountFen: parts.drawnFen, bps: share(parts.drawnFen) },
    { part: "secured", amountFen: parts.securedUndrawnFen, bps: share(parts.securedUndrawnFen) },
    { part: "expected", amountFen: parts.expectedFen, bps: share(parts.expectedFen) },
  ];
  return { parts: list, coveredBps: targetFen > 0n ? Number(used / targetFen) : 0 };
}
