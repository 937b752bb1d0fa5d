// 目标成本 versions (issue 13, point 2): the pure rules. A version holds an amount for every leaf
// account; it counts once another user approves it (models/cost/targets.server.ts); the current target
// is the latest approved version. Integer 分. See docs/decisions/013-cost-accounts-and-target-cost.md.

export type TargetItem = { accountId: number; amountFen: bigint };
export type LeafOfLine = { id: number; lineId: number };

/** A version's total and its total per part (budget line), in the lines' order; leaves it does not name count 0. */
export function targetTotals(items: readonly TargetItem[], leaves: readonly LeafOfLine[], lineIds: readonly number[]) {
  const lineOf = new Map(leaves.map((leaf) => [leaf.id, leaf.lineId]));
  const byLine = new Map<number, bigint>(lineIds.map((id) => [id, 0n]));
  let totalFen = 0n;
  for (const item of items) {
    totalFen += item.amountFen;
    const lineId = lineOf.get(item.accountId);
    if (lineId !== undefined) byLine.set(lineId, (byLine.get(lineId) ?? 0n) + item.amountFen);
  }
  return { totalFen, byLine: lineIds.map((lineId) => ({ lineId, totalFen: byLine.get(lineId) ?? 0n })) };
}

export type TargetVersionCheck =
  | { ok: true; totalFen: bigint }
  | { ok: false; reason: "missing_leaves"; accountIds: number[] }
  | { ok: false; reason: "unknown_accounts"; accountIds: number[] }
  | { ok: false; reason: "negative"; accountIds: number[] }
  | { ok: false; reason: "over_ceiling"; totalFen: bigint; ceilingFen: bigint; overFen: bigint };

/**
 * A new version must name every leaf once (and nothing else), with amounts of 0 or more, and its total
 * may not pass the approved project total (the ceiling): targets stay inside what was approved.
 */
export function checkTargetVersion(input: { items: readonly TargetItem[]; leafIds: readonly number[]; ceilingFen: bigint }): TargetVersionCheck {
  const leafSet = new Set(input.leafIds);
  const named = new Set(input.items.map((item) => item.accountId));
  const unknown = input.items.filter((item) => !leafSet.has(item.accountId)).map((item) => item.accountId);
  if (unknown.length > 0 || named.size !== input.items.length) return { ok: false, reason: "unknown_accounts", accountIds: unknown };
  const missing = input.leafIds.filter((id) => !named.has(id));
  if (missing.length > 0) return { ok: false, reason: "missing_leaves", accountIds: missing };
  const negative = input.items.filter((item) => item.amountFen < 0n).map((item) => item.accountId);
  if (negative.length > 0) return { ok: false, reason: "negative", accountIds: negative };
  const totalFen = input.items.reduce((sum, item) => sum + item.amountFen, 0n);
  if (totalFen > input.ceilingFen) return { ok: false, reason: "over_ceiling", totalFen, ceilingFen: input.ceilingFen, overFen: totalFen - input.ceilingFen };
  return { ok: true, totalFen };
}

/** Each leaf's amount in a version against another (the previous approved one, or the current target): the change. */
export function targetChanges(current: readonly TargetItem[], previous: readonly TargetItem[] | null) {
  const before = new Map((previous ?? []).map((item) => [item.accountId, item.amountFen]));
  return current.map((item) => {
    const previousFen = previous ? (before.get(item.accountId) ?? 0n) : null;
    return { accountId: item.accountId, amountFen: item.amountFen, previousFen, changeFen: previousFen === null ? null : item.amountFen - previousFen };
  });
}

/** The current target: the approved version with the highest number (pending and rejected ones never count). */
export function currentVersion<V extends { no: number; status: string }>(versions: readonly V[]): V | null {
  return versions.filter((v) => v.status === "approved").reduce<V | null>((best, v) => (best === null || v.no > best.no ? v : best), null);
}

/** The approved version before `no` (what the current one changed), or null. */
export function previousApproved<V extends { no: number; status: string }>(versions: readonly V[], no: number): V | null {
  return currentVersion(versions.filter((v) => v.no < no));
}
