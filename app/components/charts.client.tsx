// The recharts charts behind the wrappers in charts.tsx. Reached only through the dynamic import() of
// charts.tsx, so recharts (with redux toolkit, immer and d3) is a chunk of its own that a page fetches
// after hydration, and the server build leaves this module out (.client). Values arrive as strings
// of 分 and are drawn in 万元; floats are fine here, for drawing only.
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type LegendPayload } from "recharts";
import { useLang, useT, type MessageKey } from "~/i18n";
import { formatMonth } from "~/utils/dates";
import { formatMoney, type Lang } from "~/utils/money";
import type { CapitalLine, CashflowPoint, GapPoint, MonthPoint, QuarterProduct } from "./charts";

/** Chart values in the unit of the page's figures: 万元 in Chinese, ¥M (millions of yuan) in English. */
const divisorOf = (lang: Lang) => (lang === "en" ? 100_000_000 : 1_000_000);
const toUnit = (fen: string, lang: Lang) => Number(BigInt(fen)) / divisorOf(lang);

// Series colours, each at least 3:1 against white (WCAG 2.1 non-text contrast, 1.4.11); the ratios:
// PAID_BLUE 8.66, SLATE 3.89, AMBER 4.24, RED 5.62, GREEN 5.13.
const PAID_BLUE = "#1f4e79";
const SLATE = "#708399";
const AMBER = "#b26a00";
const RED = "#c62828";
const GREEN = "#2e7d32";

/** The value axis in 万元 (en: ¥M): the unit written above it and grouped ticks ("26,000"; "260"). */
function useWanAxis() {
  const t = useT();
  const lang = useLang();
  return {
    tick: { fontSize: 11 },
    tickFormatter: (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 2 }),
    label: { value: lang === "en" ? t("charts.unitMillion") : t("charts.unitWan"), position: "top" as const, offset: 10, fontSize: 11, fill: "#5d6b7a" },
  };
}

/**
 * Legend entries in the order the series are drawn (recharts 3 sorts them by name by default, which put
 * 已支付 before 现预算 although the bars run 现预算, 已签合同, 已支付).
 */
const inDrawingOrder = (dataKeys: string[]) => (item: LegendPayload) => dataKeys.indexOf(String(item.dataKey));

/** Legend props: entries in drawing order, their text in the body's ink (the swatch carries the colour). */
function legendProps(dataKeys: string[]) {
  return { itemSorter: inDrawingOrder(dataKeys), formatter: (value: unknown) => <span style={{ color: "var(--ink)" }}>{String(value)}</span> };
}

function useWanTooltip() {
  const lang = useLang();
  return (value: unknown) => (typeof value === "number" ? formatMoney(BigInt(Math.round(value * divisorOf(lang))), lang, lang === "en" ? "auto" : "wan") : "—");
}

function planActualData(points: MonthPoint[], today: string, lang: Lang) {
  const thisMonth = today.slice(0, 7);
  // Actuals stop at the current month: the cumulative line does not run flat into the future.
  return points.map((p) => ({
    label: formatMonth(p.month, lang).replace(/^\d{4}年/, (y) => (p.month.endsWith("-01") || p === points[0] ? y : "")),
    plan: toUnit(p.planFen, lang),
    paid: p.month <= thisMonth ? toUnit(p.paidFen, lang) : null,
    planCumulative: toUnit(p.planCumulativeFen, lang),
    paidCumulative: p.month <= thisMonth ? toUnit(p.paidCumulativeFen, lang) : null,
  }));
}

/** Cumulative plan against cumulative payments (the S-curve). */
export function PlanActualLines({ points, today, height }: { points: MonthPoint[]; today: string; height: number }) {
  const t = useT();
  const lang = useLang();
  const tooltip = useWanTooltip();
  const axis = useWanAxis();
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={planActualData(points, today, lang)} margin={{ top: 24, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={8} />
        <YAxis {...axis} width={60} />
        <Tooltip formatter={tooltip} />
        <Legend {...legendProps(["planCumulative", "paidCumulative"])} />
        <Line type="monotone" dataKey="planCumulative" name={t("budget.planCumulative")} stroke={SLATE} strokeWidth={2} dot={false} isAnimationActive={false} />
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
  const axis = useWanAxis();
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={planActualData(points, today, lang)} margin={{ top: 24, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={8} />
        <YAxis {...axis} width={60} />
        <Tooltip formatter={tooltip} />
        <Legend {...legendProps(["plan", "paid"])} />
        <Bar dataKey="plan" name={t("budget.planMonthly")} fill={SLATE} isAnimationActive={false} />
        <Bar dataKey="paid" name={t("budget.paidMonthly")} fill={PAID_BLUE} isAnimationActive={false} />
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
    funds: toUnit(p.fundsCumulativeFen, lang),
    spend: toUnit(p.spendCumulativeFen, lang),
    short: toUnit(p.shortFen, lang) || null,
  }));
  const axis = useWanAxis();
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={data} margin={{ top: 24, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={compact ? "preserveStartEnd" : 0} />
        <YAxis {...axis} width={60} />
        <Tooltip formatter={tooltip} />
        <Legend {...legendProps(["short", "funds", "spend"])} />
        <Bar dataKey="short" name={t("fin.short")} fill={RED} isAnimationActive={false} />
        <Line type="stepAfter" dataKey="funds" name={t("fin.fundsCumulative")} stroke={GREEN} strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="spend" name={t("fin.spendCumulative")} stroke={PAID_BLUE} strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** Budget, contracted and paid per budget line. */
export function CapitalBars({ lines, height }: { lines: CapitalLine[]; height: number }) {
  const t = useT();
  const lang = useLang();
  const tooltip = useWanTooltip();
  const data = lines.map((l) => ({ label: l.code, name: lang === "en" ? l.nameEn || l.code : l.name, budget: toUnit(l.currentFen, lang), committed: toUnit(l.committedFen, lang), paid: toUnit(l.paidFen, lang) }));
  const axis = useWanAxis();
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 24, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
        <YAxis {...axis} width={56} />
        <Tooltip formatter={tooltip} />
        <Legend {...legendProps(["budget", "committed", "paid"])} />
        <Bar dataKey="budget" name={t("budget.current")} fill={SLATE} isAnimationActive={false} />
        <Bar dataKey="committed" name={t("budget.committed")} fill={AMBER} isAnimationActive={false} />
        <Bar dataKey="paid" name={t("budget.paid")} fill={PAID_BLUE} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Target against achievement by quarter, one group of bars per product. */
export function QuarterBars({ products, height }: { products: QuarterProduct[]; height: number }) {
  const t = useT();
  const lang = useLang();
  const tooltip = useWanTooltip();
  const data = [0, 1, 2, 3].map((q) => {
    const row: Record<string, string | number> = { quarter: `Q${q + 1}` };
    for (const p of products) {
      row[`${p.product}:target`] = toUnit(p.quarters[q].targetFen, lang);
      row[`${p.product}:achieved`] = toUnit(p.quarters[q].achievedFen, lang);
    }
    return row;
  });
  const colors = ["#1f4e79", "#2e7d32", "#b26a00", "#6a1b9a"];
  const axis = useWanAxis();
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 24, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="quarter" />
        <YAxis {...axis} width={60} />
        <Tooltip formatter={tooltip} />
        <Legend {...legendProps(products.flatMap((p) => [`${p.product}:target`, `${p.product}:achieved`]))} />
        {products.flatMap((p, i) => [
          <Bar key={`${p.product}t`} dataKey={`${p.product}:target`} name={`${t(`product.${p.product}` as MessageKey)} · ${t("sales.target")}`} fill={colors[i]} fillOpacity={0.3} stroke={colors[i]} strokeWidth={1.5} isAnimationActive={false} />,
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
    cashIn: toUnit(p.inFen, lang),
    cashOut: toUnit(p.outFen, lang),
    balance: toUnit(p.balanceFen, lang),
  }));
  const axis = useWanAxis();
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={data} margin={{ top: 24, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={8} />
        <YAxis {...axis} width={64} />
        <Tooltip formatter={tooltip} />
        <Legend {...legendProps(["cashIn", "cashOut", "balance"])} />
        <ReferenceLine y={0} stroke="#5d6b7a" strokeWidth={1.5} />
        <Bar dataKey="cashIn" name={t("cf.chartIn")} fill={GREEN} isAnimationActive={false} />
        <Bar dataKey="cashOut" name={t("cf.chartOut")} fill={RED} isAnimationActive={false} />
        <Line type="monotone" dataKey="balance" name={t("cf.chartBalance")} stroke={PAID_BLUE} strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
