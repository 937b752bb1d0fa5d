// 待发生成本: what a line still expects to cost beyond its contracts, estimated by the cost team and
// revised with a reason. Append-only (ToComeEstimate): the current estimate is the line's latest row,
// and the rows before it are its history.
import type { Prisma, PrismaClient } from "@prisma/client";
import { prisma } from "~/db.server";
import type { ToComeInput } from "~/domain/cost/changes-forms.server";
import { recordAudit } from "../audit.server";
import { once } from "../idempotency.server";

type Db = Prisma.TransactionClient | PrismaClient;
type Actor = { userId: number | null };

/** Each line's latest estimate (lines without one: 0). */
export async function latestToCome(db: Db, lineIds: number[]): Promise<Map<number, bigint>> {
  if (lineIds.length === 0) return new Map();
  const latest = await db.toComeEstimate.groupBy({ by: ["lineId"], where: { lineId: { in: lineIds } }, _max: { id: true } });
  const ids = latest.map((row) => row._max.id).filter((id): id is number => id !== null);
  const rows = ids.length ? await db.toComeEstimate.findMany({ where: { id: { in: ids } }, select: { lineId: true, amountFen: true } }) : [];
  return new Map(rows.map((row) => [row.lineId, row.amountFen]));
}

/** The line's estimates, newest first, with who entered them. */
export async function toComeHistory(lineId: number) {
  const rows = await prisma.toComeEstimate.findMany({ where: { lineId }, orderBy: { id: "desc" }, take: 100, select: { id: true, amountFen: true, reason: true, createdById: true, createdAt: true } });
  const userIds = [...new Set(rows.map((r) => r.createdById).filter((id): id is number => id !== null))];
  const users = userIds.length ? await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } }) : [];
  return rows.map((r) => ({ id: r.id, amountFen: r.amountFen, reason: r.reason, by: users.find((u) => u.id === r.createdById)?.displayName ?? "", createdAt: r.createdAt.toISOString() }));
}

/** Enters a new estimate for the line (the previous ones stay as its history), audited with the reason. */
export async function reviseToCome(projectId: number, input: ToComeInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "to_come" },
    async (tx) => {
      const line = await tx.budgetLine.findFirst({ where: { id: input.lineId, projectId }, select: { id: true, code: true } });
      if (!line) return { ok: false as const, field: "lineId", message: "invalid_choice" };
      const before = (await latestToCome(tx, [line.id])).get(line.id) ?? 0n;
      const row = await tx.toComeEstimate.create({ data: { lineId: line.id, amountFen: input.amount, reason: input.reason, createdById: actor.userId }, select: { id: true } });
      await recordAudit(tx, {
        userId: actor.userId,
        area: "capital",
        // On the line, so the line page's history shows it beside its budget revisions.
        entity: "BudgetLine",
        entityId: line.id,
        action: "update",
        before: { toComeFen: before },
        after: { toComeFen: input.amount, toComeEstimateId: row.id },
        reason: input.reason,
      });
      return { ok: true as const, estimateId: row.id };
    },
    (created) => created.estimateId,
    async (estimateId) => {
      const row = estimateId ? await prisma.toComeEstimate.findFirst({ where: { id: estimateId, line: { projectId } }, select: { id: true } }) : null;
      return row ? { ok: true as const, estimateId: row.id } : null;
    },
  );
}
