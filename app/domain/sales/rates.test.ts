import { describe, expect, it } from "vitest";
import { collectionRateBps, inPeriod, occupancyBps, ratesByProduct, sellThroughBps, sellThroughOf } from "./index";

describe("rates", () => {
  it("回款率 = received ÷ signed, floor, 0 when nothing signed, reported as is above 100 %", () => {
    expect(collectionRateBps(1n, 3n)).toBe(3333);
    expect(collectionRateBps(2n, 3n)).toBe(6666);
    expect(collectionRateBps(0n, 0n)).toBe(0);
    expect(collectionRateBps(5n, 0n)).toBe(0);
    expect(collectionRateBps(12n, 10n)).toBe(12_000);
  });
  it("去化率 and 出租率, 0 with a zero denominator", () => {
    expect(sellThroughBps(7, 9)).toBe(7777);
    expect(sellThroughBps(0, 0)).toBe(0);
    expect(sellThroughBps(3, 0)).toBe(0);
    expect(occupancyBps(1, 3)).toBe(3333);
    expect(occupancyBps(500, 0)).toBe(0);
    expect(occupancyBps(10_000, 10_000)).toBe(10_000);
  });
  it("sold = reserved + signed over released units", () => {
    const units = ["unreleased", "unreleased", "available", "reserved", "signed", "signed"].map((status) => ({ status }));
    expect(sellThroughOf(units)).toEqual({ soldUnits: 3, offeredUnits: 4, sellThroughBps: 7500 });
  });
  it("periods", () => {
    expect(inPeriod("2027-03-31", "2027")).toBe(true);
    expect(inPeriod("2027-03-31", "2027-Q1")).toBe(true);
    expect(inPeriod("2027-04-01", "2027-Q1")).toBe(false);
    expect(inPeriod("2027-03-31", "2027-03")).toBe(true);
    expect(() => inPeriod("2027-03-31", "2027-Q5")).toThrow(RangeError);
  });
  it("by product, for deals signed in the period", () => {
    const deals = [
      { product: "commercial_sale", status: "signed", signedOn: "2027-02-01", amountFen: 300n, receivedFen: 100n },
      { product: "apartment_presale", status: "signed", signedOn: "2027-01-05", amountFen: 1000n, receivedFen: 300n },
      { product: "apartment_presale", status: "signed", signedOn: "2027-03-30", amountFen: 1000n, receivedFen: 700n },
      { product: "apartment_presale", status: "signed", signedOn: "2027-04-01", amountFen: 9000n, receivedFen: 0n },
      { product: "apartment_presale", status: "cancelled", signedOn: "2027-01-10", amountFen: 9000n, receivedFen: 0n },
      { product: "apartment_presale", status: "reserved", signedOn: null, amountFen: 9000n, receivedFen: 500n },
    ];
    expect(ratesByProduct(deals, "2027-Q1")).toEqual([
      { product: "apartment_presale", signedFen: 2000n, receivedFen: 1000n, collectionRateBps: 5000 },
      { product: "commercial_sale", signedFen: 300n, receivedFen: 100n, collectionRateBps: 3333 },
    ]);
    expect(ratesByProduct(deals, "2027-01")).toEqual([{ product: "apartment_presale", signedFen: 1000n, receivedFen: 300n, collectionRateBps: 3000 }]);
    expect(ratesByProduct(deals, "2027").find((r) => r.product === "apartment_presale")?.signedFen).toBe(11_000n);
    expect(ratesByProduct(deals, "2028")).toEqual([]);
  });
});
