import { describe, expect, it } from "vitest";
import { formatMoney, formatMoneyShared, sharedMoneyUnit } from "./money";

const WAN = 1_000_000n; // 1万元 in 分

describe("formatMoneyShared (achieved / target in one unit)", () => {
  it("puts both figures in the larger one's unit", () => {
    // The dashboard's sales tile read "0.00元 / 6,000.00万元".
    expect(formatMoneyShared([0n, 6_000n * WAN], "zh")).toEqual(["0.00万元", "6,000.00万元"]);
    expect(formatMoneyShared([0n, 6_000n * WAN], "en")).toEqual(["¥0.00M", "¥60.00M"]);
    expect(formatMoneyShared([12_345n, 3n * 10_000n * WAN], "zh")).toEqual(["0.00亿元", "3.00亿元"]);
    expect(formatMoneyShared([250n * WAN, 30n * WAN], "zh")).toEqual(["250.00万元", "30.00万元"]);
  });

  it("keeps yuan when the larger figure is under the 万 threshold, and in English under ¥1M", () => {
    expect(formatMoneyShared([12_345n, 5n * WAN], "zh")).toEqual(["123.45元", "50,000.00元"]);
    expect(formatMoneyShared([12_345n, 50n * WAN], "en")).toEqual(["¥123.45", "¥500,000.00"]);
  });

  it("takes the larger by absolute value, so a negative figure counts", () => {
    expect(sharedMoneyUnit([-200n * WAN, 5n * WAN], "zh")).toBe("wan");
    expect(formatMoneyShared([-200n * WAN, 5n * WAN], "zh")).toEqual(["-200.00万元", "5.00万元"]);
  });

  it("goes exact to the 分 when the shared unit would make different figures read the same", () => {
    expect(formatMoneyShared([100n * WAN - 1n, 100n * WAN], "zh")).toEqual(["999,999.99元", "1,000,000.00元"]);
    expect(formatMoneyShared([100n * WAN, 100n * WAN], "zh")).toEqual(["100.00万元", "100.00万元"]);
  });

  it("leaves formatMoney's own choice of unit unchanged", () => {
    expect(formatMoney(0n, "zh")).toBe("0.00元");
    expect(formatMoney(10n * WAN - 1n, "zh")).toBe("99,999.99元");
    expect(formatMoney(10n * WAN, "zh")).toBe("10.00万元");
    expect(formatMoney(10_000n * WAN - 1n, "zh")).toBe("1.00亿元");
    expect(formatMoney(100n * WAN - 1n, "en")).toBe("¥999,999.99");
    expect(formatMoney(100n * WAN, "en")).toBe("¥1.00M");
    expect(sharedMoneyUnit([], "zh")).toBe("yuan");
  });
});
