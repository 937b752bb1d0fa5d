import { describe, expect, it } from "vitest";
import { facilityPlan, type FacilityPlanInput } from "./interest";

const WAN = 1_000_000n; // 1万元 in 分
const wan = (n: number) => BigInt(n) * WAN;

/** A 7.80 % facility, fee-free, settled on the 20th; override what a case needs. */
function plan(overrides: Partial<FacilityPlanInput>) {
  return facilityPlan({
    rateBps: 780,
    feesFen: 0n,
    termMonths: 12,
    settleDay: 20,
    draws: [],
    repayments: [],
    today: "2026-11-27",
    constructionEnd: "2030-12-31",
    horizonEnd: "2041-12-31",
    ...overrides,
  });
}

describe("facilityPlan: 1,000万 drawn 2027-01-01 at 7.80 %, 12 months, fee 5,000元", () => {
  // Daily interest = 10,000,000元 × 7.8 % ÷ 360 = 2,166.666…元 = 216,666.67分 (kept exact, rounded only
  // on the cumulative sum). Maturity 2028-01-01; interest runs 2027-01-01 … 2027-12-31 = 365 days.
  const result = plan({
    feesFen: 500_000n,
    draws: [{ on: "2027-01-01", amountFen: wan(1000) }],
    today: "2027-02-10",
    constructionEnd: "2027-06-30",
  });

  it("matures 12 months after the first draw and repays the whole 1,000万 then (balloon)", () => {
    expect(result.firstDrawOn).toBe("2027-01-01");
    expect(result.maturityOn).toBe("2028-01-01");
    expect(result.balloon).toEqual({ on: "2028-01-01", amountFen: wan(1000) });
  });

  it("charges the 5,000元 fee on the first draw", () => {
    expect(result.fee).toEqual({ on: "2027-01-01", amountFen: 500_000n });
  });

  it("settles quarterly on the 20th: 3-20 covers 1-01..3-20 = 79 days → 171,166.67元", () => {
    // 79 × 216,666.67分 = 17,116,666.67 → 17,116,667分.
    // 6-20: cumulative 171 days = 37,050,000.00 → 37,050,000 − 17,116,667 = 19,933,333 (92 days).
    // 9-20: cumulative 263 days = 56,983,333.33 → 56,983,333 − 37,050,000 = 19,933,333 (92 days).
    // 12-20: cumulative 354 days = 76,700,000.00 → 76,700,000 − 56,983,333 = 19,716,667 (91 days).
    // 2028-01-01 (maturity, balloon day): 12-21..12-31 = 11 days; cumulative 365 days = 79,083,333.33
    //   → 79,083,333 − 76,700,000 = 2,383,333. The maturity day itself earns nothing (算头不算尾).
    expect(result.interest).toEqual([
      { on: "2027-03-20", amountFen: 17_116_667n },
      { on: "2027-06-20", amountFen: 19_933_333n },
      { on: "2027-09-20", amountFen: 19_933_333n },
      { on: "2027-12-20", amountFen: 19_716_667n },
      { on: "2028-01-01", amountFen: 2_383_333n },
    ]);
  });

  it("totals 790,833.33元 over 365 days, and the settlements add up to it exactly", () => {
    expect(result.interestTotalFen).toBe(79_083_333n);
    expect(result.interest.reduce((sum, m) => sum + m.amountFen, 0n)).toBe(79_083_333n);
  });

  it("accrues 88,833.33元 to today 2027-02-10 (1-01..2-10 = 41 days, not yet settled)", () => {
    // 41 × 216,666.67 = 8,883,333.33 → 8,883,333分.
    expect(result.interestToDateFen).toBe(8_883_333n);
  });

  it("capitalises the 181 days through construction end 6-30 (392,166.67元) and expenses the rest", () => {
    // 181 × 216,666.67 = 39,216,666.67 → 39,216,667; expensed = 79,083,333 − 39,216,667 = 39,866,666.
    expect(result.capitalisedFen).toBe(39_216_667n);
    expect(result.expensedFen).toBe(39_866_666n);
    expect(result.capitalisedFen + result.expensedFen).toBe(result.interestTotalFen);
  });
});

describe("facilityPlan: repayments", () => {
  it("a repayment stops interest on its day: 1,000万 on 1-01, 400万 back 2-15, 600万 back 5-10", () => {
    // 1-01..2-14 = 45 days × 2,166.67元 = 97,500.00元; from 2-15 the balance is 600万: 6,000,000 × 7.8 % ÷ 360
    // = 1,300元 a day. 3-20 settlement: 97,500 + 2-15..3-20 = 34 days × 1,300 = 44,200 → 141,700元.
    // 3-21..5-09 = 50 days × 1,300 = 65,000元, settled on 5-10 when the balance reaches 0. Nothing after.
    const result = plan({
      termMonths: 24,
      draws: [{ on: "2027-01-01", amountFen: wan(1000) }],
      repayments: [
        { on: "2027-05-10", amountFen: wan(600) },
        { on: "2027-02-15", amountFen: wan(400) },
      ],
    });
    expect(result.interest).toEqual([
      { on: "2027-03-20", amountFen: 14_170_000n },
      { on: "2027-05-10", amountFen: 6_500_000n },
    ]);
    expect(result.interestTotalFen).toBe(20_670_000n);
    expect(result.balloon).toBeNull();
    expect(result.maturityOn).toBe("2029-01-01");
  });

  it("balloon at maturity when repayments do not cover: 1,000万, 6 months, 300万 back 4-01 → 700万 on 7-01", () => {
    // 1-01..3-20 = 79 days at 1,000万 → 171,166.67元 (17,116,667分).
    // 3-21..3-31 = 11 days at 1,000万, then 4-01..6-20 = 81 days at 700万 (1,516.67元 a day):
    //   cumulative = 90 × 216,666.67 + 81 × 151,666.67 = 19,500,000 + 12,285,000 = 31,785,000
    //   → settlement 31,785,000 − 17,116,667 = 14,668,333.
    // 6-21..6-30 = 10 days × 151,666.67 = 1,516,666.67 → cumulative 33,301,666.67 → 33,301,667,
    //   settled 1,516,667 on maturity 7-01. The 200万 repayment after maturity (8-01) is ignored.
    const result = plan({
      termMonths: 6,
      draws: [{ on: "2027-01-01", amountFen: wan(1000) }],
      repayments: [
        { on: "2027-04-01", amountFen: wan(300) },
        { on: "2027-08-01", amountFen: wan(200) },
      ],
    });
    expect(result.maturityOn).toBe("2027-07-01");
    expect(result.balloon).toEqual({ on: "2027-07-01", amountFen: wan(700) });
    expect(result.interest).toEqual([
      { on: "2027-03-20", amountFen: 17_116_667n },
      { on: "2027-06-20", amountFen: 14_668_333n },
      { on: "2027-07-01", amountFen: 1_516_667n },
    ]);
    expect(result.interestTotalFen).toBe(33_301_667n);
  });

  it("a repayment on the maturity day reduces the balloon", () => {
    const result = plan({
      termMonths: 6,
      draws: [{ on: "2027-01-01", amountFen: wan(1000) }],
      repayments: [{ on: "2027-07-01", amountFen: wan(400) }],
    });
    expect(result.balloon).toEqual({ on: "2027-07-01", amountFen: wan(600) });
  });

  it("caps a repayment beyond the balance: 1,500万 back on 2-01 against 600万 owed clears it, no balloon", () => {
    // 600万 × 7.8 % ÷ 360 = 1,300元 a day × 31 days (1-01..1-31) = 40,300元.
    const result = plan({
      draws: [{ on: "2027-01-01", amountFen: wan(600) }],
      repayments: [{ on: "2027-02-01", amountFen: wan(1500) }],
    });
    expect(result.interest).toEqual([{ on: "2027-02-01", amountFen: 4_030_000n }]);
    expect(result.balloon).toBeNull();
  });

  it("a draw repaid the same day earns nothing", () => {
    const result = plan({
      draws: [{ on: "2027-01-05", amountFen: wan(600) }],
      repayments: [{ on: "2027-01-05", amountFen: wan(600) }],
    });
    expect(result.interest).toEqual([]);
    expect(result.interestTotalFen).toBe(0n);
    expect(result.balloon).toBeNull();
  });

  it("later draws add to the balance from their own day (draws in any order; fee on the first)", () => {
    // 600万 from 1-01 and 600万 more from 3-01: 1-01..2-28 = 59 days × 1,300 = 76,700元;
    // 3-01..3-20 = 20 days × 2,600 = 52,000元 → 3-20 settlement 128,700元.
    const result = plan({
      feesFen: 300_000n,
      draws: [
        { on: "2027-03-01", amountFen: wan(600) },
        { on: "2027-01-01", amountFen: wan(600) },
      ],
    });
    expect(result.firstDrawOn).toBe("2027-01-01");
    expect(result.fee).toEqual({ on: "2027-01-01", amountFen: 300_000n });
    expect(result.interest[0]).toEqual({ on: "2027-03-20", amountFen: 12_870_000n });
    expect(result.balloon).toEqual({ on: "2028-01-01", amountFen: wan(1200) });
  });
});

describe("facilityPlan: no maturity (termMonths = 0)", () => {
  it("accrues through horizonEnd and no further: 600万 from 1-01, horizon 4-30 → 120 days = 156,000元", () => {
    // 3-20: 79 days × 1,300 = 102,700元; 3-21..4-30 = 41 days × 1,300 = 53,300元, settled on the next
    // settlement day 6-20 so the settlements add up to the total. The draw after the horizon is ignored.
    const result = plan({
      termMonths: 0,
      horizonEnd: "2027-04-30",
      draws: [
        { on: "2027-01-01", amountFen: wan(600) },
        { on: "2027-05-15", amountFen: wan(1000) },
      ],
    });
    expect(result.maturityOn).toBeNull();
    expect(result.balloon).toBeNull();
    expect(result.interest).toEqual([
      { on: "2027-03-20", amountFen: 10_270_000n },
      { on: "2027-06-20", amountFen: 5_330_000n },
    ]);
    expect(result.interestTotalFen).toBe(15_600_000n);
  });

  it("stops when repaid in full, long before the horizon", () => {
    const result = plan({
      termMonths: 0,
      draws: [{ on: "2027-01-01", amountFen: wan(600) }],
      repayments: [{ on: "2027-02-01", amountFen: wan(600) }],
    });
    expect(result.interest).toEqual([{ on: "2027-02-01", amountFen: 4_030_000n }]);
    expect(result.interestTotalFen).toBe(4_030_000n);
  });
});

describe("facilityPlan: rounding and calendar", () => {
  it("rounds the cumulative sum, not each period: 5万 at 4.35 % → 477.29元 then 555.84元 (not 555.83元)", () => {
    // Daily 50,000 × 4.35 % ÷ 360 = 6.0416…元. 79 days = 47,729.17分 → 47,729; 92 days alone would be
    // 55,583.33 → 55,583, but the cumulative 171 days = 103,312.50 → 103,313, so the 6-20 settlement is
    // 103,313 − 47,729 = 55,584 and the settlements add up to the rounded total.
    const result = plan({
      rateBps: 435,
      termMonths: 0,
      horizonEnd: "2027-06-20",
      draws: [{ on: "2027-01-01", amountFen: wan(5) }],
    });
    expect(result.interest).toEqual([
      { on: "2027-03-20", amountFen: 47_729n },
      { on: "2027-06-20", amountFen: 55_584n },
    ]);
    expect(result.interestTotalFen).toBe(103_313n);
  });

  it("clamps the maturity to the month end (1-31 + 1 month → 2-28, or 2-29 in a leap year)", () => {
    const draws = (on: string) => [{ on, amountFen: wan(1) }];
    expect(plan({ termMonths: 1, draws: draws("2027-01-31") }).maturityOn).toBe("2027-02-28");
    expect(plan({ termMonths: 1, draws: draws("2028-01-31") }).maturityOn).toBe("2028-02-29");
    expect(plan({ termMonths: 14, draws: draws("2027-12-31") }).maturityOn).toBe("2029-02-28");
  });

  it("a draw on a settlement day is settled that day for its one day (2,166.67元)", () => {
    const result = plan({ draws: [{ on: "2027-03-20", amountFen: wan(1000) }] });
    expect(result.interest[0]).toEqual({ on: "2027-03-20", amountFen: 216_667n });
  });

  it("a settlement day beyond the month's end is clamped (31 → 6-30, 9-30)", () => {
    const result = plan({ settleDay: 31, draws: [{ on: "2027-06-01", amountFen: wan(600) }] });
    // 6-01..6-30 = 30 days × 1,300 = 39,000元; 7-01..9-30 = 92 days × 1,300 = 119,600元.
    expect(result.interest.slice(0, 2)).toEqual([
      { on: "2027-06-30", amountFen: 3_900_000n },
      { on: "2027-09-30", amountFen: 11_960_000n },
    ]);
  });

  it("nothing drawn: no dates, no fee, no interest", () => {
    expect(plan({ feesFen: 500_000n, repayments: [{ on: "2027-01-01", amountFen: wan(1) }] })).toEqual({
      firstDrawOn: null,
      maturityOn: null,
      balloon: null,
      interest: [],
      fee: null,
      interestToDateFen: 0n,
      interestTotalFen: 0n,
      capitalisedFen: 0n,
      expensedFen: 0n,
    });
  });

  it("nothing is to date before the first draw, and all is expensed when construction ended before it", () => {
    const result = plan({ today: "2026-11-27", constructionEnd: "2026-12-31", draws: [{ on: "2027-01-01", amountFen: wan(600) }], repayments: [{ on: "2027-02-01", amountFen: wan(600) }] });
    expect(result.interestToDateFen).toBe(0n);
    expect(result.capitalisedFen).toBe(0n);
    expect(result.expensedFen).toBe(4_030_000n);
  });
});
