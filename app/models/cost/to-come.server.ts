// 待发生成本: what a leaf cost account (成本科目) still expects to cost beyond its contracts, estimated by
// the cost team and revised with a reason. Append-only (ToComeEstimate): the current estimate of a leaf
// is its latest row, and the rows before it are its history; a line's is the sum of its leaves' latest.
import { NO_USER, userNamesById } from "~/models/user-names.server";
import type { Prisma, PrismaClient } from "@prisma/client";
import { prisma } from "~/db.server";
import type { ToComeInput } from "~/domain/cost/changes-forms.server";
import { recordAudit } from "../audit.server";
import { once } from "../idempotency.server";
import { findLeaf } from "./accounts.server";

type Db = Prisma.TransactionClient | PrismaClient;
type Actor = { userId: number | null };

/** The latest estimate of each leaf account of these lines that has one, by account id. */
async function latestRows(db: Db, lineIds: number[]) {
  if (lineIds.length === 0) return [];
  const latest = await db.toComeEstimate.groupBy({ by: ["accountId"], where: { lineId: { in: lineIds }, accountId: { not: null } }, _max: { id: true } });
  const ids = latest.map((row) => row._max.id).filter((id): id is number => id !== null);
  return ids.length ? db.toComeEstimate.findMany({ where: { id: { in: ids } }, select: { lineId: true, accountId: true, amountFen: true } }) : [];
}

/** Each leaf account's latest estimate (leaves without one are absent: 0), for the leaves of these lines. */
export async function latestToComeByAccount(db: Db, lineIds: number[]): Promise<Map<number, bigint>> {
  const rows = await latestRows(db, lineIds);
  return new Map(rows.map((row) => [row.accountId!, row.amountFen]));
}

/** Each line's 待发生成本: the sum of its leaves' latest estimates (lines without any: absent, 0). */
export async function latestToCome(db: Db, lineIds: number[]): Promise<Map<number, bigint>> {
  const byLine = new Map<number, bigint>();
  for (const row of await latestRows(db, lineIds)) byLine.set(row.lineId, (byLine.get(row.lineId) ?? 0n) + row.amountFen);
  return byLine;
}

/** Estimates newest first, with their account and who entered them: of one line (all its leaves) or of one leaf. */
export async function toComeHistory(where: { lineId: number } | { accountId: number }) {
  const rows = await prisma.toComeEstimate.findMany({
    where,
    orderBy: { id: "desc" },
    take: 100,
    select: { id: true, amountFen: true, reason: true, createdById: true, createdAt: true, account: { select: { id: true, code: true, name: true, nameEn: true } } },
  });
  const userIds = [...new Set(rows.map((r) => r.createdById).filter((id): id is number => id !== null))];
  const users = await userNamesById(userIds);
  return rows.map((r) => ({
    id: r.id,
    amountFen: r.amountFen,
    reason: r.reason,
    account: r.account,
    by: ((r.createdById !== null && users.get(r.createdById)) || NO_USER).name,
    byEn: ((r.createdById !== null && users.get(r.createdById)) || NO_USER).nameEn,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** The leaves of a line with their current estimate (the line page's 待发生成本 form), in tree order. */
export async function lineToComeLeaves(lineId: number) {
  const [leaves, latest] = await Promise.all([
    prisma.costAccount.findMany({
      where: { lineId, parentId: { not: null } },
      select: { id: true, code: true, name: true, nameEn: true, sortOrder: true, parent: { select: { sortOrder: true, code: true } } },
    }),
    latestToComeByAccount(prisma, [lineId]),
  ]);
  leaves.sort((a, b) => a.parent!.sortOrder - b.parent!.sortOrder || a.parent!.code.localeCompare(b.parent!.code) || a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  return leaves.map((leaf) => ({ id: leaf.id, code: leaf.code, name: leaf.name, nameEn: leaf.nameEn, toComeFen: latest.get(leaf.id) ?? 0n }));
}

/** Enters a new estimate for a leaf account (the previous ones stay as its history), audited with the reason. */
export async function reviseToCome(projectId: number, input: ToComeInput, actor: Actor, onLineId?: number) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "to_come" },
    async (tx) => {
      const found = await findLeaf(tx, projectId, input.accountId);
      if (!found.ok) return found;
      const account = found.leaf;
      if (onLineId !== undefined && account.lineId !== onLineId) return { ok: false as const, field: "accountId", message: "account_not_on_line" };
      const before = (await latestToComeByAccount(tx, [account.lineId])).get(account.id) ?? 0n;
      const row = await tx.toComeEstimate.create({
        data: { lineId: account.lineId, accountId: account.id, amountFen: input.amount, reason: input.reason, createdById: actor.userId },
        select: { id: true },
      });
      await recordAudit(tx, {
        userId: actor.userId,
        area: "capital",
        entity: "CostAccount",
        entityId: account.id,
        action: "update",
        before: { account: account.code, toComeFen: before },
        after: { account: account.code, toComeFen: input.amount, toComeEstimateId: row.id },
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
