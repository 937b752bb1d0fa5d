// Contract values as they move with changes and settlement, summed in SQL per contract. Used by the
// capital rules (the line's commitment, a payment's contract ceiling), the budget table and the pages.
// The arithmetic is domain/cost/contract-value.ts; this module only gathers its inputs.
import type { Prisma, PrismaClient } from "@prisma/client";
import { prisma } from "~/db.server";
import { committedValue, contractCurrentValue } from "~/domain/cost/contract-value";

type Db = Prisma.TransactionClient | PrismaClient;

export type ContractValue = {
  id: number;
  lineId: number;
  accountId: number | null; // the leaf cost account (成本科目)
  code: string;
  status: string;
  amountFen: bigint;
  settledFen: bigint | null;
  approvedChangesFen: bigint;
  pendingEstimatesFen: bigint;
  pendingChanges: number;
  currentFen: bigint; // original + approved changes, or settled
  committedFen: bigint; // what it binds of its line: 0 for drafts and voided contracts
};

/**
 * The value of every contract matching `where` (one query for the contracts, one grouped sum of their
 * changes). The changes are filtered by the same condition through the relation, not by a list of ids:
 * a list would pass SQLite's limit of bound parameters once a project has a few thousand contracts.
 */
export async function contractValues(db: Db, where: Prisma.ContractWhereInput): Promise<ContractValue[]> {
  const contracts = await db.contract.findMany({ where, orderBy: { id: "asc" }, select: { id: true, lineId: true, accountId: true, code: true, status: true, amountFen: true, settledFen: true } });
  if (contracts.length === 0) return [];
  const changes = await db.contractChange.groupBy({
    by: ["contractId", "status"],
    where: { contract: where, status: { in: ["approved", "pending"] } },
    _sum: { approvedFen: true, estimateFen: true },
    _count: { _all: true },
  });
  const groups = new Map(changes.map((g) => [`${g.contractId}:${g.status}`, g]));
  return contracts.map((contract) => {
    const approved = groups.get(`${contract.id}:approved`);
    const pending = groups.get(`${contract.id}:pending`);
    const input = { ...contract, approvedChangesFen: approved?._sum.approvedFen ?? 0n };
    return {
      ...input,
      pendingEstimatesFen: pending?._sum.estimateFen ?? 0n,
      pendingChanges: pending?._count._all ?? 0,
      currentFen: contractCurrentValue(input),
      committedFen: committedValue(input),
    };
  });
}

export async function contractValue(db: Db, contractId: number): Promise<ContractValue | null> {
  return (await contractValues(db, { id: contractId }))[0] ?? null;
}

/** Σ what the line's contracts bind (their current values; drafts and voided contracts bind nothing). */
export async function lineCommittedFen(db: Db, lineId: number): Promise<bigint> {
  const values = await contractValues(db, { lineId, status: { notIn: ["draft", "voided"] } });
  return values.reduce((sum, c) => sum + c.committedFen, 0n);
}

/** Every contract of a line with its value (the line page's contract table). */
export function lineContractValues(lineId: number) {
  return contractValues(prisma, { lineId });
}
