// 动态成本 (dynamic cost, the forecast at completion) and its variance against the target (issue 13).
// Pure, integer 分. A leaf cost account (成本科目) passes its figures; a first-level account, a part
// (budget line) and the project the sums of their leaves' (sumDynamic, domain/cost/accounts.ts).
import { shareBps } from "~/utils/money";

/** 偏差 warnings: amber from 95 % of the target, red above 100 % (the target overrun). */
export const TARGET_AMBER_BPS = 9500;
export const TARGET_RED_BPS = 10000;

export type TargetLevel = "ok" | "amber" | "red";

export type DynamicCostInput = {
  contractsFen: bigint; // Σ current values of the committed contracts (original + approved changes, or settled)
  pendingEstimatesFen: bigint; // Σ the cost team's estimates of changes still pending
  toComeFen: bigint; // 待发生成本: the latest estimate of cost not yet contracted
  paidOutsideContractsFen: bigint; // cost already paid without a contract (fees, small works)
};

export type DynamicCost = DynamicCostInput & {
  targetFen: bigint;
  dynamicFen: bigint;
  varianceFen: bigint; // dynamic − target: positive is an overrun
  targetUsedBps: number; // dynamic / target
  level: TargetLevel;
};

/** Where a dynamic cost stands against its target, compared exactly (no rounding decides a colour). */
export function targetLevel(dynamicFen: bigint, targetFen: bigint): TargetLevel {
  if (targetFen <= 0n) return dynamicFen > 0n ? "red" : "ok";
  if (dynamicFen * 10000n > targetFen * BigInt(TARGET_RED_BPS)) return "red";
  if (dynamicFen * 10000n >= targetFen * BigInt(TARGET_AMBER_BPS)) return "amber";
  return "ok";
}

/**
 * 动态成本 = contracts at their current value + estimates of pending changes + 待发生成本 (+ what was
 * paid outside contracts). Unlike the old forecast at completion it is not capped by the budget: it can
 * exceed the target, and then says so. The target is the current target-cost version's (the latest approved),
 * summed over the leaves concerned (models/cost/accounts.server.ts).
 */
export function dynamicCost(input: DynamicCostInput, targetFen: bigint): DynamicCost {
  const dynamicFen = input.contractsFen + input.pendingEstimatesFen + input.toComeFen + input.paidOutsideContractsFen;
  return { ...input, targetFen, dynamicFen, varianceFen: dynamicFen - targetFen, targetUsedBps: shareBps(dynamicFen, targetFen), level: targetLevel(dynamicFen, targetFen) };
}

/** The dynamic cost of several lines (or of a parent account): the sums of their parts, judged against the summed target. */
export function sumDynamic(items: (DynamicCostInput & { targetFen: bigint })[]): DynamicCost {
  const total = items.reduce(
    (sum, item) => ({
      contractsFen: sum.contractsFen + item.contractsFen,
      pendingEstimatesFen: sum.pendingEstimatesFen + item.pendingEstimatesFen,
      toComeFen: sum.toComeFen + item.toComeFen,
      paidOutsideContractsFen: sum.paidOutsideContractsFen + item.paidOutsideContractsFen,
      targetFen: sum.targetFen + item.targetFen,
    }),
    { contractsFen: 0n, pendingEstimatesFen: 0n, toComeFen: 0n, paidOutsideContractsFen: 0n, targetFen: 0n },
  );
  const { targetFen, ...parts } = total;
  return dynamicCost(parts, targetFen);
}
