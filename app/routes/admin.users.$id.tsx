// Admin: one account — its name, person, roles and status (saved together; a change of roles or status
// ends its sessions), a temporary password (the user must choose their own at the next sign-in), and its
// sessions, with "end" per session and "end all". Everything here is users.manage.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AdminNav, PersonOptions, RoleChecks } from "~/components/admin-nav";
import { errorText, Field, FieldScope } from "~/components/field";
import { EndedSessionTable, EndSessionButton, SessionTable, SessionBanners } from "~/components/sessions";
import { resetPasswordSchema, rolesFrom, updateUserSchema } from "~/domain/admin/forms.server";
import { PASSWORD_MIN } from "~/domain/admin/rules";
import { can } from "~/domain/permissions";
import { SESSION_FORMS } from "~/domain/session-forms.server";
import { localName, useLang, useT } from "~/i18n";
import { accountView, resetPassword, updateAccount } from "~/models/admin/users.server";
import { requireProject } from "~/models/project.server";
import { endAllSessions, endSession, listUserSessions } from "~/models/sessions.server";
import { forbidden, requirePermission, requireUser, signedOutRedirect } from "~/session.server";
import { parseForm, parseId, parseIntent, readFormData, refusalError, withFormError, type FieldErrors, type FormValues } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.userAccount");

async function loadAccount(projectId: number, param: string | undefined) {
  const id = parseId(param);
  const found = id ? await accountView(projectId, id) : null;
  if (!found) throw new Response("User not found", { status: 404 });
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireUser(request);
  if (!can(admin.roles, "users.manage")) throw await forbidden(request, "users.manage");
  const project = await requireProject();
  const { account, people } = await loadAccount(project.id, params.id);
  return { account, people, sessions: await listUserSessions(account.id), currentSessionId: admin.sessionId, isSelf: account.id === admin.id };
}

type ActionResult = { intent: "save" | "reset" | "sessions"; errors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "users.manage");
  const project = await requireProject();
  const { account } = await loadAccount(project.id, params.id);
  const form = await readFormData(request);
  const intent = form.get("intent");
  const actor = { userId: admin.id };
  if (intent === "save") {
    const parsed = parseForm(updateUserSchema, form);
    const roles = rolesFrom(parsed.values);
    const errors: FieldErrors = { ...(parsed.ok ? {} : withFormError(parsed.errors, ["version"])), ...(roles.length === 0 ? { roles: "roles_required" } : {}) };
    if (!parsed.ok || roles.length === 0) return data<ActionResult>({ intent, errors, values: parsed.values }, { status: 400 });
    const result = await updateAccount(project.id, account.id, { ...parsed.data, roles }, actor);
    if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
    // An administrator who changed their own roles or status has had their own sessions ended.
    if (account.id === admin.id && result.sessionsEnded > 0) return signedOutRedirect();
    return redirect(`/admin/users/${account.id}?saved=1`);
  }
  if (intent === "reset") {
    const parsed = parseForm(resetPasswordSchema, form);
    if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: {} }, { status: 400 });
    const result = await resetPassword(account.id, parsed.data.password, actor);
    if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: {} }, { status: 400 });
    return redirect(`/admin/users/${account.id}?reset=1`);
  }
  const parsed = parseIntent(SESSION_FORMS, form);
  if (!parsed.ok) return data<ActionResult>({ intent: "sessions", errors: parsed.errors, values: {} }, { status: 400 });
  let endedOwn: boolean;
  if (intent === "endAll") {
    await endAllSessions({ userId: account.id, reason: "ended_by_admin" }, actor);
    endedOwn = account.id === admin.id;
  } else {
    const { sessionId } = parsed.data as { sessionId: number };
    const result = await endSession({ userId: account.id, sessionId, reason: "ended_by_admin" }, actor);
    if (!result.ok) throw new Response("Session not found", { status: 404 });
    endedOwn = sessionId === admin.sessionId;
  }
  // An admin who ended the session they are using is signed out, like anyone else.
  if (endedOwn) return signedOutRedirect();
  return redirect(`/admin/users/${account.id}?ended=1`);
}

export default function AdminUserPage() {
  const { account, people, sessions, currentSessionId, isSelf } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const saveErrors = result?.intent === "save" ? result.errors : {};
  const values = result?.intent === "save" ? result.values : null;
  const resetErrors = result?.intent === "reset" ? result.errors : {};
  const roleChecked = (role: string) => (values ? values[`role.${role}`] === "on" : account.roles.includes(role as never));
  const banner = params.get("created") ? t("admin.created") : params.get("saved") ? t("admin.saved") : params.get("reset") ? t("admin.resetDone") : null;
  return (
    <>
      <div className="page-head">
        <h1>
          {account.person ? `${localName(lang, account.person)} · ${lang === "en" ? account.person.titleEn : account.person.title}` : account.displayName} <span className="code">{account.username}</span>
        </h1>
        <p className="muted">
          {account.roles.map((role) => t(`role.${role}`)).join(t("common.listSeparator")) || "—"} · {account.active ? t("admin.active") : t("admin.disabled")}
          {account.mustChangePassword ? ` · ${t("admin.mustChange")}` : ""}
        </p>
      </div>
      <AdminNav />
      <p>
        <Link to="/admin/users">← {t("admin.usersTitle")}</Link>
      </p>
      {banner && !result ? (
        <p className="banner banner-ok" role="status" data-testid="admin-banner">
          {banner}
        </p>
      ) : null}
      <section className="card">
        <h2 id="account-form">{t("admin.account")}</h2>
        {saveErrors.form ? <p className="banner banner-error" role="alert">{errorText(t, lang, saveErrors.form)}</p> : null}
        <FieldScope name="account">
          <Form method="post" className="form-grid admin-form" noValidate key={JSON.stringify(values ?? account)} data-testid="account-form" aria-labelledby="account-form">
            <input type="hidden" name="intent" value="save" />
            {/* Always the current version: after a refusal as stale, what was typed is kept and can be saved again. */}
            <input type="hidden" name="version" value={account.version} />
            <Field name="displayName" label={t("admin.displayName")} error={saveErrors.displayName}>
              {(p) => <input {...p} defaultValue={values?.displayName ?? account.displayName} />}
            </Field>
            <Field name="personId" label={t("admin.person")} error={saveErrors.personId} hint={t("admin.personHint")}>
              {(p) => (
                <select {...p} defaultValue={values?.personId ?? (account.person ? String(account.person.id) : "")}>
                  <PersonOptions people={people} />
                </select>
              )}
            </Field>
            <Field name="active" label={t("admin.activeCheck")} error={saveErrors.active}>
              {(p) => <input {...p} type="checkbox" defaultChecked={values ? values.active === "on" : account.active} />}
            </Field>
            <RoleChecks checked={roleChecked} error={saveErrors.roles ? errorText(t, lang, saveErrors.roles) : undefined} />
            <p className="muted small">{isSelf ? t("admin.selfHint") : t("admin.saveHint")}</p>
            <div className="form-actions">
              <button type="submit" className="button primary">{t("common.save")}</button>
            </div>
          </Form>
        </FieldScope>
      </section>
      <section className="card">
        <h2 id="reset-form">{t("admin.resetTitle")}</h2>
        {isSelf ? (
          <p className="muted">
            {t("admin.ownPassword")} <Link to="/account/password">{t("account.changePassword")}</Link>
          </p>
        ) : (
          <FieldScope name="reset">
            <p className="muted small">{t("admin.resetHint", { min: PASSWORD_MIN })}</p>
            {resetErrors.form ? <p className="banner banner-error" role="alert">{errorText(t, lang, resetErrors.form)}</p> : null}
            <Form method="post" className="form-grid admin-form" noValidate data-testid="reset-form" aria-labelledby="reset-form">
              <input type="hidden" name="intent" value="reset" />
              <Field name="password" label={t("admin.tempPassword")} error={resetErrors.password}>
                {(p) => <input {...p} type="password" autoComplete="new-password" minLength={PASSWORD_MIN} />}
              </Field>
              <div className="form-actions">
                <button type="submit" className="button">{t("admin.reset")}</button>
              </div>
            </Form>
          </FieldScope>
        )}
      </section>
      <SessionBanners ended={params.get("ended") === "1"} error={result?.intent === "sessions" ? (result.errors.form ?? result.errors.sessionId) : undefined} />
      <section className="card">
        <h2>
          {t("account.sessions")} ({sessions.activeCount})
        </h2>
        {sessions.active.length === 0 ? (
          <p className="muted">{t("admin.noSessions")}</p>
        ) : (
          <>
            <div className="table-scroll">
              <SessionTable
                sessions={sessions.active}
                currentSessionId={currentSessionId}
                testId="user-sessions"
                action={(session) => <EndSessionButton sessionId={session.id} label={t("session.end")} />}
              />
            </div>
            {sessions.activeCount > sessions.active.length ? <p className="muted small">{t("session.more", { count: sessions.activeCount - sessions.active.length })}</p> : null}
            <Form method="post" className="session-everywhere">
              <input type="hidden" name="intent" value="endAll" />
              <button type="submit" className="button" data-testid="end-all-sessions">
                {t("admin.endAll")}
              </button>
              <span className="muted small">{t("admin.endAllHint")}</span>
            </Form>
          </>
        )}
      </section>
      {sessions.ended.length > 0 ? (
        <section className="card">
          <h2>{t("session.recentlyEnded")}</h2>
          <div className="table-scroll">
            <EndedSessionTable sessions={sessions.ended} />
          </div>
        </section>
      ) : null}
    </>
  );
}
