// The schedule as a month-by-month bar chart, rendered on the server (no JS needed): a pale bar for
// the plan, a coloured bar for the forecast (coloured by health), a fill for % complete, a line for today.
// Optionally a thin dark line under each bar for a chosen baseline (基线), and a red outline and marker on
// the milestones of the critical path (关键路径).
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
  critical?: boolean;
  /** The chosen baseline's dates; null when the milestone is not in it (or no baseline is shown). */
  baselineStart?: string | null;
  baselineEnd?: string | null;
};

export function Gantt({
  rows,
  from,
  to,
  today,
  showBaseline = false,
}: {
  rows: GanttRow[];
  from: string;
  to: string;
  today: string;
  /** Draws the baseline bars and their legend entry. */
  showBaseline?: boolean;
}) {
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
        {showBaseline ? <span className="legend-baseline">{t("ms.legendBaseline")}</span> : null}
        <span className="legend-critical">{t("ms.legendCritical")}</span>
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
          <div className={`gantt-row${row.critical ? " critical" : ""}`} key={row.id} data-code={row.code}>
            <div className="gantt-label">
              <Link to={`/milestones/${row.id}`}>
                {row.critical ? (
                  <span className="critical-mark" title={t("ms.legendCritical")} aria-label={t("ms.legendCritical")}>
                    ◆{" "}
                  </span>
                ) : null}
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
              {showBaseline && row.baselineStart && row.baselineEnd ? (
                <span
                  className="gantt-bar baseline"
                  style={{ left: pct(row.baselineStart), width: width(row.baselineStart, row.baselineEnd) }}
                  title={`${t("ms.legendBaseline")}: ${row.baselineStart} – ${row.baselineEnd}`}
                />
              ) : null}
              <span
                className={`gantt-bar forecast health-${row.health}${row.critical ? " critical" : ""}`}
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
