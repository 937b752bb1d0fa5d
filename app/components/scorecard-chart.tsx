// The scorecard's trend chart (on-time rate per department, month by month). Like charts.tsx, the
// recharts code lives in scorecard-chart.client.tsx and is fetched only after hydration.
import { lazy } from "react";
import { useT } from "~/i18n";
import { ChartSlot } from "./charts";

/** One line per department: its on-time rate (basis points) in each month, null when nothing was due. */
export type TrendSeries = { key: string; name: string; nameEn: string; rates: (number | null)[] };

const TrendLines = lazy(() => import("./scorecard-chart.client").then((m) => ({ default: m.TrendLines })));

export function ScorecardTrendChart({ months, series }: { months: string[]; series: TrendSeries[] }) {
  const t = useT();
  return (
    <figure className="chart-single" data-testid="scorecard-trend">
      <figcaption>{t("sc.trend")}</figcaption>
      <ChartSlot height={280} label={t("sc.trend")}>
        <TrendLines months={months} series={series} height={280} />
      </ChartSlot>
    </figure>
  );
}
