import { describe, expect, it } from "vitest";
import { fenToJson, fenToYuanInput, formatMoney, parseYuanToFen, shareBps, toFen } from "./money";

// Units in 分 (fen), written out so every expectation below can be checked by hand.
const YUAN = 100n;
const WAN = 1_000_000n; // 1万元
const YI = 10_000_000_000n; // 1亿元

describe("toFen", () => {
  it("passes bigints through unchanged, including negatives and values beyond 2^53", () => {
    expect(toFen(123n)).toBe(123n);
    expect(toFen(-7n)).toBe(-7n);
    expect(toFen(2n ** 60n + 1n)).toBe(1_152_921_504_606_846_977n);
  });

  it("accepts safe integer numbers", () => {
    expect(toFen(0)).toBe(0n);
    expect(toFen(12345)).toBe(12345n);
    expect(toFen(-42)).toBe(-42n);
    expect(toFen(Number.MAX_SAFE_INTEGER)).toBe(9_007_199_254_740_991n);
  });

  it("accepts decimal integer strings exactly, even beyond 2^53", () => {
    expect(toFen("12345")).toBe(12345n);
    expect(toFen("-42")).toBe(-42n);
    expect(toFen("007")).toBe(7n);
    expect(toFen("9007199254740993")).toBe(9_007_199_254_740_993n);
  });

  it.each([1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 53)])("rejects the number %s", (value) => {
    expect(() => toFen(value)).toThrow(RangeError);
  });

  it.each(["12.5", "1e3", "", " 12", "12 ", "abc", "+1", "--1", "0x10", "1,000"])("rejects the string %j", (value) => {
    expect(() => toFen(value)).toThrow(RangeError);
  });

  it("names the offending value in the error", () => {
    expect(() => toFen("12.5")).toThrow("not an integer amount of fen: 12.5");
  });
});

describe("fenToJson", () => {
  it("serialises bigint fen to a decimal string without losing digits", () => {
    expect(fenToJson(0n)).toBe("0");
    expect(fenToJson(-500n)).toBe("-500");
    expect(fenToJson(2n ** 60n + 1n)).toBe("1152921504606846977");
  });
});

describe("formatMoney (zh)", () => {
  describe("auto unit", () => {
    it("uses 元 below 10万元", () => {
      expect(formatMoney(0n, "zh")).toBe("0.00元");
      expect(formatMoney(1n, "zh")).toBe("0.01元");
      expect(formatMoney(12345n, "zh")).toBe("123.45元");
      expect(formatMoney(10n * WAN - 1n, "zh")).toBe("99,999.99元");
    });

    it("switches to 万元 at exactly 10万元", () => {
      expect(formatMoney(10n * WAN, "zh")).toBe("10.00万元");
      expect(formatMoney(123_456_789n, "zh")).toBe("123.46万元"); // 1,234,567.89元
      expect(formatMoney(300n * WAN, "zh")).toBe("300.00万元");
      expect(formatMoney(9_999n * WAN, "zh")).toBe("9,999.00万元");
    });

    it("switches to 亿元 at exactly 1亿元", () => {
      expect(formatMoney(YI - WAN, "zh")).toBe("9,999.00万元");
      expect(formatMoney(YI, "zh")).toBe("1.00亿元");
    });

    it("shows 46300万元 as 4.63亿元", () => {
      const fen = 46_300n * WAN;
      expect(fen).toBe(46_300_000_000n);
      expect(formatMoney(fen, "zh")).toBe("4.63亿元");
    });

    it("shows 亿元 with two decimals (the exact 元 figure is in the tooltip)", () => {
      expect(formatMoney(46_000n * WAN, "zh")).toBe("4.60亿元");
      expect(formatMoney(46_310n * WAN, "zh")).toBe("4.63亿元");
      expect(formatMoney(46_350n * WAN, "zh")).toBe("4.64亿元"); // half rounds up
      expect(formatMoney(46_349n * WAN, "zh")).toBe("4.63亿元");
    });

    it("groups thousands in the whole part", () => {
      expect(formatMoney(12_345n * YI, "zh")).toBe("12,345.00亿元");
      expect(formatMoney(123_456n * WAN - 1n, "zh")).toBe("12.35亿元"); // 12.34559999…亿
    });
  });

  describe("explicit unit", () => {
    it("formats the same amount in each unit", () => {
      const fen = 46_300n * WAN;
      expect(formatMoney(fen, "zh", "yuan")).toBe("463,000,000.00元");
      expect(formatMoney(fen, "zh", "wan")).toBe("46,300.00万元");
      expect(formatMoney(fen, "zh", "yi")).toBe("4.63亿元");
      expect(formatMoney(fen, "zh", "auto")).toBe("4.63亿元");
    });

    it("keeps a small amount in a large unit, rounded", () => {
      expect(formatMoney(12345n, "zh", "wan")).toBe("0.01万元"); // 123.45元
      expect(formatMoney(0n, "zh", "yi")).toBe("0.00亿元");
      expect(formatMoney(10n * WAN, "zh", "yi")).toBe("0.00亿元");
      expect(formatMoney(50n * WAN, "zh", "yi")).toBe("0.01亿元");
    });

    it("keeps a large amount in 元 when asked", () => {
      expect(formatMoney(YI, "zh", "yuan")).toBe("100,000,000.00元");
    });
  });

  describe("rounding is half-up (away from zero)", () => {
    it("in 万元 (two decimals = 100元)", () => {
      expect(formatMoney(12_345_000n, "zh")).toBe("12.35万元"); // 12.345万 exactly half
      expect(formatMoney(12_344_999n, "zh")).toBe("12.34万元");
      expect(formatMoney(12_345_001n, "zh")).toBe("12.35万元");
    });

    it("in 亿元 (two decimals = 100万元)", () => {
      expect(formatMoney(46_350n * WAN, "zh")).toBe("4.64亿元"); // 4.635亿 exactly half
      expect(formatMoney(46_350n * WAN - 1n, "zh")).toBe("4.63亿元");
    });

    it("symmetrically for negatives", () => {
      expect(formatMoney(-12_345_000n, "zh")).toBe("-12.35万元");
      expect(formatMoney(-12_344_999n, "zh")).toBe("-12.34万元");
      expect(formatMoney(-5_000n, "zh", "wan")).toBe("-0.01万元"); // −0.005万
    });

    it("never shows a negative zero", () => {
      expect(formatMoney(-4_999n, "zh", "wan")).toBe("0.00万元"); // −0.004999万 rounds to 0
      expect(formatMoney(-1n, "zh", "yi")).toBe("0.00亿元");
    });
  });

  describe("negatives", () => {
    it("picks the unit by magnitude and prefixes a minus", () => {
      expect(formatMoney(-1n, "zh")).toBe("-0.01元");
      expect(formatMoney(-12345n, "zh")).toBe("-123.45元");
      expect(formatMoney(-10n * WAN, "zh")).toBe("-10.00万元");
      expect(formatMoney(-46_300n * WAN, "zh")).toBe("-4.63亿元");
      expect(formatMoney(-12_345n * YI, "zh")).toBe("-12,345.00亿元");
    });
  });

  describe("exact beyond 2^53 fen", () => {
    const huge = 2n ** 60n + 1n; // 1,152,921,504,606,846,977 fen: not representable as a double

    it("formats every digit in 元", () => {
      expect(formatMoney(huge, "zh", "yuan")).toBe("11,529,215,046,068,469.77元");
      expect(formatMoney(9_007_199_254_740_993n, "zh", "yuan")).toBe("90,071,992,547,409.93元");
    });

    it("rounds exactly in 亿元 and 万元", () => {
      expect(formatMoney(huge, "zh")).toBe("115,292,150.46亿元"); // 115292150.4606846977亿
      expect(formatMoney(huge, "zh", "wan")).toBe("1,152,921,504,606.85万元");
    });

    it("accepts the same amount as a decimal string", () => {
      expect(formatMoney("1152921504606846977", "zh", "yuan")).toBe("11,529,215,046,068,469.77元");
      expect(formatMoney("-1152921504606846977", "zh", "yuan")).toBe("-11,529,215,046,068,469.77元");
    });
  });

  it("accepts numbers and strings as well as bigints", () => {
    expect(formatMoney(12345, "zh")).toBe("123.45元");
    expect(formatMoney("12345", "zh")).toBe("123.45元");
  });

  it("refuses a non-integer amount of fen", () => {
    expect(() => formatMoney(1.5, "zh")).toThrow(RangeError);
    expect(() => formatMoney("12.34", "zh")).toThrow(RangeError);
  });
});

describe("formatMoney (en)", () => {
  it("uses plain ¥ below one million yuan", () => {
    expect(formatMoney(0n, "en")).toBe("¥0.00");
    expect(formatMoney(12345n, "en")).toBe("¥123.45");
    expect(formatMoney(1_000_000n * YUAN - 1n, "en")).toBe("¥999,999.99");
  });

  it("switches to millions at exactly ¥1,000,000", () => {
    expect(formatMoney(1_000_000n * YUAN, "en")).toBe("¥1.00M");
    expect(formatMoney(123_456_789n, "en")).toBe("¥1.23M"); // ¥1,234,567.89
    expect(formatMoney(46_300n * WAN, "en")).toBe("¥463.00M");
    expect(formatMoney(12_345n * YI, "en")).toBe("¥1,234,500.00M");
  });

  it("rounds millions half-up", () => {
    expect(formatMoney(100_500_000n, "en")).toBe("¥1.01M"); // ¥1,005,000 exactly half
    expect(formatMoney(100_499_999n, "en")).toBe("¥1.00M");
  });

  it("maps the zh units onto ¥ / M", () => {
    const fen = 46_300n * WAN;
    expect(formatMoney(fen, "en", "yuan")).toBe("¥463,000,000.00");
    expect(formatMoney(fen, "en", "wan")).toBe("¥463.00M");
    expect(formatMoney(fen, "en", "yi")).toBe("¥463.00M");
    expect(formatMoney(12345n, "en", "wan")).toBe("¥0.00M");
    expect(formatMoney(12345n, "en", "yuan")).toBe("¥123.45");
  });

  it("shows negatives with a minus sign", () => {
    expect(formatMoney(-12345n, "en")).toBe("-¥123.45");
    expect(formatMoney(-46_300n * WAN, "en")).toBe("-¥463.00M");
  });

  it("is exact beyond 2^53 fen", () => {
    expect(formatMoney(2n ** 60n + 1n, "en")).toBe("¥11,529,215,046.07M");
    expect(formatMoney(2n ** 60n + 1n, "en", "yuan")).toBe("¥11,529,215,046,068,469.77");
  });
});

describe("fenToYuanInput", () => {
  it("writes exact 元 with two decimals and no grouping", () => {
    expect(fenToYuanInput(123456n)).toBe("1234.56");
    expect(fenToYuanInput(0n)).toBe("0.00");
    expect(fenToYuanInput(5n)).toBe("0.05");
    expect(fenToYuanInput(100n)).toBe("1.00");
    expect(fenToYuanInput(46_300n * WAN)).toBe("463000000.00");
  });

  it("keeps the sign", () => {
    expect(fenToYuanInput(-5n)).toBe("-0.05");
    expect(fenToYuanInput(-123456n)).toBe("-1234.56");
  });

  it("accepts strings and numbers, and is exact beyond 2^53", () => {
    expect(fenToYuanInput("123456")).toBe("1234.56");
    expect(fenToYuanInput(123456)).toBe("1234.56");
    expect(fenToYuanInput(2n ** 60n + 1n)).toBe("11529215046068469.77");
  });

  it("round-trips through parseYuanToFen", () => {
    for (const fen of [0n, 1n, -1n, 99n, 100n, 123456n, -123456n, 46_300n * WAN, 2n ** 60n + 1n, -(2n ** 60n + 1n)]) {
      expect(parseYuanToFen(fenToYuanInput(fen))).toBe(fen);
    }
  });
});

describe("parseYuanToFen", () => {
  it("parses plain 元 amounts", () => {
    expect(parseYuanToFen("1234")).toBe(123400n);
    expect(parseYuanToFen("1234.5")).toBe(123450n);
    expect(parseYuanToFen("1234.56")).toBe(123456n);
    expect(parseYuanToFen("0.01")).toBe(1n);
    expect(parseYuanToFen("0")).toBe(0n);
  });

  it("ignores thousands separators (ASCII and full-width), spaces and a trailing 元", () => {
    expect(parseYuanToFen("1,234.5")).toBe(123450n);
    expect(parseYuanToFen("1,234,567.89")).toBe(123456789n);
    expect(parseYuanToFen("1，234")).toBe(123400n);
    expect(parseYuanToFen("  1234  ")).toBe(123400n);
    expect(parseYuanToFen("12元")).toBe(1200n);
  });

  it("parses negatives", () => {
    expect(parseYuanToFen(" -12 ")).toBe(-1200n);
    expect(parseYuanToFen("-0.05")).toBe(-5n);
    expect(parseYuanToFen("-1.5万")).toBe(-1_500_000n);
  });

  it("scales a 万 suffix", () => {
    expect(parseYuanToFen("1.5万")).toBe(1_500_000n); // 15000元
    expect(parseYuanToFen("1.5万元")).toBe(1_500_000n);
    expect(parseYuanToFen("300万")).toBe(300n * WAN);
    expect(parseYuanToFen("1.000001万")).toBe(1_000_001n); // 10000.01元
    expect(parseYuanToFen("0.000001万")).toBe(1n);
  });

  it("scales an 亿 suffix", () => {
    expect(parseYuanToFen("4.63亿")).toBe(46_300_000_000n);
    expect(parseYuanToFen("4.6亿元")).toBe(46_000_000_000n);
    expect(parseYuanToFen("1亿")).toBe(YI);
    expect(parseYuanToFen("0.0000000001亿")).toBe(1n);
  });

  it("refuses more precision than 1分", () => {
    expect(parseYuanToFen("12.345")).toBeNull();
    expect(parseYuanToFen("0.001")).toBeNull();
    expect(parseYuanToFen("1.0000001万")).toBeNull();
    expect(parseYuanToFen("0.00000000001亿")).toBeNull();
  });

  it.each(["", "   ", "abc", "12abc", "1e5", "+5", "--1", "1.", ".5", "1.2.3", "万", "1万亿", "12元元", "¥12", "1/2", "１２"])(
    "returns null for %j",
    (input) => {
      expect(parseYuanToFen(input)).toBeNull();
    },
  );

  it("is exact for amounts beyond 2^53 fen", () => {
    expect(parseYuanToFen("90071992547409.93")).toBe(9_007_199_254_740_993n);
    expect(parseYuanToFen("11,529,215,046,068,469.77")).toBe(2n ** 60n + 1n);
  });
});

describe("shareBps", () => {
  it("gives the share in basis points", () => {
    expect(shareBps(9n, 10n)).toBe(9000);
    expect(shareBps(1n, 1n)).toBe(10000);
    expect(shareBps(0n, 10n)).toBe(0);
    expect(shareBps(15n, 10n)).toBe(15000);
  });

  it("rounds down", () => {
    expect(shareBps(1n, 3n)).toBe(3333);
    expect(shareBps(2n, 3n)).toBe(6666);
    expect(shareBps(1n, 10_001n)).toBe(0);
    expect(shareBps(46_300n * WAN, 46_000n * WAN)).toBe(10065); // 1.006521…
  });

  it("is 0 when the whole is 0", () => {
    expect(shareBps(0n, 0n)).toBe(0);
    expect(shareBps(500n, 0n)).toBe(0);
  });

  it("returns a plain number and stays exact for huge amounts", () => {
    const result = shareBps(2n ** 62n, 2n ** 63n);
    expect(typeof result).toBe("number");
    expect(result).toBe(5000);
    expect(shareBps(2n ** 62n + 1n, 2n ** 63n)).toBe(5000);
  });
});

describe("unit choice happens after rounding", () => {
  it("shows 99,999,999.99元 as 1.00亿元, not 10,000.00万元", () => {
    expect(formatMoney(9_999_999_999n, "zh")).toBe("1.00亿元");
    expect(formatMoney(9_999_995_000n, "zh")).toBe("1.00亿元");
    expect(formatMoney(9_999_994_999n, "zh")).toBe("9,999.99万元");
  });
});

describe("parseYuanToFen strictness", () => {
  it("accepts thousands separators only in their places", () => {
    expect(parseYuanToFen("1,234,567.50")).toBe(123_456_750n);
    expect(parseYuanToFen("1,2,3")).toBeNull();
    expect(parseYuanToFen("12 34")).toBeNull();
    expect(parseYuanToFen("1234,5")).toBeNull();
  });
  it("accepts trailing zeros beyond 分, which are exact", () => {
    expect(parseYuanToFen("12.340")).toBe(1234n);
    expect(parseYuanToFen("12.345")).toBeNull();
  });
});
