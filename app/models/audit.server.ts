// Every write records who, when, what, before and after. Call inside the write's transaction so the
// record and the change land (or fail) together.
import type { Prisma } from "@prisma/client";

export type AuditArea = "schedule" | "capital" | "financing" | "sales" | "meeting" | "admin";

export type AuditEntry = {
  userId: number | null;
  area: AuditArea;
  entity: string;
  entityId: number;
  action: "create" | "update" | "delete" | "refuse";
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
