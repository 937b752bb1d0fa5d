import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { parseForm } from "~/utils/forms";
import { achievement, CAP_MAX_BPS, CAP_MIN_BPS, checkSubscriptionCap, decomposeYear, leaseMonths, quarterOf, splitByWeights } from "./targets";
import { agencySchema, capSchema, leaseSchema, targetSchema } from "../sales-forms.server";

const TODAY = "2026-11-27";
const WAN = 1_000_000n; // 1万元 in 分
const sum = (parts: bigint[]) => parts.reduce((a, b) => a + b, 0n);

/** Every money form carries its idempotency key (tested in tests/integration/idempotency.test.ts). */
const KEY = "0f8fad5b-d9cb-469f-a165-70867728950e.test";
const withKey = <T extends Record<string, string>>(input: T) => ({ idempotencyKey: KEY, ...input });

/** Field → first message, as the routes report them (parseForm). */
function errorsOf(schema: z.ZodType, input: Record<string, string>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(withKey(input))) form.append(key, value);
  const parsed = parseForm(schema, form);
  return parsed.ok ? {} : parsed.errors;
}

function parsed<S extends z.ZodType>(schema: S, input: Record<string, string>): z.output<S> {
  const form = new FormData();
  for (const [key, value] of Object.entries(withKey(input))) form.append(key, value);
  const result = parseForm(schema, form);
  if (!result.ok) throw new Error(`expected valid input, got ${JSON.stringify(result.errors)}`);
  const { idempotencyKey: _key, ...rest } = result.data as Record<string, unknown>;
  return rest as z.output<S>;
}

describe("splitByWeights", () => {
  it("splits exactly when the weights divide the total", () => {
    expect(splitByWeights(1000n, [30, 40, 30, 0])).toEqual([300n, 400n, 300n, 0n]);
    expect(splitByWeights(10n, [1, 2, 3, 4])).toEqual([1n, 2n, 3n, 4n]);
  });

  it("gives the leftover 分 to the largest remainders, not by rounding each part", () => {
    // 2 × ⅓ each: rounding every part would hand out 3 分; largest remainder hands out exactly 2.
    expect(splitByWeights(2n, [1, 1, 1])).toEqual([1n, 1n, 0n]);
    // 1 × (⅓, ⅔): the larger remainder wins even though it is the later part.
    expect(splitByWeights(1n, [1, 2])).toEqual([0n, 1n]);
    // 10 × (1, 2, 4)/7 = 1.43, 2.86, 5.71: the two leftover 分 go to .86 and .71.
    expect(splitByWeights(10n, [1, 2, 4])).toEqual([1n, 3n, 6n]);
    // 100 × (1, 1, 1)/3: equal remainders, the tie goes to the earlier part.
    expect(splitByWeights(100n, [1, 1, 1])).toEqual([34n, 33n, 33n]);
    expect(splitByWeights(5n, [1, 1, 1, 1, 1, 1])).toEqual([1n, 1n, 1n, 1n, 1n, 0n]);
  });

  it("gives zero weights nothing, and all zero weights give all zeros", () => {
    expect(splitByWeights(100n, [0, 0, 0])).toEqual([0n, 0n, 0n]);
    expect(splitByWeights(100n, [0, 1, 0])).toEqual([0n, 100n, 0n]);
    expect(splitByWeights(7n, [0, 50, 0, 50])).toEqual([0n, 4n, 0n, 3n]);
    expect(splitByWeights(0n, [30, 40, 30, 0])).toEqual([0n, 0n, 0n, 0n]);
  });

  it("places a 1 分 total in exactly one part", () => {
    expect(splitByWeights(1n, [30, 40, 30, 0])).toEqual([0n, 1n, 0n, 0n]);
    expect(splitByWeights(1n, [25, 25, 25, 25])).toEqual([1n, 0n, 0n, 0n]);
    expect(splitByWeights(1n, [0, 0, 0, 100])).toEqual([0n, 0n, 0n, 1n]);
  });

  it("always sums to the total, each part within 1 分 of its exact share", () => {
    const weightSets = [[30, 40, 30, 0], [33, 33, 33, 1], [1, 1, 1], [7, 11, 13], [0, 0, 0, 100], [99, 1], [3, 3, 3, 3, 3, 3, 3]];
    for (const weights of weightSets) {
      const weightSum = BigInt(weights.reduce((a, b) => a + b, 0));
      for (const total of [1n, 2n, 3n, 99n, 100n, 101n, 10_001n, 123_456_789n, 46_000_000_000n, 999_999_999_999n]) {
        const parts = splitByWeights(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(sum(parts)).toBe(total);
        parts.forEach((part, i) => {
          const floor = (total * BigInt(weights[i])) / weightSum;
          expect(part === floor || part === floor + 1n).toBe(true);
        });
      }
    }
  });
});

describe("decomposeYear", () => {
  const PERIODS = ["2027", "2027-Q1", "2027-01", "2027-02", "2027-03", "2027-Q2", "2027-04", "2027-05", "2027-06", "2027-Q3", "2027-07", "2027-08", "2027-09", "2027-Q4", "2027-10", "2027-11", "2027-12"];

  function checkSums(rows: { period: string; amountFen: bigint }[], annualFen: bigint) {
    const at = new Map(rows.map((r) => [r.period, r.amountFen]));
    expect(at.get("2027")).toBe(annualFen);
    const quarters = [1, 2, 3, 4].map((q) => at.get(`2027-Q${q}`)!);
    expect(sum(quarters)).toBe(annualFen);
    quarters.forEach((quarterFen, q) => {
      const months = [1, 2, 3].map((m) => at.get(`2027-${String(q * 3 + m).padStart(2, "0")}`)!);
      expect(sum(months)).toBe(quarterFen);
    });
    const allMonths = rows.filter((r) => /^\d{4}-\d{2}$/.test(r.period)).map((r) => r.amountFen);
    expect(allMonths).toHaveLength(12);
    expect(sum(allMonths)).toBe(annualFen);
  }

  it("gives 17 rows: the year, then each quarter followed by its three months", () => {
    const rows = decomposeYear(2027, 1000n * WAN, [30, 40, 30, 0]);
    expect(rows.map((r) => r.period)).toEqual(PERIODS);
  });

  it("splits 1000万 by 30/40/30/0 into quarters and months that add up", () => {
    const rows = decomposeYear(2027, 1000n * WAN, [30, 40, 30, 0]);
    expect(rows.map((r) => r.amountFen)).toEqual([
      1000n * WAN,
      300n * WAN, 100n * WAN, 100n * WAN, 100n * WAN,
      400n * WAN, 133_333_334n, 133_333_333n, 133_333_333n,
      300n * WAN, 100n * WAN, 100n * WAN, 100n * WAN,
      0n, 0n, 0n, 0n,
    ]);
    checkSums(rows, 1000n * WAN);
  });

  it("splits an odd 100.01元 by 33/33/33/1 to the 分 with nothing lost", () => {
    const rows = decomposeYear(2027, 10_001n, [33, 33, 33, 1]);
    expect(rows.map((r) => r.amountFen)).toEqual([
      10_001n,
      3_301n, 1_101n, 1_100n, 1_100n,
      3_300n, 1_100n, 1_100n, 1_100n,
      3_300n, 1_100n, 1_100n, 1_100n,
      100n, 34n, 33n, 33n,
    ]);
    checkSums(rows, 10_001n);
  });

  it("adds up for awkward amounts and weights", () => {
    for (const [annual, weights] of [
      [1n, [25, 25, 25, 25]],
      [2n, [30, 40, 30, 0]],
      [99_999_999_999n, [33, 33, 33, 1]],
      [46_000_000_001n, [0, 0, 0, 100]],
      [7n, [10, 20, 30, 40]],
    ] as [bigint, [number, number, number, number]][]) {
      const rows = decomposeYear(2027, annual, weights);
      expect(rows).toHaveLength(17);
      checkSums(rows, annual);
    }
  });
});

describe("quarterOf", () => {
  it("puts each month in its calendar quarter", () => {
    expect(quarterOf("2027-01-01")).toBe("2027-Q1");
    expect(quarterOf("2027-03-31")).toBe("2027-Q1");
    expect(quarterOf("2027-04-01")).toBe("2027-Q2");
    expect(quarterOf("2027-06-30")).toBe("2027-Q2");
    expect(quarterOf("2027-07-15")).toBe("2027-Q3");
    expect(quarterOf("2027-09-30")).toBe("2027-Q3");
    expect(quarterOf("2027-10-01")).toBe("2027-Q4");
    expect(quarterOf("2026-12-31")).toBe("2026-Q4");
  });
});

describe("achievement", () => {
  const targets = new Map<string, bigint>([
    ["2027", 1000n],
    ["2027-Q1", 300n],
    ["2027-Q2", 700n],
    ["2027-01", 100n],
    ["2027-03", 100n],
    ["2027-04", 300n],
  ]);
  const records = [
    { on: "2026-12-31", amountFen: 5000n }, // the year before: counts nowhere in 2027
    { on: "2027-01-15", amountFen: 40n },
    { on: "2027-01-31", amountFen: 20n },
    { on: "2027-03-31", amountFen: 150n },
    { on: "2027-04-01", amountFen: 1n },
  ];

  it("adds records into their year, quarter and month and gives target − achieved", () => {
    const rows = achievement(["2027", "2027-Q1", "2027-Q2", "2027-Q3", "2027-01", "2027-02", "2027-03", "2027-04"], targets, records);
    expect(rows).toEqual([
      { period: "2027", targetFen: 1000n, achievedFen: 211n, gapFen: 789n },
      { period: "2027-Q1", targetFen: 300n, achievedFen: 210n, gapFen: 90n },
      { period: "2027-Q2", targetFen: 700n, achievedFen: 1n, gapFen: 699n },
      { period: "2027-Q3", targetFen: 0n, achievedFen: 0n, gapFen: 0n },
      { period: "2027-01", targetFen: 100n, achievedFen: 60n, gapFen: 40n },
      { period: "2027-02", targetFen: 0n, achievedFen: 0n, gapFen: 0n },
      // Over target: the gap is negative, not clipped.
      { period: "2027-03", targetFen: 100n, achievedFen: 150n, gapFen: -50n },
      { period: "2027-04", targetFen: 300n, achievedFen: 1n, gapFen: 299n },
    ]);
  });

  it("counts the previous year in its own periods only", () => {
    const rows = achievement(["2026", "2026-Q4", "2026-12", "2027"], targets, records);
    expect(rows.map((r) => [r.period, r.achievedFen, r.gapFen])).toEqual([
      ["2026", 5000n, -5000n],
      ["2026-Q4", 5000n, -5000n],
      ["2026-12", 5000n, -5000n],
      ["2027", 211n, 789n],
    ]);
  });

  it("with no records, achieved is 0 and the gap is the whole target", () => {
    expect(achievement(["2027", "2027-Q2"], targets, [])).toEqual([
      { period: "2027", targetFen: 1000n, achievedFen: 0n, gapFen: 1000n },
      { period: "2027-Q2", targetFen: 700n, achievedFen: 0n, gapFen: 700n },
    ]);
  });
});

describe("leaseMonths", () => {
  it("counts whole months from start to end", () => {
    expect(leaseMonths("2027-01-01", "2027-12-31")).toBe(12);
    expect(leaseMonths("2027-01-15", "2028-01-14")).toBe(12);
    expect(leaseMonths("2027-11-01", "2029-10-31")).toBe(24);
    expect(leaseMonths("2027-03-01", "2027-03-31")).toBe(1);
  });

  it("counts a started month as a month", () => {
    expect(leaseMonths("2027-01-15", "2028-01-15")).toBe(13);
    expect(leaseMonths("2027-01-01", "2027-02-01")).toBe(2);
  });

  it("is at least one month", () => {
    expect(leaseMonths("2027-03-01", "2027-03-10")).toBe(1);
    expect(leaseMonths("2027-01-31", "2027-02-01")).toBe(1);
  });
});

describe("checkSubscriptionCap", () => {
  // The reference project: 30,000 m² of apartments, cap 12 % = 3,600 m².
  const base = { apartmentAreaCsqm: 3_000_000, capBps: 1200 };

  it("allows the cap area itself and refuses one hundredth of a m² more", () => {
    expect(checkSubscriptionCap({ ...base, subscribedCsqm: 0, areaCsqm: 360_000 })).toEqual({ ok: true, capCsqm: 360_000, afterCsqm: 360_000 });
    expect(checkSubscriptionCap({ ...base, subscribedCsqm: 0, areaCsqm: 360_001 })).toEqual({ ok: false, capCsqm: 360_000, remainingCsqm: 360_000 });
  });

  it("counts what is already subscribed and says what remains", () => {
    expect(checkSubscriptionCap({ ...base, subscribedCsqm: 355_000, areaCsqm: 5_000 })).toEqual({ ok: true, capCsqm: 360_000, afterCsqm: 360_000 });
    expect(checkSubscriptionCap({ ...base, subscribedCsqm: 355_000, areaCsqm: 5_001 })).toEqual({ ok: false, capCsqm: 360_000, remainingCsqm: 5_000 });
    expect(checkSubscriptionCap({ ...base, subscribedCsqm: 360_000, areaCsqm: 1 })).toEqual({ ok: false, capCsqm: 360_000, remainingCsqm: 0 });
    expect(checkSubscriptionCap({ ...base, subscribedCsqm: 360_000, areaCsqm: 0 })).toMatchObject({ ok: true });
  });

  it("never reports a negative remainder when already over (after the cap was lowered elsewhere)", () => {
    expect(checkSubscriptionCap({ ...base, subscribedCsqm: 370_000, areaCsqm: 0 })).toEqual({ ok: false, capCsqm: 360_000, remainingCsqm: 0 });
  });

  it("rounds the cap down to the hundredth of a m², never up", () => {
    // 3,333.37 m² × 10 % = 333.337 m² → 333.33 m² (rounding would allow 333.34).
    expect(checkSubscriptionCap({ apartmentAreaCsqm: 333_337, capBps: 1000, subscribedCsqm: 0, areaCsqm: 33_333 })).toMatchObject({ ok: true, capCsqm: 33_333 });
    expect(checkSubscriptionCap({ apartmentAreaCsqm: 333_337, capBps: 1000, subscribedCsqm: 0, areaCsqm: 33_334 })).toMatchObject({ ok: false, capCsqm: 33_333 });
    expect(checkSubscriptionCap({ ...base, capBps: 1500, subscribedCsqm: 0, areaCsqm: 0 }).capCsqm).toBe(450_000);
  });
});

describe("leaseSchema", () => {
  const schema = leaseSchema(TODAY);
  const lease = (extra: Record<string, string> = {}) => ({
    tenant: "某品牌旗舰店",
    unitNo: "S-101",
    area: "250.5",
    monthlyRent: "30000",
    startOn: "2027-01-01",
    endOn: "2027-12-31",
    signedOn: "2026-11-20",
    prepaidRent: "",
    ...extra,
  });

  it("parses a lease", () => {
    expect(parsed(schema, lease({ prepaidRent: "90000" }))).toEqual({
      tenant: "某品牌旗舰店",
      unitNo: "S-101",
      area: 25_050,
      monthlyRent: 3_000_000n,
      startOn: "2027-01-01",
      endOn: "2027-12-31",
      signedOn: "2026-11-20",
      prepaidRent: 9_000_000n,
      rentFreeMonths: 0,
      escalationPercent: 0,
      escalationEveryMonths: 12,
      intentId: null,
    });
    expect(parsed(schema, lease()).prepaidRent).toBe(0n);
    // 免租期, 递增 and the intent it converts.
    expect(parsed(schema, lease({ rentFreeMonths: "3", escalationPercent: "5", escalationEveryMonths: "12", intentId: "7" }))).toMatchObject({
      rentFreeMonths: 3,
      escalationPercent: 500,
      escalationEveryMonths: 12,
      intentId: 7,
    });
  });

  it("keeps the rent-free months inside the term (rent_free_range)", () => {
    // 2027-01-01 → 2027-12-31 is 12 months: 11 free months leave one paying, 12 leave none.
    expect(errorsOf(schema, lease({ rentFreeMonths: "11" }))).toEqual({});
    expect(errorsOf(schema, lease({ rentFreeMonths: "12" }))).toEqual({ rentFreeMonths: "rent_free_range" });
    expect(errorsOf(schema, lease({ rentFreeMonths: "-1" }))).toEqual({ rentFreeMonths: "rent_free_range" });
    expect(errorsOf(schema, lease({ escalationEveryMonths: "0" }))).toEqual({ escalationEveryMonths: "escalation_every_range" });
  });

  it("needs the end after the start", () => {
    expect(errorsOf(schema, lease({ endOn: "2027-01-01" }))).toEqual({ endOn: "end_before_start" });
    expect(errorsOf(schema, lease({ endOn: "2026-12-31" }))).toEqual({ endOn: "end_before_start" });
    expect(errorsOf(schema, lease({ endOn: "2027-01-02" }))).toEqual({});
  });

  it("allows prepaid rent up to the rent over the whole term, not a 分 more", () => {
    // 12 months × 30,000元 = 360,000元
    expect(errorsOf(schema, lease({ prepaidRent: "360000" }))).toEqual({});
    expect(errorsOf(schema, lease({ prepaidRent: "360000.01" }))).toEqual({ prepaidRent: "prepaid_over_rent" });
    // 2027-01-15 → 2028-01-15 is 13 months.
    expect(errorsOf(schema, lease({ startOn: "2027-01-15", endOn: "2028-01-15", prepaidRent: "390000" }))).toEqual({});
    expect(errorsOf(schema, lease({ startOn: "2027-01-15", endOn: "2028-01-15", prepaidRent: "390000.01" }))).toEqual({ prepaidRent: "prepaid_over_rent" });
    expect(errorsOf(schema, lease({ prepaidRent: "-1" }))).toEqual({ prepaidRent: "amount_negative" });
  });

  it("reports malformed dates beside them without hanging or throwing", () => {
    expect(errorsOf(schema, lease({ endOn: "x", prepaidRent: "1" }))).toEqual({ endOn: "invalid_date" });
    expect(errorsOf(schema, lease({ startOn: "abc", prepaidRent: "1" }))).toEqual({ startOn: "invalid_date" });
    expect(errorsOf(schema, lease({ startOn: "", endOn: "" }))).toMatchObject({ startOn: "required", endOn: "required" });
  });

  it("checks the other fields", () => {
    expect(errorsOf(schema, lease({ tenant: "", monthlyRent: "0", signedOn: "2026-11-28", area: "1.234" }))).toEqual({
      tenant: "required",
      monthlyRent: "amount_positive",
      signedOn: "not_in_future",
      area: "area_format",
    });
  });
});

describe("targetSchema", () => {
  const target = (extra: Record<string, string> = {}) => ({ year: "2027", product: "internal_subscription", annual: "1000万", q1: "30", q2: "40", q3: "30", q4: "0", ...extra });

  it("parses a yearly task with its quarter weights", () => {
    expect(parsed(targetSchema, target())).toEqual({ year: 2027, product: "internal_subscription", annual: 1000n * WAN, q1: 30, q2: 40, q3: 30, q4: 0 });
    expect(parsed(targetSchema, target({ product: "commercial_lease", annual: "0" })).annual).toBe(0n);
  });

  // The raw issues: parseForm passes only keys matching /^[a-z_]+$/, so "weights_100" reaches the
  // form as the generic "invalid" (see tests/integration/sales.test.ts).
  const issues = (input: Record<string, string>) => {
    const result = targetSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => [i.path.join("."), i.message]);
  };

  it("needs the weights to add up to exactly 100", () => {
    expect(issues(target({ q4: "1" }))).toEqual([["q4", "weights_100"]]);
    expect(issues(target({ q1: "29" }))).toEqual([["q4", "weights_100"]]);
    expect(issues(target({ q1: "25", q2: "25", q3: "25", q4: "25" }))).toEqual([]);
    expect(issues(target({ q1: "100", q2: "0", q3: "0", q4: "0" }))).toEqual([]);
    expect(errorsOf(targetSchema, target({ q1: "25", q2: "25", q3: "25", q4: "25" }))).toEqual({});
    expect(errorsOf(targetSchema, target({ q1: "-30", q2: "100", q3: "30" })).q1).toBe("weight_format");
    expect(errorsOf(targetSchema, target({ q1: "30.5" })).q1).toBe("weight_format");
  });

  it("checks year, product and amount", () => {
    expect(errorsOf(targetSchema, target({ year: "1999", product: "rent", annual: "-1" }))).toEqual({ year: "invalid_year", product: "invalid_choice", annual: "amount_negative" });
  });
});

describe("agencySchema", () => {
  const agency = (extra: Record<string, string> = {}) => ({
    agency: "策划公司（营销代理）",
    year: "2027",
    periodStart: "2027-01-01",
    periodEnd: "2027-12-31",
    task: "5000万",
    incentiveRate: "0.8",
    incentiveTerms: "完成年度任务按销售额0.8%计提佣金",
    aboveTaskRate: "1.2",
    floor: "3000万",
    belowFloorRate: "0.5",
    basis: "collections",
    signDueOn: "2027-01-31",
    signedOn: "",
    ...extra,
  });

  it("parses the contract with the rate in basis points", () => {
    expect(parsed(agencySchema, agency())).toEqual({
      agency: "策划公司（营销代理）",
      year: 2027,
      periodStart: "2027-01-01",
      periodEnd: "2027-12-31",
      task: 5000n * WAN,
      incentiveRate: 80,
      aboveTaskRate: 120,
      floor: 3000n * WAN,
      belowFloorRate: 50,
      basis: "collections",
      incentiveTerms: "完成年度任务按销售额0.8%计提佣金",
      signDueOn: "2027-01-31",
      signedOn: null,
    });
    // The tiers are optional: none above the task, no floor.
    expect(parsed(agencySchema, agency({ aboveTaskRate: "", floor: "", belowFloorRate: "", signDueOn: "" }))).toMatchObject({ aboveTaskRate: 0, floor: 0n, belowFloorRate: 0, signDueOn: null });
    expect(parsed(agencySchema, agency({ incentiveRate: "1.25", signedOn: "2026-12-01" }))).toMatchObject({ incentiveRate: 125, signedOn: "2026-12-01" });
    expect(parsed(agencySchema, agency({ incentiveRate: "0.29" })).incentiveRate).toBe(29);
    const { incentiveTerms: _t, ...withoutTerms } = agency();
    expect(parsed(agencySchema, withoutTerms).incentiveTerms).toBe("");
  });

  it("refuses a period that ends before it starts, a bad rate and a zero task", () => {
    expect(errorsOf(agencySchema, agency({ periodEnd: "2027-01-01" }))).toEqual({ periodEnd: "end_before_start" });
    expect(errorsOf(agencySchema, agency({ periodEnd: "2026-12-31" }))).toEqual({ periodEnd: "end_before_start" });
    for (const rate of ["", "-1", "0.805", "100", "abc", "1%"]) expect(errorsOf(agencySchema, agency({ incentiveRate: rate })).incentiveRate, rate).toBe("rate_format");
    expect(errorsOf(agencySchema, agency({ task: "0", floor: "" }))).toEqual({ task: "amount_positive" });
    expect(errorsOf(agencySchema, agency({ agency: "", year: "27", incentiveTerms: "x".repeat(1001) }))).toEqual({ agency: "required", year: "invalid_year", incentiveTerms: "too_long" });
  });

  it("refuses a floor above the task (floor_over_task) and a basis it does not know", () => {
    expect(errorsOf(agencySchema, agency({ floor: "5000万" }))).toEqual({});
    expect(errorsOf(agencySchema, agency({ floor: "5000.01万" }))).toEqual({ floor: "floor_over_task" });
    expect(errorsOf(agencySchema, agency({ basis: "invoices" }))).toEqual({ basis: "invalid_choice" });
    expect(errorsOf(agencySchema, agency({ aboveTaskRate: "1.205" }))).toEqual({ aboveTaskRate: "rate_format" });
  });
});

describe("capSchema", () => {
  it("accepts 10 % to 15 % inclusive, in basis points", () => {
    expect(CAP_MIN_BPS).toBe(1000);
    expect(CAP_MAX_BPS).toBe(1500);
    expect(parsed(capSchema, { capPercent: "10" })).toEqual({ capPercent: 1000 });
    expect(parsed(capSchema, { capPercent: "12" })).toEqual({ capPercent: 1200 });
    expect(parsed(capSchema, { capPercent: "12.5" })).toEqual({ capPercent: 1250 });
    expect(parsed(capSchema, { capPercent: "15.00" })).toEqual({ capPercent: 1500 });
    expect(parsed(capSchema, { capPercent: " 14.99 " })).toEqual({ capPercent: 1499 });
  });

  it("refuses anything outside, or not a percentage", () => {
    for (const value of ["9.99", "15.01", "0", "16", "100", "", "abc", "12.345", "-12", "12%"]) {
      expect(errorsOf(capSchema, { capPercent: value }), value).toEqual({ capPercent: "cap_range" });
    }
  });
});
