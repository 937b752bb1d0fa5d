// The sections of a milestone's page (routes/milestones.$id.tsx): the progress form, the forecast card,
// and the plan editor's forms (dependencies, plan, expected finish, retire/restore). Each form posts an
// `intent`; a refused post comes back as ActionResult and is shown beside the form that sent it.
import { Form, Link, useNavigation, type useLoaderData } from "@remix-run/react";
import { HealthBadge } from "~/components/badges";
import { errorText, Field, FieldScope } from "~/components/field";
import { LinkTypeOptions, MilestonePlanFields } from "~/components/milestone-plan-fields";
import { MILESTONE_STATUSES } from "~/domain/schedule";
import { localName, useLang, useT } from "~/i18n";
import type { Milestone } from "~/models/milestones.server";
import type { loader } from "~/routes/milestones.$id";
import { formatDate } from "~/utils/dates";
import type { FieldErrors, FormValues } from "~/utils/forms";

export type Intent = "update" | "plan" | "retire" | "restore" | "addDependency" | "changeDependency" | "removeDependency" | "setExpected" | "clearExpected";
export type ActionResult = { intent: Intent; errors: FieldErrors; values: FormValues; current?: Milestone };

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type PageMilestone = LoaderData["milestone"];

export function FormError({ error }: { error: FieldErrors[string] | undefined }) {
  const t = useT();
  const lang = useLang();
  if (!error || error === "stale") return null;
  return (
    <p className="field-error" role="alert" data-testid="form-error">
      {errorText(t, lang, error)}
    </p>
  );
}

export function ProgressForm({ milestone, errors, typed, version }: { milestone: PageMilestone; errors: FieldErrors; typed: FormValues | null; version: number }) {
  const t = useT();
  const navigation = useNavigation();
  const value = (name: keyof PageMilestone) => typed?.[name] ?? String(milestone[name] ?? "");
  return (
    <Form method="post" className="card form-grid" noValidate data-testid="milestone-form" id="progress">
      <h2>{t("ms.update")}</h2>
      <input type="hidden" name="intent" value="update" />
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
        {(props) => <input {...props} defaultValue={typed?.reason ?? ""} maxLength={500} />}
      </Field>
      <Field name="note" label={t("ms.note")} error={errors.note}>
        {(props) => <textarea {...props} rows={3} defaultValue={value("note")} key={`n-${value("note")}`} maxLength={2000} />}
      </Field>
      <FormError error={errors.form} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("common.save")}
        </button>
        <Link to={`/milestones#${milestone.code}`} className="button">
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}

export function ForecastCard({ milestone, view }: { milestone: PageMilestone; view: LoaderData["view"] }) {
  const t = useT();
  const lang = useLang();
  return (
    <aside className="card" id="forecast" data-testid="forecast-card">
      <h2>{t("plan.forecastSection")}</h2>
      <dl className="facts">
        <dt>{t("ms.planned")}</dt>
        <dd>
          {formatDate(milestone.plannedStart, lang)} – {formatDate(milestone.plannedEnd, lang)}
        </dd>
        {view ? (
          <>
            <dt>{t("plan.forecastDates")}</dt>
            <dd>
              {formatDate(view.forecastStart, lang)} – {formatDate(view.forecastEnd, lang)}
            </dd>
            <dt>{t("plan.slip")}</dt>
            <dd className={view.slipDays > 0 ? "warn" : undefined}>{t("plan.days", { days: view.slipDays })}</dd>
            <dt>{t("plan.ownSlip")}</dt>
            <dd>{t("plan.days", { days: view.ownSlipDays })}</dd>
            <dt>{t("plan.cause")}</dt>
            <dd data-testid="slip-cause">
              {view.cause ? <Link to={`/milestones/${view.cause.id}`}>{view.cause.code}</Link> : t("plan.causeNone")}
              {view.delayedBy.length > 0 ? <span className="muted"> · {t("ms.delayedBy", { codes: view.delayedBy.join(", ") })}</span> : null}
            </dd>
            <dt>{t("plan.float")}</dt>
            <dd>{view.floatDays === null ? t("plan.floatNone") : t("plan.days", { days: view.floatDays })}</dd>
            <dt>{t("plan.critical")}</dt>
            <dd>{view.critical ? <strong>{t("plan.onCritical")}</strong> : t("plan.offCritical")}</dd>
          </>
        ) : null}
        <dt>{t("plan.expected")}</dt>
        <dd>
          {milestone.expectedEnd ? t("plan.expectedCurrent", { date: formatDate(milestone.expectedEnd, lang), reason: milestone.expectedReason }) : t("plan.expectedNone")}
        </dd>
      </dl>
    </aside>
  );
}

type DependencyItem = LoaderData["predecessors"][number];

export function DependenciesSection({
  milestone,
  predecessors,
  successors,
  choices,
  actionData,
  version,
}: {
  milestone: PageMilestone;
  predecessors: DependencyItem[];
  successors: DependencyItem[];
  choices: LoaderData["choices"];
  actionData: ActionResult | null;
  version: number;
}) {
  const t = useT();
  const lang = useLang();
  const addErrors = actionData?.intent === "addDependency" ? actionData.errors : {};
  const addTyped = actionData?.intent === "addDependency" ? actionData.values : null;
  const candidates = choices?.milestones.filter((m) => m.id !== milestone.id && !predecessors.some((p) => p.other.id === m.id)) ?? [];
  return (
    <section className="card" id="dependencies" data-testid="dependencies">
      <h2>{t("plan.dependencies")}</h2>
      <DependencyTable title={t("plan.predecessors")} items={predecessors} editable={choices !== null} actionData={actionData} testId="predecessors" />
      <DependencyTable title={t("plan.successors")} items={successors} editable={choices !== null} actionData={actionData} testId="successors" />
      {choices ? (
        <Form method="post" className="form-grid plan-add-link" noValidate data-testid="add-dependency-form">
          <FieldScope name="add-dependency">
            <h3>{t("plan.addDependency")}</h3>
            <input type="hidden" name="intent" value="addDependency" />
            <input type="hidden" name="version" value={version} />
            <Field name="predecessorId" label={t("plan.predecessor")} error={addErrors.predecessorId}>
              {(props) => (
                <select {...props} defaultValue={addTyped?.predecessorId ?? ""} key={`ap-${addTyped?.predecessorId ?? ""}`}>
                  <option value="">{t("plan.choose")}</option>
                  {candidates.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.code} {localName(lang, m)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="type" label={t("plan.linkType")} error={addErrors.type}>
              {(props) => (
                <select {...props} defaultValue={addTyped?.type ?? "FS"} key={`at-${addTyped?.type ?? ""}`}>
                  <LinkTypeOptions />
                </select>
              )}
            </Field>
            <Field name="lagDays" label={t("plan.lagDays")} error={addErrors.lagDays} hint={t("plan.lagHint")}>
              {(props) => <input {...props} inputMode="numeric" defaultValue={addTyped?.lagDays ?? "0"} key={`al-${addTyped?.lagDays ?? ""}`} />}
            </Field>
            <FormError error={addErrors.form} />
            <div className="form-actions">
              <button type="submit" className="button primary">
                {t("plan.addDependency")}
              </button>
            </div>
          </FieldScope>
        </Form>
      ) : null}
    </section>
  );
}

function DependencyTable({ title, items, editable, actionData, testId }: { title: string; items: DependencyItem[]; editable: boolean; actionData: ActionResult | null; testId: string }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">{t("common.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table compact" data-testid={testId}>
            <tbody>
              {items.map((d) => {
                const mine = actionData && (actionData.intent === "changeDependency" || actionData.intent === "removeDependency") && actionData.values.dependencyId === String(d.id);
                const errors = mine ? actionData.errors : {};
                const typed = mine && actionData.intent === "changeDependency" ? actionData.values : null;
                return (
                  <tr key={d.id}>
                    <td>
                      <Link to={`/milestones/${d.other.id}`}>
                        <span className="code">{d.other.code}</span> {localName(lang, d.other)}
                      </Link>
                      {d.other.retired ? <span className="muted"> ({t("plan.retiredTag")})</span> : null}
                      {d.forecast ? (
                        <div className="muted">
                          <HealthBadge health={d.forecast.health} /> {formatDate(d.forecast.forecastEnd, lang)}
                          {d.forecast.slipDays > 0 ? <span className="slip"> · {t("ms.slip", { days: d.forecast.slipDays })}</span> : null}
                        </div>
                      ) : null}
                    </td>
                    <td className="dates">{t("plan.link", { type: d.type, lag: d.lagDays })}</td>
                    {editable ? (
                      <td>
                        <Form method="post" className="inline-form" noValidate>
                          <input type="hidden" name="intent" value="changeDependency" />
                          <input type="hidden" name="dependencyId" value={d.id} />
                          <input type="hidden" name="version" value={d.successorVersion} />
                          <select name="type" aria-label={t("plan.linkType")} defaultValue={typed?.type ?? d.type} key={`ct-${d.id}-${typed?.type ?? d.type}`}>
                            <LinkTypeOptions />
                          </select>
                          <input
                            name="lagDays"
                            aria-label={t("plan.lagDays")}
                            inputMode="numeric"
                            defaultValue={typed?.lagDays ?? String(d.lagDays)}
                            key={`cl-${d.id}-${typed?.lagDays ?? d.lagDays}`}
                            aria-invalid={errors.lagDays ? true : undefined}
                          />
                          <button type="submit" className="button">
                            {t("plan.change")}
                          </button>
                        </Form>
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="removeDependency" />
                          <input type="hidden" name="dependencyId" value={d.id} />
                          <input type="hidden" name="version" value={d.successorVersion} />
                          <button type="submit" className="button">
                            {t("plan.remove")}
                          </button>
                        </Form>
                        {Object.entries(errors)
                          .filter(([field]) => field !== "dependencyId")
                          .map(([field, error]) => (
                            <FormError key={field} error={error} />
                          ))}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function PlanSection({
  milestone,
  choices,
  errors,
  typed,
  version,
}: {
  milestone: PageMilestone;
  choices: NonNullable<LoaderData["choices"]>;
  errors: FieldErrors;
  typed: FormValues | null;
  version: number;
}) {
  const t = useT();
  const stored: Record<string, string> = {
    code: milestone.code,
    name: milestone.name,
    nameEn: milestone.nameEn,
    kind: milestone.kind,
    plannedStart: milestone.plannedStart,
    plannedEnd: milestone.plannedEnd,
    departmentId: milestone.department ? String(milestone.department.id) : "",
    leaderId: milestone.leader ? String(milestone.leader.id) : "",
    agency: milestone.agency,
    agencyEn: milestone.agencyEn,
    isKey: milestone.isKey ? "on" : "",
    reason: "",
  };
  const value = (name: string) => (typed ? (typed[name] ?? "") : (stored[name] ?? ""));
  return (
    <Form method="post" className="card form-grid milestone-plan-form" noValidate id="plan" data-testid="plan-form">
      <FieldScope name="plan">
        <h2>{t("plan.section")}</h2>
        <input type="hidden" name="intent" value="plan" />
        <input type="hidden" name="version" value={version} />
        <MilestonePlanFields value={value} errors={errors} choices={choices} formKey={`plan-${version}`} />
        <Field name="reason" label={t("plan.reason")} error={errors.reason} hint={t("plan.reasonHint")}>
          {(props) => <input {...props} defaultValue={value("reason")} maxLength={500} key={`pr-${value("reason")}`} />}
        </Field>
        <FormError error={errors.form} />
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t("plan.savePlan")}
          </button>
        </div>
      </FieldScope>
    </Form>
  );
}

export function ExpectedSection({ milestone, actionData, version }: { milestone: PageMilestone; actionData: ActionResult | null; version: number }) {
  const t = useT();
  const lang = useLang();
  const setErrors = actionData?.intent === "setExpected" ? actionData.errors : {};
  const setTyped = actionData?.intent === "setExpected" ? actionData.values : null;
  const clearErrors = actionData?.intent === "clearExpected" ? actionData.errors : {};
  return (
    <section className="card" id="expected" data-testid="expected-section">
      <h2>{t("plan.expected")}</h2>
      <p className="muted">{t("plan.expectedIntro")}</p>
      <p data-testid="expected-current">
        {milestone.expectedEnd ? t("plan.expectedCurrent", { date: formatDate(milestone.expectedEnd, lang), reason: milestone.expectedReason }) : t("plan.expectedNone")}
      </p>
      {milestone.status !== "done" ? (
        <Form method="post" className="form-grid" noValidate>
          <FieldScope name="expected">
            <input type="hidden" name="intent" value="setExpected" />
            <input type="hidden" name="version" value={version} />
            <Field name="expectedEnd" label={t("plan.expectedEnd")} error={setErrors.expectedEnd}>
              {(props) => (
                <input {...props} type="date" defaultValue={setTyped?.expectedEnd ?? milestone.expectedEnd ?? ""} key={`ee-${setTyped?.expectedEnd ?? milestone.expectedEnd ?? ""}`} />
              )}
            </Field>
            <Field name="reason" label={t("plan.expectedReason")} error={setErrors.reason}>
              {(props) => <input {...props} maxLength={500} defaultValue={setTyped?.reason ?? ""} key={`er-${setTyped?.reason ?? ""}`} />}
            </Field>
            <FormError error={setErrors.form} />
            <div className="form-actions">
              <button type="submit" className="button primary">
                {t("plan.setExpected")}
              </button>
            </div>
          </FieldScope>
        </Form>
      ) : null}
      {milestone.expectedEnd ? (
        <Form method="post" className="form-grid" noValidate>
          <FieldScope name="clear-expected">
            <input type="hidden" name="intent" value="clearExpected" />
            <input type="hidden" name="version" value={version} />
            <Field name="reason" label={t("plan.clearReason")} error={clearErrors.reason}>
              {(props) => <input {...props} maxLength={500} defaultValue={actionData?.intent === "clearExpected" ? (actionData.values.reason ?? "") : ""} />}
            </Field>
            <FormError error={clearErrors.form} />
            <div className="form-actions">
              <button type="submit" className="button">
                {t("plan.clearExpected")}
              </button>
            </div>
          </FieldScope>
        </Form>
      ) : null}
    </section>
  );
}

export function RetireSection({ milestone, actionData, version }: { milestone: PageMilestone; actionData: ActionResult | null; version: number }) {
  const t = useT();
  const retired = milestone.retiredAt !== null;
  const intent: Intent = retired ? "restore" : "retire";
  const errors = actionData?.intent === intent ? actionData.errors : {};
  return (
    <section className="card" id="retire" data-testid="retire-section">
      <h2>{retired ? t("plan.restore") : t("plan.retire")}</h2>
      <p className="muted">{t("plan.retireIntro")}</p>
      <Form method="post" className="form-grid" noValidate>
        <FieldScope name="retire">
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name="version" value={version} />
          <Field name="reason" label={retired ? t("plan.restoreReason") : t("plan.retireReason")} error={errors.reason}>
            {(props) => <input {...props} maxLength={500} defaultValue={actionData?.intent === intent ? (actionData.values.reason ?? "") : ""} />}
          </Field>
          <FormError error={errors.form} />
          <div className="form-actions">
            <button type="submit" className={retired ? "button primary" : "button danger"}>
              {retired ? t("plan.restoreButton") : t("plan.retireButton")}
            </button>
          </div>
        </FieldScope>
      </Form>
    </section>
  );
}

export const PROGRESS_FIELDS = ["status", "percentComplete", "actualStart", "actualEnd", "plannedStart", "plannedEnd", "note"] as const;
export const PLAN_FIELDS = ["code", "name", "nameEn", "kind", "plannedStart", "plannedEnd", "agency", "agencyEn"] as const;

/** What the other person saved, beside what this user typed, for each field that differs. */
export function StaleDiff({ current, values, fields }: { current: Milestone; values: FormValues; fields: readonly (keyof Milestone)[] }) {
  const t = useT();
  const labels: Partial<Record<keyof Milestone, string>> = {
    status: t("ms.status"),
    percentComplete: t("ms.percent"),
    actualStart: t("ms.actualStart"),
    actualEnd: t("ms.actualEnd"),
    plannedStart: t("ms.plannedStart"),
    plannedEnd: t("ms.plannedEnd"),
    note: t("ms.note"),
    code: t("plan.code"),
    name: t("plan.name"),
    nameEn: t("plan.nameEn"),
    kind: t("plan.kind"),
    agency: t("plan.agency"),
    agencyEn: t("plan.agencyEn"),
  };
  const changed = fields.filter((field) => String(current[field] ?? "") !== (values[field] ?? ""));
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
            <th>{labels[field] ?? field}</th>
            <td>{String(current[field] ?? "—")}</td>
            <td>{values[field] || "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
