import { describe, expect, it } from "vitest";
import { addMonths } from "~/utils/dates";
import {
  advanceRecoveryTarget,
  checkCertification,
  checkContractPayment,
  checkNewClaim,
  checkTerms,
  claimPayables,
  contractPosition,
  defaultAdvanceRecovery,
  retentionReleaseDate,
  retentionSplit,
  type ContractPosition,
} from "./progress";

const WAN = 1_000_000n; // 1万元 in 分
const w = (wan: number) => BigInt(Math.round(wan * 100)) * (WAN / 100n);

// DOMAIN.md's example: a contract of 1,000万, 80 % payment ratio, a 30 % advance (300万), 3 % retention.
const base: ContractPosition = {
  contractValueFen: w(1000),
  paymentRatioBps: 8000,
  retentionBps: 300,
  advanceFen: w(300),
  certifiedFen: 0n,
  advancePaidFen: w(300),
  advanceRecoveredFen: 0n,
  progressPaidFen: 0n,
  retentionReleasedFen: 0n,
};

describe("advance recovery (default: proportional, all of it by 80 % certified)", () => {
  it("recovers in proportion to the certified value", () => {
    const target = (certified: number) => advanceRecoveryTarget({ advancePaidFen: w(300), certifiedFen: w(certified), contractValueFen: w(1000) });
    expect(target(0)).toBe(0n);
    expect(target(200)).toBe(w(75)); // 300 × 200 / 800
    expect(target(500)).toBe(w(187.5));
    expect(target(800)).toBe(w(300)); // fully recovered at 80 %
    expect(target(1000)).toBe(w(300)); // never more than the advance
  });

  it("rounds up to the 分 and takes off what earlier claims recovered", () => {
    expect(advanceRecoveryTarget({ advancePaidFen: 100n, certifiedFen: 1n, contractValueFen: 1000n })).toBe(1n); // 100 × 1 / 800 = 0.125 → 1
    expect(defaultAdvanceRecovery({ advancePaidFen: w(300), certifiedFen: w(500), contractValueFen: w(1000), recoveredBeforeFen: w(75) })).toBe(w(112.5));
    // A claim that recovered more by hand leaves nothing for the next one until the target catches up.
    expect(defaultAdvanceRecovery({ advancePaidFen: w(300), certifiedFen: w(300), contractValueFen: w(1000), recoveredBeforeFen: w(200) })).toBe(0n);
    expect(defaultAdvanceRecovery({ advancePaidFen: 0n, certifiedFen: w(300), contractValueFen: w(1000), recoveredBeforeFen: 0n })).toBe(0n);
  });
});

describe("payable on a contract", () => {
  it("is certified × ratio less the advance recovered and what was paid", () => {
    // 500万 certified: 400万 gross, 187.5万 of the advance recovered → 212.5万 payable.
    const at500 = contractPosition({ ...base, certifiedFen: w(500), advanceRecoveredFen: w(187.5) });
    expect(at500).toMatchObject({ grossFen: w(400), payableFen: w(212.5), advanceOutstandingFen: w(112.5), retentionFen: w(30), payableCapFen: w(970) });
    // 800万 certified, 212.5万 paid: 640 − 300 − 212.5 = 127.5万.
    expect(contractPosition({ ...base, certifiedFen: w(800), advanceRecoveredFen: w(300), progressPaidFen: w(212.5) }).payableFen).toBe(w(127.5));
  });

  it("never pays into the retention: at 100 % after completion the cap is value × 97 % less the advance", () => {
    const done = contractPosition({ ...base, paymentRatioBps: 10_000, certifiedFen: w(1000), advanceRecoveredFen: w(300), progressPaidFen: w(340) });
    expect(done.payableFen).toBe(w(330)); // 970 − 300 − 340
    expect(done.paidFen + done.payableFen).toBe(w(970));
    expect(done.retentionHeldFen).toBe(w(30));
  });

  it("keeps everything paid within value × (1 − retention) even if the advance was not recovered", () => {
    const unrecovered = contractPosition({ ...base, paymentRatioBps: 10_000, certifiedFen: w(1000), advanceRecoveredFen: 0n, progressPaidFen: 0n });
    expect(unrecovered.payableFen).toBe(w(670));
  });

  it("is never below 0", () => {
    expect(contractPosition({ ...base, certifiedFen: w(100), advanceRecoveredFen: w(37.5), progressPaidFen: w(100) }).payableFen).toBe(0n);
  });

  it("rounds the retention split so its parts add to the value", () => {
    expect(retentionSplit(1001n, 300)).toEqual({ retentionFen: 31n, payableCapFen: 970n });
  });
});

describe("payments by kind", () => {
  const check = (kind: "payment" | "advance" | "retention_release", amount: bigint, position: Partial<ContractPosition> = {}, paidOn = "2027-06-01", completedOn: string | null = null) =>
    checkContractPayment({ kind, amountFen: amount, paidOn, position: { ...base, ...position }, completedOn, defectPeriodMonths: 12 });

  it("pays progress up to the payable, to the 分", () => {
    const position = { certifiedFen: w(500), advanceRecoveredFen: w(187.5) };
    expect(check("payment", w(212.5), position)).toEqual({ ok: true });
    expect(check("payment", w(212.5) + 1n, position)).toEqual({ ok: false, field: "amount", message: "over_payable", vars: { payableFen: "212500000" } });
  });

  it("pays the advance up to its term, before any progress payment", () => {
    expect(check("advance", w(300), { advancePaidFen: 0n })).toEqual({ ok: true });
    expect(check("advance", w(300) + 1n, { advancePaidFen: 0n })).toMatchObject({ ok: false, message: "over_advance", vars: { advanceRoomFen: "300000000" } });
    expect(check("advance", w(100), { advancePaidFen: w(100), progressPaidFen: w(1) })).toMatchObject({ ok: false, message: "advance_after_progress" });
  });

  it("releases retention only from the end of the defect period, up to what is held", () => {
    const position = { certifiedFen: w(1000), paymentRatioBps: 10_000, advanceRecoveredFen: w(300), progressPaidFen: w(670) };
    expect(check("retention_release", w(30), position, "2028-06-30", null)).toMatchObject({ ok: false, message: "retention_not_completed" });
    expect(check("retention_release", w(30), position, "2028-06-29", "2027-06-30")).toEqual({ ok: false, field: "paidOn", message: "retention_before_release", vars: { date: "2028-06-30" } });
    expect(check("retention_release", w(30), position, "2028-06-30", "2027-06-30")).toEqual({ ok: true });
    expect(check("retention_release", w(10), { ...position, retentionReleasedFen: w(25) }, "2028-07-01", "2027-06-30")).toMatchObject({ ok: false, message: "over_retention", vars: { retentionFen: String(w(5)) } });
  });

  it("dates the release: completion + the defect period, at the month's last day when shorter", () => {
    expect(retentionReleaseDate("2027-06-30", 12)).toBe("2028-06-30");
    expect(retentionReleaseDate("2027-12-31", 2)).toBe("2028-02-29");
    expect(retentionReleaseDate("2027-01-15", 24)).toBe("2029-01-15");
    expect(retentionReleaseDate(null, 12)).toBeNull();
    expect(addMonths("2027-11-30", 3)).toBe("2028-02-29");
  });
});

describe("claims", () => {
  const claims = [
    { period: "2027-03", claimedFen: w(100), certifiedFen: w(90) },
    { period: "2027-05", claimedFen: w(300), certifiedFen: null },
  ];

  it("allows one claim per period, cumulative values never decreasing", () => {
    expect(checkNewClaim({ period: "2027-03", claimedFen: w(200), claims })).toMatchObject({ ok: false, field: "period", message: "duplicate_period" });
    expect(checkNewClaim({ period: "2027-06", claimedFen: w(299), claims })).toMatchObject({ ok: false, field: "claimed", message: "cumulative_decreasing", vars: { period: "2027-05" } });
    expect(checkNewClaim({ period: "2027-06", claimedFen: w(300), claims })).toEqual({ ok: true });
    expect(checkNewClaim({ period: "2027-04", claimedFen: w(301), claims })).toMatchObject({ ok: false, message: "cumulative_above_next" });
    expect(checkNewClaim({ period: "2027-04", claimedFen: w(150), claims })).toEqual({ ok: true });
  });

  it("certifies by another user, not above the claim nor the contract, not below an earlier certified value", () => {
    const claim = { period: "2027-05", claimedFen: w(300), certifiedFen: null, createdById: 7, status: "claimed" };
    const certify = (over: Partial<Parameters<typeof checkCertification>[0]>) =>
      checkCertification({ claim, certifierId: 8, supervisedFen: null, certifiedFen: w(250), contractValueFen: w(1000), claims, advanceRecoveryFen: null, advanceRecoverableFen: w(300), ...over });
    expect(certify({})).toEqual({ ok: true });
    expect(certify({ certifierId: 7 })).toMatchObject({ ok: false, message: "certifier_is_claimant" });
    expect(certify({ certifiedFen: w(300) + 1n })).toMatchObject({ ok: false, field: "certified", message: "above_claimed" });
    expect(certify({ supervisedFen: w(301) })).toMatchObject({ ok: false, field: "supervised", message: "above_claimed" });
    expect(certify({ certifiedFen: w(89) })).toMatchObject({ ok: false, field: "certified", message: "cumulative_decreasing", vars: { previousFen: String(w(90)) } });
    expect(certify({ contractValueFen: w(200) })).toMatchObject({ ok: false, message: "above_contract_value" });
    expect(certify({ advanceRecoveryFen: w(301) })).toMatchObject({ ok: false, field: "advanceRecovery", message: "over_advance_outstanding" });
    expect(certify({ claim: { ...claim, status: "certified" } })).toMatchObject({ ok: false, message: "claim_already_certified" });
  });
});

describe("contract terms", () => {
  it("caps the advance at 30 % of the value and keeps it above what was paid", () => {
    expect(checkTerms({ advanceFen: w(300), contractValueFen: w(1000), advancePaidFen: 0n })).toEqual({ ok: true });
    expect(checkTerms({ advanceFen: w(300) + 1n, contractValueFen: w(1000), advancePaidFen: 0n })).toMatchObject({ ok: false, message: "advance_over_cap", vars: { maxFen: String(w(300)) } });
    expect(checkTerms({ advanceFen: w(100), contractValueFen: w(1000), advancePaidFen: w(150) })).toMatchObject({ ok: false, message: "advance_below_paid" });
  });
});

describe("what each certified claim made payable (claimPayables: the contract page and the 进度款台账)", () => {
  const terms = { contractValueFen: w(1000), paymentRatioBps: 8000, retentionBps: 300, advancePaidFen: w(300) };
  const certified = (certifiedWan: number, recoveryWan: number) => ({ status: "certified", certifiedFen: w(certifiedWan), advanceRecoveryFen: w(recoveryWan) });

  it("is the cumulative entitlement through the claim less the one before; null for a claim not certified", () => {
    const payables = claimPayables(
      [certified(100, 37.5), { status: "claimed", certifiedFen: null, advanceRecoveryFen: 0n }, certified(500, 150), certified(1000, 112.5)],
      terms,
    );
    // 100 × 80 % − 37.5 = 42.5; then 400 − 187.5 = 212.5 (170 more); then 800 − 300 = 500 (287.5 more).
    expect(payables).toEqual([w(42.5), null, w(170), w(287.5)]);
  });

  it("never passes value × (1 − retention) − advance paid", () => {
    const capped = claimPayables([certified(900, 0), certified(1000, 0)], { ...terms, paymentRatioBps: 10_000 });
    // Cap 970 − 300 = 670: the first claim reaches it, the second adds nothing.
    expect(capped).toEqual([w(670), 0n]);
  });

  it("is 0 when the entitlement falls (a larger recovery), and the next claim pays only above the highest entitlement so far", () => {
    const payables = claimPayables([certified(100, 0), certified(110, 20), certified(120, 0), certified(130, 0)], { ...terms, advancePaidFen: 0n });
    // 80; 88 − 20 = 68 (0); 96 − 20 = 76 (0); 104 − 20 = 84 (4 above the 80 already due).
    expect(payables).toEqual([w(80), 0n, 0n, w(4)]);
  });

  it("matches the seed's HT-2026-001 (90万 then 150万 certified, 33.75万 and 22.5万 recovered)", () => {
    const seed = claimPayables([certified(90, 33.75), certified(150, 22.5)], { contractValueFen: w(300), paymentRatioBps: 8000, retentionBps: 300, advancePaidFen: w(90) });
    expect(seed).toEqual([w(38.25), w(25.5)]);
  });
});
