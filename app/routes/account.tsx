// The signed-in user's own account: where they are signed in, ending another session, signing out
// everywhere. Every signed-in user may do this for themselves (no permission beyond being signed in).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { EndedSessionTable, EndSessionButton, SessionTable, SessionBanners } from "~/components/sessions";
import { SESSION_FORMS } from "~/domain/session-forms.server";
import { durationParts, sessionLifetimes } from "~/domain/sessions";
import { useLang, useT } from "~/i18n";
import { endAllSessions, endSession, listUserSessions } from "~/models/sessions.server";
import { requireUser, requireUserWrite, signedOutRedirect } from "~/session.server";
import { parseIntent, type FieldErrors, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const sessions = await listUserSessions(user.id);
  return {
    user: { username: user.username, displayName: user.displayName, person: user.person, roles: user.roles },
    currentSessionId: user.sessionId,
    sessions,
    lifetimes: sessionLifetimes(process.env),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWrite(request);
  const form = await readFormData(request);
  const parsed = parseIntent(SESSION_FORMS, form);
  if (!parsed.ok) return data<{ errors: FieldErrors }>({ errors: parsed.errors }, { status: 400 });
  const actor = { userId: user.id };
  if (form.get("intent") === "endAll") {
    await endAllSessions({ userId: user.id, reason: "sign_out_everywhere" }, actor);
    return signedOutRedirect();
  }
  const { sessionId } = parsed.data as { sessionId: number };
  const result = await endSession({ userId: user.id, sessionId, reason: "ended_by_user" }, actor);
  if (!result.ok) throw new Response("Session not found", { status: 404 });
  // Ending the session this browser uses is signing out.
  if (sessionId === user.sessionId) return signedOutRedirect();
  return redirect("/account?ended=1");
}

export default function AccountPage() {
  const { user, currentSessionId, sessions, lifetimes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const others = sessions.active.filter((session) => session.id !== currentSessionId).length;
  const duration = (ms: number) => {
    const { unit, n } = durationParts(ms);
    return t(`duration.${unit}`, { n });
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("account.title")}</h1>
        <p className="muted">
          {user.person ? (lang === "en" ? `${user.person.nameEn || user.person.name} (${user.person.titleEn || user.person.title})` : `${user.person.name}（${user.person.title}）`) : user.displayName} · <span className="code">{user.username}</span> · {user.roles.map((role) => t(`role.${role}`)).join(t("common.listSeparator"))}
        </p>
      </div>
      <p>
        <Link to="/account/password" data-testid="change-password">{t("account.changePassword")}</Link>
      </p>
      {params.get("password") === "1" && !actionData ? (
        <p className="banner banner-ok" role="status" data-testid="password-changed">
          {t("account.passwordChanged")}
        </p>
      ) : null}
      <SessionBanners ended={params.get("ended") === "1"} error={actionData?.errors.form ?? actionData?.errors.sessionId} />
      <section className="card">
        <h2>{t("account.sessions")}</h2>
        <p className="muted small">{t("account.sessionsIntro", { idle: duration(lifetimes.idleMs), max: duration(lifetimes.maxMs) })}</p>
        <div className="table-scroll">
          <SessionTable
            sessions={sessions.active}
            currentSessionId={currentSessionId}
            testId="my-sessions"
            action={(session) => (session.id === currentSessionId ? null : <EndSessionButton sessionId={session.id} label={t("session.end")} />)}
          />
        </div>
        {sessions.activeCount > sessions.active.length ? <p className="muted small">{t("session.more", { count: sessions.activeCount - sessions.active.length })}</p> : null}
        <Form method="post" className="session-everywhere">
          <input type="hidden" name="intent" value="endAll" />
          <button type="submit" className="button" data-testid="sign-out-everywhere">
            {t("account.signOutEverywhere")}
          </button>
          <span className="muted small">{others > 0 ? t("account.signOutEverywhereHint", { count: others }) : t("account.onlyThisDevice")}</span>
        </Form>
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
