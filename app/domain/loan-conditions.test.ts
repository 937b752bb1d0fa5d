import { describe, expect, it } from "vitest";
import { checkConditions, equityRatioBps, equityReaches, missingCertificates, unmetKinds, type CertificateState, type MilestoneState } from "./loan-conditions";

const WAN = 1_000_000n;
const ms = (code: string, done: boolean): MilestoneState => ({ code, name: code, nameEn: code, done });

// The reference project: land certificates held (C01, C02), works planning (M14) and construction (M19) not yet.
const SEED_CERTIFICATES: CertificateState[] = [
  { kind: "land_use", done: true, code: "C01" },
  { kind: "land_planning", done: true, code: "C02" },
  { kind: "works_planning", done: false, code: "M14" },
  { kind: "construction", done: false, code: "M19" },
];

describe("equityRatioBps", () => {
  it("is exact and rounds half up", () => {
    expect(equityRatioBps(6000n * WAN, 46000n * WAN)).toBe(1304); // 13.0434…%
    expect(equityRatioBps(1n, 20_000n)).toBe(1); // 0.5 bp → 1
    expect(equityRatioBps(1n, 20_001n)).toBe(0); // just under half
    expect(equityRatioBps(3n, 40_000n)).toBe(1); // 0.75 bp → 1
    expect(equityRatioBps(25n, 100n)).toBe(2500);
    expect(equityRatioBps(100n, 100n)).toBe(10_000);
  });

  it("is 0 without a total and stays exact for large amounts", () => {
    expect(equityRatioBps(5n, 0n)).toBe(0);
    expect(equityRatioBps(0n, 46000n * WAN)).toBe(0);
    // 1 分 short of 25 % of 4.6亿 still rounds to 2500 bps…
    expect(equityRatioBps(11500n * WAN - 1n, 46000n * WAN)).toBe(2500);
    // …but does not reach it.
    expect(equityReaches(11500n * WAN - 1n, 46000n * WAN, 2500)).toBe(false);
    expect(equityReaches(11500n * WAN, 46000n * WAN, 2500)).toBe(true);
  });

  it("rounds a net negative ratio half up too", () => {
    expect(equityRatioBps(-1n, 20_000n)).toBe(0); // −0.5 → 0
    expect(equityRatioBps(-3n, 20_000n)).toBe(-1); // −1.5 → −1
  });
});

describe("missingCertificates", () => {
  it("lists the kinds without a done milestone, and those not in the schedule", () => {
    expect(missingCertificates(SEED_CERTIFICATES)).toEqual([
      { kind: "works_planning", reason: "not_done", codes: ["M14"] },
      { kind: "construction", reason: "not_done", codes: ["M19"] },
    ]);
    expect(missingCertificates(SEED_CERTIFICATES.slice(0, 2))).toEqual([
      { kind: "works_planning", reason: "not_in_schedule", codes: [] },
      { kind: "construction", reason: "not_in_schedule", codes: [] },
    ]);
    expect(missingCertificates(SEED_CERTIFICATES.map((c) => ({ ...c, done: true })))).toEqual([]);
  });

  it("is satisfied by one done milestone of a kind tagged twice, and ignores other tags", () => {
    const certificates = [...SEED_CERTIFICATES, { kind: "construction", done: true, code: "M19b" }, { kind: "works_planning", done: true, code: "M14" }, { kind: "other", done: true }];
    expect(missingCertificates(certificates)).toEqual([]);
  });
});

describe("checkConditions", () => {
  const conditions = [
    { id: 1, kind: "four_certificates", milestoneId: null, equityBps: null, note: "四证" },
    { id: 2, kind: "equity_ratio", milestoneId: null, equityBps: 2500, note: "资本金" },
    { id: 3, kind: "milestone", milestoneId: 19, equityBps: null, note: "施工许可" },
  ];
  const milestones = new Map([[19, ms("M19", false)]]);

  it("flags the reference bank facility on all three conditions", () => {
    const results = checkConditions({ conditions, certificates: SEED_CERTIFICATES, equity: { paidFen: 6000n * WAN, totalFen: 46000n * WAN }, milestones });
    expect(results.map((r) => [r.id, r.kind, r.met])).toEqual([
      [1, "four_certificates", false],
      [2, "equity_ratio", false],
      [3, "milestone", false],
    ]);
    expect(results[0].detail).toEqual({ kind: "four_certificates", missing: [expect.objectContaining({ kind: "works_planning" }), expect.objectContaining({ kind: "construction" })] });
    expect(results[1].detail).toEqual({ kind: "equity_ratio", ratioBps: 1304, requiredBps: 2500, paidFen: 6000n * WAN, totalFen: 46000n * WAN });
    expect(results[2].detail).toEqual({ kind: "milestone", milestoneId: 19, milestone: ms("M19", false) });
    expect(unmetKinds(results)).toEqual(["four_certificates", "equity_ratio", "milestone"]);
  });

  it("meets them once the permits are done and the equity reaches the ratio", () => {
    const results = checkConditions({
      conditions,
      certificates: SEED_CERTIFICATES.map((c) => ({ ...c, done: true })),
      equity: { paidFen: 11500n * WAN, totalFen: 46000n * WAN },
      milestones: new Map([[19, ms("M19", true)]]),
    });
    expect(results.every((r) => r.met)).toBe(true);
    expect(unmetKinds(results)).toEqual([]);
  });

  it("takes 25 % when the ratio is not given, and is unmet without a total, a known milestone or a known kind", () => {
    const [ratio, milestone, unknown, noMilestone] = checkConditions({
      conditions: [
        { id: 4, kind: "equity_ratio", milestoneId: null, equityBps: null, note: "" },
        { id: 5, kind: "milestone", milestoneId: 99, equityBps: null, note: "" },
        { id: 6, kind: "something_else", milestoneId: null, equityBps: null, note: "" },
        { id: 7, kind: "milestone", milestoneId: null, equityBps: null, note: "" },
      ],
      certificates: [],
      equity: { paidFen: 1n, totalFen: 0n },
      milestones,
    });
    expect(ratio).toMatchObject({ met: false, detail: { requiredBps: 2500, ratioBps: 0 } });
    expect(milestone).toMatchObject({ met: false, detail: { milestone: null } });
    expect(unknown).toMatchObject({ met: false, detail: { kind: "unknown" } });
    expect(noMilestone.met).toBe(false);
    // A 20 % condition (ordinary housing) is met at 20 %.
    const [housing] = checkConditions({ conditions: [{ id: 8, kind: "equity_ratio", milestoneId: null, equityBps: 2000, note: "" }], certificates: [], equity: { paidFen: 20n, totalFen: 100n }, milestones });
    expect(housing.met).toBe(true);
  });
});
