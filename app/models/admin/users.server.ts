// The administrator's writes on accounts (create, edit roles and status, reset a password) and a user's
// own password change. Each runs in one transaction with its audit entry; a change of roles, status or
// password ends the account's sessions in the same transaction. No change may leave the installation
// without an active administrator.
import type { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import { leavesNoAdmin } from "~/domain/admin/rules";
import { isRole, type Role } from "~/domain/permissions";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { recordAudit } from "../audit.server";
import { activeSessionStats, revokeUserSessions } from "../sessions.server";

type Client = Prisma.TransactionClient;
type Actor = { userId: number };
export type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

const accountSelect = {
  id: true,
  username: true,
  displayName: true,
  active: true,
  mustChangePassword: true,
  updatedAt: true,
  sessionVersion: true,
  roles: { select: { role: true } },
  person: { select: { id: true, name: true, nameEn: true, title: true, titleEn: true, department: { select: { name: true, nameEn: true } } } },
} as const;

type AccountRow = Prisma.UserGetPayload<{ select: typeof accountSelect }>;

function toAccount(row: AccountRow) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    // The edit form's version: the row's update time (a save against a newer row is refused).
    version: row.updatedAt.getTime(),
    roles: row.roles.map((r) => r.role).filter(isRole),
    person: row.person,
  };
}

const ACCOUNTS_LISTED = 500;

/** Every account (at most 500) with roles, person and open sessions; the people who have no account yet. */
export async function accountsView(projectId: number, now = new Date()) {
  const [rows, total, stats, people] = await Promise.all([
    prisma.user.findMany({ orderBy: { username: "asc" }, take: ACCOUNTS_LISTED, select: accountSelect }),
    prisma.user.count(),
    activeSessionStats(now),
    peopleWithoutAccount(projectId),
  ]);
  return {
    accounts: rows.map((row) => ({ ...toAccount(row), activeSessions: stats.get(row.id)?.count ?? 0, lastSeenAt: stats.get(row.id)?.lastSeenAt ?? null })),
    total,
    people,
  };
}

function peopleWithoutAccount(projectId: number, plus?: number | null) {
  return prisma.person.findMany({
    // The account's own person stays offered even after leaving, so a save does not silently unlink it.
    where: { projectId, OR: [{ active: true, user: null }, ...(plus ? [{ id: plus }] : [])] },
    orderBy: { id: "asc" },
    select: { id: true, name: true, nameEn: true, title: true, titleEn: true },
  });
}

/** One account for its edit page, with the people it may be linked to (those without an account, and its own). */
export async function accountView(projectId: number, id: number) {
  const row = await prisma.user.findUnique({ where: { id }, select: accountSelect });
  if (!row) return null;
  return { account: toAccount(row), people: await peopleWithoutAccount(projectId, row.person?.id ?? null) };
}

/**
 * Serialises every change that could remove the last administrator: each such transaction writes this
 * row first, so two concurrent demotions cannot both see the other admin still active (PostgreSQL
 * READ COMMITTED included; SQLite already runs one writer at a time).
 */
export async function lockAdmins(tx: Client) {
  await tx.appSetting.upsert({ where: { key: "admin-guard" }, create: { key: "admin-guard", value: "1" }, update: { value: String(Date.now()) } });
}

export async function adminStates(tx: Client) {
  const rows = await tx.user.findMany({ where: { active: true, roles: { some: { role: "admin" } } }, select: { id: true } });
  return rows.map((r) => ({ id: r.id, active: true, admin: true }));
}

/** A person may be linked to this account: already its own (even if they left since), or active and without one. */
async function personFree(tx: Client, projectId: number, personId: number | null, userId: number | null) {
  if (personId === null) return true;
  const person = await tx.person.findFirst({ where: { id: personId, projectId }, select: { active: true, user: { select: { id: true } } } });
  if (!person) return false;
  if (person.user) return person.user.id === userId;
  return person.active;
}

export type NewAccount = { username: string; displayName: string; personId: number | null; roles: Role[]; password: string };

/** A new account with a temporary password: the user must choose their own at the first sign-in. */
export async function createAccount(projectId: number, input: NewAccount, actor: Actor) {
  const passwordHash = await hashPassword(input.password);
  return writeTransaction(async (tx) => {
    if (await tx.user.findUnique({ where: { username: input.username }, select: { id: true } })) return refuse("username", "username_taken");
    if (!(await personFree(tx, projectId, input.personId, null))) return refuse("personId", "person_has_account");
    const user = await tx.user.create({
      data: { username: input.username, displayName: input.displayName, passwordHash, personId: input.personId, mustChangePassword: true, roles: { create: input.roles.map((role) => ({ role })) } },
      select: { id: true },
    });
    await recordAudit(tx, {
      userId: actor.userId,
      area: "admin",
      entity: "User",
      entityId: user.id,
      action: "create",
      after: { username: input.username, displayName: input.displayName, personId: input.personId, roles: input.roles, mustChangePassword: true },
    });
    return { ok: true as const, id: user.id };
  });
}

export type AccountChange = { displayName: string; personId: number | null; roles: Role[]; active: boolean; version: number };

/**
 * Saves an account's name, person, roles and status. Refused when the account changed meanwhile, when
 * it would leave no active administrator, or when the person already has an account. A change of roles
 * or status ends the account's sessions (the new roles apply at the next sign-in).
 */
export async function updateAccount(projectId: number, id: number, input: AccountChange, actor: Actor) {
  return writeTransaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: accountSelect });
    if (!before) return refuse("form", "not_found");
    if (before.updatedAt.getTime() !== input.version) return refuse("form", "stale_generic");
    const roles = [...new Set(input.roles)].sort();
    const rolesBefore = before.roles.map((r) => r.role).sort();
    const rolesChanged = roles.join(",") !== rolesBefore.join(",");
    const activeChanged = input.active !== before.active;
    const personBefore = before.person?.id ?? null;
    // A save that changes nothing writes nothing (other administrators' open forms stay current).
    if (!rolesChanged && !activeChanged && personBefore === input.personId && before.displayName === input.displayName) return { ok: true as const, sessionsEnded: 0 };
    const endsSessions = rolesChanged || activeChanged;
    if (endsSessions) {
      await lockAdmins(tx);
      if (leavesNoAdmin(await adminStates(tx), { id, active: input.active, admin: roles.includes("admin") })) {
        return refuse(activeChanged && !input.active ? "active" : "roles", "last_admin");
      }
    }
    // Nobody grants themselves a role (an administrator making themselves an approver would approve what
    // they set up): another administrator does it.
    if (id === actor.userId && roles.some((role) => !rolesBefore.includes(role))) return refuse("roles", "own_roles_grant");
    if (!(await personFree(tx, projectId, input.personId, id))) return refuse("personId", "person_has_account");
    await tx.user.update({
      where: { id },
      data: { displayName: input.displayName, personId: input.personId, active: input.active, ...(endsSessions ? { sessionVersion: { increment: 1 } } : {}) },
    });
    if (rolesChanged) {
      await tx.userRole.deleteMany({ where: { userId: id } });
      await tx.userRole.createMany({ data: roles.map((role) => ({ userId: id, role })) });
    }
    const sessionsEnded = endsSessions ? await revokeUserSessions(tx, id, activeChanged && !input.active ? "disabled" : "roles") : 0;
    const changed = <T>(field: string, was: T, now: T) => (was === now ? {} : { [field]: now });
    const wasFields = <T>(field: string, was: T, now: T) => (was === now ? {} : { [field]: was });
    const after = { ...changed("displayName", before.displayName, input.displayName), ...changed("personId", personBefore, input.personId), ...(rolesChanged ? { roles } : {}), ...changed("active", before.active, input.active) };
    if (Object.keys(after).length > 0) {
      await recordAudit(tx, {
        userId: actor.userId,
        area: "admin",
        entity: "User",
        entityId: id,
        action: "update",
        before: { ...wasFields("displayName", before.displayName, input.displayName), ...wasFields("personId", personBefore, input.personId), ...(rolesChanged ? { roles: rolesBefore } : {}), ...wasFields("active", before.active, input.active) },
        after: { ...after, ...(sessionsEnded ? { sessionsEnded } : {}) },
      });
    }
    return { ok: true as const, sessionsEnded };
  });
}

/**
 * An administrator sets a temporary password for someone else: their sessions end and they must choose
 * their own at the next sign-in. (Their own password an administrator changes on their account page.)
 */
export async function resetPassword(id: number, password: string, actor: Actor) {
  if (id === actor.userId) return refuse("password", "own_password_on_account");
  const passwordHash = await hashPassword(password);
  return writeTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { id: true, mustChangePassword: true } });
    if (!user) return refuse("form", "not_found");
    await tx.user.update({ where: { id }, data: { passwordHash, mustChangePassword: true, sessionVersion: { increment: 1 } } });
    const sessionsEnded = await revokeUserSessions(tx, id, "password");
    await recordAudit(tx, { userId: actor.userId, area: "admin", entity: "User", entityId: id, action: "update", before: { mustChangePassword: user.mustChangePassword }, after: { password: "(reset)", mustChangePassword: true, sessionsEnded } });
    return { ok: true as const, sessionsEnded };
  });
}

/**
 * A user chooses a new password, proving the current one. Their other sessions end (the one in use
 * stays), and a forced change is cleared.
 */
export async function changeOwnPassword(input: { userId: number; sessionId: number; current: string; password: string }) {
  const row = await prisma.user.findUnique({ where: { id: input.userId }, select: { passwordHash: true, sessionVersion: true } });
  if (!row || !(await verifyPassword(input.current, row.passwordHash))) return refuse("current", "wrong_current_password");
  const passwordHash = await hashPassword(input.password);
  return writeTransaction(async (tx) => {
    // The password checked above must still be the stored one (no reset in between).
    const { count } = await tx.user.updateMany({
      where: { id: input.userId, sessionVersion: row.sessionVersion },
      // sessionVersion: a sign-in that checked the old password just before does not survive the change.
      data: { passwordHash, mustChangePassword: false, sessionVersion: { increment: 1 } },
    });
    if (count === 0) return refuse("form", "stale_generic");
    const sessionsEnded = await revokeUserSessions(tx, input.userId, "password", new Date(), input.sessionId);
    await recordAudit(tx, { userId: input.userId, area: "admin", entity: "User", entityId: input.userId, action: "update", after: { password: "(changed by the user)", mustChangePassword: false, sessionsEnded } });
    return { ok: true as const, sessionsEnded };
  });
}
