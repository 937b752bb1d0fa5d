import { describe, expect, it } from "vitest";
import { checkChangeApproval, checkSettlement, committedValue, contractCurrentValue, needsApproval } from "./contract-value";

const W = (wan: number) => BigInt(wan) * 1_000_000n; // 万元 → 分

describe("a contract's current value", () => {
  it("is the original plus approved changes (a deduction lowers it)", () => {
    // The podium design: 300万 signed, a supplementary design approved at 18万, a deduction of 5万.
    expect(contractCurrentValue({ amountFen: W(300), status: "signed", settledFen: null, approvedChangesFen: W(18) - W(5) })).toBe(W(313));
  });

  it("is the settled amount once settled, whatever the changes were", () => {
    expect(contractCurrentValue({ amountFen: W(300), status: "settled", settledFen: W(310), approvedChangesFen: W(18) })).toBe(W(310));
    expect(contractCurrentValue({ amountFen: W(300), status: "closed", settledFen: W(310), approvedChangesFen: W(18) })).toBe(W(310));
  });

  it("binds nothing of its line while a draft or once voided", () => {
    expect(committedValue({ amountFen: W(300), status: "draft", settledFen: null, approvedChangesFen: 0n })).toBe(0n);
    expect(committedValue({ amountFen: W(300), status: "voided", settledFen: null, approvedChangesFen: W(18) })).toBe(0n);
    expect(committedValue({ amountFen: W(300), status: "signed", settledFen: null, approvedChangesFen: W(18) })).toBe(W(318));
  });
});

describe("approving a change", () => {
  const line = { currentFen: W(1000), committedFen: W(900), paidOutsideContractsFen: W(50) }; // 50万 uncommitted
  const contract = { currentFen: W(300), paidFen: W(120) };

  it("fits a rise into the line's uncommitted budget, to the 分", () => {
    expect(checkChangeApproval({ approvedFen: W(50), contract, line })).toEqual({ ok: true });
    expect(checkChangeApproval({ approvedFen: W(50) + 1n, contract, line })).toEqual({ ok: false, reason: "over_budget", uncommittedFen: W(50) });
  });

  it("lets a deduction down to what is paid, not below", () => {
    expect(checkChangeApproval({ approvedFen: -W(180), contract, line })).toEqual({ ok: true });
    expect(checkChangeApproval({ approvedFen: -W(180) - 1n, contract, line })).toEqual({ ok: false, reason: "below_paid", paidFen: W(120) });
  });

  it("needs an approver above the threshold, either sign", () => {
    expect(needsApproval(W(50), W(50))).toBe(false); // at the threshold: not above
    expect(needsApproval(W(50) + 1n, W(50))).toBe(true);
    expect(needsApproval(-W(60), W(50))).toBe(true);
  });
});

describe("settlement", () => {
  const line = { currentFen: W(1000), committedFen: W(900), paidOutsideContractsFen: 0n }; // 100万 uncommitted
  const contract = { currentFen: W(318), paidFen: W(250) };

  it("waits for every pending change", () => {
    expect(checkSettlement({ settledFen: W(318), pendingChanges: 1, contract, line })).toEqual({ ok: false, reason: "pending_changes", count: 1 });
  });

  it("may settle below the current value, not below what is paid", () => {
    expect(checkSettlement({ settledFen: W(310), pendingChanges: 0, contract, line })).toEqual({ ok: true, deltaFen: -W(8) });
    expect(checkSettlement({ settledFen: W(250) - 1n, pendingChanges: 0, contract, line })).toEqual({ ok: false, reason: "below_paid", paidFen: W(250) });
  });

  it("fits what it adds into the line's uncommitted budget", () => {
    expect(checkSettlement({ settledFen: W(418), pendingChanges: 0, contract, line })).toEqual({ ok: true, deltaFen: W(100) });
    expect(checkSettlement({ settledFen: W(418) + 1n, pendingChanges: 0, contract, line })).toEqual({ ok: false, reason: "over_budget", uncommittedFen: W(100) });
  });
});
