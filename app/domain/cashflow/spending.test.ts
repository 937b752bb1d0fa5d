import { describe, expect, it } from "vitest";
import { remainingSpending, spreadEvenly } from "./spending";

describe("spreadEvenly", () => {
  it("splits 1.00元 over Jan–Mar 2027 as 34分, 33分, 33分 (the remainder to the first month)", () => {
    expect(spreadEvenly({ amountFen: 100n, start: "2027-01-15", end: "2027-03-10", fromMonth: "2026-11" })).toEqual([
      { month: "2027-01", amountFen: 34n },
      { month: "2027-02", amountFen: 33n },
      { month: "2027-03", amountFen: 33n },
    ]);
  });

  it("only the months from fromMonth: 10,000,000.01元 over Jan–Jun, from March → 4 months, 1分 extra in March", () => {
    const parts = spreadEvenly({ amountFen: 1_000_000_001n, start: "2027-01-01", end: "2027-06-30", fromMonth: "2027-03" });
    expect(parts).toEqual([
      { month: "2027-03", amountFen: 250_000_001n },
      { month: "2027-04", amountFen: 250_000_000n },
      { month: "2027-05", amountFen: 250_000_000n },
      { month: "2027-06", amountFen: 250_000_000n },
    ]);
    expect(parts.reduce((s, p) => s + p.amountFen, 0n)).toBe(1_000_000_001n);
  });

  it("sums exactly: 7分 over 5 months → 2, 2, 1, 1, 1", () => {
    const parts = spreadEvenly({ amountFen: 7n, start: "2027-01-01", end: "2027-05-31", fromMonth: "2027-01" });
    expect(parts.map((p) => p.amountFen)).toEqual([2n, 2n, 1n, 1n, 1n]);
  });

  it("a slipped window that ended before fromMonth lands entirely in fromMonth", () => {
    expect(spreadEvenly({ amountFen: 5_000_000n, start: "2026-03-01", end: "2026-08-31", fromMonth: "2026-11" })).toEqual([{ month: "2026-11", amountFen: 5_000_000n }]);
  });

  it("a window inside one month gives that month the whole amount", () => {
    expect(spreadEvenly({ amountFen: 999n, start: "2027-02-03", end: "2027-02-20", fromMonth: "2026-11" })).toEqual([{ month: "2027-02", amountFen: 999n }]);
  });

  it("nothing for zero or negative amounts", () => {
    expect(spreadEvenly({ amountFen: 0n, start: "2027-01-01", end: "2027-03-31", fromMonth: "2026-11" })).toEqual([]);
    expect(spreadEvenly({ amountFen: -100n, start: "2027-01-01", end: "2027-03-31", fromMonth: "2026-11" })).toEqual([]);
  });
});

describe("remainingSpending", () => {
  it("adds the leaves month by month; a leaf without a window spreads over now → project end", () => {
    // Leaf 1: 3.00元 over Jan–Mar 2027 → 100分 each. Leaf 2: no window → 2026-11-27..2027-02-28 = 4 months,
    // 10分 → 3, 3, 2, 2. Leaf 3: nothing left. Leaf 4: slipped (ended Aug 2026) 50分 → all in Nov 2026.
    const byMonth = remainingSpending({
      fromMonth: "2026-11",
      fallback: { start: "2026-11-27", end: "2027-02-28" },
      leaves: [
        { accountId: 1, remainingFen: 300n, window: { start: "2027-01-01", end: "2027-03-31" } },
        { accountId: 2, remainingFen: 10n, window: null },
        { accountId: 3, remainingFen: 0n, window: { start: "2027-01-01", end: "2027-03-31" } },
        { accountId: 4, remainingFen: 50n, window: { start: "2026-06-01", end: "2026-08-31" } },
      ],
    });
    expect([...byMonth]).toEqual([
      ["2026-11", 53n],
      ["2026-12", 3n],
      ["2027-01", 102n],
      ["2027-02", 102n],
      ["2027-03", 100n],
    ]);
    expect([...byMonth.values()].reduce((s, v) => s + v, 0n)).toBe(360n);
  });
});
