import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ClientOnly } from "~/components/charts";
import { useLang, useT, type MessageKey } from "~/i18n";
import { formatMoney } from "~/utils/money";

type Period = { period: string; targetFen: string; achievedFen: string };

/** Target against achievement by quarter, one group of bars per product. */
export function QuarterChart({ products }: { products: { product: string; quarters: Period[] }[] }) {
  const t = useT();
  const lang = useLang();
  const toWan = (fen: string) => Number(BigInt(fen)) / 1_000_000;
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
    <figure className="chart-single" data-testid="sales-chart">
      <figcaption>{t("sales.chart")}</figcaption>
      <ClientOnly fallbackHeight={280}>
        {() => (
          <ResponsiveContainer width="100%" height={280}>
            <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
              <XAxis dataKey="quarter" />
              <YAxis width={60} tick={{ fontSize: 11 }} />
              <Tooltip formatter={(v: unknown) => (typeof v === "number" ? formatMoney(BigInt(Math.round(v * 1_000_000)), lang, "wan") : "—")} />
              <Legend />
              {products.flatMap((p, i) => [
                <Bar key={`${p.product}t`} dataKey={`${p.product}:target`} name={`${t(`product.${p.product}` as MessageKey)} · ${t("sales.target")}`} fill={colors[i]} fillOpacity={0.25} isAnimationActive={false} />,
                <Bar key={`${p.product}a`} dataKey={`${p.product}:achieved`} name={`${t(`product.${p.product}` as MessageKey)} · ${t("sales.achieved")}`} fill={colors[i]} isAnimationActive={false} />,
              ])}
            </BarChart>
          </ResponsiveContainer>
        )}
      </ClientOnly>
    </figure>
  );
}
