// Pricing (价目表): discount authority by role (让价权限), the check of a deal price against the list
// price, the floor price (底价) and the seller's authority, and the price per m². Pure; money in bigint 分,
// areas in csqm, discounts in basis points below the list price.

/** Default 让价权限 when a project has configured none: bps below the list price by role. */
export const DEFAULT_DISCOUNT_AUTHORITY: Record<string, number> = { sales: 300, exec: 800 };

/** The largest discount any of the roles may give (0 when none of them has authority). */
export function maxDiscountBps(roles: readonly string[], authority: Map<string, number> | Record<string, number>): number {
  const of = (role: string) => (authority instanceof Map ? authority.get(role) : Object.prototype.hasOwnProperty.call(authority, role) ? authority[role] : undefined);
  let max = 0;
  for (const role of roles) {
    const bps = of(role);
    if (typeof bps === "number" && Number.isFinite(bps) && bps > max) max = bps;
  }
  return Math.min(10_000, Math.floor(max));
}

export type PriceCheck = { ok: true; discountBps: number } | { ok: false; reason: "below_floor" | "over_authority"; minFen: bigint };

/**
 * Whether a deal may be made at `priceFen`. The lowest price allowed is the larger of the floor price and
 * the list price less the seller's largest discount (that price rounded up to the 分). A price above the
 * list price is fine (discount 0). Below the floor price is refused as "below_floor" even when the seller's
 * authority would also be exceeded; otherwise below the authority is "over_authority".
 */
export function checkDealPrice(input: { listPriceFen: bigint; floorPriceFen: bigint; priceFen: bigint; maxDiscountBps: number }): PriceCheck {
  const { listPriceFen: list, floorPriceFen: floor, priceFen: price } = input;
  const bps = BigInt(Math.max(0, Math.min(10_000, Math.floor(input.maxDiscountBps))));
  const authorityMin = list - (list * bps) / 10_000n; // list × (1 − d) rounded up = list − floor(list × d)
  const minFen = floor > authorityMin ? floor : authorityMin;
  if (price < floor) return { ok: false, reason: "below_floor", minFen };
  if (price < authorityMin) return { ok: false, reason: "over_authority", minFen };
  return { ok: true, discountBps: discountBps(list, price) };
}

/** Discount of a price below the list price, in bps (floor); 0 at or above the list price. */
export function discountBps(listPriceFen: bigint, priceFen: bigint): number {
  if (listPriceFen <= 0n || priceFen >= listPriceFen) return 0;
  return Number(((listPriceFen - priceFen) * 10_000n) / listPriceFen);
}

/** Price per m² in 分: total × 100 / area (csqm), rounded half up; 0 for no area. */
export function unitPricePerSqmFen(totalFen: bigint, areaCsqm: number): bigint {
  if (!(areaCsqm > 0)) return 0n;
  const area = BigInt(Math.round(areaCsqm));
  const n = totalFen * 100n;
  return n >= 0n ? (n * 2n + area) / (2n * area) : -((-n * 2n + area) / (2n * area));
}
