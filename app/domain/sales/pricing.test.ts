import { describe, expect, it } from "vitest";
import { checkDealPrice, DEFAULT_DISCOUNT_AUTHORITY, maxDiscountBps, unitPricePerSqmFen } from "./index";

describe("maxDiscountBps", () => {
  it("takes the largest authority over the roles, 0 when none", () => {
    expect(maxDiscountBps(["sales"], DEFAULT_DISCOUNT_AUTHORITY)).toBe(300);
    expect(maxDiscountBps(["sales", "exec"], DEFAULT_DISCOUNT_AUTHORITY)).toBe(800);
    expect(maxDiscountBps([], DEFAULT_DISCOUNT_AUTHORITY)).toBe(0);
    expect(maxDiscountBps(["viewer", "toString"], DEFAULT_DISCOUNT_AUTHORITY)).toBe(0);
    expect(maxDiscountBps(["sales", "exec"], new Map([["sales", 500], ["exec", 200]]))).toBe(500);
  });
});

describe("checkDealPrice", () => {
  const unit = { listPriceFen: 1_000_000n, floorPriceFen: 950_000n };
  it("allows down to the seller's authority", () => {
    expect(checkDealPrice({ ...unit, priceFen: 970_000n, maxDiscountBps: 300 })).toEqual({ ok: true, discountBps: 300 });
    expect(checkDealPrice({ ...unit, priceFen: 969_999n, maxDiscountBps: 300 })).toEqual({ ok: false, reason: "over_authority", minFen: 970_000n });
    expect(checkDealPrice({ ...unit, priceFen: 985_000n, maxDiscountBps: 300 })).toEqual({ ok: true, discountBps: 150 });
  });
  it("never below the floor price, whatever the authority", () => {
    expect(checkDealPrice({ ...unit, priceFen: 949_999n, maxDiscountBps: 800 })).toEqual({ ok: false, reason: "below_floor", minFen: 950_000n });
    expect(checkDealPrice({ ...unit, priceFen: 940_000n, maxDiscountBps: 300 })).toEqual({ ok: false, reason: "below_floor", minFen: 970_000n });
    expect(checkDealPrice({ ...unit, priceFen: 950_000n, maxDiscountBps: 800 })).toEqual({ ok: true, discountBps: 500 });
  });
  it("a price above the list is fine; no authority means the list price", () => {
    expect(checkDealPrice({ ...unit, priceFen: 1_100_000n, maxDiscountBps: 0 })).toEqual({ ok: true, discountBps: 0 });
    expect(checkDealPrice({ ...unit, priceFen: 999_999n, maxDiscountBps: 0 })).toEqual({ ok: false, reason: "over_authority", minFen: 1_000_000n });
  });
  it("rounds the lowest price up to the 分 and the discount down", () => {
    const odd = { listPriceFen: 999_999n, floorPriceFen: 0n };
    // 999 999 × 97 % = 969 999.03 → 969 999.03 rounded up = 970 000
    expect(checkDealPrice({ ...odd, priceFen: 969_999n, maxDiscountBps: 300 })).toEqual({ ok: false, reason: "over_authority", minFen: 970_000n });
    expect(checkDealPrice({ ...odd, priceFen: 970_000n, maxDiscountBps: 300 })).toEqual({ ok: true, discountBps: 299 });
  });
});

describe("unitPricePerSqmFen", () => {
  it("total × 100 / csqm, half up", () => {
    expect(unitPricePerSqmFen(100_000_000n, 8950)).toBe(1_117_318n); // 100万 / 89.50 m² = 11 173.18435 元
    expect(unitPricePerSqmFen(1n, 200)).toBe(1n); // 0.5 分 → 1
    expect(unitPricePerSqmFen(1n, 201)).toBe(0n);
    expect(unitPricePerSqmFen(5n, 0)).toBe(0n);
  });
});
