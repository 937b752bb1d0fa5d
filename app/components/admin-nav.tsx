// The administrator's screens, one row of links on each: users, departments and people, leaders in
// charge, project settings, the audit log.
import { NavLink } from "@remix-run/react";
import { permissionsOf, ROLES, type Role } from "~/domain/permissions";
import { localName, useLang, useT } from "~/i18n";
import { useCan } from "~/root";

export function AdminNav() {
  const t = useT();
  const mayUsers = useCan("users.manage");
  const maySettings = useCan("settings.manage");
  const mayApprove = useCan("approvals.decide");
  const mayLeaders = useCan("meeting.run") || maySettings;
  const mayAudit = useCan("audit.read");
  // Only the screens this user may open (an approver reaches the project settings for the thresholds).
  const links = (
    [
      [mayUsers, "/admin/users", t("admin.navUsers")],
      [maySettings, "/admin/org", t("admin.navOrg")],
      [mayLeaders, "/settings/leaders", t("leaders.title")],
      [maySettings || mayApprove, "/admin/settings", t("admin.navSettings")],
      [mayAudit, "/audit", t("nav.audit")],
    ] as const
  ).filter(([may]) => may).map(([, to, label]) => [to, label] as const);
  return (
    <nav className="tabs admin-nav" aria-label={t("admin.navLabel")} data-testid="admin-nav">
      {links.map(([to, label]) => (
        <NavLink key={to} to={to} end={to === "/admin/users" ? false : true} prefetch="intent">
          {label}
        </NavLink>
      ))}
    </nav>
  );
}

/** The role checkboxes of a user form: one per role, each with its name and what it may do. */
export function RoleChecks({ checked, error }: { checked: (role: Role) => boolean; error?: string }) {
  const t = useT();
  const describe = (role: Role) => permissionsOf([role]).map((p) => t(`permission.${p}`)).join(t("common.listSeparator"));
  return (
    <fieldset className={`role-checks${error ? " field-invalid" : ""}`} aria-describedby={error ? "roles-error" : undefined}>
      <legend>{t("admin.roles")}</legend>
      {ROLES.map((role) => (
        <label key={role} className="role-check">
          <input type="checkbox" name={`role.${role}`} defaultChecked={checked(role)} /> {t(`role.${role}`)} <small className="muted">{describe(role)}</small>
        </label>
      ))}
      {error ? (
        <small className="field-error" id="roles-error" role="alert">
          {error}
        </small>
      ) : null}
    </fieldset>
  );
}

/** An admin page's head: title, intro, the admin nav, and "saved" after a save (not over a refusal). */
export function AdminHead({ title, intro, saved }: { title: string; intro: string; saved: boolean }) {
  const t = useT();
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
        <p className="muted">{intro}</p>
      </div>
      <AdminNav />
      {saved ? (
        <p className="banner banner-ok" role="status" data-testid="admin-banner">
          {t("admin.saved")}
        </p>
      ) : null}
    </>
  );
}

type PersonOption = { id: number; name: string; nameEn: string; title: string; titleEn: string };

/** The people an account may belong to, by name and title in the page's language ("no person" first). */
export function PersonOptions({ people }: { people: PersonOption[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <option value="">{t("admin.noPerson")}</option>
      {people.map((person) => (
        <option key={person.id} value={person.id}>
          {localName(lang, person)} · {lang === "en" ? person.titleEn : person.title}
        </option>
      ))}
    </>
  );
}
