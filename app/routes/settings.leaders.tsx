// /settings/leaders — 领导分工: the leader in charge of each area. A meeting whose theme is on an area is
// chaired by its leader; the monthly pack's commentary on an area is written by its leader.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field } from "~/components/field";
import { leadersSchema } from "~/domain/meetings-forms.server";
import { can } from "~/domain/permissions";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { leadersView, saveLeaders } from "~/models/meetings/leaders.server";
import { requireProject } from "~/models/project.server";
import { assertSameOrigin } from "~/security.server";
import { forbidden, requireUser } from "~/session.server";
import { parseForm, readFormData, refusalError, type FieldErrors, type FormValues } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "leaders.title");

/** Who decides the 分工: the general manager's office (meeting.run) or the administrator (settings.manage). */
const mayEdit = (roles: readonly string[]) => can(roles, "meeting.run") || can(roles, "settings.manage");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const project = await requireProject();
  return { ...(await leadersView(project.id)), canEdit: mayEdit(user.roles) };
}

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireUser(request);
  if (!mayEdit(user.roles)) throw await forbidden(request, "settings.manage");
  const project = await requireProject();
  const form = await readFormData(request);
  const parsed = parseForm(leadersSchema, form);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await saveLeaders(project.id, parsed.data, { userId: user.id });
  if (!result.ok) return data<ActionResult>({ errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
  return redirect("/settings/leaders?saved=1");
}

export default function LeadersPage() {
  const { areas, people, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const personName = (id: number | null) => {
    const person = people.find((p) => p.id === id);
    return person ? `${localName(lang, person)} · ${lang === "en" ? person.titleEn : person.title}` : t("leaders.nobody");
  };
  return (
    <>
      <p><Link to="/meetings">← {t("mtg.title")}</Link></p>
      <div className="page-head">
        <h1>{t("leaders.title")}</h1>
        <p className="muted">{t("leaders.hint")}</p>
      </div>
      {params.get("saved") && !result ? <p className="banner banner-ok" role="status">{t("leaders.saved")}</p> : null}
      <section className="card">
        {canEdit ? (
          <Form method="post" className="form-grid" noValidate key={JSON.stringify(result?.values ?? {})} data-testid="leaders-form">
            {areas.map((a) => (
              <Field key={a.area} name={a.area} label={t(`area.${a.area}` as MessageKey)} error={result?.errors[a.area]}>
                {(p) => (
                  <select {...p} defaultValue={result?.values[a.area] ?? (a.personId ? String(a.personId) : "")}>
                    <option value="">{t("leaders.nobody")}</option>
                    {people.map((person) => (
                      <option key={person.id} value={person.id}>{localName(lang, person)} · {lang === "en" ? person.titleEn : person.title}{person.department ? ` · ${localName(lang, person.department)}` : ""}</option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
            <div className="form-actions"><button type="submit" className="button primary">{t("common.save")}</button></div>
          </Form>
        ) : (
          <table className="data-table" data-testid="leaders-table">
            <thead><tr><th>{t("leaders.area")}</th><th>{t("leaders.leader")}</th></tr></thead>
            <tbody>
              {areas.map((a) => <tr key={a.area}><td>{t(`area.${a.area}` as MessageKey)}</td><td>{personName(a.personId)}</td></tr>)}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
