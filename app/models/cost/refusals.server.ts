// Payments refused for lack of room, grouped per cost account for the meeting agenda and the dashboard
// (issue 13, point 9): how many, the largest amount with the room it was refused against, and the
// latest attempt. A refusal names its leaf account (decision 013) and whether the line's budget or the
// leaf's target refused it; refusals kept before accounts existed group by their line alone. Summed in
// SQL (index lineId, attemptedAt), so a flood of refusals costs one row an account.
import { prisma } from "~/db.server";

export type RefusalGroup = {
  lineId: number;
  lineCode: string;
  lineName: string;
  lineNameEn: string;
  // The leaf account (null for refusals kept before accounts existed).
  accountId: number | null;
  accountCode: string;
  accountName: string;
  accountNameEn: string;
  count: number;
  largestFen: bigint;
  headroomFen: bigint; // the headroom the largest refusal met (the latest of equal largest ones)
  latestAt: string; // ISO instant
};

/** Refusals from `since` (inclusive) to `until` (exclusive), one group per account, the most recent first. */
export async function refusalGroups(projectId: number, since: Date, until?: Date): Promise<RefusalGroup[]> {
  const attemptedAt = { gte: since, ...(until ? { lt: until } : {}) };
  const groups = await prisma.paymentRefusal.groupBy({
    by: ["lineId", "accountId"],
    where: { line: { projectId }, attemptedAt },
    _count: { _all: true },
    _max: { amountFen: true, attemptedAt: true },
  });
  if (groups.length === 0) return [];
  const [lines, accounts] = await Promise.all([
    prisma.budgetLine.findMany({ where: { projectId }, select: { id: true, code: true, name: true, nameEn: true } }),
    prisma.costAccount.findMany({ where: { projectId, parentId: { not: null } }, select: { id: true, code: true, name: true, nameEn: true } }),
  ]);
  const rows = await Promise.all(
    groups.map(async (group) => {
      const largest = await prisma.paymentRefusal.findFirst({
        where: { lineId: group.lineId, accountId: group.accountId, attemptedAt, amountFen: group._max.amountFen ?? 0n },
        orderBy: [{ attemptedAt: "desc" }, { id: "desc" }],
        select: { headroomFen: true },
      });
      const line = lines.find((l) => l.id === group.lineId)!;
      const account = group.accountId === null ? undefined : accounts.find((a) => a.id === group.accountId);
      return {
        lineId: group.lineId,
        lineCode: line.code,
        lineName: line.name,
        lineNameEn: line.nameEn,
        accountId: group.accountId,
        accountCode: account?.code ?? "",
        accountName: account?.name ?? "",
        accountNameEn: account?.nameEn ?? "",
        count: group._count._all,
        largestFen: group._max.amountFen ?? 0n,
        headroomFen: largest?.headroomFen ?? 0n,
        latestAt: (group._max.attemptedAt ?? since).toISOString(),
      };
    }),
  );
  return rows.sort((a, b) => (a.latestAt < b.latestAt ? 1 : a.latestAt > b.latestAt ? -1 : (a.accountCode || a.lineCode).localeCompare(b.accountCode || b.lineCode)));
}
