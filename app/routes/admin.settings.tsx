// Admin: the project's settings. Kept here: its name (both languages), city and the approval thresholds
// (a payment or a contract change above them needs a second person's approval). Raising a threshold
// needs someone who approves (approvals.decide); the administrator alone may only lower one. Settings
// that belong to an area's own page are shown with a link to where they are changed, with its checks.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AdminHead } from "~/components/admin-nav";
import { errorText, Field } from "~/components/field";
import { projectSchema } from "~/domain/admin/forms.server";
import { can } from "~/domain/permissions";
import { useLang, useT, type MessageKey } from "~/i18n";
import { projectSettings, saveProjectSettings } from "~/models/admin/org.server";
import { requireProject } from "~/models/project.server";
import { assertSameOrigin } from "~/security.server";
import { forbidden, requireUser } from "~/session.server";
import { formatMoney, fenToYuanInput } from "~/utils/money";
import { parseForm, readFormData, refusalError, withFormError, type FieldErrors, type FormValues } from "~/utils/forms";
import { formatTermBps } from "~/utils/percent";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.settingsTitle");

/** The administrator keeps the settings; an approver may also change the thresholds (and is the only one who may raise them). */
const mayEdit = (roles: readonly string[]) => can(roles, "settings.manage") || can(roles, "approvals.decide");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!mayEdit(user.roles)) throw await forbidden(request, "settings.manage");
  const project = await requireProject();
  const settings = await projectSettings(project.id);
  return {
    settings: { ...settings, paymentApprovalFen: settings.paymentApprovalFen.toString(), changeApprovalFen: settings.changeApprovalFen.toString(), totalBudgetFen: settings.totalBudgetFen.toString() },
    mayRaise: can(user.roles, "approvals.decide"),
    mayEditProject: can(user.roles, "settings.manage"),
  };
}

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireUser(request);
  if (!mayEdit(user.roles)) throw await forbidden(request, "settings.manage");
  const project = await requireProject();
  const parsed = parseForm(projectSchema, await readFormData(request));
  if (!parsed.ok) return data<ActionResult>({ errors: withFormError(parsed.errors, ["version"]), values: parsed.values }, { status: 400 });
  const { paymentApproval, changeApproval, ...rest } = parsed.data;
  const result = await saveProjectSettings(
    project.id,
    { ...rest, paymentApprovalFen: paymentApproval, changeApprovalFen: changeApproval },
    { userId: user.id, mayRaiseThresholds: can(user.roles, "approvals.decide"), mayEditProject: can(user.roles, "settings.manage") },
  );
  if (!result.ok) return data<ActionResult>({ errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
  return redirect("/admin/settings?saved=1");
}

export default function AdminSettingsPage() {
  const { settings, mayRaise, mayEditProject } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const values = result?.values;
  const errors = result?.errors ?? {};
  const v = (field: string, fallback: string) => values?.[field] ?? fallback;
  return (
    <>
      <AdminHead title={t("admin.settingsTitle")} intro={t("admin.settingsIntro")} saved={Boolean(params.get("saved")) && !result} />
      <section className="card">
        <h2 id="project-form">{t("admin.projectSection")}</h2>
        {errors.form ? <p className="banner banner-error" role="alert">{errorText(t, lang, errors.form)}</p> : null}
        <Form method="post" className="form-grid admin-form" noValidate key={JSON.stringify(values ?? settings)} data-testid="settings-form" aria-labelledby="project-form">
          {/* Always the current version: after a refusal as stale, what was typed is kept and can be saved again over the newer row. */}
          <input type="hidden" name="version" value={settings.version} />
          <Field name="name" label={t("admin.projectName")} error={errors.name}>
            {(p) => <input {...p} defaultValue={v("name", settings.name)} readOnly={!mayEditProject} />}
          </Field>
          <Field name="nameEn" label={t("admin.projectNameEn")} error={errors.nameEn}>
            {(p) => <input {...p} lang="en" defaultValue={v("nameEn", settings.nameEn)} readOnly={!mayEditProject} />}
          </Field>
          <Field name="city" label={t("admin.city")} error={errors.city}>
            {(p) => <input {...p} defaultValue={v("city", settings.city)} readOnly={!mayEditProject} />}
          </Field>
          <Field name="paymentApproval" label={t("admin.paymentApproval")} error={errors.paymentApproval} hint={t("admin.thresholdHint", { current: formatMoney(settings.paymentApprovalFen, lang, "yuan") })}>
            {(p) => <input {...p} inputMode="decimal" defaultValue={v("paymentApproval", fenToYuanInput(settings.paymentApprovalFen))} />}
          </Field>
          <Field name="changeApproval" label={t("admin.changeApproval")} error={errors.changeApproval} hint={t("admin.thresholdHint", { current: formatMoney(settings.changeApprovalFen, lang, "yuan") })}>
            {(p) => <input {...p} inputMode="decimal" defaultValue={v("changeApproval", fenToYuanInput(settings.changeApprovalFen))} />}
          </Field>
          <p className="muted small">{mayRaise ? t("admin.thresholdRuleApprover") : t("admin.thresholdRuleAdmin")}</p>
          <div className="form-actions">
            <button type="submit" className="button primary">{t("common.save")}</button>
          </div>
        </Form>
      </section>
      <section className="card">
        <h2>{t("admin.elsewhere")}</h2>
        <dl className="facts facts-wrap" data-testid="settings-elsewhere">
          <dt>{t("mtg.seriesSettings")}</dt>
          <dd>
            {t(`weekday.${settings.meetingWeekday}` as MessageKey)} {settings.meetingTime} · <Link to="/meetings">{t("admin.changeOn", { page: t("nav.meetings") })}</Link>
          </dd>
          <dt>{t("admin.leaders")}</dt>
          <dd>
            {t("admin.leadersSet", { count: settings.leaders })} · <Link to="/settings/leaders">{t("admin.changeOn", { page: t("leaders.title") })}</Link>
          </dd>
          <dt>{t("admin.subscriptionCap")}</dt>
          <dd>
            {formatTermBps(settings.subscriptionCapBps)} · <Link to="/sales">{t("admin.changeOn", { page: t("nav.sales") })}</Link>
          </dd>
          <dt>{t("admin.totalBudget")}</dt>
          <dd>
            {formatMoney(settings.totalBudgetFen, lang)} · <Link to="/budget">{t("admin.changeOn", { page: t("nav.budget") })}</Link>
          </dd>
        </dl>
      </section>
    </>
  );
}
