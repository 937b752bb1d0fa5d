// Small builders of test input.
import { prisma } from "~/db.server";

/** The milestone update form as the edit page would post it, filled from the stored milestone. */
export async function milestoneForm(id: number) {
  const m = await prisma.milestone.findUniqueOrThrow({ where: { id } });
  const civil = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");
  return {
    version: String(m.version),
    status: m.status,
    percentComplete: String(m.percentComplete),
    actualStart: civil(m.actualStart),
    actualEnd: civil(m.actualEnd),
    plannedStart: civil(m.plannedStart),
    plannedEnd: civil(m.plannedEnd),
    note: m.note,
    reason: "",
  };
}

/**
 * A leaf cost account (成本科目) of the line to post payments, contracts and 待发生成本 on: the leaf with
 * the largest target in the latest approved target-cost version (most room), else the first leaf in
 * tree order (first-level sortOrder, then the leaf's sortOrder, then code): for a line created in a
 * test, its first typical account `<line>.01.01`.
 */
export async function leafOf(lineId: number): Promise<number> {
  const leaves = await prisma.costAccount.findMany({
    where: { lineId, parentId: { not: null } },
    select: { id: true, code: true, sortOrder: true, parent: { select: { sortOrder: true } }, projectId: true },
  });
  if (leaves.length === 0) throw new Error(`line ${lineId} has no leaf cost account`);
  leaves.sort((a, b) => a.parent!.sortOrder - b.parent!.sortOrder || a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  const version = await prisma.targetCostVersion.findFirst({ where: { projectId: leaves[0].projectId, status: "approved" }, orderBy: { no: "desc" }, select: { id: true } });
  if (!version) return leaves[0].id;
  const items = await prisma.targetCostItem.findMany({ where: { versionId: version.id, accountId: { in: leaves.map((l) => l.id) } }, select: { accountId: true, amountFen: true } });
  const targetOf = (id: number) => items.find((i) => i.accountId === id)?.amountFen ?? -1n;
  return leaves.reduce((best, leaf) => (targetOf(leaf.id) > targetOf(best.id) ? leaf : best), leaves[0]).id;
}

/** The leaf cost account with this code (e.g. "COM.01.02") of the project. */
export async function accountId(projectId: number, code: string): Promise<number> {
  return (await prisma.costAccount.findUniqueOrThrow({ where: { projectId_code: { projectId, code } }, select: { id: true } })).id;
}

/** A line created in a test with prisma directly gets the typical cost accounts a new line gets (createLine); its first leaf. */
export async function withTypicalAccounts(line: { id: number; projectId: number; code: string }): Promise<number> {
  const { createTypicalAccounts } = await import("~/models/cost/accounts.server");
  await prisma.$transaction((tx) => createTypicalAccounts(tx, line.projectId, line));
  return leafOf(line.id);
}
