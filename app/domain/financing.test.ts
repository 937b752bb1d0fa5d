import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { parseForm } from "~/utils/forms";
import { checkDrawdownTotal, costOfFunds, forecastDrawdown, type DrawdownInput, targetProgress } from "./financing";
import { drawdownActualSchema, drawdownSchema, facilitySchema, facilityUpdateSchema, repaymentSchema } from "./financing-forms.server";

/** Every money form carries its idempotency key (tested in tests/integration/idempotency.test.ts). */
const KEY = "0f8fad5b-d9cb-469f-a165-70867728950e.test";
const withKey = <T extends Record<string, unknown>>(input: T) => ({ idempotencyKey: KEY, ...input });
/** A money form's schema, given the key and with the key left out of what it returns. */
const keyed = <S extends z.ZodType>(schema: S) => ({
  parse: (input: Record<string, unknown>) => {
    const { idempotencyKey: _key, ...rest } = schema.parse(withKey(input)) as Record<string, unknown>;
    return rest;
  },
  safeParse: (input: Record<string, unknown>) => schema.safeParse(withKey(input)),
});

/** Field → first message, as the routes report them (parseForm). */
function errorsOf(schema: z.ZodType, input: Record<string, string>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(withKey(input))) form.append(key, value);
  const parsed = parseForm(schema, form);
  return parsed.ok ? {} : parsed.errors;
}

const WAN = 1_000_000n; // 1万元 in 分
const wan = (n: number) => BigInt(n) * WAN;
const TODAY = "2026-11-27";

function drawdown(extra: Partial<DrawdownInput> = {}): DrawdownInput {
  return { id: 7, plannedOn: "2027-06-01", plannedFen: wan(3000), actualOn: null, actualFen: null, milestone: null, ...extra };
}

/** M19 主体施工许可证 as planned (ends 28 May 2027), with an optional forecast end and status. */
function m19(forecastEnd = "2027-05-28", done = false) {
  return { code: "M19", plannedEnd: "2027-05-28", forecastEnd, done };
}

describe("forecastDrawdown", () => {
  it("fixes a drawn one at its actual date and amount, whatever it waited for", () => {
    const drawn = drawdown({ plannedOn: "2026-11-10", plannedFen: wan(1000), actualOn: "2026-11-12", actualFen: wan(999), milestone: m19("2027-08-30") });
    expect(forecastDrawdown(drawn, TODAY)).toEqual({ id: 7, on: "2026-11-12", amountFen: wan(999), drawn: true, delayDays: 0, flag: null });
  });

  it("keeps an undrawn one on plan when nothing slips", () => {
    expect(forecastDrawdown(drawdown(), TODAY)).toEqual({ id: 7, on: "2027-06-01", amountFen: wan(3000), drawn: false, delayDays: 0, flag: null });
    expect(forecastDrawdown(drawdown({ milestone: m19() }), TODAY)).toEqual({ id: 7, on: "2027-06-01", amountFen: wan(3000), drawn: false, delayDays: 0, flag: null });
  });

  it("moves a drawdown waiting for a milestone by that milestone's slip", () => {
    // The permit is forecast 30 days late (28 May → 27 June): the loan, planned 1 June, moves to 1 July.
    const forecast = forecastDrawdown(drawdown({ milestone: m19("2027-06-27") }), TODAY);
    expect(forecast).toEqual({ id: 7, on: "2027-07-01", amountFen: wan(3000), drawn: false, delayDays: 30, flag: "milestone_slip" });
  });

  it("never expects the money before the milestone's forecast end", () => {
    // Planned on 20 May, before the milestone's own planned end (28 May): a 3-day slip would give
    // 23 May, but the money cannot come before the permit, forecast for 31 May.
    const forecast = forecastDrawdown(drawdown({ plannedOn: "2027-05-20", milestone: m19("2027-05-31") }), TODAY);
    expect(forecast).toMatchObject({ on: "2027-05-31", delayDays: 11, flag: "milestone_slip" });
    // Even with no slip at all: then the plan was too early, and the flag says so (not "slipped").
    expect(forecastDrawdown(drawdown({ plannedOn: "2027-05-20", milestone: m19() }), TODAY)).toMatchObject({ on: "2027-05-28", delayDays: 8, flag: "before_milestone" });
  });

  it("does not move for a milestone that finished early", () => {
    // Forecast end before the planned end: no negative slip pulls the money earlier.
    expect(forecastDrawdown(drawdown({ milestone: m19("2027-05-10") }), TODAY)).toMatchObject({ on: "2027-06-01", delayDays: 0, flag: null });
  });

  it("does not move for a done milestone", () => {
    // A done milestone's forecast end is its actual end; even a late one no longer holds the money back.
    expect(forecastDrawdown(drawdown({ milestone: m19("2027-06-27", true) }), TODAY)).toEqual({ id: 7, on: "2027-06-01", amountFen: wan(3000), drawn: false, delayDays: 0, flag: null });
  });

  it("expects an undrawn one whose date has passed today, flagged overdue", () => {
    expect(forecastDrawdown(drawdown({ plannedOn: "2026-11-20" }), TODAY)).toEqual({ id: 7, on: TODAY, amountFen: wan(3000), drawn: false, delayDays: 7, flag: "overdue" });
    // A date that is today is not overdue.
    expect(forecastDrawdown(drawdown({ plannedOn: TODAY }), TODAY)).toMatchObject({ on: TODAY, delayDays: 0, flag: null });
    // A done milestone does not excuse it either.
    expect(forecastDrawdown(drawdown({ plannedOn: "2026-11-01", milestone: m19("2026-11-05", true) }), TODAY)).toMatchObject({ on: TODAY, delayDays: 26, flag: "overdue" });
  });

  it("keeps the milestone as the reason when a slipped date still lies in the past", () => {
    const forecast = forecastDrawdown(drawdown({ plannedOn: "2026-11-01", milestone: { code: "M00", plannedEnd: "2026-11-10", forecastEnd: "2026-11-15", done: false } }), TODAY);
    expect(forecast).toMatchObject({ on: TODAY, delayDays: 26, flag: "milestone_slip" });
  });

  it("counts delay days across months and years", () => {
    const forecast = forecastDrawdown(drawdown({ plannedOn: "2027-12-20", milestone: { code: "M23", plannedEnd: "2027-12-15", forecastEnd: "2028-01-29", done: false } }), TODAY);
    expect(forecast).toMatchObject({ on: "2028-02-03", delayDays: 45 });
  });
});

describe("costOfFunds", () => {
  it("weights the rates by the committed amounts and rounds to the basis point", () => {
    // (5000万 × 4.50 % + 6000万 × 7.80 % + 2000万 × 0 % + 2000万 × 10.00 %) / 1.5亿 = 5.9533… % → 595 bps
    const cost = costOfFunds([
      { committedFen: wan(5000), rateBps: 450, feesFen: 0n },
      { committedFen: wan(6000), rateBps: 780, feesFen: wan(60) },
      { committedFen: wan(2000), rateBps: 0, feesFen: 0n },
      { committedFen: wan(2000), rateBps: 1000, feesFen: 12_345n },
    ]);
    expect(cost).toEqual({ averageRateBps: 595, annualInterestFen: wan(893), feesFen: wan(60) + 12_345n });
  });

  it("rounds the average half up", () => {
    // (1 × 100 + 1 × 101) / 2 = 100.5 → 101; (3 × 100 + 1 × 101) / 4 = 100.25 → 100; 100.75 → 101
    expect(costOfFunds([{ committedFen: 1n, rateBps: 100, feesFen: 0n }, { committedFen: 1n, rateBps: 101, feesFen: 0n }]).averageRateBps).toBe(101);
    expect(costOfFunds([{ committedFen: 3n, rateBps: 100, feesFen: 0n }, { committedFen: 1n, rateBps: 101, feesFen: 0n }]).averageRateBps).toBe(100);
    expect(costOfFunds([{ committedFen: 1n, rateBps: 100, feesFen: 0n }, { committedFen: 3n, rateBps: 101, feesFen: 0n }]).averageRateBps).toBe(101);
  });

  it("gives a year's interest to the 分, rounded half up", () => {
    // 1,234.57元 at 7.8 %: 123457 分 × 780 / 10000 = 9,629.646 分 → 9,630 分 (96.30元)
    expect(costOfFunds([{ committedFen: 123_457n, rateBps: 780, feesFen: 0n }]).annualInterestFen).toBe(9_630n);
    // 50 分 at 1 %: 0.5 分 → 1 分; 49 分: 0.49 → 0.
    expect(costOfFunds([{ committedFen: 50n, rateBps: 100, feesFen: 0n }]).annualInterestFen).toBe(1n);
    expect(costOfFunds([{ committedFen: 49n, rateBps: 100, feesFen: 0n }]).annualInterestFen).toBe(0n);
    // Summed before rounding: two halves make a whole 分.
    expect(costOfFunds([{ committedFen: 50n, rateBps: 100, feesFen: 0n }, { committedFen: 50n, rateBps: 100, feesFen: 0n }]).annualInterestFen).toBe(1n);
  });

  it("is zero with nothing committed, without dividing by zero", () => {
    expect(costOfFunds([])).toEqual({ averageRateBps: 0, annualInterestFen: 0n, feesFen: 0n });
    expect(costOfFunds([{ committedFen: 0n, rateBps: 780, feesFen: wan(5) }])).toEqual({ averageRateBps: 0, annualInterestFen: 0n, feesFen: wan(5) });
  });
});

describe("checkDrawdownTotal", () => {
  const facility = {
    committedFen: wan(5000),
    drawdowns: [
      { plannedFen: wan(1000), actualFen: wan(900) }, // drawn: its actual amount counts
      { plannedFen: wan(2000), actualFen: null },
    ],
  };

  it("allows up to the room left: commitment − drawn − planned undrawn", () => {
    expect(checkDrawdownTotal({ ...facility, addFen: wan(2100) })).toEqual({ ok: true });
    expect(checkDrawdownTotal({ ...facility, addFen: wan(2100) + 1n })).toEqual({ ok: false, roomFen: wan(2100) });
  });

  it("reports no negative room when the facility is already over-planned", () => {
    expect(checkDrawdownTotal({ committedFen: wan(100), drawdowns: [{ plannedFen: wan(150), actualFen: null }], addFen: 1n })).toEqual({ ok: false, roomFen: 0n });
  });

  it("takes an empty facility up to its commitment exactly", () => {
    expect(checkDrawdownTotal({ committedFen: wan(10), drawdowns: [], addFen: wan(10) })).toEqual({ ok: true });
  });
});

describe("facilitySchema", () => {
  const valid = { channelId: "3", counterparty: " 城市商业银行 ", committed: "6000万", rate: "7.8", fees: "600,000", termMonths: "24", conditions: "取得主体施工许可证后放款", status: "signed" };

  it("parses a facility: 元 with 万/亿 into 分, the rate in % into basis points", () => {
    expect(keyed(facilitySchema).parse(valid)).toEqual({
      channelId: 3,
      counterparty: "城市商业银行",
      committed: wan(6000),
      rate: 780,
      fees: 60_000_000n,
      termMonths: 24,
      conditions: "取得主体施工许可证后放款",
      status: "signed",
    });
  });

  it("reads rates exactly, not by float truncation", () => {
    const rate = (value: string) => keyed(facilitySchema).parse({ ...valid, rate: value }).rate;
    expect(rate("4.35")).toBe(435); // 4.35 × 100 = 434.99999999999994 as a float
    expect(rate("1.15")).toBe(115);
    expect(rate("0.29")).toBe(29);
    expect(rate("10")).toBe(1000);
    expect(rate("99.99")).toBe(9999);
    expect(rate("")).toBe(0);
    expect(rate(" 7.80 ")).toBe(780);
  });

  it("takes blank fees, term and conditions as none", () => {
    const parsed = keyed(facilitySchema).parse({ channelId: "1", counterparty: "集团财务公司", committed: "1", status: "negotiating", fees: "", termMonths: "" });
    expect(parsed).toMatchObject({ rate: 0, fees: 0n, termMonths: 0, conditions: "" });
    const missing = keyed(facilitySchema).parse({ channelId: "1", counterparty: "集团财务公司", committed: "1", status: "negotiating" });
    expect(missing).toMatchObject({ rate: 0, fees: 0n, termMonths: 0, conditions: "" });
  });

  it("refuses bad rates", () => {
    for (const rate of ["7.855", "100", "-1", "7,8", "7.8%", "abc", "1e2", ".5"]) {
      expect(errorsOf(facilitySchema, { ...valid, rate }), rate).toEqual({ rate: "rate_format" });
    }
  });

  it("refuses bad terms", () => {
    for (const termMonths of ["1000", "12.5", "-3", "十二", "3个月"]) {
      expect(errorsOf(facilitySchema, { ...valid, termMonths }), termMonths).toEqual({ termMonths: "term_format" });
    }
  });

  it("refuses the other fields with their keys", () => {
    expect(errorsOf(facilitySchema, { ...valid, channelId: "x", counterparty: "  ", committed: "0", fees: "-1", status: "closed" })).toEqual({
      channelId: "invalid_choice",
      counterparty: "required",
      committed: "amount_positive",
      fees: "amount_negative",
      status: "invalid_choice",
    });
    expect(errorsOf(facilitySchema, { ...valid, committed: "12.345", fees: "1万2", counterparty: "x".repeat(201), conditions: "y".repeat(1001) })).toEqual({
      committed: "invalid_amount",
      fees: "invalid_amount",
      counterparty: "too_long",
      conditions: "too_long",
    });
    expect(errorsOf(facilitySchema, { ...valid, committed: "" })).toEqual({ committed: "required" });
  });

  it("has an update form without the channel, with the version", () => {
    const { channelId: _, ...rest } = valid;
    expect(facilityUpdateSchema.parse({ ...rest, version: "4" })).toMatchObject({ version: 4, rate: 780, committed: wan(6000) });
    expect(facilityUpdateSchema.parse({ ...valid, version: "4" })).not.toHaveProperty("channelId");
    expect(facilityUpdateSchema.safeParse({ ...rest, version: "0" }).success).toBe(false);
    expect(facilityUpdateSchema.safeParse(rest).success).toBe(false);
  });
});

describe("drawdownSchema", () => {
  it("parses a planned drawdown, with or without a milestone", () => {
    expect(keyed(drawdownSchema).parse({ plannedOn: "2027-06-01", planned: "3000万", milestoneId: "19", note: " 首笔 " })).toEqual({ plannedOn: "2027-06-01", planned: wan(3000), milestoneId: 19, note: "首笔" });
    expect(keyed(drawdownSchema).parse({ plannedOn: "2027-06-01", planned: "0.01", milestoneId: "" })).toEqual({ plannedOn: "2027-06-01", planned: 1n, milestoneId: null, note: "" });
    expect(keyed(drawdownSchema).parse({ plannedOn: "2027-06-01", planned: "1" })).toMatchObject({ milestoneId: null });
  });

  it("takes a planned date in the future (plans are about the future)", () => {
    expect(keyed(drawdownSchema).safeParse({ plannedOn: "2099-12-31", planned: "1" }).success).toBe(true);
  });

  it("refuses bad fields", () => {
    expect(errorsOf(drawdownSchema, { plannedOn: "2027-02-30", planned: "-5", milestoneId: "M19", note: "x".repeat(501) })).toEqual({
      plannedOn: "invalid_date",
      planned: "amount_positive",
      milestoneId: "invalid_choice",
      note: "too_long",
    });
    expect(errorsOf(drawdownSchema, { plannedOn: "", planned: "" })).toEqual({ plannedOn: "required", planned: "required" });
    expect(errorsOf(drawdownSchema, { plannedOn: "1999-12-31", planned: "1", milestoneId: "0x1" })).toEqual({ plannedOn: "date_out_of_range", milestoneId: "invalid_choice" });
  });
});

describe("drawdownActualSchema", () => {
  const schema = drawdownActualSchema(TODAY);

  it("records money received up to today", () => {
    expect(keyed(schema).parse({ drawdownId: "12", actualOn: TODAY, actual: "1,000万" })).toEqual({ drawdownId: 12, actualOn: TODAY, actual: wan(1000) });
    expect(keyed(schema).parse({ drawdownId: "12", actualOn: "2026-11-12", actual: "9999999.99" })).toMatchObject({ actual: 999_999_999n });
  });

  it("refuses a date after today, a missing drawdown and a non-positive amount", () => {
    expect(errorsOf(schema, { drawdownId: "", actualOn: "2026-11-28", actual: "0" })).toEqual({
      drawdownId: "invalid_choice",
      actualOn: "not_in_future",
      actual: "amount_positive",
    });
    // Tomorrow for one "today" is fine for the next.
    expect(keyed(drawdownActualSchema("2026-11-28")).safeParse({ drawdownId: "1", actualOn: "2026-11-28", actual: "1" }).success).toBe(true);
  });
});

describe("repaymentSchema", () => {
  it("parses a due date (future allowed) and an amount", () => {
    expect(keyed(repaymentSchema).parse({ dueOn: "2029-11-12", amount: "1000万" })).toEqual({ dueOn: "2029-11-12", amount: wan(1000) });
  });

  it("refuses a missing or bad date and a non-positive amount", () => {
    expect(errorsOf(repaymentSchema, { dueOn: "12/11/2029", amount: "-1" })).toEqual({ dueOn: "invalid_date", amount: "amount_positive" });
    expect(errorsOf(repaymentSchema, { dueOn: "", amount: "" })).toEqual({ dueOn: "required", amount: "required" });
    expect(errorsOf(repaymentSchema, { amount: "1" })).toEqual({ dueOn: "required" });
  });
});

describe("targetProgress (issue 14: drawn, secured and expected as distinct parts)", () => {
  it("splits the 2亿 target into what is drawn, secured and only expected", () => {
    // Demo: 1,000万 drawn of the group loan, its 4,000万 undrawn secured, 10,000万 in negotiation.
    const { parts, coveredBps } = targetProgress(20_000_000_000n, { drawnFen: 1_000_000_000n, securedUndrawnFen: 4_000_000_000n, expectedFen: 10_000_000_000n });
    expect(parts.map((p) => [p.part, p.bps])).toEqual([["drawn", 500], ["secured", 2000], ["expected", 5000]]);
    expect(coveredBps).toBe(7500);
  });

  it("never fills past 100 %: a later part only takes what is left, its amount stays whole", () => {
    const { parts, coveredBps } = targetProgress(100n, { drawnFen: 60n, securedUndrawnFen: 30n, expectedFen: 50n });
    expect(parts.map((p) => p.bps)).toEqual([6000, 3000, 1000]);
    expect(parts[2].amountFen).toBe(50n);
    expect(coveredBps).toBe(10000);
  });

  it("rounds each share down and gives 0 for a target of 0", () => {
    expect(targetProgress(3n, { drawnFen: 1n, securedUndrawnFen: 1n, expectedFen: 0n }).parts.map((p) => p.bps)).toEqual([3333, 3333, 0]);
    expect(targetProgress(0n, { drawnFen: 5n, securedUndrawnFen: 0n, expectedFen: 0n }).coveredBps).toBe(0);
  });
});
