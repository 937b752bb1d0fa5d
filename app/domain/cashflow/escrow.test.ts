import { describe, expect, it } from "vitest";
import { availableFen, escrowSeries, keyAmountFen, releasedBps, type EscrowNode } from "./escrow";

describe("keyAmountFen (重点监管额度)", () => {
  it("89.50 m² × 3,000元/m² = 268,500元, below the 1,200,000元 price", () => {
    expect(keyAmountFen({ priceFen: 120_000_000n, areaCsqm: 8950, keyFenPerSqm: 300_000n })).toBe(26_850_000n);
  });

  it("is capped at the price: 100 m² × 3,000元 = 300,000元 > price 200,000元 → 200,000元", () => {
    expect(keyAmountFen({ priceFen: 20_000_000n, areaCsqm: 10_000, keyFenPerSqm: 300_000n })).toBe(20_000_000n);
  });

  it("rounds half up: 89.51 m² × 3,333.33元 = 298,366.3683元 → 298,366.37元; 0.50 m² × 1分 = 0.5分 → 1分", () => {
    expect(keyAmountFen({ priceFen: 120_000_000n, areaCsqm: 8951, keyFenPerSqm: 333_333n })).toBe(29_836_637n);
    expect(keyAmountFen({ priceFen: 100n, areaCsqm: 50, keyFenPerSqm: 1n })).toBe(1n);
  });

  it("holds the whole price when the area is unknown (0)", () => {
    expect(keyAmountFen({ priceFen: 10_000_000n, areaCsqm: 0, keyFenPerSqm: 300_000n })).toBe(10_000_000n);
  });
});

describe("releasedBps by construction nodes", () => {
  // 30 % at 基础完成, 60 % at 主体封顶, 90 % at 竣工验收, 100 % at 交付 (cumulative), listed out of order.
  const nodes: EscrowNode[] = [
    { on: "2028-03-31", releaseBps: 6000 },
    { on: "2027-06-30", releaseBps: 3000 },
    { on: "2029-06-30", releaseBps: 10_000 },
    { on: "2028-12-31", releaseBps: 9000 },
  ];

  it("is 0 before the first node and 30 % from its day on", () => {
    expect(releasedBps(nodes, "2027-06-29")).toBe(0);
    expect(releasedBps(nodes, "2027-06-30")).toBe(3000);
  });

  it("takes the largest node reached: 60 % after 封顶, 100 % after 交付", () => {
    expect(releasedBps(nodes, "2028-05-01")).toBe(6000);
    expect(releasedBps(nodes, "2030-01-01")).toBe(10_000);
  });

  it("never goes above 100 %, and no nodes release nothing", () => {
    expect(releasedBps([{ on: "2027-01-01", releaseBps: 12_000 }], "2027-01-01")).toBe(10_000);
    expect(releasedBps([], "2030-01-01")).toBe(0);
  });
});

describe("availableFen: money fills the key amount first", () => {
  it("a 100,000元 down payment against a 268,500元 key with 30 % released: 80,550元 usable, 19,450元 held", () => {
    // in key = 100,000; releasable = 268,500 × 30 % = 80,550; released = min(100,000, 80,550).
    expect(availableFen({ receivedFen: 10_000_000n, keyFen: 26_850_000n, releasedBps: 3000 })).toEqual({ availableFen: 8_055_000n, heldFen: 1_945_000n });
  });

  it("300,000元 received, nothing released: only the 31,500元 above the key is usable", () => {
    expect(availableFen({ receivedFen: 30_000_000n, keyFen: 26_850_000n, releasedBps: 0 })).toEqual({ availableFen: 3_150_000n, heldFen: 26_850_000n });
  });

  it("300,000元 received, 30 % released: 31,500 + 80,550 = 112,050元 usable, 187,950元 held", () => {
    expect(availableFen({ receivedFen: 30_000_000n, keyFen: 26_850_000n, releasedBps: 3000 })).toEqual({ availableFen: 11_205_000n, heldFen: 18_795_000n });
  });

  it("rounds the released amount down: 10,001分 × 33.33 % = 3,333.33分 → 3,333分", () => {
    expect(availableFen({ receivedFen: 10_001n, keyFen: 10_001n, releasedBps: 3333 })).toEqual({ availableFen: 3333n, heldFen: 6668n });
  });

  it("a small receipt is all released when the released share exceeds it", () => {
    expect(availableFen({ receivedFen: 1_000_000n, keyFen: 26_850_000n, releasedBps: 6000 })).toEqual({ availableFen: 1_000_000n, heldFen: 0n });
  });
});

describe("escrowSeries: available increments per month", () => {
  // Months 2027-05..08; released 0 %, 30 % (基础完成 in June), 30 %, 60 % (封顶 in August).
  // Sale A: key 268,500元; 60,000元 deposit in April (before the range → May), 240,000元 loan in June.
  // Sale B: area unknown → key = price 100,000元, paid in full in July.
  const result = escrowSeries({
    months: ["2027-05", "2027-06", "2027-07", "2027-08"],
    releasedBpsByMonth: [0, 3000, 3000, 6000],
    sales: [
      {
        keyFen: 26_850_000n,
        receipts: [
          { month: "2027-06", amountFen: 24_000_000n },
          { month: "2027-04", amountFen: 6_000_000n },
        ],
      },
      { keyFen: 10_000_000n, receipts: [{ month: "2027-07", amountFen: 10_000_000n }] },
      { keyFen: 5_000_000n, receipts: [] },
    ],
  });

  it("May: the 60,000元 deposit (dated April) all goes into the key amount, nothing usable", () => {
    expect(result[0]).toEqual({ month: "2027-05", receivedFen: 6_000_000n, availableFen: 0n, heldEndFen: 6_000_000n });
  });

  it("June: A has 300,000元 at 30 %: 112,050元 usable, 187,950元 held", () => {
    expect(result[1]).toEqual({ month: "2027-06", receivedFen: 24_000_000n, availableFen: 11_205_000n, heldEndFen: 18_795_000n });
  });

  it("July: B's 100,000元 at 30 % adds 30,000元; held 187,950 + 70,000 = 257,950元", () => {
    expect(result[2]).toEqual({ month: "2027-07", receivedFen: 10_000_000n, availableFen: 3_000_000n, heldEndFen: 25_795_000n });
  });

  it("August: 60 % releases 80,550元 more of A and 30,000元 more of B with no new money", () => {
    // A: 31,500 + 161,100 = 192,600 usable, 107,400 held; B: 60,000 usable, 40,000 held.
    // Total usable 252,600 − 142,050 in July = 110,550元.
    expect(result[3]).toEqual({ month: "2027-08", receivedFen: 0n, availableFen: 11_055_000n, heldEndFen: 14_740_000n });
  });

  it("everything received is either made available over the months or still held at the end", () => {
    const received = result.reduce((s, m) => s + m.receivedFen, 0n);
    const available = result.reduce((s, m) => s + m.availableFen, 0n);
    expect(received).toBe(40_000_000n);
    expect(available + result[3].heldEndFen).toBe(received);
  });

  it("counts receipts after the last month in the last month", () => {
    const late = escrowSeries({ months: ["2027-05", "2027-06"], releasedBpsByMonth: [0, 10_000], sales: [{ keyFen: 100n, receipts: [{ month: "2027-09", amountFen: 150n }] }] });
    expect(late[1]).toEqual({ month: "2027-06", receivedFen: 150n, availableFen: 150n, heldEndFen: 0n });
  });

  it("no months → no rows", () => {
    expect(escrowSeries({ months: [], releasedBpsByMonth: [], sales: [{ keyFen: 1n, receipts: [{ month: "2027-01", amountFen: 1n }] }] })).toEqual([]);
  });

  it("agrees month by month with the plain per-month walk on many sales (it only visits the months where a sale changes)", () => {
    // Speed is measured by the benchmark; here the shortcut must give exactly what walking every
    // sale through every month gives, with releases stepping up at irregular months.
    const months = Array.from({ length: 60 }, (_, i) => `${2027 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
    const releasedBpsByMonth = months.map((_, i) => (i < 7 ? 0 : i < 20 ? 3000 : i < 41 ? 6000 : i < 55 ? 9000 : 10_000));
    const sales = Array.from({ length: 2_000 }, (_, i) => ({
      keyFen: BigInt(1 + ((i * 7919) % 30_000_000)),
      receipts: [
        { month: months[i % 60], amountFen: BigInt(1 + ((i * 104_729) % 9_000_000)) },
        { month: months[(i * 13 + 3) % 60], amountFen: BigInt((i * 15_485_863) % 25_000_000) },
        ...(i % 5 === 0 ? [{ month: "2026-01", amountFen: 1_000_000n }, { month: "2040-01", amountFen: 333n }] : []),
      ],
    }));
    const rows = escrowSeries({ months, sales, releasedBpsByMonth });
    const index = (month: string) => (month < months[0] ? 0 : month > months[59] ? 59 : months.indexOf(month));
    let previous = 0n;
    months.forEach((month, i) => {
      let available = 0n;
      let held = 0n;
      for (const sale of sales) {
        const received = sale.receipts.filter((r) => index(r.month) <= i).reduce((sum, r) => sum + r.amountFen, 0n);
        const cash = availableFen({ receivedFen: received, keyFen: sale.keyFen, releasedBps: releasedBpsByMonth[i] });
        available += cash.availableFen;
        held += cash.heldFen;
      }
      expect(rows[i].availableFen, month).toBe(available - previous);
      expect(rows[i].heldEndFen, month).toBe(held);
      previous = available;
    });
  });
});
