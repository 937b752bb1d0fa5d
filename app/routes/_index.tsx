import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { HealthBadge } from "~/components/badges";
import { Money } from "~/components/money";
import { reconcile, sumFigures } from "~/domain/capital";
import { localName, useLang, useT } from "~/i18n";
import { budgetTable } from "~/models/capital.server";
import { financingView } from "~/models/financing.server";
import { listOpenActionItems, nextMeeting } from "~/models/meetings.server";
import { scheduleView } from "~/models/milestones.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { formatDate, formatDateTime, today } from "~/utils/dates";
import { fenToJson } from "~/utils/money";

export const meta: MetaFunction = () => [{ title: "总览 · Groundwork" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const now = today();
  const [schedule, lines, channels, actions, meeting] = await Promise.all([
    scheduleView(project.id, now),
    budgetTable(project.id),
    financingView(project.id, now),
    listOpenActionItems(project.id),
    nextMeeting(project.id, new Date()),
  ]);
  const totals = sumFigures(lines);
  const budget = reconcile(project.totalBudgetFen, totals.originalFen + totals.revisionsFen);
  const drawnFen = channels.totals.drawnFen;
  const nextKey = schedule.rows.filter((row) => row.isKey && row.health !== "done").slice(0, 5);
  return {
    project: { name: project.name, nameEn: project.nameEn, startupCapitalYear: project.startupCapitalYear },
    counts: schedule.counts,
    nextKey: nextKey.map((row) => ({ id: row.id, code: row.code, name: row.name, nameEn: row.nameEn, forecastEnd: row.forecastEnd, health: row.health })),
    budget: {
      projectTotalFen: fenToJson(budget.projectTotalFen),
      linesFen: fenToJson(budget.linesCurrentFen),
      differenceFen: fenToJson(budget.differenceFen),
      paidFen: fenToJson(totals.paidFen),
      committedFen: fenToJson(totals.committedFen),
    },
    financing: { drawnFen: fenToJson(drawnFen), startupFen: fenToJson(project.startupCapitalFen) },
    openActions: actions.length,
    meeting,
  };
}

export default function Overview() {
  const { project, counts, nextKey, budget, financing, openActions, meeting } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <div className="page-head">
        <h1>{t("overview.title")}</h1>
        <p className="muted">{localName(lang, project)}</p>
      </div>
      <div className="tiles">
        <section className="card">
          <h2>
            <Link to="/milestones">{t("overview.schedule")}</Link>
          </h2>
          <div className="health-strip compact">
            {(["overdue", "slipping", "due_soon", "done"] as const).map((health) => (
              <Link key={health} to="/milestones?view=attention" className={`health-tile health-${health}`}>
                <strong>{counts[health]}</strong>
                <span>{t(`health.${health}`)}</span>
              </Link>
            ))}
          </div>
          <h3>{t("overview.nextKey")}</h3>
          <ul className="plain-list">
            {nextKey.map((row) => (
              <li key={row.id}>
                <Link to={`/milestones/${row.id}`}>
                  {row.code} {localName(lang, row)}
                </Link>{" "}
                <span className="muted">{formatDate(row.forecastEnd, lang)}</span> <HealthBadge health={row.health} />
              </li>
            ))}
          </ul>
        </section>
        <section className="card">
          <h2>
            <Link to="/budget">{t("overview.capital")}</Link>
          </h2>
          <dl className="facts">
            <dt>{t("overview.budgetTotal")}</dt>
            <dd>
              <Money fen={budget.projectTotalFen} />
            </dd>
            <dt>{t("overview.linesTotal")}</dt>
            <dd>
              <Money fen={budget.linesFen} />
            </dd>
            <dt>{t("overview.budgetGap")}</dt>
            <dd className={budget.differenceFen !== "0" ? "warn" : ""} data-testid="budget-gap">
              <Money fen={budget.differenceFen} unit="wan" />
            </dd>
            <dt>{t("overview.committed")}</dt>
            <dd>
              <Money fen={budget.committedFen} />
            </dd>
            <dt>{t("overview.paid")}</dt>
            <dd>
              <Money fen={budget.paidFen} />
            </dd>
          </dl>
        </section>
        <section className="card">
          <h2>
            <Link to="/financing">{t("overview.financing")}</Link>
          </h2>
          <dl className="facts">
            <dt>{t("overview.startupTarget", { year: project.startupCapitalYear })}</dt>
            <dd>
              <Money fen={financing.startupFen} />
            </dd>
            <dt>{t("overview.drawn")}</dt>
            <dd>
              <Money fen={financing.drawnFen} />
            </dd>
          </dl>
        </section>
        <section className="card">
          <h2>
            <Link to="/meetings">{t("overview.meetings")}</Link>
          </h2>
          <dl className="facts">
            <dt>{t("overview.nextMeeting")}</dt>
            <dd>
              {meeting ? (
                <>
                  {formatDateTime(meeting.startsAt, lang)} · {lang === "en" ? meeting.themeEn || meeting.theme : meeting.theme}
                  {meeting.chair ? ` · ${localName(lang, meeting.chair)}` : ""}
                </>
              ) : (
                "—"
              )}
            </dd>
            <dt>{t("overview.openActions")}</dt>
            <dd>{openActions}</dd>
          </dl>
        </section>
      </div>
    </>
  );
}
