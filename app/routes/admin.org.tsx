// Admin: departments and people — the organisation milestones, action items and the 分工 are assigned
// to. Each list has its form: empty to add, filled when a row's "edit" is chosen (?department= / ?person=).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AdminHead } from "~/components/admin-nav";
import { errorText, Field, FieldScope } from "~/components/field";
import { departmentSchema, personSchema } from "~/domain/admin/forms.server";
import { can } from "~/domain/permissions";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { orgView, saveDepartment, savePerson } from "~/models/admin/org.server";
import { requireProject } from "~/models/project.server";
import { forbidden, requirePermission, requireUser } from "~/session.server";
import { parseForm, readFormData, refusalError, withFormError, type FieldErrors, type FormValues } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.orgTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user.roles, "settings.manage")) throw await forbidden(request, "settings.manage");
  const project = await requireProject();
  return orgView(project.id);
}

type ActionResult = { intent: "department" | "person"; errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "settings.manage");
  const project = await requireProject();
  const form = await readFormData(request);
  const intent = form.get("intent") === "person" ? "person" : form.get("intent") === "department" ? "department" : null;
  if (!intent) return data<ActionResult>({ intent: "department", errors: { form: "invalid" }, values: {} }, { status: 400 });
  const actor = { userId: admin.id };
  const parsed = intent === "department" ? parseForm(departmentSchema, form) : parseForm(personSchema, form);
  if (!parsed.ok) return data<ActionResult>({ intent, errors: withFormError(parsed.errors, ["id"]), values: parsed.values }, { status: 400 });
  const result =
    intent === "department"
      ? await saveDepartment(project.id, parsed.data as never, actor)
      : await savePerson(project.id, parsed.data as never, actor);
  if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
  return redirect(`/admin/org?saved=${intent}#${intent === "department" ? "departments" : "people"}`);
}

export default function AdminOrgPage() {
  const { departments, people, peopleTotal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const editDepartment = departments.find((d) => String(d.id) === params.get("department")) ?? null;
  const editPerson = people.find((p) => String(p.id) === params.get("person")) ?? null;
  const deptValues: FormValues | null = result?.intent === "department" ? result.values : null;
  const personValues: FormValues | null = result?.intent === "person" ? result.values : null;
  const deptErrors = result?.intent === "department" ? result.errors : {};
  const personErrors = result?.intent === "person" ? result.errors : {};
  const deptName = (id: number | null) => {
    const d = departments.find((x) => x.id === id);
    return d ? localName(lang, d) : "—";
  };
  const dv = (field: string, fallback: string) => deptValues?.[field] ?? fallback;
  const pv = (field: string, fallback: string) => personValues?.[field] ?? fallback;
  const deptEditing = deptValues ? deptValues.id : editDepartment ? String(editDepartment.id) : "";
  const personEditing = personValues ? personValues.id : editPerson ? String(editPerson.id) : "";
  const labels = { code: t("admin.deptCode"), name: t("admin.nameZh"), nameEn: t("admin.nameEn"), people: t("admin.peopleCount"), title: t("admin.titleZh"), personName: t("admin.personName"), personTitle: t("admin.personTitle"), department: t("admin.department"), account: t("admin.user"), status: t("admin.status"), leads: t("leaders.title") };
  return (
    <>
      <AdminHead title={t("admin.orgTitle")} intro={t("admin.orgIntro")} saved={Boolean(params.get("saved")) && !result} />
      <section className="card" id="departments">
        <h2>{t("admin.departments")}</h2>
        <div className="table-scroll">
          <table className="data-table stack-table" data-testid="departments">
            <thead>
              <tr>
                <th>{labels.code}</th>
                <th>{labels.name}</th>
                <th>{labels.nameEn}</th>
                <th className="num">{labels.people}</th>
                <th><span className="visually-hidden">{t("admin.edit")}</span></th>
              </tr>
            </thead>
            <tbody>
              {departments.map((d) => (
                <tr key={d.id} data-testid={`department-${d.code}`}>
                  <td data-label={labels.code}>
                    <span className="code">{d.code}</span>
                    {d.planned ? <small className="muted"> · {t("admin.planned")}</small> : null}
                  </td>
                  <td data-label={labels.name} lang="zh-CN">
                    {d.name}
                  </td>
                  <td data-label={labels.nameEn}>{d.nameEn}</td>
                  <td data-label={labels.people} className="num">{d.people}</td>
                  <td>
                    <Link to={`?department=${d.id}#department-form`} aria-label={`${t("admin.edit")} ${localName(lang, d)}`}>{t("admin.edit")}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3 id="department-form">{deptEditing ? t("admin.editDepartment") : t("admin.newDepartment")}</h3>
        {deptErrors.form ? <p className="banner banner-error" role="alert">{errorText(t, lang, deptErrors.form)}</p> : null}
        <FieldScope name="dept">
          <Form method="post" className="form-grid admin-form" noValidate key={`d-${deptEditing}-${JSON.stringify(deptValues)}`} data-testid="department-form" aria-labelledby="department-form">
            <input type="hidden" name="intent" value="department" />
            <input type="hidden" name="id" value={deptEditing ?? ""} />
            <Field name="code" label={labels.code} error={deptErrors.code}>
              {(p) => <input {...p} defaultValue={dv("code", editDepartment?.code ?? "")} autoCapitalize="characters" spellCheck={false} />}
            </Field>
            <Field name="name" label={labels.name} error={deptErrors.name}>
              {(p) => <input {...p} defaultValue={dv("name", editDepartment?.name ?? "")} />}
            </Field>
            <Field name="nameEn" label={labels.nameEn} error={deptErrors.nameEn}>
              {(p) => <input {...p} lang="en" defaultValue={dv("nameEn", editDepartment?.nameEn ?? "")} />}
            </Field>
            <Field name="sortOrder" label={t("admin.sortOrder")} error={deptErrors.sortOrder}>
              {(p) => <input {...p} inputMode="numeric" defaultValue={dv("sortOrder", String(editDepartment?.sortOrder ?? departments.length + 1))} />}
            </Field>
            <Field name="planned" label={t("admin.planned")} error={deptErrors.planned}>
              {(p) => <input {...p} type="checkbox" defaultChecked={deptValues ? deptValues.planned === "on" : (editDepartment?.planned ?? false)} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button primary">{deptEditing ? t("common.save") : t("admin.add")}</button>
              {deptEditing ? <Link to="/admin/org#departments">{t("common.cancel")}</Link> : null}
            </div>
          </Form>
        </FieldScope>
      </section>
      <section className="card" id="people">
        <h2>{t("admin.people")}</h2>
        <div className="table-scroll">
          <table className="data-table stack-table" data-testid="people">
            <thead>
              <tr>
                <th>{labels.personName}</th>
                <th>{labels.personTitle}</th>
                <th>{labels.department}</th>
                <th>{labels.account}</th>
                <th>{labels.leads}</th>
                <th>{labels.status}</th>
                <th><span className="visually-hidden">{t("admin.edit")}</span></th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.id} data-testid={`person-${p.id}`}>
                  <td data-label={labels.personName}>{localName(lang, p)}</td>
                  <td data-label={labels.personTitle}>{lang === "en" ? p.titleEn : p.title}</td>
                  <td data-label={labels.department}>{deptName(p.departmentId)}</td>
                  <td data-label={labels.account}>{p.user ? <Link to={`/admin/users/${p.user.id}`} className="code">{p.user.username}</Link> : "—"}</td>
                  <td data-label={labels.leads}>{p.leads.map((a) => t(`area.${a}` as MessageKey)).join(t("common.listSeparator")) || "—"}</td>
                  <td data-label={labels.status}>{p.active ? t("admin.active") : <span className="negative">{t("admin.inactive")}</span>}</td>
                  <td>
                    <Link to={`?person=${p.id}#person-form`} aria-label={`${t("admin.edit")} ${localName(lang, p)}`}>{t("admin.edit")}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {peopleTotal > people.length ? <p className="muted small">{t("admin.moreAccounts", { count: peopleTotal - people.length })}</p> : null}
        <h3 id="person-form">{personEditing ? t("admin.editPerson") : t("admin.newPerson")}</h3>
        {personErrors.form ? <p className="banner banner-error" role="alert">{errorText(t, lang, personErrors.form)}</p> : null}
        <FieldScope name="person">
          <Form method="post" className="form-grid admin-form" noValidate key={`p-${personEditing}-${JSON.stringify(personValues)}`} data-testid="person-form" aria-labelledby="person-form">
            <input type="hidden" name="intent" value="person" />
            <input type="hidden" name="id" value={personEditing ?? ""} />
            <Field name="name" label={labels.name} error={personErrors.name}>
              {(p) => <input {...p} defaultValue={pv("name", editPerson?.name ?? "")} />}
            </Field>
            <Field name="nameEn" label={labels.nameEn} error={personErrors.nameEn}>
              {(p) => <input {...p} lang="en" defaultValue={pv("nameEn", editPerson?.nameEn ?? "")} />}
            </Field>
            <Field name="title" label={labels.title} error={personErrors.title}>
              {(p) => <input {...p} defaultValue={pv("title", editPerson?.title ?? "")} />}
            </Field>
            <Field name="titleEn" label={t("admin.titleEn")} error={personErrors.titleEn}>
              {(p) => <input {...p} lang="en" defaultValue={pv("titleEn", editPerson?.titleEn ?? "")} />}
            </Field>
            <Field name="departmentId" label={labels.department} error={personErrors.departmentId}>
              {(p) => (
                <select {...p} defaultValue={pv("departmentId", editPerson?.departmentId ? String(editPerson.departmentId) : "")}>
                  <option value="">{t("admin.noDepartment")}</option>
                  {departments.map((d) => (
                    <option key={d.id} value={d.id}>
                      {localName(lang, d)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="active" label={t("admin.activePerson")} error={personErrors.active}>
              {(p) => <input {...p} type="checkbox" defaultChecked={personValues ? personValues.active === "on" : (editPerson?.active ?? true)} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button primary">{personEditing ? t("common.save") : t("admin.add")}</button>
              {personEditing ? <Link to="/admin/org#people">{t("common.cancel")}</Link> : null}
            </div>
          </Form>
        </FieldScope>
      </section>
    </>
  );
}
