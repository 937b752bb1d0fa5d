// Test set-up for 目标成本: an approved target-cost version made directly (like raiseProjectTotal, it
// skips the form, the ceiling and the approver, which tests/integration/target-cost.test.ts covers).
import { prisma } from "~/db.server";

/**
 * Approves a new version holding the current target of every leaf, with `amounts` (分 by leaf id)
 * replacing or adding leaves: e.g. the target of a line created in a test. Returns its number.
 */
export async function approveTargets(projectId: number, amounts: Record<number, bigint>): Promise<number> {
  const current = await prisma.targetCostVersion.findFirst({ where: { projectId, status: "approved" }, orderBy: { no: "desc" }, include: { items: true } });
  const last = await prisma.targetCostVersion.findFirst({ where: { projectId }, orderBy: { no: "desc" }, select: { no: true } });
  const byLeaf = new Map((current?.items ?? []).map((item) => [item.accountId, item.amountFen]));
  for (const [accountId, amountFen] of Object.entries(amounts)) byLeaf.set(Number(accountId), amountFen);
  const no = (last?.no ?? 0) + 1;
  const totalFen = [...byLeaf.values()].reduce((sum, fen) => sum + fen, 0n);
  await prisma.targetCostVersion.create({
    data: {
      projectId,
      no,
      status: "approved",
      reason: "test set-up",
      totalFen,
      decidedAt: new Date(),
      items: { create: [...byLeaf].map(([accountId, amountFen]) => ({ accountId, amountFen })) },
    },
  });
  return no;
}
