// The schedule as a month-by-month bar chart, rendered on the server (no JS needed): a pale bar for
// the plan, a coloured bar for the forecast (coloured by health), a fill for % complete, a line for today.
import { Link } from "@remix-run/react";
import type { Health } from "~/domain/schedule";
import { localName, useLang, useT } from "~/i18n";
import { addDays, daysBetween, formatMonth, monthsBetween, daysInMonth } from "~/utils/dates";

export type GanttRow = {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  plannedStart: string;
  plannedEnd: string;
  forecastStart: string;
  forecastEnd: string;
  percentComplete: number;
  health: Health;
};

export function Gantt({ rows, from, to, today }: { rows: GanttRow[]; from: string; to: string; today: string }) {
  const t = useT();
  const lang = useLang();
  const months = monthsBetween(from, to);
  const start = `${months[0]}-01`;
  const end = addDays(`${months[months.length - 1]}-${String(daysInMonth(months[months.length - 1])).padStart(2, "0")}`, 1);
  const span = daysBetween(start, end);
  const pct = (date: string) => `${(Math.min(Math.max(daysBetween(start, date), 0), span) / span) * 100}%`;
  const width = (a: string, b: string) =>
    `${(Math.max(Math.min(daysBetween(start, addDays(b, 1)), span) - Math.max(daysBetween(start, a), 0), 0) / span) * 100}%`;
  const todayVisible = today >= start && today < end;

  return (
    <figure className="gantt" aria-label={t("ms.timeline")}>
      <div className="gantt-legend">
        <span className="legend-planned">{t("ms.legendPlanned")}</span>
        <span className="legend-forecast">{t("ms.legendForecast")}</span>
        <span className="legend-today">{t("ms.legendToday")}</span>
      </div>
      <div className="gantt-grid">
        <div className="gantt-head">
          <div className="gantt-label" />
          <div className="gantt-track gantt-months">
            {months.map((month) => (
              <span key={month} style={{ left: pct(`${month}-01`), width: width(`${month}-01`, `${month}-${daysInMonth(month)}`) }}>
                {formatMonth(month, lang).replace(/^(\d{4})年/, (_, y: string) => (month.endsWith("-01") || month === months[0] ? `${y}年` : ""))}
              </span>
            ))}
          </div>
        </div>
        {rows.map((row) => (
          <div className="gantt-row" key={row.id} data-code={row.code}>
            <div className="gantt-label">
              <Link to={`/milestones/${row.id}`}>
                <span className="code">{row.code}</span> {localName(lang, row)}
              </Link>
            </div>
            <div className="gantt-track">
              {months.map((month) => (
                <span key={month} className="gantt-gridline" style={{ left: pct(`${month}-01`) }} />
              ))}
              <span
                className="gantt-bar planned"
                style={{ left: pct(row.plannedStart), width: width(row.plannedStart, row.plannedEnd) }}
                title={`${t("ms.planned")}: ${row.plannedStart} – ${row.plannedEnd}`}
              />
              <span
                className={`gantt-bar forecast health-${row.health}`}
                style={{ left: pct(row.forecastStart), width: width(row.forecastStart, row.forecastEnd) }}
                title={`${t("ms.forecast")}: ${row.forecastStart} – ${row.forecastEnd} · ${row.percentComplete}%`}
              >
                <span className="gantt-progress" style={{ width: `${row.percentComplete}%` }} />
              </span>
              {todayVisible ? <span className="gantt-today" style={{ left: pct(today) }} /> : null}
            </div>
          </div>
        ))}
      </div>
    </figure>
  );
}
