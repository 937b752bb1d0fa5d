// The administrator's screens, one row of links on each: users, departments and people, leaders in
// charge, project settings, the audit log.
import { NavLink } from "@remix-run/react";
import { permissionsOf, ROLES, type Role } from "~/domain/permissions";
import { useT } from "~/i18n";

export function AdminNav() {
  const t = useT();
  const links = [
    ["/admin/users", t("admin.navUsers")],
    ["/admin/org", t("admin.navOrg")],
    ["/settings/leaders", t("leaders.title")],
    ["/admin/settings", t("admin.navSettings")],
    ["/audit", t("nav.audit")],
  ] as const;
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
