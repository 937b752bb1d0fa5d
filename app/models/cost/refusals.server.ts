// Payments refused for lack of budget, grouped per budget line for the meeting agenda and the dashboard
// (issue 13, point 9): how many, the largest amount with the headroom it was refused against, and the
// latest attempt. Summed in SQL (index lineId, attemptedAt), so a flood of refusals costs one row a line.
import { prisma } from "~/db.server";

export type RefusalGroup = {
  lineId: number;
  lineCode: string;
  lineName: string;
  lineNameEn: string;
  count: number;
  largestFen: bigint;
  headroomFen: bigint; // the headroom the largest refusal met (the latest of equal largest ones)
  latestAt: string; // ISO instant
};

/** Refusals from `since` (inclusive) to `until` (exclusive), one group per line, the most recent first. */
export async function refusalGroups(projectId: number, since: Date, until?: Date): Promise<RefusalGroup[]> {
  const attemptedAt = { gte: since, ...(until ? { lt: until } : {}) };
  const groups = await prisma.paymentRefusal.groupBy({
    by: ["lineId"],
    where: { line: { projectId }, attemptedAt },
    _count: { _all: true },
    _max: { amountFen: true, attemptedAt: true },
  });
  if (groups.length === 0) return [];
  const lines = await prisma.budgetLine.findMany({ where: { id: { in: groups.map((g) => g.lineId) } }, select: { id: true, code: true, name: true, nameEn: true } });
  const rows = await Promise.all(
    groups.map(async (group) => {
      const largest = await prisma.paymentRefusal.findFirst({
        where: { lineId: group.lineId, attemptedAt, amountFen: group._max.amountFen ?? 0n },
        orderBy: [{ attemptedAt: "desc" }, { id: "desc" }],
        select: { headroomFen: true },
      });
      const line = lines.find((l) => l.id === group.lineId)!;
      return {
        lineId: group.lineId,
        lineCode: line.code,
        lineName: line.name,
        lineNameEn: line.nameEn,
        count: group._count._all,
        largestFen: group._max.amountFen ?? 0n,
        headroomFen: largest?.headroomFen ?? 0n,
        latestAt: (group._max.attemptedAt ?? since).toISOString(),
      };
    }),
  );
  return rows.sort((a, b) => (a.latestAt < b.latestAt ? 1 : a.latestAt > b.latestAt ? -1 : a.lineCode.localeCompare(b.lineCode)));
}
