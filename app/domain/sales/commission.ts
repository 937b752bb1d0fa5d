// Agency commission under the yearly 任务包干合同: a base rate up to the task, a higher rate above it, a
// lower (or no) rate when achievement stays below a floor; commission payable on signing or on 回款; and
// the gap between the agency's task and the product targets. Pure; money in bigint 分, rates in bps.

export type CommissionTerms = { taskFen: bigint; baseBps: number; aboveTaskBps: number; floorFen: bigint; belowFloorBps: number };
export const COMMISSION_BASES = ["signing", "collections"] as const;
export type CommissionBasis = (typeof COMMISSION_BASES)[number];

/** amount × bps / 10000, rounded half up to the 分 (half away from zero for a negative amount). */
function bpsOf(amount: bigint, bps: number): bigint {
  const n = amount * BigInt(Math.round(bps));
  return n >= 0n ? (n + 5_000n) / 10_000n : -((-n + 5_000n) / 10_000n);
}

/**
 * Commission accrued on an achieved amount. Below a floor (floorFen > 0): achieved × belowFloorBps.
 * Otherwise: min(achieved, task) × baseBps + (achieved − task, if any) × aboveTaskBps (baseBps when 0),
 * each part rounded half up to the 分. A negative achievement (refunds beyond sales) earns nothing.
 * Task 4000万, 0.8 % / 1.2 %: achieved 5000万 → 32万 + 12万 = 44万.
 */
export function commissionFen(terms: CommissionTerms, achievedFen: bigint): bigint {
  const achieved = achievedFen > 0n ? achievedFen : 0n;
  if (terms.floorFen > 0n && achieved < terms.floorFen) return bpsOf(achieved, terms.belowFloorBps);
  const task = terms.taskFen > 0n ? terms.taskFen : 0n;
  const within = achieved < task ? achieved : task;
  const above = achieved > task ? achieved - task : 0n;
  return bpsOf(within, terms.baseBps) + bpsOf(above, terms.aboveTaskBps || terms.baseBps);
}

/**
 * Commission payable now: on signing, all that is accrued; on collections (回款), the accrued commission
 * in proportion to the money collected on the signed amount (collected capped at signed, floor); 0 when
 * nothing is signed.
 */
export function commissionPayableFen(input: { accruedFen: bigint; basis: CommissionBasis; signedFen: bigint; collectedFen: bigint }): bigint {
  if (input.basis === "signing") return input.accruedFen;
  if (input.signedFen <= 0n) return 0n;
  const collected = input.collectedFen < 0n ? 0n : input.collectedFen > input.signedFen ? input.signedFen : input.collectedFen;
  return (input.accruedFen * collected) / input.signedFen;
}

/**
 * The agency's task against the product targets it covers (gap > 0: the task exceeds them). The targets
 * are their sum already, or the targets to add up (a list, a Map or a record by product).
 */
export function taskGap(
  taskFen: bigint,
  productTargetsFen: bigint | readonly bigint[] | Map<string, bigint> | Record<string, bigint>,
): { taskFen: bigint; targetsFen: bigint; gapFen: bigint } {
  if (typeof productTargetsFen === "bigint") return { taskFen, targetsFen: productTargetsFen, gapFen: taskFen - productTargetsFen };
  const values = Array.isArray(productTargetsFen)
    ? (productTargetsFen as readonly bigint[])
    : productTargetsFen instanceof Map
      ? [...productTargetsFen.values()]
      : Object.values(productTargetsFen as Record<string, bigint>);
  const targetsFen = values.reduce((a, b) => a + b, 0n);
  return { taskFen, targetsFen, gapFen: taskFen - targetsFen };
}
