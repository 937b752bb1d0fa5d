import { describe, expect, it } from "vitest";
import { addDays } from "~/utils/dates";
import { applyReceipts, overdueBuckets, PAYMENT_PLANS, receivableSchedule, reservationSchedule, type PaymentPlan } from "./index";

const sum = (rows: { amountFen: bigint }[]) => rows.reduce((a, r) => a + r.amountFen, 0n);
const brief = (rows: { seq: number; kind: string; dueOn: string; amountFen: bigint }[]) => rows.map((r) => [r.seq, r.kind, r.dueOn, r.amountFen]);

describe("receivableSchedule", () => {
  const deal = { priceFen: 300_000_001n, depositFen: 5_000_000n, reservedOn: "2027-01-10", signedOn: "2027-01-20" };

  it("full: the deposit, then the rest a week after signing", () => {
    expect(brief(receivableSchedule({ ...deal, plan: "full" }))).toEqual([
      [1, "deposit", "2027-01-10", 5_000_000n],
      [2, "full", "2027-01-27", 295_000_001n],
    ]);
  });

  it("mortgage: 首付 30 % (half up) less the deposit, the loan 60 days after signing", () => {
    // 300 000 001 × 30 % = 90 000 000.3 → 90 000 000; less the deposit 5 000 000
    expect(brief(receivableSchedule({ ...deal, plan: "mortgage" }))).toEqual([
      [1, "deposit", "2027-01-10", 5_000_000n],
      [2, "down_payment", "2027-01-27", 85_000_000n],
      [3, "mortgage", "2027-03-21", 210_000_001n],
    ]);
    expect(brief(receivableSchedule({ priceFen: 5n, depositFen: 0n, reservedOn: null, signedOn: "2027-01-20", plan: "mortgage" }))).toEqual([
      [1, "down_payment", "2027-01-27", 2n], // 1.5 → 2
      [2, "mortgage", "2027-03-21", 3n],
    ]);
  });

  it("mortgage with a deposit above the 首付 share: no 首付 row, the loan takes the rest", () => {
    const rows = receivableSchedule({ priceFen: 1_000_000n, depositFen: 300_000n, reservedOn: null, signedOn: "2027-05-01", plan: "mortgage", downPaymentBps: 2000, mortgageLagDays: 30 });
    expect(brief(rows)).toEqual([
      [1, "deposit", "2027-05-01", 300_000n],
      [2, "mortgage", "2027-05-31", 700_000n],
    ]);
  });

  it("instalments every 3 months from signing, clamped to month ends", () => {
    const rows = receivableSchedule({ priceFen: 100_000_000n, depositFen: 1_000_000n, reservedOn: null, signedOn: "2027-01-31", plan: "instalments" });
    expect(brief(rows)).toEqual([
      [1, "deposit", "2027-01-31", 1_000_000n],
      [2, "instalment", "2027-01-31", 33_000_000n],
      [3, "instalment", "2027-04-30", 33_000_000n],
      [4, "instalment", "2027-07-31", 33_000_000n],
    ]);
    const leap = receivableSchedule({ priceFen: 100n, depositFen: 0n, reservedOn: null, signedOn: "2027-11-30", plan: "instalments", instalments: 4 });
    expect(brief(leap)).toEqual([
      [1, "instalment", "2027-11-30", 25n],
      [2, "instalment", "2028-02-29", 25n],
      [3, "instalment", "2028-05-30", 25n],
      [4, "instalment", "2028-08-30", 25n],
    ]);
  });

  it("odd amounts split exactly, the extra 分 to the earlier rows", () => {
    const rows = receivableSchedule({ priceFen: 101n, depositFen: 1n, reservedOn: "2027-01-01", signedOn: "2027-01-02", plan: "instalments" });
    expect(rows.map((r) => r.amountFen)).toEqual([1n, 34n, 33n, 33n]);
    const seven = receivableSchedule({ priceFen: 1_000_000_005n, depositFen: 0n, reservedOn: null, signedOn: "2027-01-02", plan: "instalments", instalments: 7 });
    expect(sum(seven)).toBe(1_000_000_005n);
    expect(seven.map((r) => r.amountFen)).toEqual([142_857_144n, 142_857_144n, 142_857_144n, 142_857_144n, 142_857_143n, 142_857_143n, 142_857_143n]);
  });

  it("a deposit equal to the price leaves the deposit alone", () => {
    for (const plan of PAYMENT_PLANS) expect(brief(receivableSchedule({ priceFen: 50n, depositFen: 50n, reservedOn: "2027-01-01", signedOn: "2027-01-05", plan }))).toEqual([[1, "deposit", "2027-01-01", 50n]]);
  });

  it("refuses impossible input", () => {
    const base = { priceFen: 100n, depositFen: 0n, reservedOn: null, signedOn: "2027-01-05" };
    expect(() => receivableSchedule({ ...base, depositFen: 101n, plan: "full" })).toThrow(RangeError);
    expect(() => receivableSchedule({ ...base, depositFen: -1n, plan: "full" })).toThrow(RangeError);
    expect(() => receivableSchedule({ ...base, plan: "instalments", instalments: 1 })).toThrow(RangeError);
    expect(() => receivableSchedule({ ...base, plan: "instalments", instalments: 13 })).toThrow(RangeError);
    expect(() => receivableSchedule({ ...base, plan: "mortgage", downPaymentBps: 10_001 })).toThrow(RangeError);
    expect(() => receivableSchedule({ ...base, plan: "lease" as PaymentPlan })).toThrow(RangeError);
  });

  it("property: every schedule adds up to the price, rows positive and in due order", () => {
    let seed = 20261127;
    const rand = () => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const int = (n: number) => Math.floor(rand() * n);
    for (let k = 0; k < 500; k++) {
      const priceFen = BigInt(int(1_000_000)) * BigInt(int(100_000) + 1) + BigInt(int(100));
      const depositFen = int(4) === 0 ? 0n : (priceFen * BigInt(int(10_001))) / 10_000n;
      const signedOn = addDays("2026-01-01", int(1500));
      const reservedOn = int(3) === 0 ? null : addDays(signedOn, -int(90));
      const plan = PAYMENT_PLANS[int(3)];
      const rows = receivableSchedule({ priceFen, depositFen, reservedOn, signedOn, plan, downPaymentBps: int(10_001), instalments: 2 + int(11) });
      expect(sum(rows)).toBe(priceFen);
      expect(rows.every((r) => r.amountFen > 0n)).toBe(true);
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
      for (let i = 1; i < rows.length; i++) expect(rows[i].dueOn >= rows[i - 1].dueOn).toBe(true);
      const paid = applyReceipts(rows, priceFen, "2035-01-01");
      expect(paid.totals.outstandingFen).toBe(0n);
      expect(paid.totals.dueFen).toBe(priceFen);
    }
  });
});

describe("reservationSchedule", () => {
  it("the deposit alone, nothing without one", () => {
    expect(reservationSchedule({ depositFen: 2_000_000n, reservedOn: "2027-01-10" })).toEqual([{ seq: 1, kind: "deposit", dueOn: "2027-01-10", amountFen: 2_000_000n }]);
    expect(reservationSchedule({ depositFen: 0n, reservedOn: "2027-01-10" })).toEqual([]);
  });
});

describe("applyReceipts", () => {
  const schedule = [
    { seq: 3, kind: "mortgage", dueOn: "2027-03-21", amountFen: 210_000_001n },
    { seq: 1, kind: "deposit", dueOn: "2027-01-10", amountFen: 5_000_000n },
    { seq: 2, kind: "down_payment", dueOn: "2027-01-27", amountFen: 85_000_000n },
  ];

  it("applies money in due order; partly paid rows past due are overdue", () => {
    const { rows, totals } = applyReceipts(schedule, 50_000_000n, "2027-02-10");
    expect(rows.map((r) => [r.seq, r.receivedFen, r.outstandingFen, r.overdueFen, r.overdueDays])).toEqual([
      [1, 5_000_000n, 0n, 0n, 0],
      [2, 45_000_000n, 40_000_000n, 40_000_000n, 14],
      [3, 0n, 210_000_001n, 0n, 0],
    ]);
    expect(rows[1].kind).toBe("down_payment");
    expect(totals).toEqual({ dueFen: 90_000_000n, receivedFen: 50_000_000n, outstandingFen: 250_000_001n, overdueFen: 40_000_000n, oldestOverdueDays: 14 });
  });

  it("a row due today is due but not yet overdue", () => {
    const { rows, totals } = applyReceipts(schedule, 5_000_000n, "2027-01-27");
    expect(rows[1]).toMatchObject({ outstandingFen: 85_000_000n, overdueFen: 0n, overdueDays: 0 });
    expect(totals.dueFen).toBe(90_000_000n);
    expect(totals.overdueFen).toBe(0n);
  });

  it("refunds: a smaller net received uncovers the later rows first; a negative net covers nothing", () => {
    // 90万 received, 20万 refunded: net 70万 covers the deposit and part of the 首付
    const net = applyReceipts(schedule, 90_000_000n - 20_000_000n, "2027-04-01");
    expect(net.rows.map((r) => r.receivedFen)).toEqual([5_000_000n, 65_000_000n, 0n]);
    expect(net.totals).toEqual({ dueFen: 300_000_001n, receivedFen: 70_000_000n, outstandingFen: 230_000_001n, overdueFen: 230_000_001n, oldestOverdueDays: 64 });
    const negative = applyReceipts(schedule, -1_000_000n, "2027-01-11");
    expect(negative.rows.map((r) => r.receivedFen)).toEqual([0n, 0n, 0n]);
    expect(negative.totals).toMatchObject({ receivedFen: -1_000_000n, outstandingFen: 300_000_001n, overdueFen: 5_000_000n, oldestOverdueDays: 1 });
  });

  it("overpayment leaves nothing outstanding", () => {
    const { totals } = applyReceipts(schedule, 400_000_000n, "2027-01-01");
    expect(totals).toEqual({ dueFen: 0n, receivedFen: 400_000_000n, outstandingFen: 0n, overdueFen: 0n, oldestOverdueDays: 0 });
  });

  it("ages overdue amounts in buckets", () => {
    expect(
      overdueBuckets([
        { overdueFen: 1n, overdueDays: 1 },
        { overdueFen: 2n, overdueDays: 30 },
        { overdueFen: 4n, overdueDays: 31 },
        { overdueFen: 8n, overdueDays: 90 },
        { overdueFen: 16n, overdueDays: 91 },
        { overdueFen: 0n, overdueDays: 0 },
      ]),
    ).toEqual({ d1_30: 3n, d31_90: 12n, d90plus: 16n });
    const { rows } = applyReceipts(schedule, 0n, "2027-04-20"); // 100, 83 and 30 days overdue
    expect(overdueBuckets(rows)).toEqual({ d1_30: 210_000_001n, d31_90: 85_000_000n, d90plus: 5_000_000n });
  });
});
