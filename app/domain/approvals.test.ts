import { describe, expect, it } from "vitest";
import { checkCeiling, checkDecider, checkProjectBudgetRevision, isApprovalKind, needsApproval, projectBudgetGap } from "./approvals";

const WAN = 1_000_000n; // 1万元 in 分
const YI = 10_000n * WAN; // 1亿元

describe("maker-checker", () => {
  it("lets an approver decide what someone else submitted, once", () => {
    expect(checkDecider({ status: "pending", submittedById: 1, actorId: 2, mayDecide: true })).toEqual({ ok: true });
    expect(checkDecider({ status: "pending", submittedById: 2, actorId: 2, mayDecide: true })).toEqual({ ok: false, reason: "own_submission" });
    expect(checkDecider({ status: "pending", submittedById: 1, actorId: 2, mayDecide: false })).toEqual({ ok: false, reason: "not_approver" });
    expect(checkDecider({ status: "pending", submittedById: 1, actorId: null, mayDecide: true })).toEqual({ ok: false, reason: "not_approver" });
    expect(checkDecider({ status: "approved", submittedById: 1, actorId: 2, mayDecide: true })).toEqual({ ok: false, reason: "not_pending" });
    expect(checkDecider({ status: "rejected", submittedById: 1, actorId: 2, mayDecide: true })).toEqual({ ok: false, reason: "not_pending" });
  });

  it("needs approval only above the threshold (500万: 500万 passes, 500万 and 1分 waits)", () => {
    expect(needsApproval(500n * WAN, 500n * WAN)).toBe(false);
    expect(needsApproval(500n * WAN + 1n, 500n * WAN)).toBe(true);
  });

  it("knows its kinds", () => {
    expect(isApprovalKind("budget_revision")).toBe(true);
    expect(isApprovalKind("payment")).toBe(true);
    expect(isApprovalKind("delete_everything")).toBe(false);
  });
});

describe("the project ceiling", () => {
  it("shows the plan's lines 300万 past the 4.6亿 total (DOMAIN.md: 8000万 + 1.4亿 + 2.43亿 = 4.63亿)", () => {
    const lines = 8000n * WAN + 14_000n * WAN + 24_300n * WAN;
    expect(projectBudgetGap(46_000n * WAN, lines)).toEqual({ totalFen: 4_6000_0000_00n, linesCurrentFen: 4_6300_0000_00n, overFen: 300n * WAN, underFen: 0n });
    expect(projectBudgetGap(4n * YI + 6000n * WAN + 300n * WAN, lines).overFen).toBe(0n);
  });

  it("refuses a raise past the total, to the 分, and names the room left", () => {
    expect(checkCeiling({ totalFen: 100n, usedFen: 90n, addFen: 10n })).toEqual({ ok: true });
    expect(checkCeiling({ totalFen: 100n, usedFen: 90n, addFen: 11n })).toEqual({ ok: false, roomFen: 10n });
    // Already past the ceiling: any raise is refused (room 0), a cut or nothing passes.
    expect(checkCeiling({ totalFen: 4_6000_0000_00n, usedFen: 4_6300_0000_00n, addFen: 1n })).toEqual({ ok: false, roomFen: 0n });
    expect(checkCeiling({ totalFen: 4_6000_0000_00n, usedFen: 4_6300_0000_00n, addFen: -100n * WAN })).toEqual({ ok: true });
    expect(checkCeiling({ totalFen: 100n, usedFen: 100n, addFen: 0n })).toEqual({ ok: true });
  });

  it("lets a project-budget revision move the total, never below what is paid or committed", () => {
    expect(checkProjectBudgetRevision({ totalFen: 46_000n * WAN, deltaFen: 300n * WAN, paidFen: 278n * WAN, committedFen: 800n * WAN })).toEqual({ ok: true });
    expect(checkProjectBudgetRevision({ totalFen: 1000n, deltaFen: 0n, paidFen: 0n, committedFen: 0n })).toEqual({ ok: false, reason: "zero" });
    expect(checkProjectBudgetRevision({ totalFen: 1000n, deltaFen: -201n, paidFen: 500n, committedFen: 800n })).toEqual({ ok: false, reason: "below_floor", floorFen: 800n });
    expect(checkProjectBudgetRevision({ totalFen: 1000n, deltaFen: -200n, paidFen: 500n, committedFen: 800n })).toEqual({ ok: true });
  });
});
