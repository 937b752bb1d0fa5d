// Admin: every user with their roles and how many sessions they have open; each links to its sessions.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/domain/permissions";
import { useLang, useT } from "~/i18n";
import { listUsersWithSessions } from "~/models/users.server";
import { forbidden, requireUser } from "~/session.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.usersTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user.roles, "users.manage")) throw await forbidden(request, "users.manage");
  return { users: await listUsersWithSessions() };
}

export default function AdminUsersPage() {
  const { users } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const labels = { user: t("admin.user"), roles: t("admin.roles"), status: t("admin.status"), sessions: t("admin.activeSessions"), lastSeen: t("session.lastSeen") };
  return (
    <>
      <div className="page-head">
        <h1>{t("admin.usersTitle")}</h1>
        <p className="muted">{t("admin.usersIntro")}</p>
      </div>
      <section className="card">
        <div className="table-scroll">
          <table className="data-table stack-table" data-testid="admin-users">
            <thead>
              <tr>
                <th>{labels.user}</th>
                <th>{labels.roles}</th>
                <th>{labels.status}</th>
                <th className="num">{labels.sessions}</th>
                <th>{labels.lastSeen}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id} data-testid={`user-${user.username}`}>
                  <td data-label={labels.user}>
                    <Link to={`/admin/users/${user.id}`}>{user.displayName}</Link> <span className="code">{user.username}</span>
                  </td>
                  <td data-label={labels.roles}>{user.roles.map((role) => t(`role.${role}`)).join(t("common.listSeparator")) || "—"}</td>
                  <td data-label={labels.status}>{user.active ? t("admin.active") : <span className="negative">{t("admin.disabled")}</span>}</td>
                  <td data-label={labels.sessions} className="num" data-testid="session-count">
                    {user.activeSessions}
                  </td>
                  <td data-label={labels.lastSeen} className="dates">{user.lastSeenAt ? formatDateTime(user.lastSeenAt, lang) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
