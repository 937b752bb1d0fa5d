import { describe, expect, it } from "vitest";
import { accountTree, rollUp, ZERO_FIGURES, type AccountNode, type LeafFigures } from "./accounts";
import { checkAccountRoom } from "./accounts";

const W = (wan: number) => BigInt(Math.round(wan * 100)) * 10_000n; // 万元 → 分

describe("roll-up of the account tree (accountTree)", () => {
  // The tower (APT) cut down: 建筑安装工程费 holds 主体结构 and 装饰装修; 前期工程费 holds 设计费;
  // 基础设施费 has no leaves yet.
  const accounts: AccountNode[] = [
    { id: 1, lineId: 3, parentId: null, code: "APT.02", name: "建筑安装工程费", nameEn: "Construction and installation", sortOrder: 2 },
    { id: 2, lineId: 3, parentId: 1, code: "APT.02.01", name: "主体结构", nameEn: "Main structure", sortOrder: 1 },
    { id: 3, lineId: 3, parentId: 1, code: "APT.02.03", name: "装饰装修", nameEn: "Finishes", sortOrder: 3 },
    { id: 4, lineId: 3, parentId: null, code: "APT.01", name: "前期工程费", nameEn: "Preliminary works", sortOrder: 1 },
    { id: 5, lineId: 3, parentId: 4, code: "APT.01.01", name: "设计费", nameEn: "Design", sortOrder: 1 },
    { id: 6, lineId: 3, parentId: null, code: "APT.03", name: "基础设施费", nameEn: "Site infrastructure", sortOrder: 3 },
  ];
  const leaf = (figures: Partial<LeafFigures>): LeafFigures => ({ ...ZERO_FIGURES, ...figures });
  const figures = new Map<number, LeafFigures>([
    // 主体结构: 11,500万 to come against a 12,000万 target: 95.8 %, amber.
    [2, leaf({ targetFen: W(12000), toComeFen: W(11500) })],
    // 装饰装修: the estimate revised to 4,200万 against a 3,800万 target: 110.5 %, red.
    [3, leaf({ targetFen: W(3800), toComeFen: W(4200), paidFen: W(0) })],
    // 设计费: the design contract 500万 + a pending change estimated at 32万 + 60万 to come, 450万 paid on it.
    [5, leaf({ targetFen: W(560), contractsFen: W(500), pendingEstimatesFen: W(32), toComeFen: W(60), paidFen: W(450) })],
  ]);
  const [tower] = accountTree([3], accounts, figures);
  const row = (code: string) => tower.accounts.find((a) => a.code === code)!;

  it("lists each first-level account, in order, followed by its leaves", () => {
    expect(tower.accounts.map((a) => [a.code, a.depth, a.leaf])).toEqual([
      ["APT.01", 1, false],
      ["APT.01.01", 2, true],
      ["APT.02", 1, false],
      ["APT.02.01", 2, true],
      ["APT.02.03", 2, true],
      ["APT.03", 1, false],
    ]);
  });

  it("sums the leaves into their first-level account and the part, exactly", () => {
    expect(row("APT.02").dynamic).toMatchObject({ targetFen: W(15800), toComeFen: W(15700), dynamicFen: W(15700), varianceFen: -W(100) });
    expect(row("APT.01").dynamic).toMatchObject({ targetFen: W(560), dynamicFen: W(592), varianceFen: W(32), level: "red" });
    expect(row("APT.01").paidFen).toBe(W(450));
    expect(tower.dynamic).toMatchObject({ targetFen: W(16360), contractsFen: W(500), pendingEstimatesFen: W(32), toComeFen: W(15760), dynamicFen: W(16292), varianceFen: -W(68) });
    expect(tower.paidFen).toBe(W(450));
    // The part's figure is the sum of its leaves, whichever way it is grouped.
    const leaves = tower.accounts.filter((a) => a.leaf);
    expect(leaves.reduce((sum, a) => sum + a.dynamic.dynamicFen, 0n)).toBe(tower.dynamic.dynamicFen);
  });

  it("shows a parent amber while one of its leaves is red (both levels judged on their own sums)", () => {
    // 15,700 / 15,800 = 99.4 %: amber; 装饰装修 4,200 / 3,800: red; 主体结构 11,500 / 12,000 = 95.8 %: amber.
    expect(row("APT.02").dynamic.level).toBe("amber");
    expect(row("APT.02.03").dynamic).toMatchObject({ level: "red", varianceFen: W(400), targetUsedBps: 11052 });
    expect(row("APT.02.01").dynamic.level).toBe("amber");
  });

  it("shows zeros for a first-level account with no leaves (it cannot hold cost itself)", () => {
    expect(row("APT.03").dynamic).toMatchObject({ targetFen: 0n, dynamicFen: 0n, varianceFen: 0n, level: "ok" });
    expect(row("APT.03").paidFen).toBe(0n);
  });

  it("counts a leaf without figures as zero, and a line without accounts as an empty part", () => {
    const [empty, other] = accountTree([3, 9], accounts, new Map());
    expect(empty.dynamic).toMatchObject({ targetFen: 0n, dynamicFen: 0n, level: "ok" });
    expect(empty.accounts).toHaveLength(6);
    expect(other).toMatchObject({ lineId: 9, accounts: [], paidFen: 0n });
  });

  it("judges cost with no target as red (no approved target: the target counts 0)", () => {
    expect(rollUp([leaf({ toComeFen: 1n })]).dynamic.level).toBe("red");
    expect(rollUp([leaf({})]).dynamic.level).toBe("ok");
  });
});

describe("an account's room for a payment outside contracts (checkAccountRoom)", () => {
  // 幕墙工程: target 1,200万; a contract at its current value of 1,018万 (1,000万 + 18万 approved change);
  // 150万 paid outside contracts: 32万 is left.
  const facade = { targetFen: W(1200), contractsFen: W(1018), paidOutsideContractsFen: W(150) };

  it("lets a payment up to the room through, to the 分", () => {
    expect(checkAccountRoom({ ...facade, amountFen: W(32) })).toEqual({ ok: true });
    expect(checkAccountRoom({ ...facade, amountFen: W(32) + 1n })).toEqual({ ok: false, roomFen: W(32) });
    expect(checkAccountRoom({ ...facade, amountFen: 1n })).toEqual({ ok: true });
  });

  it("counts payments outside contracts net of reversals (a 红冲 gives the room back)", () => {
    // 150万 paid, then 50万 of it reversed: 100万 net, 82万 of room.
    const afterReversal = { ...facade, paidOutsideContractsFen: W(150) - W(50) };
    expect(checkAccountRoom({ ...afterReversal, amountFen: W(82) })).toEqual({ ok: true });
    expect(checkAccountRoom({ ...afterReversal, amountFen: W(82) + 1n })).toEqual({ ok: false, roomFen: W(82) });
  });

  it("says 0 of room, never a negative one, when contracts already pass the target", () => {
    // A target of 500万 and a contract now worth 532万 (500万 + a 32万 change): 32万 over, no room.
    expect(checkAccountRoom({ targetFen: W(500), contractsFen: W(532), paidOutsideContractsFen: 0n, amountFen: 1n })).toEqual({ ok: false, roomFen: 0n });
    expect(checkAccountRoom({ targetFen: W(100), contractsFen: 0n, paidOutsideContractsFen: W(100), amountFen: 1n })).toEqual({ ok: false, roomFen: 0n });
  });

  it("does not limit an account without an approved target (only the line's budget applies)", () => {
    expect(checkAccountRoom({ targetFen: null, contractsFen: W(9999), paidOutsideContractsFen: W(9999), amountFen: W(100_000) })).toEqual({ ok: true });
  });

  it("leaves nothing for a target of 0", () => {
    expect(checkAccountRoom({ targetFen: 0n, contractsFen: 0n, paidOutsideContractsFen: 0n, amountFen: 1n })).toEqual({ ok: false, roomFen: 0n });
  });
});
