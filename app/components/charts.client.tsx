// The recharts charts behind the wrappers in charts.tsx. Reached only through the dynamic import() of
// charts.tsx, so recharts (with redux toolkit, immer and d3) is a chunk of its own that a page fetches
// after hydration, and the server build leaves this module out (.client). Values arrive as strings
// of 分 and are drawn in 万元; floats are fine here, for drawing only.
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLang, useT, type MessageKey } from "~/i18n";
import { formatMonth } from "~/utils/dates";
import { formatMoney, type Lang } from "~/utils/money";
import type { CapitalLine, CashflowPoint, GapPoint, MonthPoint, QuarterProduct } from "./charts";

const toWan = (fen: string) => Number(BigInt(fen)) / 1_000_000;

function useWanTooltip() {
  const lang = useLang();
  return (value: unknown) => (typeof value === "number" ? formatMoney(BigInt(Math.round(value * 1_000_000)), lang, "wan") : "—");
}

function planActualData(points: MonthPoint[], today: string, lang: Lang) {
  const thisMonth = today.slice(0, 7);
  // Actuals stop at the current month: the cumulative line does not run flat into the future.
  return points.map((p) => ({
    label: formatMonth(p.month, lang).replace(/^\d{4}年/, (y) => (p.month.endsWith("-01") || p === points[0] ? y : "")),
    plan: toWan(p.planFen),
    paid: p.month <= thisMonth ? toWan(p.paidFen) : null,
    planCumulative: toWan(p.planCumulativeFen),
    paidCumulative: p.month <= thisMonth ? toWan(p.paidCumulativeFen) : null,
  }));
}

/** Cumulative plan against cumulative payments (the S-curve). */
export function PlanActualLines({ points, today, height }: { points: MonthPoint[]; today: string; height: number }) {
  const t = useT();
  const lang = useLang();
  const tooltip = useWanTooltip();
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={planActualData(points, today, lang)} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={8} />
        <YAxis tick={{ fontSize: 11 }} width={60} />
        <Tooltip formatter={tooltip} />
        <Legend />
        <Line type="monotone" dataKey="planCumulative" name={t("budget.planCumulative")} stroke="#8fa3b6" strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="paidCumulative" name={t("budget.paidCumulative")} stroke="#1f4e79" strokeWidth={2} isAnimationActive={false} connectNulls={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Planned against paid, month by month. */
export function PlanActualBars({ points, today, height }: { points: MonthPoint[]; today: string; height: number }) {
  const t = useT();
  const lang = useLang();
  const tooltip = useWanTooltip();
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={planActualData(points, today, lang)} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={8} />
        <YAxis tick={{ fontSize: 11 }} width={60} />
        <Tooltip formatter={tooltip} />
        <Legend />
        <Bar dataKey="plan" name={t("budget.planMonthly")} fill="#cfd8e1" isAnimationActive={false} />
        <Bar dataKey="paid" name={t("budget.paidMonthly")} fill="#1f4e79" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Cumulative funds against cumulative planned spending; red bars where spending outruns funding. */
export function FundingGapBody({ points, compact, height }: { points: GapPoint[]; compact: boolean; height: number }) {
  const t = useT();
  const lang = useLang();
  const tooltip = useWanTooltip();
  const data = points.map((p, i) => ({
    label: formatMonth(p.month, lang).replace(/^\d{4}年/, (y) => (p.month.endsWith("-01") || i === 0 ? y : "")),
    funds: toWan(p.fundsCumulativeFen),
    spend: toWan(p.spendCumulativeFen),
    short: toWan(p.shortFen) || null,
  }));
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={compact ? "preserveStartEnd" : 0} />
        <YAxis tick={{ fontSize: 11 }} width={60} />
        <Tooltip formatter={tooltip} />
        <Legend />
        <Bar dataKey="short" name={t("fin.short")} fill="#c62828" isAnimationActive={false} />
        <Line type="stepAfter" dataKey="funds" name={t("fin.fundsCumulative")} stroke="#2e7d32" strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="spend" name={t("fin.spendCumulative")} stroke="#1f4e79" strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** Budget, contracted and paid per budget line. */
export function CapitalBars({ lines, height }: { lines: CapitalLine[]; height: number }) {
  const t = useT();
  const lang = useLang();
  const tooltip = useWanTooltip();
  const data = lines.map((l) => ({ label: l.code, name: lang === "en" ? l.nameEn || l.code : l.name, budget: toWan(l.currentFen), committed: toWan(l.committedFen), paid: toWan(l.paidFen) }));
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
        <YAxis tick={{ fontSize: 11 }} width={56} />
        <Tooltip formatter={tooltip} />
        <Legend />
        <Bar dataKey="budget" name={t("budget.current")} fill="#cfd8e1" isAnimationActive={false} />
        <Bar dataKey="committed" name={t("budget.committed")} fill="#8fa3b6" isAnimationActive={false} />
        <Bar dataKey="paid" name={t("budget.paid")} fill="#1f4e79" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Target against achievement by quarter, one group of bars per product. */
export function QuarterBars({ products, height }: { products: QuarterProduct[]; height: number }) {
  const t = useT();
  const tooltip = useWanTooltip();
  const data = [0, 1, 2, 3].map((q) => {
    const row: Record<string, string | number> = { quarter: `Q${q + 1}` };
    for (const p of products) {
      row[`${p.product}:target`] = toWan(p.quarters[q].targetFen);
      row[`${p.product}:achieved`] = toWan(p.quarters[q].achievedFen);
    }
    return row;
  });
  const colors = ["#1f4e79", "#2e7d32", "#b26a00", "#6a1b9a"];
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="quarter" />
        <YAxis width={60} tick={{ fontSize: 11 }} />
        <Tooltip formatter={tooltip} />
        <Legend />
        {products.flatMap((p, i) => [
          <Bar key={`${p.product}t`} dataKey={`${p.product}:target`} name={`${t(`product.${p.product}` as MessageKey)} · ${t("sales.target")}`} fill={colors[i]} fillOpacity={0.25} isAnimationActive={false} />,
          <Bar key={`${p.product}a`} dataKey={`${p.product}:achieved`} name={`${t(`product.${p.product}` as MessageKey)} · ${t("sales.achieved")}`} fill={colors[i]} isAnimationActive={false} />,
        ])}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Monthly cash in and cash out (bars) and the cumulative balance (line), with 0 marked: below it is the funding gap. */
export function CashflowBody({ points, height }: { points: CashflowPoint[]; height: number }) {
  const t = useT();
  const lang = useLang();
  const tooltip = useWanTooltip();
  const data = points.map((p, i) => ({
    label: formatMonth(p.month, lang).replace(/^\d{4}年/, (y) => (p.month.endsWith("-01") || i === 0 ? y : "")),
    cashIn: toWan(p.inFen),
    cashOut: toWan(p.outFen),
    balance: toWan(p.balanceFen),
  }));
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={8} />
        <YAxis tick={{ fontSize: 11 }} width={64} />
        <Tooltip formatter={tooltip} />
        <Legend />
        <ReferenceLine y={0} stroke="#5d6b7a" strokeWidth={1.5} />
        <Bar dataKey="cashIn" name={t("cf.chartIn")} fill="#2e7d32" isAnimationActive={false} />
        <Bar dataKey="cashOut" name={t("cf.chartOut")} fill="#c62828" fillOpacity={0.75} isAnimationActive={false} />
        <Line type="monotone" dataKey="balance" name={t("cf.chartBalance")} stroke="#1f4e79" strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
