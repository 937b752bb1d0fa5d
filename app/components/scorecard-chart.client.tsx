// The recharts body of the scorecard's trend chart (scorecard-chart.tsx): on-time rate in % per
// department, one line each; a month with nothing due leaves a gap.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { localName, useLang } from "~/i18n";
import { formatMonth } from "~/utils/dates";
import type { TrendSeries } from "./scorecard-chart";

const COLORS = ["#1f4e79", "#c0504d", "#4f8a3c", "#d08a1e", "#7a4f9a", "#2a8c8c", "#8a6d3b", "#5b6b7b", "#b04a8a", "#3f7fbf"];

export function TrendLines({ months, series, height }: { months: string[]; series: TrendSeries[]; height: number }) {
  const lang = useLang();
  const data = months.map((month, i) => {
    const point: Record<string, string | number | null> = { label: formatMonth(month, lang) };
    for (const s of series) point[s.key] = s.rates[i] === null ? null : s.rates[i]! / 100;
    return point;
  });
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={8} />
        <YAxis tick={{ fontSize: 11 }} width={44} domain={[0, 100]} unit="%" />
        <Tooltip formatter={(value: unknown) => (typeof value === "number" ? `${value.toFixed(1)}%` : "—")} />
        <Legend />
        {series.map((s, i) => (
          <Line key={s.key} type="monotone" dataKey={s.key} name={localName(lang, s)} stroke={COLORS[i % COLORS.length]} strokeWidth={2} isAnimationActive={false} connectNulls={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
