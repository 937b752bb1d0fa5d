// One milestone: its forecast (slip, own slip, its cause, total float, critical path), the progress
// update, and for the project manager the plan editor (issue 16): plan fields, dependencies, expected
// finish, retire/restore. Several forms, told apart by `intent`; a post without one is the progress update.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { AuditHistory } from "~/components/audit-history";
import { MilestoneDocuments } from "~/components/milestone-documents";
import { listForMilestone } from "~/models/schedule/documents.server";
import { HealthBadge, StatusBadge } from "~/components/badges";
import {
  DependenciesSection,
  ExpectedSection,
  ForecastCard,
  PLAN_FIELDS,
  PlanSection,
  PROGRESS_FIELDS,
  ProgressForm,
  RetireSection,
  StaleDiff,
  type ActionResult,
  type Intent,
} from "~/components/milestone-editor";
import { can } from "~/domain/permissions";
import { milestoneUpdateSchema } from "~/domain/schedule/forms.server";
import {
  addDependencySchema,
  changeDependencySchema,
  clearExpectedFinishSchema,
  expectedFinishSchema,
  milestonePlanSchema,
  removeDependencySchema,
  retireSchema,
} from "~/domain/schedule/plan-forms.server";
import { localName, translator, useLang, useT } from "~/i18n";
import { getLang } from "~/i18n/lang.server";
import { historyFor } from "~/models/audit.server";
import { getMilestone, scheduleView, updateMilestone } from "~/models/milestones.server";
import { requireProject } from "~/models/project.server";
import {
  addDependency,
  changeDependency,
  clearExpectedFinish,
  dependenciesOf,
  editMilestonePlan,
  planChoices,
  removeDependency,
  restoreMilestone,
  retireMilestone,
  setExpectedFinish,
  type MilestoneReference,
  type PlanResult,
} from "~/models/schedule/plan.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDateTime, today } from "~/utils/dates";
import { formValues, parseForm, parseId, readFormData, type FieldErrors } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t) => [data?.milestone.code, t("title.milestone")].filter(Boolean).join(" · "));

async function loadMilestone(param: string | undefined, projectId: number) {
  const id = parseId(param);
  const milestone = id ? await getMilestone(projectId, id) : null;
  if (!milestone) throw new Response("Milestone not found", { status: 404 });
  return milestone;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const project = await requireProject();
  const milestone = await loadMilestone(params.id, project.id);
  const { rows } = await scheduleView(project.id, today());
  // A retired milestone has no forecast: the page shows its plan and history.
  const view = rows.find((row) => row.id === milestone.id) ?? null;
  const forecastOf = new Map(rows.map((row) => [row.id, { forecastEnd: row.forecastEnd, slipDays: row.slipDays, health: row.health }]));
  const dependencies = await dependenciesOf(project.id, milestone.id);
  const withForecast = <T extends { other: { id: number } }>(list: T[]) => list.map((d) => ({ ...d, forecast: forecastOf.get(d.other.id) ?? null }));
  const history = await historyFor("Milestone", milestone.id);
  const choices = can(user.roles, "schedule.write") ? await planChoices(project.id) : null;
  const saved = new URL(request.url).searchParams.get("saved") === "1";
  const documents = await listForMilestone(project.id, milestone.id);
  return {
    documents,
    milestone,
    view,
    predecessors: withForecast(dependencies.predecessors),
    successors: withForecast(dependencies.successors),
    choices,
    history,
    saved,
  };
}


const SCHEMAS = {
  update: () => milestoneUpdateSchema(today()),
  plan: () => milestonePlanSchema,
  retire: () => retireSchema,
  restore: () => retireSchema,
  addDependency: () => addDependencySchema,
  changeDependency: () => changeDependencySchema,
  removeDependency: () => removeDependencySchema,
  setExpected: () => expectedFinishSchema,
  clearExpected: () => clearExpectedFinishSchema,
} satisfies Record<Intent, () => z.ZodType>;

const SECTION: Record<Intent, string> = {
  update: "progress",
  plan: "plan",
  retire: "retire",
  restore: "retire",
  addDependency: "dependencies",
  changeDependency: "dependencies",
  removeDependency: "dependencies",
  setExpected: "expected",
  clearExpected: "expected",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "schedule.write");
  const project = await requireProject();
  const milestone = await loadMilestone(params.id, project.id);
  const formData = await readFormData(request);
  const posted = formData.get("intent");
  const intent = (posted === null ? "update" : String(posted)) as Intent;
  if (!Object.hasOwn(SCHEMAS, intent)) {
    return data<ActionResult>({ intent: "update", errors: { form: "invalid" }, values: formValues(formData) }, { status: 400 });
  }
  const parsed = parseForm(SCHEMAS[intent](), formData);
  if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });

  const actor = { userId: user.id };
  const input = parsed.data as never;
  if (intent === "update") {
    // A retired milestone's progress is frozen with it (restore it first).
    if (milestone.retiredAt !== null) return data<ActionResult>({ intent, errors: { form: "milestone_retired" }, values: parsed.values }, { status: 400 });
    const result = await updateMilestone(project.id, milestone.id, input, actor);
    if (result.ok) return redirect(`/milestones?saved=${encodeURIComponent(milestone.code)}#${milestone.code}`);
    switch (result.reason) {
      case "not_found":
        throw new Response("Milestone not found", { status: 404 });
      case "reason_required":
        return data<ActionResult>({ intent, errors: { reason: "reason_required" }, values: parsed.values }, { status: 400 });
      case "stale":
        return data<ActionResult>({ intent, errors: { form: "stale" }, values: parsed.values, current: result.current }, { status: 409 });
    }
  }

  const writes: Record<Exclude<Intent, "update">, () => Promise<PlanResult<object>>> = {
    plan: () => editMilestonePlan(project.id, milestone.id, input, actor),
    retire: () => retireMilestone(project.id, milestone.id, input, actor),
    restore: () => restoreMilestone(project.id, milestone.id, input, actor),
    addDependency: () => addDependency(project.id, milestone.id, input, actor),
    changeDependency: () => changeDependency(project.id, milestone.id, input, actor),
    removeDependency: () => removeDependency(project.id, milestone.id, input, actor),
    setExpected: () => setExpectedFinish(project.id, milestone.id, input, actor),
    clearExpected: () => clearExpectedFinish(project.id, milestone.id, input, actor),
  };
  const result = await writes[intent]();
  if (result.ok) return redirect(`/milestones/${milestone.id}?saved=1#${SECTION[intent]}`);
  if (result.status === 404) throw new Response("Milestone not found", { status: 404 });
  let errors = result.errors;
  if (result.references) {
    const lang = await getLang(request);
    errors = { ...errors, form: { message: "retire_referenced", vars: { list: referenceList(translator(lang), result.references, lang === "en" ? "; " : "；") } } };
  }
  // A stale save shows the milestone as it is now; the other person's version is the one to compare with.
  const current = result.current && result.current.id === milestone.id ? result.current : undefined;
  return data<ActionResult>({ intent, errors, values: parsed.values, current }, { status: result.status });
}

function referenceList(t: ReturnType<typeof translator>, references: MilestoneReference[], separator: string): string {
  return references
    .map((r) => (r.kind === "drawdown" ? t("plan.ref.drawdown", { date: r.date, label: r.label }) : t(`plan.ref.${r.kind}`, { label: r.label })))
    .join(separator);
}

export default function MilestonePage() {
  const { milestone, view, predecessors, successors, choices, history, saved, documents } = useLoaderData<typeof loader>();
  const canEdit = useCan("schedule.write") && choices !== null;
  const actionData = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const retired = milestone.retiredAt !== null;
  const errorsFor = (intent: Intent): FieldErrors => (actionData?.intent === intent ? actionData.errors : {});
  // On a refused save the form shows what the user typed; otherwise the stored values.
  const typed = (intent: Intent) => (actionData?.intent === intent ? actionData.values : null);
  const version = actionData?.current?.version ?? milestone.version;
  const formError = actionData?.errors.form;

  return (
    <>
      <p>
        <Link to={`/milestones#${milestone.code}`}>← {t("ms.title")}</Link>
      </p>
      <div className="page-head">
        <h1>
          <span className="code">{milestone.code}</span> {localName(lang, milestone)}
        </h1>
        <p className="muted">
          {t(`kind.${milestone.kind}`)} · {lang === "en" ? milestone.agencyEn || milestone.agency : milestone.agency}
          {milestone.department ? ` · ${localName(lang, milestone.department)}` : ""}
          {milestone.leader ? ` · ${localName(lang, milestone.leader)}` : ""} · {view ? <HealthBadge health={view.health} /> : null}{" "}
          <span className="muted small" title={t("scheduleStatus.progressState")}>
            ({t("scheduleStatus.progressState")}: <StatusBadge status={milestone.status} />)
          </span>{" "}
          · {t("ms.version", { version: milestone.version })}
        </p>
      </div>
      {retired ? (
        <div className="banner banner-warn" role="status" data-testid="retired-banner">
          <p>
            <strong>{t("plan.retiredTag")}</strong> ·{" "}
            {t("plan.retiredBanner", { date: formatDateTime(milestone.retiredAt!, lang), reason: milestone.retiredReason })}
          </p>
        </div>
      ) : null}
      {saved && !actionData ? (
        <p className="banner banner-ok" role="status">
          {t("plan.saved")}
        </p>
      ) : null}
      {formError === "stale" ? (
        <div className="banner banner-warn" role="alert" data-testid="stale-banner">
          <p>{t("errors.stale", { version })}</p>
          {actionData?.current && actionData.intent === "update" ? <StaleDiff current={actionData.current} values={actionData.values} fields={PROGRESS_FIELDS} /> : null}
          {actionData?.current && actionData.intent === "plan" ? <StaleDiff current={actionData.current} values={actionData.values} fields={PLAN_FIELDS} /> : null}
        </div>
      ) : null}
      <div className="two-col">
        <div>
          {!canEdit ? (
            <p className="card muted" data-testid="read-only">
              {t("auth.readOnly")}
            </p>
          ) : retired ? null : (
            <ProgressForm milestone={milestone} errors={errorsFor("update")} typed={typed("update")} version={version} />
          )}
        </div>
        <ForecastCard milestone={milestone} view={view} />
      </div>
      <DependenciesSection
        milestone={milestone}
        predecessors={predecessors}
        successors={successors}
        choices={canEdit && !retired ? choices : null}
        actionData={actionData ?? null}
        version={version}
      />
      {canEdit && choices ? (
        <>
          {!retired ? (
            <PlanSection milestone={milestone} choices={choices} errors={errorsFor("plan")} typed={typed("plan")} version={version} />
          ) : null}
          {!retired ? <ExpectedSection milestone={milestone} actionData={actionData ?? null} version={version} /> : null}
          <RetireSection milestone={milestone} actionData={actionData ?? null} version={version} />
        </>
      ) : null}
      <MilestoneDocuments milestone={milestone} documents={documents} canWrite={canEdit} />
      <div className="milestone-history">
        <AuditHistory records={history} />
      </div>
    </>
  );
}

