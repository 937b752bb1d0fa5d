import { describe, expect, it } from "vitest";
import { shareBps } from "./money";
import { bpsTenths, formatRate, formatRatioBps, formatShare, formatTermBps, rateCellValue, rateTenths, shareCellValue } from "./percent";

describe("ratios: rounded once, half up to 0.1 % (issue 18)", () => {
  it("shows 62.76 % as 62.8 % (the issue: 62.7 % on the page, 62.75 % in Excel)", () => {
    // 3,765.6万 paid of a 6,000万 budget: 62.76 % exactly.
    const paidFen = 37_656_000_00n;
    const budgetFen = 60_000_000_00n;
    expect(rateTenths(paidFen, budgetFen)).toBe(628);
    expect(formatShare(paidFen, budgetFen)).toBe("62.8%");
    expect(shareCellValue(paidFen, budgetFen)).toBe(0.628);
    // The same from the truncated basis points the domain keeps (6276): no second rounding error.
    expect(formatRatioBps(shareBps(paidFen, budgetFen))).toBe("62.8%");
  });

  it("rounds exact halves up, and just-below halves down", () => {
    expect(formatShare(6275, 10_000)).toBe("62.8%"); // 62.75 exactly
    expect(formatShare(627_499, 1_000_000)).toBe("62.7%"); // 62.7499
    expect(formatShare(1, 16)).toBe("6.3%"); // 6.25
    expect(formatShare(1, 8)).toBe("12.5%");
    expect(formatShare(6, 11)).toBe("54.5%"); // 54.545…: not 54.6 (5455 bps rounded again)
    expect(formatShare(2, 3)).toBe("66.7%");
    expect(formatShare(1, 1)).toBe("100.0%");
    expect(formatShare(3, 2)).toBe("150.0%");
  });

  it("rounds negatives half up too (toward +∞), with no '-0.0%'", () => {
    expect(rateTenths(-1, 16)).toBe(-62);
    expect(formatShare(-1, 16)).toBe("-6.2%"); // −6.25 → −6.2
    expect(formatShare(-627_600, 1_000_000)).toBe("-62.8%"); // −62.76
    expect(formatShare(-1, 100_000)).toBe("0.0%"); // −0.001 %
    expect(formatShare(-1, 1_999)).toBe("-0.1%"); // −0.050025 %
  });

  it("has no share of a zero or negative denominator", () => {
    expect(rateTenths(5, 0)).toBeNull();
    expect(rateTenths(0, 0)).toBeNull();
    expect(rateTenths(5, -10)).toBeNull();
    expect(formatShare(0, 0)).toBe("—");
    expect(formatRate(null)).toBe("—");
    expect(shareCellValue(1n, 0n)).toBeNull();
    expect(rateCellValue(null)).toBeNull();
    expect(formatShare(0, 7)).toBe("0.0%");
  });

  it("takes bigint amounts beyond 2^53 exactly", () => {
    const budgetFen = 460_000_000_000_000_007n; // far past Number.MAX_SAFE_INTEGER
    expect(formatShare(budgetFen / 2n, budgetFen)).toBe("50.0%");
    expect(formatShare(1n, 3n)).toBe("33.3%");
    // Exact halves at a scale where a float ratio (num / den) no longer holds them.
    const unit = 2n ** 60n + 1n;
    expect(formatShare(unit, 2000n * unit)).toBe("0.1%"); // 0.05 % exactly
    expect(formatShare(unit - 1n, 2000n * unit)).toBe("0.0%"); // a hair under 0.05 %
    expect(formatShare(1255n * unit, 10_000n * unit)).toBe("12.6%"); // 12.55 % exactly
  });

  it("writes the page's figure into a workbook cell, as a fraction", () => {
    expect(rateCellValue(628)).toBe(0.628);
    expect(rateCellValue(1000)).toBe(1);
    expect(rateCellValue(-62)).toBe(-0.062);
  });
});

describe("ratios from basis points", () => {
  it("rounds floor-rounded basis points half up to 0.1 %, as the exact ratio would", () => {
    expect(bpsTenths(6276)).toBe(628);
    expect(bpsTenths(6275)).toBe(628);
    expect(bpsTenths(6274)).toBe(627);
    expect(bpsTenths(0)).toBe(0);
    expect(bpsTenths(10_000)).toBe(1000);
    expect(formatRatioBps(9_049)).toBe("90.5%");
    expect(formatRatioBps(9_044)).toBe("90.4%");
    expect(formatRatioBps(-625)).toBe("-6.2%");
    // Every fen ratio of a small budget: formatRatioBps(shareBps) equals formatShare of the exact amounts.
    for (let paid = 0n; paid <= 20_011n; paid += 7n) expect(formatRatioBps(shareBps(paid, 20_011n))).toBe(formatShare(paid, 20_011n));
  });

  it("refuses a fractional number of basis points", () => {
    expect(() => bpsTenths(62.5)).toThrow(RangeError);
  });
});

describe("entered rates (terms) at their own precision", () => {
  it("shows 0.01 % exactly, without float toFixed", () => {
    expect(formatTermBps(435)).toBe("4.35%");
    expect(formatTermBps(1000)).toBe("10%");
    expect(formatTermBps(450)).toBe("4.5%");
    expect(formatTermBps(5)).toBe("0.05%");
    expect(formatTermBps(0)).toBe("0%");
    expect(formatTermBps(-125)).toBe("-1.25%");
    expect(formatTermBps(435, { fixed: true })).toBe("4.35%");
    expect(formatTermBps(400, { fixed: true })).toBe("4.00%");
    expect(formatTermBps(1005, { fixed: true })).toBe("10.05%"); // (10.05).toFixed(1) would say 10.1 or 10.0
    expect(() => formatTermBps(4.5)).toThrow(RangeError);
  });
});
