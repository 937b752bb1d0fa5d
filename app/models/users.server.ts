// Users, roles and installation settings: the only module that touches them.
import type { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import { isRole, type Role } from "~/domain/permissions";
import { dummyPasswordHash, hashPassword, verifyPassword } from "~/utils/password.server";
import { recordAudit } from "./audit.server";
import { DEMO_PASSWORD } from "~/utils/demo";
import { cachedRead } from "./read-cache.server";
import { revokeUserSessions } from "./sessions.server";
import { adminStates, lockAdmins } from "./admin/users.server";
import { leavesNoAdmin } from "~/domain/admin/rules";

/** The signed-in user behind a session, cached until any user, role, person or department changes. */
export function findSessionUser(id: number) {
  return cachedRead(`session-user:${id}`, ["users", "core"], "", () => loadSessionUser(id));
}

async function loadSessionUser(id: number) {
  const user = await prisma.user.findUnique({
    where: { id },
    select: { id: true, username: true, displayName: true, active: true, sessionVersion: true, mustChangePassword: true, personId: true, roles: { select: { role: true } }, person: { select: { departmentId: true, name: true, nameEn: true, title: true, titleEn: true } } },
  });
  if (!user) return null;
  const person = user.person ? { name: user.person.name, nameEn: user.person.nameEn, title: user.person.title, titleEn: user.person.titleEn } : null;
  // The person's name and title in both languages (the header shows the page's); accounts without a person keep their display name.
  return { ...user, departmentId: user.person?.departmentId ?? null, person, roles: user.roles.map((r) => r.role).filter(isRole) };
}

/** The user when the password matches; null otherwise (same work whether or not the user exists). */
export async function verifyLogin(username: string, password: string) {
  const user = await prisma.user.findUnique({ where: { username }, select: { id: true, passwordHash: true, active: true, sessionVersion: true } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  return user && user.active && user.passwordHash && ok ? { id: user.id, sessionVersion: user.sessionVersion } : null;
}

export async function isDemoInstallation(): Promise<boolean> {
  const setting = await prisma.appSetting.findUnique({ where: { key: "demo" } });
  return setting?.value === "1";
}

export { DEMO_PASSWORD };
const DEMO_HINTS_MAX = 20;

/**
 * The accounts the sign-in page may hint at: on a demo installation only, and only the active accounts
 * whose password is still the demo password (a changed password leaves the list; with none left the page
 * shows no hints at all). Checked once per change of the users (cached on their data version), so the
 * sign-in page does not run a password hash per account per visit; at most 20 accounts are checked.
 */
export function listDemoUsers() {
  return cachedRead("demo-hints", ["users", "core"], "", async () => {
    if (!(await isDemoInstallation())) return [];
    const users = await prisma.user.findMany({
      where: { active: true, passwordHash: { not: null } },
      orderBy: { id: "asc" },
      take: DEMO_HINTS_MAX,
      select: { username: true, displayName: true, passwordHash: true, roles: { select: { role: true } } },
    });
    const still = await Promise.all(users.map((u) => verifyPassword(DEMO_PASSWORD, u.passwordHash!)));
    return users.filter((_, i) => still[i]).map((u) => ({ username: u.username, displayName: u.displayName, roles: u.roles.map((r) => r.role) }));
  });
}

type Client = Prisma.TransactionClient;

export async function createUser(
  input: { username: string; displayName: string; password: string | null; roles: Role[]; personId?: number | null },
  actor: { userId: number | null },
  client: Client = prisma,
) {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const user = await client.user.create({
    data: {
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      personId: input.personId ?? null,
      roles: { create: input.roles.map((role) => ({ role })) },
    },
    select: { id: true },
  });
  await recordAudit(client, {
    userId: actor.userId,
    area: "admin",
    entity: "User",
    entityId: user.id,
    action: "create",
    after: { username: input.username, displayName: input.displayName, roles: input.roles },
  });
  return user;
}

// Password, role and disable changes end every session of the user in the same transaction. They also
// bump sessionVersion, which a sign-in checks before it starts a session: a sign-in whose password was
// checked just before the change does not survive it.

/** Sets a new password and ends the user's sessions. */
export async function setPassword(username: string, password: string, actor: { userId: number | null }) {
  const passwordHash = await hashPassword(password);
  return writeTransaction(async (tx) => {
    const user = await tx.user.update({ where: { username }, data: { passwordHash, sessionVersion: { increment: 1 } }, select: { id: true } });
    const sessionsEnded = await revokeUserSessions(tx, user.id, "password");
    await recordAudit(tx, { userId: actor.userId, area: "admin", entity: "User", entityId: user.id, action: "update", after: { password: "(changed)", sessionsEnded } });
    return user;
  });
}

export async function listUsers() {
  return prisma.user.findMany({
    orderBy: { username: "asc" },
    select: { id: true, username: true, displayName: true, active: true, roles: { select: { role: true } } },
  });
}

/** Replaces a user's roles; their sessions end so the new roles apply at the next sign-in. Never the last admin's. */
export async function setRoles(username: string, roles: Role[], actor: { userId: number | null }) {
  return writeTransaction(async (tx) => {
    await lockAdmins(tx);
    const user = await tx.user.findUniqueOrThrow({ where: { username }, select: { id: true, active: true, roles: { select: { role: true } } } });
    if (leavesNoAdmin(await adminStates(tx), { id: user.id, active: user.active, admin: roles.includes("admin") })) throw new Error("refused: that would leave no active administrator");
    await tx.userRole.deleteMany({ where: { userId: user.id } });
    await tx.userRole.createMany({ data: roles.map((role) => ({ userId: user.id, role })) });
    await tx.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    const sessionsEnded = await revokeUserSessions(tx, user.id, "roles");
    await recordAudit(tx, { userId: actor.userId, area: "admin", entity: "User", entityId: user.id, action: "update", before: { roles: user.roles.map((r) => r.role) }, after: { roles, sessionsEnded } });
  });
}

/** Disables an account and ends its sessions. Never the last active administrator. */
export async function disableUser(username: string, actor: { userId: number | null }) {
  return writeTransaction(async (tx) => {
    await lockAdmins(tx);
    const found = await tx.user.findUniqueOrThrow({ where: { username }, select: { id: true, roles: { select: { role: true } } } });
    if (leavesNoAdmin(await adminStates(tx), { id: found.id, active: false, admin: found.roles.some((r) => r.role === "admin") })) throw new Error("refused: that would leave no active administrator");
    const user = await tx.user.update({ where: { username }, data: { active: false, sessionVersion: { increment: 1 } }, select: { id: true } });
    const sessionsEnded = await revokeUserSessions(tx, user.id, "disabled");
    await recordAudit(tx, { userId: actor.userId, area: "admin", entity: "User", entityId: user.id, action: "update", before: { active: true }, after: { active: false, sessionsEnded } });
  });
}
