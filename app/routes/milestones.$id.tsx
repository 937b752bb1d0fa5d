import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { HealthBadge, StatusBadge } from "~/components/badges";
import { Field } from "~/components/field";
import { MILESTONE_STATUSES } from "~/domain/schedule";
import { milestoneUpdateSchema } from "~/domain/schedule/forms.server";
import { localName, useLang, useT } from "~/i18n";
import { getMilestone, scheduleView, updateMilestone, type Milestone } from "~/models/milestones.server";
import { requireProject } from "~/models/project.server";
import { historyFor } from "~/models/audit.server";
import { requirePermission, requireUser } from "~/session.server";
import { AuditHistory } from "~/components/audit-history";
import { useCan } from "~/root";
import { formatDate, today } from "~/utils/dates";
import { parseForm, parseId, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "更新里程碑 · Groundwork" }];

async function loadMilestone(param: string | undefined, projectId: number) {
  const id = parseId(param);
  const milestone = id ? await getMilestone(projectId, id) : null;
  if (!milestone) throw new Response("Milestone not found", { status: 404 });
  return milestone;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const milestone = await loadMilestone(params.id, project.id);
  const { rows } = await scheduleView(project.id, today());
  const view = rows.find((row) => row.id === milestone.id)!;
  const successors = rows.filter((row) => view.successors.some((s) => s.id === row.id));
  const history = await historyFor("Milestone", milestone.id);
  return { milestone, view, successors, history, today: today() };
}

type ActionResult = { errors: FieldErrors; values: FormValues; current?: Milestone };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "schedule.write");
  const project = await requireProject();
  const milestone = await loadMilestone(params.id, project.id);
  const parsed = parseForm(milestoneUpdateSchema(today()), await readFormData(request));
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await updateMilestone(project.id, milestone.id, parsed.data, { userId: user.id });
  if (result.ok) return redirect(`/milestones?saved=${encodeURIComponent(milestone.code)}#${milestone.code}`);
  switch (result.reason) {
    case "not_found":
      throw new Response("Milestone not found", { status: 404 });
    case "reason_required":
      return data<ActionResult>({ errors: { reason: "reason_required" }, values: parsed.values }, { status: 400 });
    case "stale":
      return data<ActionResult>({ errors: { form: "stale" }, values: parsed.values, current: result.current }, { status: 409 });
  }
}

export default function MilestoneEditPage() {
  const { milestone, view, successors, history } = useLoaderData<typeof loader>();
  const canEdit = useCan("schedule.write");
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors ?? {};
  // After a failed save, show what the user typed, not the stored values.
  const value = (name: keyof Milestone) => actionData?.values?.[name] ?? String(milestone[name] ?? "");
  // On a stale save, the form's version becomes the current one, so a deliberate second save wins.
  const version = actionData?.current?.version ?? milestone.version;

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
          {milestone.leader ? ` · ${localName(lang, milestone.leader)}` : ""} · <StatusBadge status={milestone.status} />{" "}
          <HealthBadge health={view.health} /> · {t("ms.version", { version: milestone.version })}
        </p>
      </div>
      {errors.form === "stale" && actionData?.current ? (
        <div className="banner banner-warn" role="alert" data-testid="stale-banner">
          <p>{t("errors.stale", { version: actionData.current.version })}</p>
          <StaleDiff current={actionData.current} values={actionData.values} />
        </div>
      ) : null}
      <div className="two-col">
        {canEdit ? (
        <Form method="post" className="card form-grid" noValidate data-testid="milestone-form">
          <h2>{t("ms.update")}</h2>
          <input type="hidden" name="version" value={version} />
          <Field name="status" label={t("ms.status")} error={errors.status}>
            {(props) => (
              <select {...props} defaultValue={value("status")} key={`status-${value("status")}`}>
                {MILESTONE_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {t(`status.${status}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="percentComplete" label={t("ms.percent")} error={errors.percentComplete}>
            {(props) => <input {...props} inputMode="numeric" defaultValue={value("percentComplete")} key={`p-${value("percentComplete")}`} />}
          </Field>
          <Field name="actualStart" label={t("ms.actualStart")} error={errors.actualStart}>
            {(props) => <input {...props} type="date" defaultValue={value("actualStart")} key={`as-${value("actualStart")}`} />}
          </Field>
          <Field name="actualEnd" label={t("ms.actualEnd")} error={errors.actualEnd}>
            {(props) => <input {...props} type="date" defaultValue={value("actualEnd")} key={`ae-${value("actualEnd")}`} />}
          </Field>
          <Field name="plannedStart" label={t("ms.plannedStart")} error={errors.plannedStart}>
            {(props) => <input {...props} type="date" defaultValue={value("plannedStart")} key={`ps-${value("plannedStart")}`} />}
          </Field>
          <Field name="plannedEnd" label={t("ms.plannedEnd")} error={errors.plannedEnd}>
            {(props) => <input {...props} type="date" defaultValue={value("plannedEnd")} key={`pe-${value("plannedEnd")}`} />}
          </Field>
          <Field name="reason" label={t("ms.reason")} error={errors.reason} hint={t("ms.reasonHint")}>
            {(props) => <input {...props} defaultValue={actionData?.values?.reason ?? ""} maxLength={500} />}
          </Field>
          <Field name="note" label={t("ms.note")} error={errors.note}>
            {(props) => <textarea {...props} rows={3} defaultValue={value("note")} key={`n-${value("note")}`} maxLength={2000} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              {t("common.save")}
            </button>
            <Link to={`/milestones#${milestone.code}`} className="button">
              {t("common.cancel")}
            </Link>
          </div>
        </Form>
        ) : (
          <p className="card muted" data-testid="read-only">
            {t("auth.readOnly")}
          </p>
        )}
        <aside className="card">
          <h2>{t("ms.forecast")}</h2>
          <dl className="facts">
            <dt>{t("ms.planned")}</dt>
            <dd>
              {formatDate(milestone.plannedStart, lang)} – {formatDate(milestone.plannedEnd, lang)}
            </dd>
            <dt>{t("ms.forecast")}</dt>
            <dd>
              {formatDate(view.forecastStart, lang)} – {formatDate(view.forecastEnd, lang)}
              {view.slipDays > 0 ? <span className="slip"> · {t("ms.slip", { days: view.slipDays })}</span> : null}
            </dd>
            <dt>{t("ms.dependencies")}</dt>
            <dd>{view.predecessors.map((p) => p.code).join(", ") || t("common.none")}</dd>
          </dl>
          <h3>{t("ms.successors")}</h3>
          {successors.length === 0 ? (
            <p className="muted">{t("common.none")}</p>
          ) : (
            <ul className="plain-list">
              {successors.map((s) => (
                <li key={s.id}>
                  <Link to={`/milestones/${s.id}`}>
                    {s.code} {localName(lang, s)}
                  </Link>{" "}
                  <HealthBadge health={s.health} /> {formatDate(s.forecastEnd, lang)}
                  {s.slipDays > 0 ? <span className="slip"> · {t("ms.slip", { days: s.slipDays })}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
      <AuditHistory records={history} />
    </>
  );
}

const DIFF_FIELDS = ["status", "percentComplete", "actualStart", "actualEnd", "plannedStart", "plannedEnd", "note"] as const;

/** What the other person saved, beside what this user typed, for each field that differs. */
function StaleDiff({ current, values }: { current: Milestone; values: FormValues }) {
  const t = useT();
  const labels = {
    status: t("ms.status"),
    percentComplete: t("ms.percent"),
    actualStart: t("ms.actualStart"),
    actualEnd: t("ms.actualEnd"),
    plannedStart: t("ms.plannedStart"),
    plannedEnd: t("ms.plannedEnd"),
    note: t("ms.note"),
  };
  const changed = DIFF_FIELDS.filter((field) => String(current[field] ?? "") !== (values[field] ?? ""));
  if (changed.length === 0) return null;
  return (
    <table className="data-table compact">
      <thead>
        <tr>
          <th />
          <th>{t("ms.theirs")}</th>
          <th>{t("ms.yours")}</th>
        </tr>
      </thead>
      <tbody>
        {changed.map((field) => (
          <tr key={field}>
            <th>{labels[field]}</th>
            <td>{String(current[field] ?? "—")}</td>
            <td>{values[field] || "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
