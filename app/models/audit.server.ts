// Every write records who, when, what, before and after. Call inside the write's transaction so the
// record and the change land (or fail) together.
import { userNameOf, userNameSelect } from "~/models/user-names.server";
import type { Prisma } from "@prisma/client";
import { prisma } from "~/db.server";
import { withNames } from "~/models/audit-names.server";

export type AuditArea = "schedule" | "capital" | "financing" | "sales" | "meeting" | "admin";

export type AuditEntry = {
  userId: number | null;
  area: AuditArea;
  entity: string;
  entityId: number;
  action: "create" | "update" | "delete" | "refuse" | "submit" | "approve" | "reject" | "reserve" | "sign" | "cancel" | "change_unit" | "rename" | "lapse";
  before?: unknown;
  after?: unknown;
  reason?: string;
};

function toJson(value: unknown): string | null {
  if (value === undefined) return null;
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v instanceof Date ? v.toISOString() : v));
}

export async function recordAudit(tx: Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      userId: entry.userId,
      area: entry.area,
      entity: entry.entity,
      entityId: entry.entityId,
      action: entry.action,
      before: toJson(entry.before),
      after: toJson(entry.after),
      reason: entry.reason ?? "",
    },
  });
}

const auditSelect = {
  id: true,
  at: true,
  area: true,
  entity: true,
  entityId: true,
  action: true,
  before: true,
  after: true,
  reason: true,
  user: { select: { id: true, username: true, ...userNameSelect } },
} as const;

type AuditRow = {
  id: number;
  at: Date;
  area: string;
  entity: string;
  entityId: number;
  action: string;
  before: string | null;
  after: string | null;
  reason: string;
  user: ({ id: number; username: string } & Parameters<typeof userNameOf>[0]) | null;
};

function toRecord(row: AuditRow) {
  return {
    ...row,
    user: row.user ? actorOf(row.user) : null,
    at: row.at.toISOString(),
    before: row.before ? (JSON.parse(row.before) as Record<string, unknown>) : null,
    after: row.after ? (JSON.parse(row.after) as Record<string, unknown>) : null,
  };
}

/** A row as the pages show it: with its own code and name (`subject`) and the names its id fields point to (`refs`). */
export type AuditRecord = Awaited<ReturnType<typeof withNames<ReturnType<typeof toRecord>>>>[number];

export type AuditFilter = { userId?: number; area?: string; from?: Date; until?: Date; beforeId?: number };

/** Newest first, `pageSize` at a time (keyset paging on id). */
export async function listAudit(filter: AuditFilter, pageSize = 100) {
  const rows = await prisma.auditLog.findMany({
    where: {
      userId: filter.userId,
      area: filter.area,
      at: filter.from || filter.until ? { gte: filter.from, lt: filter.until } : undefined,
      id: filter.beforeId ? { lt: filter.beforeId } : undefined,
    },
    orderBy: { id: "desc" },
    take: pageSize + 1,
    select: auditSelect,
  });
  return { records: await withNames(rows.slice(0, pageSize).map(toRecord)), hasMore: rows.length > pageSize };
}

/** The history of one record, newest first. */
export async function historyFor(entity: string, entityId: number) {
  const rows = await prisma.auditLog.findMany({ where: { entity, entityId }, orderBy: { id: "desc" }, take: 200, select: auditSelect });
  return withNames(rows.map(toRecord));
}

export async function auditActors() {
  const users = await prisma.user.findMany({ where: { auditLogs: { some: {} } }, orderBy: { username: "asc" }, select: { id: true, username: true, ...userNameSelect } });
  return users.map(actorOf);
}

/** A user as the audit shows it: display name in both languages (the person's name for a user linked to one). */
function actorOf(user: { id: number; username: string } & Parameters<typeof userNameOf>[0]) {
  const name = userNameOf(user);
  return { id: user.id, username: user.username, displayName: name.name, displayNameEn: name.nameEn };
}
