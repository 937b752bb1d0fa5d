// Charts (recharts) for plan versus actual. Values arrive as strings of 分 and are drawn in 万元;
// floats are fine here, for drawing only. Rendered after hydration (recharts measures the DOM).
import { useEffect, useState, type ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLang, useT } from "~/i18n";
import { formatMonth } from "~/utils/dates";
import { formatMoney } from "~/utils/money";

export function ClientOnly({ children, fallbackHeight }: { children: () => ReactNode; fallbackHeight: number }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted ? <>{children()}</> : <div style={{ height: fallbackHeight }} aria-hidden />;
}

export type MonthPoint = { month: string; planFen: string; paidFen: string; planCumulativeFen: string; paidCumulativeFen: string };

const toWan = (fen: string) => Number(BigInt(fen)) / 1_000_000;

export function PlanActualCharts({ points, today }: { points: MonthPoint[]; today: string }) {
  const t = useT();
  const lang = useLang();
  const thisMonth = today.slice(0, 7);
  // Actuals stop at the current month: the cumulative line does not run flat into the future.
  const data = points.map((p) => ({
    label: formatMonth(p.month, lang).replace(/^\d{4}年/, (y) => (p.month.endsWith("-01") || p === points[0] ? y : "")),
    plan: toWan(p.planFen),
    paid: p.month <= thisMonth ? toWan(p.paidFen) : null,
    planCumulative: toWan(p.planCumulativeFen),
    paidCumulative: p.month <= thisMonth ? toWan(p.paidCumulativeFen) : null,
  }));
  const tooltip = (value: unknown) => (typeof value === "number" ? formatMoney(BigInt(Math.round(value * 1_000_000)), lang, "wan") : "—");
  return (
    <div className="chart-pair" data-testid="plan-actual-charts">
      <figure>
        <figcaption>{t("budget.sCurve")}</figcaption>
        <ClientOnly fallbackHeight={260}>
          {() => (
            <ResponsiveContainer width="100%" height={260}>
              <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
                <YAxis tick={{ fontSize: 11 }} width={60} />
                <Tooltip formatter={tooltip} />
                <Legend />
                <Line type="monotone" dataKey="planCumulative" name={t("budget.planCumulative")} stroke="#8fa3b6" strokeWidth={2} dot={false} isAnimationActive={false} />
                <Line type="monotone" dataKey="paidCumulative" name={t("budget.paidCumulative")} stroke="#1f4e79" strokeWidth={2} isAnimationActive={false} connectNulls={false} />
              </LineChart>
            </ResponsiveContainer>
          )}
        </ClientOnly>
      </figure>
      <figure>
        <figcaption>{t("budget.monthlyBars")}</figcaption>
        <ClientOnly fallbackHeight={260}>
          {() => (
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
                <YAxis tick={{ fontSize: 11 }} width={60} />
                <Tooltip formatter={tooltip} />
                <Legend />
                <Bar dataKey="plan" name={t("budget.planMonthly")} fill="#cfd8e1" isAnimationActive={false} />
                <Bar dataKey="paid" name={t("budget.paidMonthly")} fill="#1f4e79" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          )}
        </ClientOnly>
      </figure>
    </div>
  );
}

export type GapPoint = { month: string; spendCumulativeFen: string; fundsCumulativeFen: string; shortFen: string };

/** Cumulative funds against cumulative planned spending; red bars where spending outruns funding. */
export function FundingGapChart({ points, compact = false }: { points: GapPoint[]; compact?: boolean }) {
  const t = useT();
  const lang = useLang();
  const data = points.map((p, i) => ({
    label: formatMonth(p.month, lang).replace(/^\d{4}年/, (y) => (p.month.endsWith("-01") || i === 0 ? y : "")),
    funds: toWan(p.fundsCumulativeFen),
    spend: toWan(p.spendCumulativeFen),
    short: toWan(p.shortFen) || null,
  }));
  const tooltip = (value: unknown) => (typeof value === "number" ? formatMoney(BigInt(Math.round(value * 1_000_000)), lang, "wan") : "—");
  return (
    <figure className="chart-single" data-testid="gap-chart">
      <figcaption>{t("fin.gapChart")}</figcaption>
      <ClientOnly fallbackHeight={compact ? 220 : 300}>
        {() => (
          <ResponsiveContainer width="100%" height={compact ? 220 : 300}>
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
        )}
      </ClientOnly>
    </figure>
  );
}

/** Budget, contracted and paid per budget line (万元). */
export function CapitalChart({ lines }: { lines: { code: string; name: string; nameEn: string; currentFen: string; committedFen: string; paidFen: string }[] }) {
  const t = useT();
  const lang = useLang();
  const data = lines.map((l) => ({ label: l.code, name: lang === "en" ? l.nameEn || l.code : l.name, budget: toWan(l.currentFen), committed: toWan(l.committedFen), paid: toWan(l.paidFen) }));
  const tooltip = (value: unknown) => (typeof value === "number" ? formatMoney(BigInt(Math.round(value * 1_000_000)), lang, "wan") : "—");
  return (
    <ClientOnly fallbackHeight={220}>
      {() => (
        <ResponsiveContainer width="100%" height={220}>
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
      )}
    </ClientOnly>
  );
}
