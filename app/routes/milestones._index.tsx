import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { HealthBadge, StatusBadge } from "~/components/badges";
import { Gantt } from "~/components/gantt";
import { MILESTONE_KINDS } from "~/domain/schedule";
import { localName, useLang, useT } from "~/i18n";
import { scheduleView } from "~/models/milestones.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { requireUser } from "~/session.server";
import { dateToCivil, formatDate, today } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "进度里程碑 · Groundwork" }];

const ATTENTION = new Set(["overdue", "slipping", "due_soon"]);
/** A timeline of more rows than this is unreadable and slow to send: the list pages instead. */
const PAGE_SIZE = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const now = today();
  const { rows, counts } = await scheduleView(project.id, now);
  const params = new URL(request.url).searchParams;
  const view = params.get("view") === "attention" ? "attention" : "all";
  const kindParam = params.get("kind");
  const kind = MILESTONE_KINDS.find((k) => k === kindParam) ?? null;
  const shown = rows.filter((row) => (view === "all" || ATTENTION.has(row.health)) && (kind === null || row.kind === kind));
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1));
  // The banner names a milestone of this project, never text taken from the query.
  const saved = rows.find((row) => row.code === params.get("saved"))?.code ?? null;
  return {
    saved,
    today: now,
    from: dateToCivil(project.scheduleStart),
    to: dateToCivil(project.scheduleEnd),
    counts: { ...counts, total: rows.length },
    rows: shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    view,
    kind,
    page,
    pages,
  };
}

export default function MilestonesPage() {
  const { rows, counts, today: now, from, to, view, kind, page, pages, saved } = useLoaderData<typeof loader>();
  const query = (changes: { view?: string; page?: number }) => `?view=${changes.view ?? view}${kind ? `&kind=${kind}` : ""}${changes.page ? `&page=${changes.page}` : ""}`;
  const t = useT();
  const lang = useLang();
  const canEdit = useCan("schedule.write");
  return (
    <>
      <div className="page-head">
        <h1>{t("ms.title")}</h1>
        <p className="muted">{t("ms.intro")}</p>
      </div>
      {saved ? (
        <p className="banner banner-ok" role="status">
          {t("ms.savedBanner", { code: saved })}
        </p>
      ) : null}
      <section className="health-strip" aria-label={t("ms.health")}>
        {(["overdue", "slipping", "due_soon", "in_progress", "done", "upcoming"] as const).map((health) => (
          <div key={health} className={`health-tile health-${health}`}>
            <strong data-testid={`count-${health}`}>{counts[health]}</strong>
            <span>{t(`health.${health}`)}</span>
          </div>
        ))}
      </section>
      <nav className="tabs" aria-label="filter">
        <Link to={query({ view: "all" })} className={view === "all" ? "active" : ""}>
          {t("ms.filterAll")} ({counts.total})
        </Link>
        <Link to={query({ view: "attention" })} className={view === "attention" ? "active" : ""}>
          {t("ms.filterAttention")} ({counts.overdue + counts.slipping + counts.due_soon})
        </Link>
        {kind ? (
          <Link to={`?view=${view}`} className="active" data-testid="kind-filter" title={t("ms.clearKind")}>
            {t(`kind.${kind}`)} ×
          </Link>
        ) : null}
      </nav>
      {pages > 1 ? (
        <nav className="pager" aria-label={t("ms.pager", { page, pages, size: PAGE_SIZE })} data-testid="pager">
          {page > 1 ? <Link to={query({ page: page - 1 })}>← {t("ms.prevPage")}</Link> : <span />}
          <span className="muted">{t("ms.pager", { page, pages, size: PAGE_SIZE })}</span>
          {page < pages ? <Link to={query({ page: page + 1 })}>{t("ms.nextPage")} →</Link> : <span />}
        </nav>
      ) : null}
      <section className="card">
        <h2>{t("ms.timeline")}</h2>
        <Gantt rows={rows} from={from} to={to} today={now} />
      </section>
      <section className="card">
        <h2>{t("ms.table")}</h2>
        <div className="table-scroll">
          <table className="data-table milestones-table">
            <thead>
              <tr>
                <th>{t("ms.code")}</th>
                <th>{t("ms.kind")}</th>
                <th>{t("ms.name")}</th>
                <th>{t("ms.agency")}</th>
                <th>{t("ms.owner")}</th>
                <th>{t("ms.planned")}</th>
                <th>{t("ms.actual")}</th>
                <th>{t("ms.forecast")}</th>
                <th>{t("ms.status")}</th>
                <th className="num">{t("ms.percent")}</th>
                <th>{t("ms.dependencies")}</th>
                <th>{t("ms.health")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} id={row.code} data-testid={`milestone-${row.code}`} className={`row-${row.health}`}>
                  <td className="code">{row.code}</td>
                  <td>{t(`kind.${row.kind}`)}</td>
                  <td>
                    {row.isKey ? <span className="key-mark" title="key">★ </span> : null}
                    {localName(lang, row)}
                  </td>
                  <td>{lang === "en" ? row.agencyEn || row.agency : row.agency}</td>
                  <td>
                    {row.department ? localName(lang, row.department) : "—"}
                    {row.leader ? <div className="muted small">{localName(lang, row.leader)}</div> : null}
                  </td>
                  <td className="dates">
                    {formatDate(row.plannedStart, lang)}
                    <br />
                    {formatDate(row.plannedEnd, lang)}
                  </td>
                  <td className="dates" data-testid="actual">
                    {formatDate(row.actualStart, lang)}
                    <br />
                    {formatDate(row.actualEnd, lang)}
                  </td>
                  <td className="dates">
                    {formatDate(row.forecastEnd, lang)}
                    {row.slipDays > 0 ? <div className="slip">{t("ms.slip", { days: row.slipDays })}</div> : null}
                    {row.delayedBy.length > 0 ? <div className="muted small">{t("ms.delayedBy", { codes: row.delayedBy.join(", ") })}</div> : null}
                  </td>
                  <td data-testid="status">
                    <StatusBadge status={row.status} />
                  </td>
                  <td className="num" data-testid="percent">
                    <div className="progress" aria-label={`${row.percentComplete}%`}>
                      <span style={{ width: `${row.percentComplete}%` }} />
                    </div>
                    {row.percentComplete}
                  </td>
                  <td className="small">{row.predecessors.map((p) => p.code).join(", ") || "—"}</td>
                  <td>
                    <HealthBadge health={row.health} />
                  </td>
                  <td>
                    <Link to={`/milestones/${row.id}`} className="button small" data-testid={`edit-${row.code}`}>
                      {canEdit ? t("common.edit") : t("common.view")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
