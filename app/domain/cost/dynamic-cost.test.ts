import { describe, expect, it } from "vitest";
import { dynamicCost, sumDynamic, TARGET_AMBER_BPS, TARGET_RED_BPS, targetLevel } from "./dynamic-cost";

const W = (wan: number) => BigInt(wan) * 1_000_000n; // 万元 → 分

describe("动态成本", () => {
  it("adds contracts at their current value, pending estimates, cost to come and what was paid outside contracts", () => {
    // The tower line (demo): design contract 500万, a pending layout change estimated at 32万, 23,900万 to
    // come, against a 24,300万 target: 24,432万, 132万 over, red.
    const tower = dynamicCost({ contractsFen: W(500), pendingEstimatesFen: W(32), toComeFen: W(23900), paidOutsideContractsFen: 0n }, W(24300));
    expect(tower).toMatchObject({ dynamicFen: W(24432), varianceFen: W(132), targetUsedBps: 10054, level: "red" });
  });

  it("can exceed the target (unlike the old forecast at completion)", () => {
    const over = dynamicCost({ contractsFen: W(120), pendingEstimatesFen: 0n, toComeFen: 0n, paidOutsideContractsFen: 0n }, W(100));
    expect(over.dynamicFen > over.targetFen).toBe(true);
    expect(over.varianceFen).toBe(W(20));
  });

  it("judges the whole by the sums of the parts", () => {
    const total = sumDynamic([
      { contractsFen: W(318), pendingEstimatesFen: 0n, toComeFen: W(12900), paidOutsideContractsFen: 0n, targetFen: W(14000) },
      { contractsFen: W(500), pendingEstimatesFen: W(32), toComeFen: W(23900), paidOutsideContractsFen: 0n, targetFen: W(24300) },
    ]);
    expect(total).toMatchObject({ dynamicFen: W(37650), targetFen: W(38300), varianceFen: -W(650), level: "amber" });
  });
});

describe("thresholds", () => {
  it("are amber from 95 % and red above 100 %", () => {
    expect([TARGET_AMBER_BPS, TARGET_RED_BPS]).toEqual([9500, 10000]);
  });

  it("compare exactly, to the 分", () => {
    const target = W(1000);
    expect(targetLevel(W(950) - 1n, target)).toBe("ok");
    expect(targetLevel(W(950), target)).toBe("amber");
    expect(targetLevel(target, target)).toBe("amber"); // at the target: not over it
    expect(targetLevel(target + 1n, target)).toBe("red"); // 1分 over
  });

  it("treat any cost against no target as over it", () => {
    expect(targetLevel(1n, 0n)).toBe("red");
    expect(targetLevel(0n, 0n)).toBe("ok");
  });
});
