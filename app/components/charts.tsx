// Charts for plan versus actual. The recharts code (with redux toolkit and d3, about as much gzipped
// JS as the rest of a page) lives in charts.client.tsx and is fetched only after hydration, through
// the dynamic import() below; recharts measures the DOM, so it never drew on the server anyway. Until
// then (server render, hydration, the chunk on its way) each chart is an empty box of the chart's
// height, so nothing moves when it is drawn.
import { Component, lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import { useT } from "~/i18n";

export type MonthPoint = { month: string; planFen: string; paidFen: string; planCumulativeFen: string; paidCumulativeFen: string };
export type GapPoint = { month: string; spendCumulativeFen: string; fundsCumulativeFen: string; shortFen: string };
export type CapitalLine = { code: string; name: string; nameEn: string; currentFen: string; committedFen: string; paidFen: string };
export type QuarterProduct = { product: string; quarters: { period: string; targetFen: string; achievedFen: string }[] };
export type CashflowPoint = { month: string; inFen: string; outFen: string; balanceFen: string };

const charts = () => import("./charts.client");
const PlanActualLines = lazy(() => charts().then((m) => ({ default: m.PlanActualLines })));
const PlanActualBars = lazy(() => charts().then((m) => ({ default: m.PlanActualBars })));
const FundingGapBody = lazy(() => charts().then((m) => ({ default: m.FundingGapBody })));
const CapitalBars = lazy(() => charts().then((m) => ({ default: m.CapitalBars })));
const QuarterBars = lazy(() => charts().then((m) => ({ default: m.QuarterBars })));
const CashflowBody = lazy(() => charts().then((m) => ({ default: m.CashflowBody })));

// Once the app has hydrated, charts on pages reached by client-side navigation start loading at once.
let hydrated = false;
function useHydrated() {
  const [done, setDone] = useState(hydrated);
  useEffect(() => {
    hydrated = true;
    setDone(true);
  }, []);
  return done;
}

/** If the chart code cannot be loaded (network, a new deployment), the box stays and says so. */
class ChartBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/** A chart's place on the page: a box of the chart's height until the chart is drawn. */
export function ChartSlot({ height, label, children }: { height: number; label: string; children: ReactNode }) {
  const t = useT();
  const hydratedNow = useHydrated();
  const pending = <div className="chart-placeholder" style={{ height }} role="img" aria-label={label} aria-busy="true" />;
  if (!hydratedNow) return pending;
  const failed = (
    <div className="chart-placeholder chart-unavailable" style={{ height }} role="img" aria-label={`${label} — ${t("common.chartUnavailable")}`}>
      {t("common.chartUnavailable")}
    </div>
  );
  return (
    <ChartBoundary fallback={failed}>
      <Suspense fallback={pending}>{children}</Suspense>
    </ChartBoundary>
  );
}

export function PlanActualCharts({ points, today }: { points: MonthPoint[]; today: string }) {
  const t = useT();
  return (
    <div className="chart-pair" data-testid="plan-actual-charts">
      <figure>
        <figcaption>{t("budget.sCurve")}</figcaption>
        <ChartSlot height={260} label={t("budget.sCurve")}>
          <PlanActualLines points={points} today={today} height={260} />
        </ChartSlot>
      </figure>
      <figure>
        <figcaption>{t("budget.monthlyBars")}</figcaption>
        <ChartSlot height={260} label={t("budget.monthlyBars")}>
          <PlanActualBars points={points} today={today} height={260} />
        </ChartSlot>
      </figure>
    </div>
  );
}

/** Cumulative funds against cumulative planned spending; red bars where spending outruns funding. */
export function FundingGapChart({ points, compact = false }: { points: GapPoint[]; compact?: boolean }) {
  const t = useT();
  const height = compact ? 220 : 300;
  return (
    <figure className="chart-single" data-testid="gap-chart">
      <figcaption>{t("fin.gapChart")}</figcaption>
      <ChartSlot height={height} label={t("fin.gapChart")}>
        <FundingGapBody points={points} compact={compact} height={height} />
      </ChartSlot>
    </figure>
  );
}

/** Budget, contracted and paid per budget line (万元). */
export function CapitalChart({ lines }: { lines: CapitalLine[] }) {
  const t = useT();
  return (
    <ChartSlot height={220} label={t("overview.capitalChart")}>
      <CapitalBars lines={lines} height={220} />
    </ChartSlot>
  );
}

/** Target against achievement by quarter, one group of bars per product. */
export function QuarterChart({ products }: { products: QuarterProduct[] }) {
  const t = useT();
  return (
    <figure className="chart-single" data-testid="sales-chart">
      <figcaption>{t("sales.chart")}</figcaption>
      <ChartSlot height={280} label={t("sales.chart")}>
        <QuarterBars products={products} height={280} />
      </ChartSlot>
    </figure>
  );
}

/** The cash flow to completion (issue 14): monthly cash in and cash out as bars, the cumulative balance as a line, 0 marked. */
export function CashflowChart({ points }: { points: CashflowPoint[] }) {
  const t = useT();
  return (
    <figure className="chart-single" data-testid="cashflow-chart">
      <figcaption>{t("cf.chart")}</figcaption>
      <ChartSlot height={300} label={t("cf.chart")}>
        <CashflowBody points={points} height={300} />
      </ChartSlot>
    </figure>
  );
}
