// Budget lines, contracts, payments and the fund-usage plan: the only module that touches them.
// Totals are summed in SQL (bigint 分), never in floating point.
import { prisma } from "~/db.server";
import { lineStatus } from "~/domain/capital";
import { dateToCivil } from "~/utils/dates";

export async function budgetTable(projectId: number) {
  const lines = await prisma.budgetLine.findMany({
    where: { projectId },
    select: { id: true, code: true, name: true, nameEn: true, originalFen: true },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  });
  const lineIds = lines.map((line) => line.id);
  const [revisions, commitments, payments] = await Promise.all([
    prisma.budgetRevision.groupBy({ by: ["lineId"], where: { lineId: { in: lineIds } }, _sum: { amountFen: true } }),
    prisma.contract.groupBy({ by: ["lineId"], where: { lineId: { in: lineIds }, status: { not: "draft" } }, _sum: { amountFen: true } }),
    prisma.payment.groupBy({ by: ["lineId"], where: { lineId: { in: lineIds } }, _sum: { amountFen: true } }),
  ]);
  const sumOf = (rows: { lineId: number; _sum: { amountFen: bigint | null } }[], lineId: number) =>
    rows.find((row) => row.lineId === lineId)?._sum.amountFen ?? 0n;
  return lines.map((line) => ({
    id: line.id,
    code: line.code,
    name: line.name,
    nameEn: line.nameEn,
    ...lineStatus({
      originalFen: line.originalFen,
      revisionsFen: sumOf(revisions, line.id),
      committedFen: sumOf(commitments, line.id),
      paidFen: sumOf(payments, line.id),
    }),
  }));
}

/** Planned and paid amounts by month ("YYYY-MM") for the whole project. */
export async function monthlyPlanAndPaid(projectId: number) {
  const [plan, payments] = await Promise.all([
    prisma.fundPlanEntry.groupBy({ by: ["month"], where: { line: { projectId } }, _sum: { amountFen: true }, orderBy: { month: "asc" } }),
    prisma.payment.findMany({ where: { line: { projectId } }, select: { paidOn: true, amountFen: true } }),
  ]);
  const paidByMonth = new Map<string, bigint>();
  for (const payment of payments) {
    const month = dateToCivil(payment.paidOn).slice(0, 7);
    paidByMonth.set(month, (paidByMonth.get(month) ?? 0n) + payment.amountFen);
  }
  return { plan: plan.map((row) => ({ month: row.month, amountFen: row._sum.amountFen ?? 0n })), paidByMonth };
}

export async function recentPayments(projectId: number, take = 20) {
  const rows = await prisma.payment.findMany({
    where: { line: { projectId } },
    select: { id: true, paidOn: true, payee: true, amountFen: true, voucherNo: true, note: true, line: { select: { name: true, nameEn: true } } },
    orderBy: [{ paidOn: "desc" }, { id: "desc" }],
    take,
  });
  return rows.map((row) => ({ ...row, paidOn: dateToCivil(row.paidOn) }));
}
