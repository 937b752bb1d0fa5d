// GET /meetings/scorecard: 督办考核 — the accountability scorecard of the meetings' action items, per
// department and per owner, month by month, with the milestones each department finished on time
// (definitions: domain/meetings/scorecard.ts). Any signed-in user. The static segment "scorecard" wins
// over meetings.$date in Remix's ranking, so no date is ever read from it. ?from=&to= (or ?month=) pick
// the months (clamped, never refused); ?department=ID|none, ?person=ID or ?items=all list the items.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ScorecardTrendChart, type TrendSeries } from "~/components/scorecard-chart";
import { formatTenths, scorecardParams, shiftMonth, type Row } from "~/domain/meetings/scorecard";
import { formatRate } from "~/utils/percent";
import { localName, translator, useLang, useT, type MessageKey, type Translate } from "~/i18n";
import { scorecardView } from "~/models/meetings/scorecard.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { formatDate, formatMonth, today } from "~/utils/dates";
import type { Lang } from "~/utils/money";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sc.title");

/** At most this many items are listed on the page (the Excel export has them all). */
const ITEM_LIMIT = 500;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const now = today();
  const params = scorecardParams(new URL(request.url).searchParams);
  const view = await scorecardView(project.id, { from: params.from, to: params.to }, now);
  const departmentName = new Map(view.allDepartments.map((d) => [d.id, { name: d.name, nameEn: d.nameEn }]));
  const personName = new Map(view.allPeople.map((p) => [p.id, { name: p.name, nameEn: p.nameEn }]));
  const filter = params.filter;
  const matching = !filter
    ? []
    : view.items.filter((item) => ("all" in filter ? true : "person" in filter ? item.ownerId === filter.person : item.departmentId === filter.department));
  const filterName =
    !filter || "all" in filter ? null
    : "person" in filter ? (personName.get(filter.person) ?? { name: `#${filter.person}`, nameEn: `#${filter.person}` })
    : filter.department === null ? null
    : (departmentName.get(filter.department) ?? { name: `#${filter.department}`, nameEn: `#${filter.department}` });
  const items = matching.slice(0, ITEM_LIMIT).map((item) => ({
    id: item.id,
    title: item.title,
    meetingDate: item.meetingDate,
    dueOn: item.dueOn,
    doneOn: item.doneOn,
    state: item.state,
    daysLate: item.daysLate,
    department: item.departmentId === null ? null : (departmentName.get(item.departmentId) ?? null),
    owner: item.ownerId === null ? null : (personName.get(item.ownerId) ?? null),
  }));
  const trend: TrendSeries[] = view.departments
    .filter((d) => view.byMonth.some((m) => m.departments.find((r) => r.id === d.id)?.onTimeRateTenths != null))
    .map((d) => ({
      key: `d${d.id ?? "none"}`,
      // The series carries its name in both languages (the chart picks the reader's).
      name: d.id === null ? translator("zh")("sc.noDepartment") : d.name,
      nameEn: d.id === null ? translator("en")("sc.noDepartment") : d.nameEn,
      // The chart takes basis points; tenths of a percent × 10 is exact (no second rounding).
      rates: view.byMonth.map((m) => {
        const tenths = m.departments.find((r) => r.id === d.id)?.onTimeRateTenths;
        return tenths == null ? null : tenths * 10;
      }),
    }));
  const current = now.slice(0, 7);
  const earliest = view.firstMonth && view.firstMonth < shiftMonth(current, -23) ? view.firstMonth : shiftMonth(current, -23);
  const monthOptions: string[] = [];
  for (let m = current; m >= earliest && monthOptions.length < 120; m = shiftMonth(m, -1)) monthOptions.push(m);
  if (!monthOptions.includes(view.range.from)) monthOptions.push(view.range.from);
  return {
    today: now,
    range: view.range,
    months: view.months,
    asOf: view.asOf,
    departments: view.departments,
    people: view.people,
    total: view.total,
    byMonth: view.byMonth.map((m) => ({ month: m.month, asOf: m.asOf, total: m.total })),
    milestones: view.milestones,
    milestoneTotal: view.milestoneTotal,
    trend,
    monthOptions,
    personDepartment: Object.fromEntries(view.people.map((p) => [p.id, p.departmentId === null ? null : (departmentName.get(p.departmentId) ?? null)])),
    filter,
    filterName,
    items,
    itemCount: matching.length,
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

const rowName = (t: Translate, lang: Lang, row: Pick<Row, "kind" | "id" | "name" | "nameEn">) =>
  row.kind === "total" ? t("sc.total") : row.kind === "department" && row.id === null ? t("sc.noDepartment") : localName(lang, row);

function Carried({ row }: { row: Row }) {
  const t = useT();
  const lang = useLang();
  const c = row.oldestCarried;
  if (!c) return <>—</>;
  return (
    <Link to={`/meetings/${c.setOn}`} className="small">
      {t("sc.carriedText", { title: c.title, date: formatDate(c.setOn, lang), days: c.days })}
    </Link>
  );
}

function Figures({ row }: { row: Row }) {
  return (
    <>
      <td className="num">{row.assigned}</td>
      <td className="num">{row.doneOnTime}</td>
      <td className="num">{row.doneLate}</td>
      <td className="num" style={row.openOverdue ? OVERDUE : undefined}>{row.openOverdue}</td>
      <td className="num">{row.openNotDue}</td>
      <td className="num" data-testid="rate">{formatRate(row.onTimeRateTenths)}</td>
      <td className="num" data-testid="avg">{formatTenths(row.avgDaysLateTenths)}</td>
      <td style={{ minWidth: "12rem" }}><Carried row={row} /></td>
    </>
  );
}

function FigureHeads() {
  const t = useT();
  return (
    <>
      <th className="num">{t("sc.assigned")}</th>
      <th className="num">{t("sc.doneOnTime")}</th>
      <th className="num">{t("sc.doneLate")}</th>
      <th className="num">{t("sc.openOverdue")}</th>
      <th className="num">{t("sc.openNotDue")}</th>
      <th className="num">{t("sc.onTimeRate")}</th>
      <th className="num">{t("sc.avgDaysLate")}</th>
      <th>{t("sc.oldestCarried")}</th>
    </>
  );
}

export default function ScorecardPage() {
  const d = useLoaderData<typeof loader>() as Data;
  const t = useT();
  const lang = useLang();
  const rangeQuery = `from=${d.range.from}&to=${d.range.to}`;
  const current = d.today.slice(0, 7);
  const preset = (n: number) => `?from=${shiftMonth(current, -(n - 1))}&to=${current}`;
  const filterLabel =
    !d.filter ? null
    : "all" in d.filter ? t("sc.total")
    : d.filterName ? localName(lang, d.filterName)
    : t("sc.noDepartment");
  return (
    <>
      <p><Link to="/meetings">← {t("mtg.title")}</Link></p>
      <div className="page-head with-actions">
        <div>
          <h1>{t("sc.title")}</h1>
          <p className="muted" data-testid="sc-range">
            {t("sc.range", { from: formatMonth(d.range.from, lang), to: formatMonth(d.range.to, lang), asOf: formatDate(d.asOf ?? d.today, lang) })}
          </p>
        </div>
        <div className="actions">
          <a href={`/meetings/scorecard.xlsx?${rangeQuery}`} className="button" data-testid="sc-export">{t("sc.export")}</a>
        </div>
      </div>
      <p className="muted small">{t("sc.intro")}</p>

      <section className="card">
        <Form method="get" className="inline-form" data-testid="sc-range-form">
          <label>
            {t("sc.from")}{" "}
            <select name="from" defaultValue={d.range.from}>
              {d.monthOptions.map((m) => <option key={m} value={m}>{formatMonth(m, lang)}</option>)}
            </select>
          </label>
          <label>
            {t("sc.to")}{" "}
            <select name="to" defaultValue={d.range.to}>
              {d.monthOptions.map((m) => <option key={m} value={m}>{formatMonth(m, lang)}</option>)}
            </select>
          </label>
          <button type="submit" className="button small">{t("sc.apply")}</button>
          <span className="small">
            <Link to={preset(3)}>{t("sc.last3")}</Link> · <Link to={preset(6)}>{t("sc.last6")}</Link> · <Link to={preset(12)}>{t("sc.last12")}</Link>
          </span>
        </Form>
        <details className="small" style={{ marginTop: "0.5rem" }} data-testid="sc-help">
          <summary>{t("sc.help")}</summary>
          <ul>
            {(["sc.help.month", "sc.help.states", "sc.help.avg", "sc.help.rate", "sc.help.carried", "sc.help.milestones", "sc.help.rows"] as MessageKey[]).map((key) => <li key={key}>{t(key)}</li>)}
          </ul>
        </details>
      </section>

      <section className="card">
        <h2>{t("sc.byDepartment")}</h2>
        <div className="table-scroll">
          <table className="data-table" data-testid="sc-departments">
            <thead><tr><th>{t("sc.department")}</th><FigureHeads /></tr></thead>
            <tbody>
              {d.departments.map((row) => (
                <tr key={row.id ?? "none"} data-testid={`sc-dept-${row.id ?? "none"}`}>
                  <td><Link to={`?${rangeQuery}&department=${row.id ?? "none"}#items`}>{rowName(t, lang, row)}</Link></td>
                  <Figures row={row} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="sc-total">
                <th scope="row" style={{ textAlign: "left" }}><Link to={`?${rangeQuery}&items=all#items`}>{t("sc.total")}</Link></th>
                <Figures row={d.total} />
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <section className="card">
        <h2>{t("sc.byPerson")}</h2>
        {d.people.length === 0 ? <p className="muted">{t("sc.none")}</p> : (
          <div className="table-scroll">
            <table className="data-table" data-testid="sc-people">
              <thead><tr><th>{t("sc.person")}</th><th>{t("sc.department")}</th><FigureHeads /></tr></thead>
              <tbody>
                {d.people.map((row) => {
                  const dept = d.personDepartment[String(row.id)];
                  return (
                    <tr key={row.id} data-testid={`sc-person-${row.id}`}>
                      <td><Link to={`?${rangeQuery}&person=${row.id}#items`}>{rowName(t, lang, row)}</Link></td>
                      <td>{dept ? localName(lang, dept) : "—"}</td>
                      <Figures row={row} />
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card">
        <h2>{t("sc.byMonth")}</h2>
        {d.trend.length ? <ScorecardTrendChart months={d.months} series={d.trend} /> : <p className="muted">{t("sc.trendEmpty")}</p>}
        <div className="table-scroll">
          <table className="data-table" data-testid="sc-months">
            <thead><tr><th>{t("sc.month")}</th><FigureHeads /></tr></thead>
            <tbody>
              {d.byMonth.map((m) => (
                <tr key={m.month} data-testid={`sc-month-${m.month}`}>
                  <td><Link to={`?from=${m.month}&to=${m.month}`}>{formatMonth(m.month, lang)}</Link></td>
                  <Figures row={m.total} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card">
        <h2>{t("sc.milestones")}</h2>
        <div className="table-scroll">
          <table className="data-table" data-testid="sc-milestones">
            <thead>
              <tr>
                <th>{t("sc.department")}</th>
                <th className="num">{t("sc.msTotal")}</th>
                <th className="num">{t("sc.msOnTime")}</th>
                <th className="num">{t("sc.msLate")}</th>
                <th className="num">{t("sc.msOverdue")}</th>
                <th className="num">{t("sc.msPending")}</th>
                <th className="num">{t("sc.onTimeRate")}</th>
              </tr>
            </thead>
            <tbody>
              {[...d.milestones.map((m) => ({ ...m, key: String(m.departmentId ?? "none"), label: m.departmentId === null ? t("sc.noDepartment") : localName(lang, m) })), { ...d.milestoneTotal, key: "total", label: t("sc.total") }].map((m) => (
                <tr key={m.key} data-testid={`sc-ms-${m.key}`} style={m.key === "total" ? { fontWeight: 600, background: "#fafbfc" } : undefined}>
                  <td>{m.label}</td>
                  <td className="num">{m.total}</td>
                  <td className="num">{m.onTime}</td>
                  <td className="num">{m.late}</td>
                  <td className="num" style={m.overdue ? OVERDUE : undefined}>{m.overdue}</td>
                  <td className="num">{m.pending}</td>
                  <td className="num">{formatRate(m.onTimeRateTenths)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {d.filter ? (
        <section className="card" id="items" data-testid="sc-items">
          <h2>{t("sc.itemsOf", { name: filterLabel ?? "", from: formatMonth(d.range.from, lang), to: formatMonth(d.range.to, lang) })}</h2>
          <p className="small"><Link to={`?${rangeQuery}`}>{t("sc.clearFilter")}</Link>{d.itemCount > d.items.length ? ` · ${d.items.length} / ${d.itemCount}` : ""}</p>
          {d.items.length === 0 ? <p className="muted">{t("sc.noItems")}</p> : (
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th>{t("sc.item")}</th>
                    <th>{t("sc.setAt")}</th>
                    <th>{t("mtg.owner")}</th>
                    <th>{t("sc.due")}</th>
                    <th>{t("sc.doneOn")}</th>
                    <th>{t("sc.state")}</th>
                    <th className="num">{t("sc.daysLate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((item) => (
                    <tr key={item.id} data-testid={`sc-item-${item.id}`}>
                      <td style={{ minWidth: "10rem" }}>{item.title}</td>
                      <td><Link to={`/meetings/${item.meetingDate}`}>{formatDate(item.meetingDate, lang)}</Link></td>
                      <td>{[item.department ? localName(lang, item.department) : null, item.owner ? localName(lang, item.owner) : null].filter(Boolean).join(" / ") || "—"}</td>
                      <td>{formatDate(item.dueOn, lang)}</td>
                      <td>{formatDate(item.doneOn, lang)}</td>
                      <td><span className={`badge ${STATE_BADGE[item.state]}`} data-testid="state">{t(`sc.state.${item.state}` as MessageKey)}</span></td>
                      <td className="num" data-testid="days-late">{item.daysLate || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}

const OVERDUE = { color: "var(--bad)", fontWeight: 600 } as const;

const STATE_BADGE: Record<string, string> = {
  doneOnTime: "health-done",
  doneLate: "health-slipping",
  openOverdue: "health-overdue",
  openNotDue: "health-upcoming",
};
