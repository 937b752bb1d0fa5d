// Admin: every account with its person, roles, status and open sessions, and the form that adds one
// (a temporary password the user must change at the first sign-in).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminNav, PersonOptions, RoleChecks } from "~/components/admin-nav";
import { errorText, Field } from "~/components/field";
import { createUserSchema, rolesFrom } from "~/domain/admin/forms.server";
import { PASSWORD_MIN } from "~/domain/admin/rules";
import { localName, useLang, useT } from "~/i18n";
import { accountsView, createAccount } from "~/models/admin/users.server";
import { requireProject } from "~/models/project.server";
import { forbidden, requirePermission, requireUser } from "~/session.server";
import { can } from "~/domain/permissions";
import { formatDateTime } from "~/utils/dates";
import { parseForm, readFormData, refusalError, type FieldErrors, type FormValues } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.usersTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user.roles, "users.manage")) throw await forbidden(request, "users.manage");
  const project = await requireProject();
  return accountsView(project.id);
}

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "users.manage");
  const project = await requireProject();
  const form = await readFormData(request);
  const parsed = parseForm(createUserSchema, form);
  const roles = rolesFrom(parsed.values);
  // Never echo a password back.
  const values = { ...parsed.values, password: "" };
  const errors: FieldErrors = { ...(parsed.ok ? {} : parsed.errors), ...(roles.length === 0 ? { roles: "roles_required" } : {}) };
  if (!parsed.ok || roles.length === 0) return data<ActionResult>({ errors, values }, { status: 400 });
  const result = await createAccount(project.id, { ...parsed.data, roles }, { userId: admin.id });
  if (!result.ok) return data<ActionResult>({ errors: { [result.field]: refusalError(result) }, values }, { status: 400 });
  return redirect(`/admin/users/${result.id}?created=1`);
}

export default function AdminUsersPage() {
  const { accounts, total, people } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const values = result?.values ?? {};
  const labels = { user: t("admin.user"), person: t("admin.person"), roles: t("admin.roles"), status: t("admin.status"), sessions: t("admin.activeSessions"), lastSeen: t("session.lastSeen") };
  return (
    <>
      <div className="page-head">
        <h1>{t("admin.usersTitle")}</h1>
        <p className="muted">{t("admin.usersIntro")}</p>
      </div>
      <AdminNav />
      <section className="card">
        <div className="table-scroll">
          <table className="data-table stack-table" data-testid="admin-users">
            <thead>
              <tr>
                <th>{labels.user}</th>
                <th>{labels.person}</th>
                <th>{labels.roles}</th>
                <th>{labels.status}</th>
                <th className="num">{labels.sessions}</th>
                <th>{labels.lastSeen}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.id} data-testid={`user-${account.username}`}>
                  <td data-label={labels.user}>
                    <Link to={`/admin/users/${account.id}`}>{account.username}</Link>
                    {/* An account with a person is named by the person (in the page's language, next column). */}
                    {account.person ? null : <span className="muted"> {account.displayName}</span>}
                  </td>
                  <td data-label={labels.person}>{account.person ? `${localName(lang, account.person)} · ${lang === "en" ? account.person.titleEn : account.person.title}` : "—"}</td>
                  <td data-label={labels.roles}>{account.roles.map((role) => t(`role.${role}`)).join(t("common.listSeparator")) || "—"}</td>
                  <td data-label={labels.status}>
                    {account.active ? t("admin.active") : <span className="negative">{t("admin.disabled")}</span>}
                    {account.mustChangePassword ? <small className="muted"> · {t("admin.mustChange")}</small> : null}
                  </td>
                  <td data-label={labels.sessions} className="num" data-testid="session-count">
                    {account.activeSessions}
                  </td>
                  <td data-label={labels.lastSeen} className="dates">{account.lastSeenAt ? formatDateTime(account.lastSeenAt, lang) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {total > accounts.length ? <p className="muted small">{t("admin.moreAccounts", { count: total - accounts.length })}</p> : null}
      </section>
      <section className="card">
        <h2 id="new-user">{t("admin.newUser")}</h2>
        <p className="muted small">{t("admin.newUserHint", { min: PASSWORD_MIN })}</p>
        {result?.errors.form ? <p className="banner banner-error" role="alert">{errorText(t, lang, result.errors.form)}</p> : null}
        <Form method="post" className="form-grid admin-form" noValidate key={JSON.stringify(values)} data-testid="new-user-form" aria-labelledby="new-user">
          <Field name="username" label={t("admin.username")} error={result?.errors.username} hint={t("admin.usernameHint")}>
            {(p) => <input {...p} defaultValue={values.username ?? ""} autoComplete="off" autoCapitalize="none" spellCheck={false} />}
          </Field>
          <Field name="displayName" label={t("admin.displayName")} error={result?.errors.displayName}>
            {(p) => <input {...p} defaultValue={values.displayName ?? ""} autoComplete="off" />}
          </Field>
          <Field name="personId" label={t("admin.person")} error={result?.errors.personId} hint={t("admin.personHint")}>
            {(p) => (
              <select {...p} defaultValue={values.personId ?? ""}>
                <PersonOptions people={people} />
              </select>
            )}
          </Field>
          <Field name="password" label={t("admin.tempPassword")} error={result?.errors.password}>
            {(p) => <input {...p} type="password" autoComplete="new-password" minLength={PASSWORD_MIN} />}
          </Field>
          <RoleChecks checked={(role) => values[`role.${role}`] === "on"} error={result?.errors.roles ? errorText(t, lang, result.errors.roles) : undefined} />
          <div className="form-actions">
            <button type="submit" className="button primary">{t("admin.create")}</button>
          </div>
        </Form>
      </section>
    </>
  );
}
