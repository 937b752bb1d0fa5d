import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { HealthBadge, StatusBadge } from "~/components/badges";
import { Gantt } from "~/components/gantt";
import { MILESTONE_KINDS } from "~/domain/schedule";
import { localName, useLang, useT } from "~/i18n";
import { scheduleView, type ScheduleRow } from "~/models/milestones.server";
import { requireProject } from "~/models/project.server";
import { baselineComparison, listBaselines } from "~/models/schedule/baselines.server";
import { criticalToEnd } from "~/models/schedule/critical.server";
import { useCan } from "~/root";
import { requireUser } from "~/session.server";
import { dateToCivil, formatDate, today } from "~/utils/dates";
import { parseId } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.milestones");

const ATTENTION = new Set(["overdue", "slipping", "due_soon"]);
/** A timeline of more rows than this is unreadable and slow to send: the list pages instead. */
const PAGE_SIZE = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const now = today();
  const schedule = await scheduleView(project.id, now);
  const { rows, counts } = schedule;
  const params = new URL(request.url).searchParams;
  const view = params.get("view") === "attention" ? "attention" : "all";
  const kindParam = params.get("kind");
  const kind = MILESTONE_KINDS.find((k) => k === kindParam) ?? null;
  const criticalOnly = params.get("critical") === "1";

  // Float and the critical path: stored to the project's end; to another end (?end=CODE) computed here.
  // Read once: a URLSearchParams lookup inside a callback over 20,000 rows costs tens of milliseconds.
  const endParam = params.get("end");
  const savedParam = params.get("saved");
  const chosenEnd = endParam ? (rows.find((row) => row.code === endParam) ?? null) : null;
  const customEnd = chosenEnd !== null && chosenEnd.id !== schedule.end?.id ? chosenEnd : null;
  const toEnd = customEnd ? await criticalToEnd(project.id, customEnd.id, now) : null;
  const cycle = toEnd !== null && !toEnd.ok;
  const criticalIds = toEnd ? new Set(toEnd.ok ? toEnd.criticalIds : []) : null;
  const isCritical = (row: ScheduleRow) => (criticalIds ? criticalIds.has(row.id) : row.critical);
  const floatOf = (row: ScheduleRow) => (toEnd ? (toEnd.ok ? toEnd.floatById[row.id] ?? null : null) : row.floatDays);
  const endRow = customEnd ?? (schedule.end ? rows.find((row) => row.id === schedule.end!.id) ?? null : null);
  const end = endRow
    ? { code: endRow.code, name: endRow.name, nameEn: endRow.nameEn, forecastEnd: toEnd?.ok ? toEnd.endFinish : endRow.forecastEnd, isDefault: customEnd === null }
    : null;
  const defaultEnd = schedule.end ? { code: schedule.end.code, name: schedule.end.name, nameEn: schedule.end.nameEn } : null;
  const endOptions = [
    ...(customEnd && !schedule.endChoices.some((c) => c.id === customEnd.id) ? [customEnd] : []),
    ...schedule.endChoices,
  ].map((row) => ({ code: row.code, name: row.name, nameEn: row.nameEn }));

  // A chosen baseline (?baseline=ID): its dates and the variance per milestone.
  const baselines = (await listBaselines(project.id)).map((b) => ({ id: b.id, name: b.name }));
  const baselineId = parseId(params.get("baseline") ?? undefined);
  const comparison = baselineId ? await baselineComparison(project.id, baselineId, now) : null;
  const varianceOf = new Map((comparison?.rows ?? []).map((row) => [row.milestoneId, row]));

  const filtered = view !== "all" || kind !== null || criticalOnly;
  const shown = filtered
    ? rows.filter((row) => (view === "all" || ATTENTION.has(row.health)) && (kind === null || row.kind === kind) && (!criticalOnly || isCritical(row)))
    : rows;
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1));
  // The banner names a milestone of this project, never text taken from the query.
  const saved = savedParam ? (rows.find((row) => row.code === savedParam)?.code ?? null) : null;
  return {
    saved,
    today: now,
    from: dateToCivil(project.scheduleStart),
    to: dateToCivil(project.scheduleEnd),
    counts: { ...counts, total: rows.length, critical: criticalIds ? criticalIds.size : schedule.criticalCount },
    rows: shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((row) => {
      const variance = varianceOf.get(row.id);
      return {
        ...row,
        floatDays: floatOf(row),
        critical: isCritical(row),
        baselineStart: variance?.baselineStart ?? null,
        baselineEnd: variance?.baselineEnd ?? null,
        varianceDays: variance?.varianceDays ?? null,
      };
    }),
    view,
    kind,
    criticalOnly,
    baselines,
    baseline: comparison ? { id: comparison.baseline.id, name: comparison.baseline.name } : null,
    end,
    defaultEnd,
    endOptions,
    cycle,
    page,
    pages,
  };
}

export default function MilestonesPage() {
  const { rows, counts, today: now, from, to, view, kind, criticalOnly, baselines, baseline, end, defaultEnd, endOptions, cycle, page, pages, saved } =
    useLoaderData<typeof loader>();
  // Every link keeps the other options (filters, baseline, end); `kind: null` clears the kind filter.
  const query = (changes: { view?: string; page?: number; critical?: boolean; kind?: null }) => {
    const critical = changes.critical ?? criticalOnly;
    const kindShown = changes.kind === null ? null : kind;
    return (
      `?view=${changes.view ?? view}${kindShown ? `&kind=${kindShown}` : ""}${critical ? "&critical=1" : ""}` +
      `${baseline ? `&baseline=${baseline.id}` : ""}${end && !end.isDefault ? `&end=${encodeURIComponent(end.code)}` : ""}` +
      `${changes.page ? `&page=${changes.page}` : ""}`
    );
  };
  const t = useT();
  const lang = useLang();
  const canEdit = useCan("schedule.write");
  return (
    <>
      <div className="page-head with-actions">
        <div>
          <h1>{t("ms.title")}</h1>
          <p className="muted">{t("ms.intro")}</p>
        </div>
        <div className="actions">
          <Link to="/milestones/baselines" className="button" data-testid="baselines-link">
            {t("ms.baselinesLink")}
          </Link>
          {canEdit ? (
            <Link to="/milestones/new" className="button primary" data-testid="add-milestone-link">
              {t("plan.add")}
            </Link>
          ) : null}
        </div>
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
      <nav className="tabs schedule-filters" aria-label="filter">
        <Link to={query({ view: "all" })} className={view === "all" ? "active" : ""}>
          {t("ms.filterAll")} ({counts.total})
        </Link>
        <Link to={query({ view: "attention" })} className={view === "attention" ? "active" : ""}>
          {t("ms.filterAttention")} ({counts.overdue + counts.slipping + counts.due_soon})
        </Link>
        <Link to={query({ critical: !criticalOnly })} className={criticalOnly ? "active" : ""} data-testid="critical-filter" aria-current={criticalOnly ? "true" : undefined}>
          {t("ms.criticalOnly")} ({counts.critical}){criticalOnly ? " ×" : ""}
        </Link>
        {kind ? (
          <Link to={query({ kind: null })} className="active" data-testid="kind-filter" title={t("ms.clearKind")}>
            {t(`kind.${kind}`)} ×
          </Link>
        ) : null}
      </nav>
      <Form method="get" className="inline-form schedule-options" data-testid="schedule-options">
        <input type="hidden" name="view" value={view} />
        {kind ? <input type="hidden" name="kind" value={kind} /> : null}
        {criticalOnly ? <input type="hidden" name="critical" value="1" /> : null}
        <label>
          {t("ms.baseline")}{" "}
          <select name="baseline" defaultValue={baseline?.id ?? ""} key={`b-${baseline?.id ?? ""}`} data-testid="baseline-select">
            <option value="">{t("ms.baselineNone")}</option>
            {baselines.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("ms.endTo")}{" "}
          <select name="end" defaultValue={end && !end.isDefault ? end.code : ""} key={`e-${end?.code ?? ""}`} data-testid="end-select">
            <option value="">{defaultEnd ? t("ms.endDefault", { name: `${defaultEnd.code} ${localName(lang, defaultEnd)}` }) : "—"}</option>
            {endOptions.map((option) => (
              <option key={option.code} value={option.code}>
                {option.code} {localName(lang, option)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button small">
          {t("ms.apply")}
        </button>
      </Form>
      {cycle ? (
        <p className="banner banner-warn" role="alert">
          {t("ms.cycle")}
        </p>
      ) : end ? (
        <p className="muted small" data-testid="end-info">
          {t("ms.endInfo", { code: end.code, name: localName(lang, end), date: formatDate(end.forecastEnd, lang) })}
        </p>
      ) : null}
      {pages > 1 ? (
        <nav className="pager" aria-label={t("ms.pager", { page, pages, size: PAGE_SIZE })} data-testid="pager">
          {page > 1 ? <Link to={query({ page: page - 1 })}>← {t("ms.prevPage")}</Link> : <span />}
          <span className="muted">{t("ms.pager", { page, pages, size: PAGE_SIZE })}</span>
          {page < pages ? <Link to={query({ page: page + 1 })}>{t("ms.nextPage")} →</Link> : <span />}
        </nav>
      ) : null}
      <section className="card">
        <h2>{t("ms.timeline")}</h2>
        <Gantt rows={rows} from={from} to={to} today={now} showBaseline={baseline !== null} />
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
                {baseline ? <th className="num">{t("ms.vsBaseline")}</th> : null}
                <th className="num">{t("ms.float")}</th>
                <th>{t("ms.status")}</th>
                <th className="num">{t("ms.percent")}</th>
                <th>{t("ms.dependencies")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} id={row.code} data-testid={`milestone-${row.code}`} className={`row-${row.health}${row.critical ? " row-critical" : ""}`}>
                  <td className="code">{row.code}</td>
                  <td>{t(`kind.${row.kind}`)}</td>
                  <td>
                    {row.critical ? (
                      <span className="critical-mark" title={t("ms.legendCritical")}>
                        ◆{" "}
                      </span>
                    ) : null}
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
                  <td className="dates" data-testid="forecast">
                    {formatDate(row.forecastEnd, lang)}
                    {row.slipDays > 0 ? <div className="slip">{t("ms.slip", { days: row.slipDays })}</div> : null}
                    {row.cause ? (
                      <div className="muted small" data-testid="cause">
                        {t("ms.causedBy", { code: row.cause.code })}
                        {row.ownSlipDays > 0 ? ` · ${t("ms.ownSlip", { days: row.ownSlipDays })}` : ""}
                      </div>
                    ) : null}
                    {row.expectedEnd ? (
                      <div className="muted small" data-testid="expected">
                        {t("ms.expectedEnd", { date: formatDate(row.expectedEnd, lang) })}
                        {row.expectedReason ? `${lang === "en" ? ": " : "："}${row.expectedReason}` : ""}
                      </div>
                    ) : null}
                  </td>
                  {baseline ? (
                    <td className="num" data-testid="variance">
                      {row.baselineEnd === null ? (
                        <span className="muted small">{t("ms.varianceAdded")}</span>
                      ) : row.varianceDays === null ? (
                        "—"
                      ) : (
                        <span className={`variance variance-${row.varianceDays > 0 ? "late" : row.varianceDays < 0 ? "early" : "on_baseline"}`}>
                          {t("ms.varianceDays", { sign: row.varianceDays > 0 ? "+" : row.varianceDays < 0 ? "−" : "±", days: Math.abs(row.varianceDays) })}
                        </span>
                      )}
                    </td>
                  ) : null}
                  <td className="num" data-testid="float">
                    {row.floatDays === null ? <span title={t("ms.floatNone")}>—</span> : t("ms.floatDays", { days: row.floatDays })}
                  </td>
                  <td data-testid="health">
                    <HealthBadge health={row.health} />
                  </td>
                  <td className="num">
                    <div className="progress" aria-hidden="true">
                      <span style={{ width: `${row.percentComplete}%` }} />
                    </div>
                    <span data-testid="percent">{row.percentComplete}</span>
                    <div className="entered-status small" data-testid="status" title={t("scheduleStatus.progressState")}>
                      <StatusBadge status={row.status} />
                    </div>
                  </td>
                  <td className="small">{row.predecessors.map((p) => p.code).join(", ") || "—"}</td>
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
