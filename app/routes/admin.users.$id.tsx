// Admin: one user's sessions, with "end" per session and "end all". Ending sessions is users.manage.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { EndedSessionTable, EndSessionButton, SessionTable, SessionBanners } from "~/components/sessions";
import { can } from "~/domain/permissions";
import { SESSION_FORMS } from "~/domain/session-forms.server";
import { useT } from "~/i18n";
import { endAllSessions, endSession, listUserSessions } from "~/models/sessions.server";
import { findUserSummary } from "~/models/users.server";
import { forbidden, requirePermission, requireUser, signedOutRedirect } from "~/session.server";
import { parseId, parseIntent, type FieldErrors, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.userSessions");

async function loadUser(param: string | undefined) {
  const id = parseId(param);
  const user = id ? await findUserSummary(id) : null;
  if (!user) throw new Response("User not found", { status: 404 });
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireUser(request);
  if (!can(admin.roles, "users.manage")) throw await forbidden(request, "users.manage");
  const user = await loadUser(params.id);
  return { user, sessions: await listUserSessions(user.id), currentSessionId: admin.sessionId };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "users.manage");
  const user = await loadUser(params.id);
  const form = await readFormData(request);
  const parsed = parseIntent(SESSION_FORMS, form);
  if (!parsed.ok) return data<{ errors: FieldErrors }>({ errors: parsed.errors }, { status: 400 });
  const actor = { userId: admin.id };
  let endedOwn: boolean;
  if (form.get("intent") === "endAll") {
    await endAllSessions({ userId: user.id, reason: "ended_by_admin" }, actor);
    endedOwn = user.id === admin.id;
  } else {
    const { sessionId } = parsed.data as { sessionId: number };
    const result = await endSession({ userId: user.id, sessionId, reason: "ended_by_admin" }, actor);
    if (!result.ok) throw new Response("Session not found", { status: 404 });
    endedOwn = sessionId === admin.sessionId;
  }
  // An admin who ended the session they are using is signed out, like anyone else.
  if (endedOwn) return signedOutRedirect();
  return redirect(`/admin/users/${user.id}?ended=1`);
}

export default function AdminUserSessionsPage() {
  const { user, sessions, currentSessionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <div className="page-head">
        <p>
          <Link to="/admin/users">← {t("admin.usersTitle")}</Link>
        </p>
        <h1>
          {user.displayName} <span className="code">{user.username}</span>
        </h1>
        <p className="muted">
          {user.roles.map((role) => t(`role.${role}`)).join(t("common.listSeparator")) || "—"} · {user.active ? t("admin.active") : t("admin.disabled")}
        </p>
      </div>
      <SessionBanners ended={params.get("ended") === "1"} error={actionData?.errors.form ?? actionData?.errors.sessionId} />
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
