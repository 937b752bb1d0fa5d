// A user's sign-in sessions as a table (account page and admin users page). On a narrow screen each
// row becomes a small card (.stack-table in styles.css): every cell carries its column's label.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useLang, useT, type MessageKey } from "~/i18n";
import type { SessionView } from "~/models/sessions.server";
import { formatDateTime } from "~/utils/dates";
import type { FieldError } from "~/utils/forms";
import { errorText } from "./field";

/** The form that ends one session: a button posting intent=end for the session's id. */
export function EndSessionButton({ sessionId, label }: { sessionId: number; label: string }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="end" />
      <input type="hidden" name="sessionId" value={sessionId} />
      <button type="submit" className="button small" data-testid={`end-session-${sessionId}`}>
        {label}
      </button>
    </Form>
  );
}

export function SessionTable({
  sessions,
  currentSessionId,
  action,
  testId,
}: {
  sessions: SessionView[];
  currentSessionId?: number;
  action?: (session: SessionView) => ReactNode;
  testId?: string;
}) {
  const t = useT();
  const lang = useLang();
  const labels = {
    device: t("session.device"),
    address: t("session.address"),
    created: t("session.created"),
    lastSeen: t("session.lastSeen"),
    expires: t("session.expires"),
  };
  return (
    <table className="data-table compact stack-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{labels.device}</th>
          <th>{labels.address}</th>
          <th>{labels.created}</th>
          <th>{labels.lastSeen}</th>
          <th>{labels.expires}</th>
          {action ? <th /> : null}
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => {
          const expires = session.idleExpiresAt < session.expiresAt ? session.idleExpiresAt : session.expiresAt;
          return (
            <tr key={session.id} data-testid={`session-${session.id}`} className={session.id === currentSessionId ? "row-current" : undefined}>
              <td data-label={labels.device} title={session.userAgent}>
                <span>
                  {session.device || t("session.unknownDevice")}
                  {session.id === currentSessionId ? <span className="badge status-in_progress session-this">{t("session.thisDevice")}</span> : null}
                </span>
              </td>
              <td data-label={labels.address}><span className="code">{session.address || "—"}</span></td>
              <td data-label={labels.created} className="dates">{formatDateTime(session.createdAt, lang)}</td>
              <td data-label={labels.lastSeen} className="dates">{formatDateTime(session.lastSeenAt, lang)}</td>
              <td data-label={labels.expires} className="dates">{formatDateTime(expires, lang)}</td>
              {action ? <td className="session-action">{action(session)}</td> : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Sessions that ended lately, with why. */
export function EndedSessionTable({ sessions }: { sessions: SessionView[] }) {
  const t = useT();
  const lang = useLang();
  const labels = { device: t("session.device"), address: t("session.address"), created: t("session.created"), ended: t("session.ended"), why: t("session.why") };
  return (
    <table className="data-table compact stack-table" data-testid="ended-sessions">
      <thead>
        <tr>
          <th>{labels.device}</th>
          <th>{labels.address}</th>
          <th>{labels.created}</th>
          <th>{labels.ended}</th>
          <th>{labels.why}</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => (
          <tr key={session.id}>
            <td data-label={labels.device} title={session.userAgent}>{session.device || t("session.unknownDevice")}</td>
            <td data-label={labels.address}><span className="code">{session.address || "—"}</span></td>
            <td data-label={labels.created} className="dates">{formatDateTime(session.createdAt, lang)}</td>
            <td data-label={labels.ended} className="dates">{session.endedAt ? formatDateTime(session.endedAt, lang) : "—"}</td>
            <td data-label={labels.why}>{t(`session.reason.${session.endReason ?? "revoked"}` as MessageKey)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The banners above a sessions page: a session was just ended, or an end was refused. */
export function SessionBanners({ ended, error }: { ended: boolean; error?: FieldError }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      {ended ? (
        <p className="banner banner-ok" role="status">
          {t("session.endedOne")}
        </p>
      ) : null}
      {error ? (
        <p className="banner banner-warn" role="alert">
          {errorText(t, lang, error)}
        </p>
      ) : null}
    </>
  );
}
