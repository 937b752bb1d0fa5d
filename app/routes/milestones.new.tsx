// Adding a milestone to the plan (project manager): its plan fields and up to three predecessors.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FieldScope } from "~/components/field";
import { LinkTypeOptions, MilestonePlanFields } from "~/components/milestone-plan-fields";
import { can } from "~/domain/permissions";
import { CREATE_PREDECESSOR_SLOTS } from "~/domain/schedule";
import { milestoneCreateSchema } from "~/domain/schedule/plan-forms.server";
import { localName, useLang, useT } from "~/i18n";
import { requireProject } from "~/models/project.server";
import { createMilestone, planChoices } from "~/models/schedule/plan.server";
import { forbidden, requirePermission, requireUser } from "~/session.server";
import { parseForm, readFormData, type FieldErrors, type FormValues } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plan.newTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user.roles, "schedule.write")) throw await forbidden(request, "schedule.write");
  const project = await requireProject();
  return { choices: await planChoices(project.id) };
}

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "schedule.write");
  const project = await requireProject();
  const parsed = parseForm(milestoneCreateSchema(), await readFormData(request));
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await createMilestone(project.id, parsed.data, { userId: user.id });
  if (result.ok) return redirect(`/milestones/${result.id}?saved=1`);
  return data<ActionResult>({ errors: result.errors, values: parsed.values }, { status: result.status === 404 ? 400 : result.status });
}

const SLOTS = Array.from({ length: CREATE_PREDECESSOR_SLOTS }, (_, i) => i);

export default function NewMilestonePage() {
  const { choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors ?? {};
  const values = actionData?.values;
  const value = (name: string) => (values ? (values[name] ?? "") : name === "kind" ? "construction" : name.startsWith("predType") ? "FS" : "");

  return (
    <>
      <p>
        <Link to="/milestones">← {t("ms.title")}</Link>
      </p>
      <div className="page-head">
        <h1>{t("plan.newTitle")}</h1>
        <p className="muted">{t("plan.newIntro")}</p>
      </div>
      {errors.form ? (
        <p className="banner banner-warn" role="alert">
          {t("errors.invalid")}
        </p>
      ) : null}
      <Form method="post" className="card form-grid milestone-plan-form" noValidate data-testid="milestone-create-form">
        <MilestonePlanFields value={value} errors={errors} choices={choices} formKey="new" />
        <fieldset className="plan-predecessors">
          <legend>{t("plan.createPredecessors")}</legend>
          {SLOTS.map((i) => (
            <FieldScope key={i} name={`slot${i}`}>
              <div className="plan-link-row">
                <Field name={`pred${i}`} label={t("plan.predecessor")} error={errors[`pred${i}`]}>
                  {(props) => (
                    <select {...props} defaultValue={value(`pred${i}`)} key={`p${i}-${value(`pred${i}`)}`}>
                      <option value="">{t("plan.unassigned")}</option>
                      {choices.milestones.map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.code} {localName(lang, m)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field name={`predType${i}`} label={t("plan.linkType")} error={errors[`predType${i}`]}>
                  {(props) => (
                    <select {...props} defaultValue={value(`predType${i}`)} key={`t${i}-${value(`predType${i}`)}`}>
                      <LinkTypeOptions />
                    </select>
                  )}
                </Field>
                <Field name={`predLag${i}`} label={t("plan.lagDays")} error={errors[`predLag${i}`]}>
                  {(props) => <input {...props} inputMode="numeric" defaultValue={value(`predLag${i}`) || "0"} key={`l${i}-${value(`predLag${i}`)}`} />}
                </Field>
              </div>
            </FieldScope>
          ))}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {t("plan.create")}
          </button>
          <Link to="/milestones" className="button">
            {t("common.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}
