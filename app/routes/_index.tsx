import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { HealthBadge } from "~/components/badges";
import { CapitalChart, FundingGapChart } from "~/components/charts";
import { DynamicCostDashCard } from "~/components/dynamic-cost";
import { Money } from "~/components/money";
import { TargetBar } from "~/components/target-bar";
import { RefusalGroups } from "~/components/refusals";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { CeilingNotice, PendingApprovalsCard } from "~/components/approvals";
import { can } from "~/domain/permissions";
import { ceilingStatus, pendingApprovals } from "~/models/approvals.server";
import { dashboardView } from "~/models/dashboard.server";
import { plain } from "~/utils/plain";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { formatDate, formatDateTime, formatMonth, today } from "~/utils/dates";
import { shareBps, sharedMoneyUnit } from "~/utils/money";
import { pageTitle } from "~/utils/meta";

const formatArea = (csqm: number) => (csqm / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.overview");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const project = await requireProject();
  // The ceiling notice for everyone; the approvals waiting, for approvers (issue 13, points 6 and 7).
  const [view, ceiling, approvals] = await Promise.all([
    dashboardView(project, today()),
    ceilingStatus(project.id),
    can(user.roles, "approvals.decide") ? pendingApprovals(project.id) : null,
  ]);
  return { ...view, ceiling: plain(ceiling), approvals: plain(approvals) };
}

/** The same tiles, in the same order and under the same labels, as /milestones. */
const HEALTH_TILES = ["overdue", "slipping", "due_soon", "in_progress", "done", "upcoming"] as const;
const ATTENTION = new Set<string>(["overdue", "slipping", "due_soon"]);

type EndSummary = ReturnType<typeof useLoaderData<typeof loader>>["end"];

/** Whether a slip on the critical path moves the project's end, and which milestone causes it. */
function ScheduleEndMessage({ end }: { end: EndSummary }) {
  const t = useT();
  const lang = useLang();
  if (!end) return null;
  const name = localName(lang, end);
  if (end.slipDays <= 0) {
    return <p className="small" data-testid="dash-schedule-end">{t("scheduleStatus.endOnPlan", { name, planned: formatDate(end.plannedEnd, lang) })}</p>;
  }
  const separator = lang === "en" ? "; " : "；";
  const cause = end.cause
    ? separator + t("scheduleStatus.endCause", { code: end.cause.code, name: localName(lang, end.cause), own: end.cause.ownSlipDays }) + (end.cause.reason ? t("scheduleStatus.reason", { reason: end.cause.reason }) : "")
    : "";
  return (
    <p className="banner banner-warn small" data-testid="dash-schedule-end">
      {t("scheduleStatus.endLate", { name, forecast: formatDate(end.forecastEnd, lang), planned: formatDate(end.plannedEnd, lang), days: end.slipDays })}
      {cause} <Link to="/milestones?critical=1">{t("scheduleStatus.seeSlipping")} →</Link>
    </p>
  );
}

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <div className="page-head">
        <h1>{t("overview.title")}</h1>
        <p className="muted">{localName(lang, d.project)} · <Link to="/reports" data-testid="dash-pack-link">{t("pack.dashboardLink")} →</Link></p>
      </div>
      <CeilingNotice overFen={d.ceiling.overFen} pendingProjectBudget={d.ceiling.pendingProjectBudget} />
      <div className="tiles dash-grid">
        {d.approvals ? <PendingApprovalsCard count={d.approvals.count} top={d.approvals.top} /> : null}
        <section className="card" data-testid="dash-schedule">
          <h2><Link to="/milestones">{t("overview.schedule")}</Link></h2>
          <ScheduleEndMessage end={d.end} />
          <div className="health-strip dash-health">
            {HEALTH_TILES.map((health) => (
              <Link key={health} to={ATTENTION.has(health) ? "/milestones?view=attention" : "/milestones"} className={`health-tile health-${health}`}>
                <strong data-testid={`dash-${health === "slipping" || health === "overdue" ? health : `count-${health}`}`}>{d.counts[health]}</strong>
                <span>{t(`health.${health}`)}</span>
              </Link>
            ))}
          </div>
          {d.criticalSlipping.length > 0 ? (
            <>
              <h3>{t("scheduleStatus.criticalSlipping")}</h3>
              <ul className="plain-list" data-testid="dash-critical-slipping">
                {d.criticalSlipping.map((row) => (
                  <li key={row.id}>
                    <Link to={`/milestones/${row.id}`}>{row.code} {localName(lang, row)}</Link>{" "}
                    <span className="warn">{t("scheduleStatus.slipsBy", { days: row.slipDays })}</span>{" "}
                    <span className="muted">({row.cause ? t("scheduleStatus.movedBy", { code: row.cause }) : t("scheduleStatus.ownSlip")})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h3>{t("overview.nextKey")}</h3>
          <ul className="plain-list">
            {d.nextKey.map((row) => (
              <li key={row.id}>
                <Link to={`/milestones/${row.id}`}>{row.code} {localName(lang, row)}</Link> <span className="muted">{formatDate(row.forecastEnd, lang)}</span> <HealthBadge health={row.health} />
              </li>
            ))}
          </ul>
        </section>
        <section className="card" data-testid="dash-capital">
          <h2><Link to="/budget">{t("overview.capital")}</Link></h2>
          <dl className="facts">
            <dt>{t("overview.budgetTotal")}</dt><dd><Link to="/budget"><Money fen={d.budget.projectTotalFen} /></Link></dd>
            <dt>{t("overview.linesTotal")}</dt><dd><Money fen={d.budget.linesFen} /></dd>
            <dt>{t("budget.targetsTotal")}</dt><dd data-testid="dash-targets-total"><Link to="/budget/targets"><Money fen={d.dynamicCost.total.targetFen} /></Link></dd>
            <dt>{t("overview.budgetGap")}</dt><dd className={d.budget.differenceFen !== "0" ? "warn" : ""} data-testid="budget-gap"><Money fen={d.budget.differenceFen} unit="wan" /></dd>
            <dt>{t("overview.committed")}</dt><dd><Money fen={d.budget.committedFen} /></dd>
            <dt>{t("overview.paid")}</dt><dd data-testid="dash-paid"><Link to="/budget/payments"><Money fen={d.budget.paidFen} /></Link></dd>
          </dl>
          <CapitalChart lines={d.lines} />
        </section>
        <DynamicCostDashCard total={d.dynamicCost.total} lines={d.dynamicCost.lines} />
        {d.refusals.length > 0 ? (
          <section className="card" data-testid="dash-refusals">
            <h2><Link to="/budget">{t("refusals.title")}</Link></h2>
            <p className="muted small">{t("refusals.since")}</p>
            <RefusalGroups groups={d.refusals} />
          </section>
        ) : null}
        <section className="card" data-testid="dash-funding">
          <h2><Link to="/financing">{t("overview.financing")}</Link></h2>
          <dl className="facts funding-facts">
            <dt>{t("overview.securedFirstGap")}</dt>
            <dd className={d.funding.firstShort ? "warn" : ""} data-testid="dash-secured-gap">{d.funding.firstShort ? <>{formatMonth(d.funding.firstShort.month, lang)} · {t("fin.shortBy")} <Money fen={d.funding.firstShort.shortFen} /></> : t("overview.noGap")}</dd>
            {d.funding.peak ? (
              <>
                <dt>{t("overview.securedPeak")}</dt>
                <dd><Money fen={d.funding.peak.gapFen} /> · {formatMonth(d.funding.peak.month, lang)}</dd>
              </>
            ) : null}
            <dt>{t("overview.expectedFirstGap")}</dt>
            <dd className="muted">{d.funding.expectedFirstShort ? <>{formatMonth(d.funding.expectedFirstShort.month, lang)} · <Money fen={d.funding.expectedFirstShort.gapFen} /></> : t("overview.noGap")}</dd>
            <dt>{t("overview.startupTarget", { year: d.project.year })}</dt><dd><Money fen={d.funding.targetFen} /></dd>
          </dl>
          <TargetBar parts={d.funding.target.parts} testId="dash-target" />
          <p className="small"><Link to="/financing/cashflow">{t("overview.cashflowLink")} →</Link></p>
          <FundingGapChart points={d.funding.gap} compact />
        </section>
        <section className="card" data-testid="dash-sales">
          <h2><Link to="/sales">{t("overview.sales")}</Link></h2>
          <p className="big" data-testid="dash-sales-total"><Money fen={d.sales.achievedFen} unit={sharedMoneyUnit([d.sales.achievedFen, d.sales.targetFen], lang)} /> <span className="muted small">/ <Money fen={d.sales.targetFen} unit={sharedMoneyUnit([d.sales.achievedFen, d.sales.targetFen], lang)} /></span></p>
          <div className="progress wide"><span style={{ width: `${Math.min(shareBps(BigInt(d.sales.achievedFen), BigInt(d.sales.targetFen)) / 100, 100)}%` }} /></div>
          <table className="data-table compact">
            <tbody>
              {d.sales.byProduct.map((p) => (
                <tr key={p.product}>
                  <td><Link to="/sales">{t(`product.${p.product}` as MessageKey)}</Link></td>
                  <td className="num"><Money fen={p.achievedFen} unit={sharedMoneyUnit([p.achievedFen, p.targetFen], lang)} /> / <Money fen={p.targetFen} unit={sharedMoneyUnit([p.achievedFen, p.targetFen], lang)} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="facts">
            <dt>{t("overview.subscribed")}</dt>
            <dd data-testid="dash-subscribed">{formatArea(d.sales.subscribedCsqm)} / {formatArea(d.sales.subscriptionTargetCsqm)} m²</dd>
            <dt>{t("overview.overdueReceivables")}</dt>
            <dd className={BigInt(d.sales.overdueFen) > 0n ? "warn" : undefined}><Money fen={d.sales.overdueFen} />{d.sales.overdueDeals ? ` · ${t("overview.overdueDeals", { count: d.sales.overdueDeals })}` : ""}</dd>
            {d.sales.agencySigning ? (
              <>
                <dt>{t("overview.agencyContract")}</dt>
                <dd className={d.sales.agencySigning.state === "late" ? "warn" : undefined}>{t(`overview.agencySigning.${d.sales.agencySigning.state}` as MessageKey, { due: d.sales.agencySigning.dueOn ? formatDate(d.sales.agencySigning.dueOn, lang) : "—" })}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="card" data-testid="dash-meeting">
          <h2><Link to="/meetings">{t("overview.meetings")}</Link></h2>
          <dl className="facts">
            <dt>{t("overview.nextMeeting")}</dt>
            <dd>{d.meeting ? <Link to={`/meetings/${d.meeting.date}`}>{formatDateTime(d.meeting.startsAt, lang)}{d.meeting.theme ? ` · ${lang === "en" ? d.meeting.themeEn || d.meeting.theme : d.meeting.theme}` : ""}{d.meeting.chair ? ` · ${localName(lang, d.meeting.chair)}` : ""}</Link> : "—"}</dd>
            <dt>{t("overview.openActions")}</dt><dd data-testid="dash-open-actions"><Link to="/meetings">{d.actions.count}</Link>{d.actions.overdue ? <span className="warn"> ({t("overview.overdueActions", { count: d.actions.overdue })})</span> : null} · <Link to="/meetings/scorecard" className="small" data-testid="dash-scorecard">{t("sc.link")}</Link></dd>
          </dl>
          <ul className="plain-list small">
            {d.actions.top.map((a) => (
              <li key={a.id} className={a.dueOn < d.today ? "warn" : ""}>{a.title} · {a.department ? localName(lang, a.department) : ""} · {formatDate(a.dueOn, lang)}</li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
