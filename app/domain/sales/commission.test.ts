import { describe, expect, it } from "vitest";
import { commissionFen, commissionPayableFen, taskGap, type CommissionTerms } from "./index";

const WAN = 1_000_000n; // 1万元 in 分
const terms: CommissionTerms = { taskFen: 4000n * WAN, baseBps: 80, aboveTaskBps: 120, floorFen: 0n, belowFloorBps: 0 };

describe("commissionFen", () => {
  it("0.8 % up to the task, 1.2 % above: 5000万 → 32万 + 12万 = 44万", () => {
    expect(commissionFen(terms, 5000n * WAN)).toBe(44n * WAN);
    expect(commissionFen(terms, 4000n * WAN)).toBe(32n * WAN);
    expect(commissionFen(terms, 3000n * WAN)).toBe(24n * WAN);
    expect(commissionFen(terms, 0n)).toBe(0n);
    expect(commissionFen(terms, -5n * WAN)).toBe(0n);
  });
  it("below the floor the lower rate applies to all of it", () => {
    const floored = { ...terms, floorFen: 2000n * WAN, belowFloorBps: 40 };
    expect(commissionFen(floored, 1500n * WAN)).toBe(6n * WAN);
    expect(commissionFen(floored, 2000n * WAN)).toBe(16n * WAN); // at the floor: the base rate
    expect(commissionFen({ ...floored, belowFloorBps: 0 }, 1999n * WAN)).toBe(0n);
  });
  it("no higher rate means the base rate above the task", () => {
    expect(commissionFen({ ...terms, aboveTaskBps: 0 }, 5000n * WAN)).toBe(40n * WAN);
  });
  it("rounds each part half up to the 分", () => {
    const small = { taskFen: 100n, baseBps: 80, aboveTaskBps: 120, floorFen: 0n, belowFloorBps: 0 };
    expect(commissionFen(small, 62n)).toBe(0n); // 0.496
    expect(commissionFen(small, 63n)).toBe(1n); // 0.504
    // 100 × 0.8 % = 0.8 → 1; 42 × 1.2 % = 0.504 → 1
    expect(commissionFen(small, 142n)).toBe(2n);
  });
});

describe("commissionPayableFen", () => {
  it("on signing: all accrued", () => {
    expect(commissionPayableFen({ accruedFen: 44n * WAN, basis: "signing", signedFen: 5000n * WAN, collectedFen: 0n })).toBe(44n * WAN);
  });
  it("on collections: in proportion to money collected, capped at signed, floor", () => {
    const base = { accruedFen: 44n * WAN, basis: "collections" as const, signedFen: 5000n * WAN };
    expect(commissionPayableFen({ ...base, collectedFen: 2500n * WAN })).toBe(22n * WAN);
    expect(commissionPayableFen({ ...base, collectedFen: 6000n * WAN })).toBe(44n * WAN);
    expect(commissionPayableFen({ ...base, collectedFen: -1n })).toBe(0n);
    expect(commissionPayableFen({ ...base, signedFen: 0n, collectedFen: 100n })).toBe(0n);
    expect(commissionPayableFen({ accruedFen: 100n, basis: "collections", signedFen: 3n, collectedFen: 1n })).toBe(33n);
  });
});

describe("taskGap", () => {
  it("task less the product targets", () => {
    expect(taskGap(4000n * WAN, [3000n * WAN, 800n * WAN])).toEqual({ taskFen: 4000n * WAN, targetsFen: 3800n * WAN, gapFen: 200n * WAN });
    expect(taskGap(100n, { apartment_presale: 150n })).toEqual({ taskFen: 100n, targetsFen: 150n, gapFen: -50n });
    expect(taskGap(100n, new Map([["a", 40n]]))).toEqual({ taskFen: 100n, targetsFen: 40n, gapFen: 60n });
    expect(taskGap(100n, 70n)).toEqual({ taskFen: 100n, targetsFen: 70n, gapFen: 30n });
    expect(taskGap(100n, [])).toEqual({ taskFen: 100n, targetsFen: 0n, gapFen: 100n });
  });
});
