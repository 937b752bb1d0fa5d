import { describe, expect, it } from "vitest";
import { formatMoneyApart } from "./money";

const WAN = 1_000_000n; // 1万元 in 分

describe("formatMoneyApart", () => {
  it("keeps the usual unit when it already tells the amounts apart", () => {
    expect(formatMoneyApart([150n * WAN, 100n * WAN], "zh")).toEqual(["150.00万元", "100.00万元"]);
    expect(formatMoneyApart([150n * WAN, 100n * WAN], "en")).toEqual(["¥1.50M", "¥1.00M"]);
  });

  it("shows a refusal of 1分 over the headroom to the 分 (DOMAIN: never read as equal amounts)", () => {
    expect(formatMoneyApart([100n * WAN + 1n, 100n * WAN], "zh")).toEqual(["1,000,000.01元", "1,000,000.00元"]);
    expect(formatMoneyApart([100n * WAN + 1n, 100n * WAN], "en")).toEqual(["¥1,000,000.01", "¥1,000,000.00"]);
  });

  it("goes exact when the usual unit rounds two amounts to the same text, even across 亿", () => {
    // 4.6亿元 and 4.6亿元 − 50元 both read 4.60亿元.
    expect(formatMoneyApart([46_000_000_000n, 46_000_000_000n - 5_000n], "zh")).toEqual(["460,000,000.00元", "459,999,950.00元"]);
    // 12.345万 vs 12.3449万: 12.35万元 vs 12.34万元 differ already.
    expect(formatMoneyApart([123_450_00n, 123_449_00n], "zh")).toEqual(["12.35万元", "12.34万元"]);
  });

  it("lets equal amounts share a text and leaves small amounts alone", () => {
    expect(formatMoneyApart([100n * WAN, 100n * WAN], "zh")).toEqual(["100.00万元", "100.00万元"]);
    expect(formatMoneyApart([12_345n, 1n], "zh")).toEqual(["123.45元", "0.01元"]);
    expect(formatMoneyApart([], "zh")).toEqual([]);
    expect(formatMoneyApart(["1000000"], "zh")).toEqual(["10,000.00元"]);
  });

  it("tells any two of several amounts apart, all in one precision", () => {
    const texts = formatMoneyApart([300n * WAN, 100n * WAN + 1n, 100n * WAN], "zh");
    expect(texts).toEqual(["3,000,000.00元", "1,000,000.01元", "1,000,000.00元"]);
    expect(new Set(texts).size).toBe(3);
  });

  it("handles negative amounts (a reversal) exactly", () => {
    expect(formatMoneyApart([-(100n * WAN) - 1n, -(100n * WAN)], "zh")).toEqual(["-1,000,000.01元", "-1,000,000.00元"]);
  });
});
