import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseYuanToFen } from "~/utils/money";
import { yuan } from "./workbook.server";

describe("yuan", () => {
  it("writes 分 as the 元 number nearest the exact amount, which reads back to the 分", () => {
    expect(yuan(1n)).toBe(0.01);
    expect(yuan(-21_000_000n)).toBe(-210_000);
    expect(yuan(123_456_789n)).toBe(1_234_567.89);
    expect(yuan(1_000_000_000_000n)).toBe(10_000_000_000);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (fen) => {
        const value = yuan(fen);
        // The nearest double: the same as one correctly rounded division while 分 are exact doubles.
        expect(value).toBe(Number(fen) / 100);
        // As Excel shows it (15 significant digits, two decimals), it is the amount to the 分.
        expect(parseYuanToFen(value.toFixed(2))).toBe(fen);
      }),
      { numRuns: 2000 },
    );
  });
});
