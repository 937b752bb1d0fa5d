// The cash-flow plan to completion (资金计划 / 现金流): money in and out by month, the cumulative balance,
// the funding gap (资金缺口 = cumulative out − cumulative in, when positive), the first month short and
// the peak funding need (峰值资金需求 = the largest gap). Pure; money in bigint 分, months "YYYY-MM".
//
// Rules:
// - Every flow carries its direction in its kind (FLOW_KINDS_IN / FLOW_KINDS_OUT); amounts are ≥ 0, except
//   that a reversal may leave an "equity" or "payment" month negative.
// - Two scenarios. Secured (有保障): only secured flows, in full. Expected (预期): every flow weighted by its
//   probability, amount × probabilityBps ÷ 10,000 rounded half up (half away from zero for a negative
//   reversal); secured flows carry 10,000.
// - Flows dated before the first month count in the first month, after the last month in the last
//   month: nothing is dropped silently.
// - balance = cumulative net through the month; gap = max(0, −balance); a month before the current
//   month is actual. The first gap and the peak may lie in the past; the peak is the first month with the
//   largest gap.
import { monthIndexer } from "./months";

export const FLOW_KINDS_IN = ["equity", "drawdown", "drawdown_forecast", "sales", "sales_forecast", "lease", "lease_forecast"] as const;
export const FLOW_KINDS_OUT = ["payment", "spending", "interest", "fee", "repayment"] as const;
export type FlowKind = (typeof FLOW_KINDS_IN)[number] | (typeof FLOW_KINDS_OUT)[number];

/** One amount of money in or out in a month; the direction comes from the kind. */
export type Flow = { month: string; kind: FlowKind; amountFen: bigint; secured: boolean; probabilityBps: number };
export type Scenario = "secured" | "expected";

const IN_KINDS: ReadonlySet<FlowKind> = new Set(FLOW_KINDS_IN);

/** The part of a flow counted in a scenario: secured → full if secured else 0; expected → × probability, rounded half up. */
export function scenarioAmount(flow: Flow, scenario: Scenario): bigint {
  if (scenario === "secured") return flow.secured ? flow.amountFen : 0n;
  const numerator = flow.amountFen * BigInt(flow.probabilityBps);
  return numerator >= 0n ? (numerator * 2n + 10_000n) / 20_000n : -((-numerator * 2n + 10_000n) / 20_000n);
}

export type CashflowMonth = {
  month: string;
  inFen: Partial<Record<FlowKind, bigint>>;
  outFen: Partial<Record<FlowKind, bigint>>;
  totalInFen: bigint;
  totalOutFen: bigint;
  netFen: bigint;
  /** Cumulative net through this month. */
  balanceFen: bigint;
  /** 资金缺口: max(0, −balance). */
  gapFen: bigint;
  /** Month before the current month. */
  actual: boolean;
};
export type Cashflow = {
  scenario: Scenario;
  months: CashflowMonth[];
  firstGap: { month: string; gapFen: bigint } | null;
  peak: { month: string; gapFen: bigint } | null;
  totalInFen: bigint;
  totalOutFen: bigint;
};

/** The monthly cash flow of a scenario over `months` (ascending), with the first gap and the peak. */
export function buildCashflow(input: { months: string[]; currentMonth: string; flows: Flow[]; scenario: Scenario }): Cashflow {
  const { months, scenario } = input;
  const count = months.length;
  const rows: CashflowMonth[] = months.map((month) => ({
    month,
    inFen: {},
    outFen: {},
    totalInFen: 0n,
    totalOutFen: 0n,
    netFen: 0n,
    balanceFen: 0n,
    gapFen: 0n,
    actual: month < input.currentMonth,
  }));
  if (count === 0) return { scenario, months: rows, firstGap: null, peak: null, totalInFen: 0n, totalOutFen: 0n };
  const monthIndex = monthIndexer(months);

  for (const flow of input.flows) {
    const amountFen = scenarioAmount(flow, scenario);
    if (amountFen === 0n) continue;
    const row = rows[monthIndex(flow.month)];
    if (IN_KINDS.has(flow.kind)) {
      row.inFen[flow.kind] = (row.inFen[flow.kind] ?? 0n) + amountFen;
      row.totalInFen += amountFen;
    } else {
      row.outFen[flow.kind] = (row.outFen[flow.kind] ?? 0n) + amountFen;
      row.totalOutFen += amountFen;
    }
  }

  let balanceFen = 0n;
  let totalInFen = 0n;
  let totalOutFen = 0n;
  let firstGap: Cashflow["firstGap"] = null;
  let peak: Cashflow["peak"] = null;
  for (const row of rows) {
    row.netFen = row.totalInFen - row.totalOutFen;
    balanceFen += row.netFen;
    row.balanceFen = balanceFen;
    row.gapFen = balanceFen < 0n ? -balanceFen : 0n;
    totalInFen += row.totalInFen;
    totalOutFen += row.totalOutFen;
    if (row.gapFen > 0n) {
      firstGap ??= { month: row.month, gapFen: row.gapFen };
      if (!peak || row.gapFen > peak.gapFen) peak = { month: row.month, gapFen: row.gapFen };
    }
  }
  return { scenario, months: rows, firstGap, peak, totalInFen, totalOutFen };
}
