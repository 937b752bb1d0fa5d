import { describe, expect, it } from "vitest";
import { checkTargetVersion, currentVersion, previousApproved, targetChanges, targetTotals } from "./targets";

const W = (wan: number) => BigInt(Math.round(wan * 100)) * 10_000n; // 万元 → 分

// Three leaves: two of the foundation (line 1), one of the tower (line 3).
const leaves = [
  { id: 11, lineId: 1 },
  { id: 12, lineId: 1 },
  { id: 31, lineId: 3 },
];
const leafIds = leaves.map((leaf) => leaf.id);

describe("target-cost version totals", () => {
  it("adds a version per part and in total, exactly, parts in the lines' order", () => {
    const items = [
      { accountId: 31, amountFen: W(24000) },
      { accountId: 11, amountFen: W(3600) + 1n },
      { accountId: 12, amountFen: W(1800) },
    ];
    expect(targetTotals(items, leaves, [1, 2, 3])).toEqual({
      totalFen: W(29400) + 1n,
      byLine: [
        { lineId: 1, totalFen: W(5400) + 1n },
        { lineId: 2, totalFen: 0n },
        { lineId: 3, totalFen: W(24000) },
      ],
    });
  });
});

describe("checkTargetVersion", () => {
  const items = (a: number, b: number, c: number) => [
    { accountId: 11, amountFen: W(a) },
    { accountId: 12, amountFen: W(b) },
    { accountId: 31, amountFen: W(c) },
  ];

  it("accepts every leaf named once with a total at the ceiling", () => {
    expect(checkTargetVersion({ items: items(100, 200, 700), leafIds, ceilingFen: W(1000) })).toEqual({ ok: true, totalFen: W(1000) });
  });

  it("refuses a total 1分 over the approved project total, saying by how much", () => {
    const over = [...items(100, 200, 700).slice(0, 2), { accountId: 31, amountFen: W(700) + 1n }];
    expect(checkTargetVersion({ items: over, leafIds, ceilingFen: W(1000) })).toEqual({ ok: false, reason: "over_ceiling", totalFen: W(1000) + 1n, ceilingFen: W(1000), overFen: 1n });
  });

  it("needs every leaf, and nothing but leaves, each once", () => {
    expect(checkTargetVersion({ items: items(1, 2, 3).slice(0, 2), leafIds, ceilingFen: W(1000) })).toEqual({ ok: false, reason: "missing_leaves", accountIds: [31] });
    expect(checkTargetVersion({ items: [...items(1, 2, 3), { accountId: 99, amountFen: 1n }], leafIds, ceilingFen: W(1000) })).toMatchObject({ ok: false, reason: "unknown_accounts", accountIds: [99] });
    expect(checkTargetVersion({ items: [...items(1, 2, 3), { accountId: 11, amountFen: 1n }], leafIds, ceilingFen: W(1000) })).toMatchObject({ ok: false, reason: "unknown_accounts" });
  });

  it("refuses a negative amount; a zero target is allowed", () => {
    expect(checkTargetVersion({ items: [...items(1, 2, 0).slice(0, 2), { accountId: 31, amountFen: -1n }], leafIds, ceilingFen: W(1000) })).toEqual({ ok: false, reason: "negative", accountIds: [31] });
    expect(checkTargetVersion({ items: items(0, 0, 0), leafIds, ceilingFen: W(1000) })).toEqual({ ok: true, totalFen: 0n });
  });
});

describe("which version is current", () => {
  const versions = [
    { no: 1, status: "approved" },
    { no: 2, status: "rejected" },
    { no: 3, status: "approved" },
    { no: 4, status: "pending" },
  ];

  it("is the approved version with the highest number; pending and rejected ones never count", () => {
    expect(currentVersion(versions)?.no).toBe(3);
    expect(previousApproved(versions, 3)?.no).toBe(1);
    expect(previousApproved(versions, 1)).toBeNull();
    expect(currentVersion([{ no: 1, status: "pending" }])).toBeNull();
  });

  it("compares the current version's leaves with the previous one (a leaf it did not name counts 0)", () => {
    const changes = targetChanges(
      [
        { accountId: 11, amountFen: W(3700) },
        { accountId: 31, amountFen: W(23900) },
        { accountId: 40, amountFen: W(100) },
      ],
      [
        { accountId: 11, amountFen: W(3600) },
        { accountId: 31, amountFen: W(24000) },
      ],
    );
    expect(changes).toEqual([
      { accountId: 11, amountFen: W(3700), previousFen: W(3600), changeFen: W(100) },
      { accountId: 31, amountFen: W(23900), previousFen: W(24000), changeFen: -W(100) },
      { accountId: 40, amountFen: W(100), previousFen: 0n, changeFen: W(100) },
    ]);
    expect(targetChanges([{ accountId: 11, amountFen: 1n }], null)).toEqual([{ accountId: 11, amountFen: 1n, previousFen: null, changeFen: null }]);
  });
});
