import { describe, expect, it } from "vitest";
import { buildCashflow, scenarioAmount, type Flow, type FlowKind } from "./cashflow";

const WAN = 1_000_000n; // 1万元 in 分
const wan = (n: number) => BigInt(n) * WAN;
const secured = (month: string, kind: FlowKind, amountFen: bigint): Flow => ({ month, kind, amountFen, secured: true, probabilityBps: 10_000 });
const maybe = (month: string, kind: FlowKind, amountFen: bigint, probabilityBps: number): Flow => ({ month, kind, amountFen, secured: false, probabilityBps });

describe("scenarioAmount", () => {
  it("a secured flow counts in full in both scenarios", () => {
    const flow = secured("2027-01", "drawdown_forecast", wan(100));
    expect(scenarioAmount(flow, "secured")).toBe(wan(100));
    expect(scenarioAmount(flow, "expected")).toBe(wan(100));
  });

  it("an unsecured flow: nothing when secured, × probability when expected (10,000.01元 × 70 % = 7,000.007元 → 7,000.01元)", () => {
    const flow = maybe("2027-01", "sales_forecast", 1_000_001n, 7000);
    expect(scenarioAmount(flow, "secured")).toBe(0n);
    expect(scenarioAmount(flow, "expected")).toBe(700_001n);
  });

  it("rounds half up, not to even: 5分 × 50 % = 2.5 → 3分; 3分 × 50 % = 1.5 → 2分; a −5分 reversal → −3分", () => {
    expect(scenarioAmount(maybe("2027-01", "sales_forecast", 5n, 5000), "expected")).toBe(3n);
    expect(scenarioAmount(maybe("2027-01", "sales_forecast", 3n, 5000), "expected")).toBe(2n);
    expect(scenarioAmount(maybe("2027-01", "equity", -5n, 5000), "expected")).toBe(-3n);
  });
});

describe("buildCashflow: a worked example, Oct 2026 – Mar 2027, current month Nov 2026", () => {
  // Secured: 5,000万 equity (paid Sep, before the range → Oct); 3,000万 paid Oct; spending 1,500万 a month
  // Nov–Jan and 1,000万 in Feb; a signed loan draws 2,000万 in Feb; fee 20万 in Jan; interest 100万 in Mar;
  // a 500万 repayment in Jun (after the range → Mar).
  // Unsecured: a loan under negotiation, 2,000万 in Dec at 60 % (expected 1,200万); sales 1,000万 in Feb at
  // 80 % (expected 800万).
  const flows: Flow[] = [
    secured("2026-09", "equity", wan(5000)),
    secured("2026-10", "payment", wan(3000)),
    secured("2026-11", "spending", wan(1500)),
    secured("2026-12", "spending", wan(1500)),
    secured("2027-01", "spending", wan(1500)),
    secured("2027-02", "spending", wan(1000)),
    secured("2027-02", "drawdown_forecast", wan(2000)),
    secured("2027-01", "fee", wan(20)),
    secured("2027-03", "interest", wan(100)),
    secured("2027-06", "repayment", wan(500)),
    maybe("2026-12", "drawdown_forecast", wan(2000), 6000),
    maybe("2027-02", "sales_forecast", wan(1000), 8000),
  ];
  const months = ["2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03"];
  const securedPlan = buildCashflow({ months, currentMonth: "2026-11", flows, scenario: "secured" });
  const expectedPlan = buildCashflow({ months, currentMonth: "2026-11", flows, scenario: "expected" });

  it("secured: balances 2,000万, 500万, −1,000万, −2,520万, −1,520万, −2,120万 (unsecured money ignored)", () => {
    // Oct +5,000 −3,000 = 2,000; Nov −1,500 → 500; Dec −1,500 → −1,000; Jan −1,500 −20 → −2,520;
    // Feb +2,000 −1,000 → −1,520; Mar −100 −500 → −2,120 (万元).
    expect(securedPlan.months.map((m) => m.balanceFen)).toEqual([wan(2000), wan(500), -wan(1000), -wan(2520), -wan(1520), -wan(2120)]);
    expect(securedPlan.months.map((m) => m.gapFen)).toEqual([0n, 0n, wan(1000), wan(2520), wan(1520), wan(2120)]);
  });

  it("secured: first gap 1,000万 in Dec 2026; peak 2,520万 in Jan 2027 (not the last month)", () => {
    expect(securedPlan.firstGap).toEqual({ month: "2026-12", gapFen: wan(1000) });
    expect(securedPlan.peak).toEqual({ month: "2027-01", gapFen: wan(2520) });
    expect(securedPlan.totalInFen).toBe(wan(7000));
    expect(securedPlan.totalOutFen).toBe(wan(9120));
  });

  it("expected: the negotiated loan (1,200万) covers December, so the first gap comes a month later, in Jan 2027", () => {
    // Oct 2,000; Nov 500; Dec +1,200 −1,500 → 200; Jan −1,520 → −1,320; Feb +2,000 +800 −1,000 → 480;
    // Mar −600 → −120 (万元).
    expect(expectedPlan.months.map((m) => m.balanceFen)).toEqual([wan(2000), wan(500), wan(200), -wan(1320), wan(480), -wan(120)]);
    expect(expectedPlan.firstGap).toEqual({ month: "2027-01", gapFen: wan(1320) });
    expect(expectedPlan.peak).toEqual({ month: "2027-01", gapFen: wan(1320) });
    expect(expectedPlan.totalInFen).toBe(wan(9000));
    expect(expectedPlan.totalOutFen).toBe(wan(9120));
  });

  it("folds flows before the range into the first month and after it into the last, by kind", () => {
    expect(securedPlan.months[0]).toMatchObject({ month: "2026-10", inFen: { equity: wan(5000) }, outFen: { payment: wan(3000) }, totalInFen: wan(5000), totalOutFen: wan(3000), netFen: wan(2000) });
    expect(securedPlan.months[5].outFen).toEqual({ interest: wan(100), repayment: wan(500) });
    expect(securedPlan.months[3].outFen).toEqual({ spending: wan(1500), fee: wan(20) });
  });

  it("lists the scenario's parts only: December in the expected plan holds the 1,200万 drawdown, the secured one none", () => {
    expect(expectedPlan.months[2].inFen).toEqual({ drawdown_forecast: wan(1200) });
    expect(securedPlan.months[2].inFen).toEqual({});
  });

  it("marks months before the current month as actual", () => {
    expect(securedPlan.months.map((m) => m.actual)).toEqual([true, false, false, false, false, false]);
    expect(securedPlan.scenario).toBe("secured");
  });
});

describe("buildCashflow: edge cases", () => {
  it("no gap → firstGap and peak null", () => {
    const plan = buildCashflow({ months: ["2027-01", "2027-02"], currentMonth: "2027-01", scenario: "secured", flows: [secured("2027-01", "equity", 100n), secured("2027-02", "spending", 100n)] });
    expect(plan.months.map((m) => m.balanceFen)).toEqual([100n, 0n]);
    expect(plan.firstGap).toBeNull();
    expect(plan.peak).toBeNull();
  });

  it("a past gap counts as the first gap; the peak is the first of equal largest gaps", () => {
    const plan = buildCashflow({
      months: ["2026-09", "2026-10", "2026-11", "2026-12"],
      currentMonth: "2026-11",
      scenario: "secured",
      flows: [secured("2026-09", "payment", 300n), secured("2026-10", "equity", 300n), secured("2026-11", "spending", 500n), secured("2026-12", "equity", 0n)],
    });
    expect(plan.months.map((m) => m.gapFen)).toEqual([300n, 0n, 500n, 500n]);
    expect(plan.firstGap).toEqual({ month: "2026-09", gapFen: 300n });
    expect(plan.peak).toEqual({ month: "2026-11", gapFen: 500n });
  });

  it("a negative equity reversal reduces money in", () => {
    const plan = buildCashflow({ months: ["2027-01"], currentMonth: "2027-01", scenario: "expected", flows: [secured("2027-01", "equity", 1000n), secured("2027-01", "equity", -1500n)] });
    expect(plan.months[0]).toMatchObject({ totalInFen: -500n, balanceFen: -500n, gapFen: 500n });
  });

  it("no months → an empty plan", () => {
    expect(buildCashflow({ months: [], currentMonth: "2027-01", scenario: "secured", flows: [secured("2027-01", "equity", 1n)] })).toEqual({
      scenario: "secured",
      months: [],
      firstGap: null,
      peak: null,
      totalInFen: 0n,
      totalOutFen: 0n,
    });
  });
});
