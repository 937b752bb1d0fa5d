// Who may do what. Everyone signed in reads every page; each write needs a permission, and each
// role grants the permissions its job covers. A person may hold several roles.
export const ROLES = ["admin", "pm", "finance", "sales", "exec", "member"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "users.manage", // create users, assign roles, reset passwords
  "settings.manage",
  "schedule.write", // milestones
  "capital.write", // budget lines, revisions, contracts, changes, progress claims, payments, fund-usage plan
  "cost.certify", // check and certify progress claims (监理 / 工程部)
  "approvals.decide", // approve or reject what another user submitted (maker-checker)
  "financing.write", // channels, facilities, drawdowns
  "sales.write", // sales, subscriptions, leases, targets
  "meeting.run", // agenda, minutes, action items, chair roster
  "actions.report", // report on one's own action items: those of one's department or assigned to oneself
  "audit.read", // the full audit log
  "pack.issue", // issue (freeze) the monthly executive pack
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, Permission[]> = {
  admin: ["users.manage", "settings.manage", "audit.read"],
  // Everyone with a department reports on their own items (the model checks whose item it is).
  pm: ["schedule.write", "cost.certify", "actions.report"],
  finance: ["capital.write", "financing.write", "actions.report"],
  sales: ["sales.write", "actions.report"],
  exec: ["meeting.run", "actions.report", "audit.read", "approvals.decide", "pack.issue"],
  member: ["actions.report"],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly string[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) if (isRole(role)) for (const permission of GRANTS[role]) granted.add(permission);
  return PERMISSIONS.filter((permission) => granted.has(permission));
}

export function can(roles: readonly string[], permission: Permission): boolean {
  return permissionsOf(roles).includes(permission);
}
