// Budget lines, contracts and payments as figures: the 两表对比 (lines with budget, commitments,
// payments, headroom and 动态成本 rolled up from the cost accounts), the S-curve, the fund-usage plan grid,
// the line page, the ledger and its totals. Totals are summed in SQL (bigint 分); payments are summed from
// PaymentMonthTotal, which triggers keep equal to the payments in the same transaction as every write.
import { userNameOf, userNameSelect } from "~/models/user-names.server";
import { prisma } from "~/db.server";
import { lineStatus, planVersusActual } from "~/domain/capital";
import { sumDynamic } from "~/domain/cost/dynamic-cost";
import type { AccountTreeRow } from "~/domain/cost/accounts";
import { civilToDate, dateToCivil, monthOf, monthsBetween } from "~/utils/dates";
import { contractValue, lineCommittedFen } from "./contract-values.server";
import { accountFigures } from "./accounts.server";
import { cachedRead } from "../read-cache.server";
import { refuse, type FieldRefusal, type Tx } from "./shared.server";

// ─── Figures ─────────────────────────────────────────────────────────────────
// Sums of payments come from PaymentMonthTotal (by line, contract and month), which triggers keep equal
// to the payments in the same transaction as every write: their cost does not grow with the ledger.

/** PaymentMonthTotal.contractKey of payments made outside any contract. */
export const OUTSIDE_CONTRACTS = 0;
const contractOfKey = (key: number) => (key === OUTSIDE_CONTRACTS ? null : key);

/** One line's current budget, committed and paid, summed in SQL. */
export async function lineFigures(tx: Tx, lineId: number) {
  const line = await tx.budgetLine.findUnique({ where: { id: lineId }, select: { id: true, projectId: true, code: true, name: true, originalFen: true } });
  if (!line) return null;
  const [revisions, commitments, payments, outside] = await Promise.all([
    tx.budgetRevision.aggregate({ where: { lineId }, _sum: { amountFen: true } }),
    // Contracts bind their current value: original + approved changes, or settled (cost/contract-values).
    lineCommittedFen(tx, lineId),
    tx.paymentMonthTotal.aggregate({ where: { lineId }, _sum: { amountFen: true } }),
    tx.paymentMonthTotal.aggregate({ where: { lineId, contractKey: OUTSIDE_CONTRACTS }, _sum: { amountFen: true } }),
  ]);
  return {
    ...line,
    paidOutsideContractsFen: outside._sum.amountFen ?? 0n,
    ...lineStatus({
      originalFen: line.originalFen,
      revisionsFen: revisions._sum.amountFen ?? 0n,
      committedFen: commitments,
      paidFen: payments._sum.amountFen ?? 0n,
    }),
  };
}

/** A contract with what is paid on it; `amountFen` is its current value (the payment ceiling), `originalFen` the signed amount. */
export async function contractFigures(tx: Tx, contractId: number) {
  const contract = await contractValue(tx, contractId);
  if (!contract) return null;
  const paid = await tx.paymentMonthTotal.aggregate({ where: { lineId: contract.lineId, contractKey: contractId }, _sum: { amountFen: true } });
  return { id: contract.id, lineId: contract.lineId, accountId: contract.accountId, code: contract.code, status: contract.status, originalFen: contract.amountFen, amountFen: contract.currentFen, paidFen: paid._sum.amountFen ?? 0n };
}

/** The 两表对比: every line with budget, commitments, payments, headroom and 动态成本 against its target. */
export function budgetTable(projectId: number) {
  return cachedRead(`budget:${projectId}`, ["capital"], "", () => computeBudgetTable(projectId));
}

async function computeBudgetTable(projectId: number) {
  const lines = await prisma.budgetLine.findMany({
    where: { projectId },
    select: { id: true, code: true, name: true, nameEn: true, originalFen: true, version: true },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  });
  const lineIds = lines.map((line) => line.id);
  // One pass over the payments, grouped by line and contract (a covering index), gives the line totals,
  // the contract totals and the payments made outside contracts.
  const [revisions, paidGroups, tree] = await Promise.all([
    prisma.budgetRevision.groupBy({ by: ["lineId"], where: { lineId: { in: lineIds } }, _sum: { amountFen: true } }),
    prisma.paymentMonthTotal
      .groupBy({ by: ["lineId", "contractKey"], where: { lineId: { in: lineIds } }, _sum: { amountFen: true } })
      .then((groups) => groups.map((g) => ({ lineId: g.lineId, contractId: contractOfKey(g.contractKey), _sum: g._sum }))),
    // The account tree (cost/accounts.server.ts): the line's 动态成本 is the roll-up of its leaves.
    accountFigures(projectId),
  ]);
  const paidOf = (match: (group: { lineId: number; contractId: number | null }) => boolean) =>
    paidGroups.reduce((total, group) => (match(group) ? total + (group._sum.amountFen ?? 0n) : total), 0n);
  const sum = (rows: { lineId: number; _sum: { amountFen: bigint | null } }[], id: number) => rows.find((row) => row.lineId === id)?._sum.amountFen ?? 0n;
  return lines.map((line) => {
    // 动态成本 against the target: Σ of the line's leaves (their current targets, contracts, estimates,
    // 待发生成本), judged on the sums, so the line reads exactly what its tree reads. Every contract is on a
    // leaf of its own line (the triggers of decision 013), so the leaves' contracts are the line's
    // commitment: its contracts at their current value (drafts and voided ones bind nothing).
    const part = tree.parts.find((p) => p.lineId === line.id);
    const status = lineStatus({
      originalFen: line.originalFen,
      revisionsFen: sum(revisions, line.id),
      committedFen: part ? part.dynamic.contractsFen : 0n,
      paidFen: paidOf((g) => g.lineId === line.id),
    });
    const dynamic = part ? part.dynamic : sumDynamic([]);
    const accounts = part ? part.accounts : [];
    return {
      id: line.id,
      code: line.code,
      name: line.name,
      nameEn: line.nameEn,
      version: line.version,
      ...status,
      dynamic,
      /** The line's target (Σ its leaves' current targets) and how far the budget stands above it (negative: below). */
      targetFen: dynamic.targetFen,
      budgetTargetGapFen: status.currentFen - dynamic.targetFen,
      hasTarget: tree.target !== null,
      accounts,
      // The accounts near (amber) or over (red) their target, red first: what the dashboard and the agenda name.
      accountAlerts: tree.target === null ? [] : accountAlerts(accounts),
    };
  });
}

/** The accounts of a line that are amber or red against their target, red first, then the largest overrun. */
function accountAlerts(accounts: AccountTreeRow[]) {
  const rank = { red: 0, amber: 1, ok: 2 } as const;
  return accounts
    .filter((a) => a.dynamic.level !== "ok")
    .sort((a, b) => rank[a.dynamic.level] - rank[b.dynamic.level] || (b.dynamic.varianceFen > a.dynamic.varianceFen ? 1 : b.dynamic.varianceFen < a.dynamic.varianceFen ? -1 : 0) || a.code.localeCompare(b.code))
    .map((a) => ({ id: a.id, code: a.code, name: a.name, nameEn: a.nameEn, leaf: a.leaf, level: a.dynamic.level, dynamicFen: a.dynamic.dynamicFen, targetFen: a.dynamic.targetFen, varianceFen: a.dynamic.varianceFen }));
}

export type BudgetRow = Awaited<ReturnType<typeof computeBudgetTable>>[number];

/** Plan and paid by month over the project's schedule, per month and cumulative (the S-curve). */
export function planAndPaidByMonth(projectId: number, from: Date, to: Date, lineId?: number) {
  const key = `plan-paid:${projectId}:${lineId ?? "all"}`;
  return cachedRead(key, ["capital"], `${from.toISOString()}|${to.toISOString()}`, () => computePlanAndPaid(projectId, from, to, lineId));
}

async function computePlanAndPaid(projectId: number, from: Date, to: Date, lineId?: number) {
  const lineFilter = lineId ? { lineId } : { line: { projectId } };
  const [plan, paid] = await Promise.all([
    prisma.fundPlanEntry.groupBy({ by: ["month"], where: lineFilter, _sum: { amountFen: true } }),
    prisma.paymentMonthTotal.groupBy({ by: ["month"], where: lineFilter, _sum: { amountFen: true } }),
  ]);
  const planByMonth = new Map(plan.map((row) => [row.month, row._sum.amountFen ?? 0n]));
  const paidByMonth = new Map(paid.map((row) => [row.month, row._sum.amountFen ?? 0n]));
  // The schedule's months, widened to any month that holds plan or payments.
  const known = [...planByMonth.keys(), ...paidByMonth.keys()].sort();
  const first = [monthOf(dateToCivil(from)), known[0]].filter(Boolean).sort()[0];
  const last = [monthOf(dateToCivil(to)), known[known.length - 1]].filter(Boolean).sort().reverse()[0];
  return planVersusActual(monthsBetween(`${first}-01`, `${last}-01`), planByMonth, paidByMonth);
}

/** The fund-usage plan grid: every line with its row's version (the form carries it back), and the entries. */
export async function fundPlanGrid(projectId: number) {
  const [lines, entries] = await Promise.all([
    prisma.budgetLine.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, code: true, name: true, nameEn: true, planVersion: true } }),
    prisma.fundPlanEntry.findMany({ where: { line: { projectId } }, select: { lineId: true, month: true, amountFen: true } }),
  ]);
  return { lines, entries };
}

export async function lineDetail(lineId: number) {
  const line = await prisma.budgetLine.findUnique({ where: { id: lineId }, select: { id: true, projectId: true, code: true, name: true, nameEn: true, originalFen: true } });
  if (!line) return null;
  const [contracts, paidByContract, payments, revisions] = await Promise.all([
    prisma.contract.findMany({ where: { lineId }, orderBy: { id: "asc" }, select: { id: true, code: true, title: true, titleEn: true, contractor: true, amountFen: true, signedOn: true, status: true, voidReason: true, account: { select: { code: true, name: true, nameEn: true } } } }),
    prisma.paymentMonthTotal.groupBy({ by: ["contractKey"], where: { lineId, contractKey: { not: OUTSIDE_CONTRACTS } }, _sum: { amountFen: true } }),
    prisma.payment.findMany({
      where: { lineId },
      orderBy: [{ paidOn: "desc" }, { id: "desc" }],
      take: 200,
      select: { id: true, paidOn: true, payee: true, amountFen: true, voucherNo: true, note: true, contract: { select: { code: true } }, account: { select: { code: true, name: true, nameEn: true } }, ...correctionSelect },
    }),
    prisma.budgetRevision.findMany({ where: { lineId }, orderBy: { id: "desc" }, select: { id: true, amountFen: true, reason: true, transferId: true, createdAt: true } }),
  ]);
  return {
    line,
    contracts: contracts.map((c) => ({
      ...c,
      signedOn: c.signedOn ? dateToCivil(c.signedOn) : null,
      paidFen: paidByContract.find((p) => p.contractKey === c.id)?._sum.amountFen ?? 0n,
    })),
    payments: payments.map((p) => ({ ...p, paidOn: dateToCivil(p.paidOn), reversedBy: reversedByOf(p), reversalOf: reversalOfOf(p) })),
    revisions: revisions.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}

/** A payment of this project, as the banner after recording it names it; null for another project's or an unknown id. */
export async function recordedPayment(projectId: number, paymentId: number) {
  return prisma.payment.findFirst({
    where: { id: paymentId, line: { projectId } },
    select: { id: true, lineId: true, payee: true, amountFen: true, line: { select: { code: true, name: true, nameEn: true } } },
  });
}

export async function listLines(projectId: number) {
  return prisma.budgetLine.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, code: true, name: true, nameEn: true } });
}

const contractChoiceSelect = { id: true, lineId: true, accountId: true, code: true, title: true, titleEn: true, contractor: true } as const;

export async function listContracts(projectId: number) {
  return prisma.contract.findMany({
    where: { line: { projectId }, status: { notIn: ["draft", "voided"] } },
    orderBy: [{ lineId: "asc" }, { id: "asc" }],
    select: contractChoiceSelect,
  });
}

/** Up to this many contracts the payment form lists them all in a select. */
export const CONTRACT_SELECT_LIMIT = 150;
/** Past it, the form takes a contract number and suggests this many of the latest signed. */
export const CONTRACT_SUGGESTIONS = 30;

/**
 * The contracts the /budget payment form offers: all of them while they fit a select
 * (CONTRACT_SELECT_LIMIT), otherwise the latest signed as suggestions for a contract-number field, so
 * the page does not grow with the contract register (10×: 2,000 contracts were 560 KB of options).
 */
export async function paymentContractChoices(projectId: number) {
  const where = { line: { projectId }, status: { notIn: ["draft", "voided"] } };
  const total = await prisma.contract.count({ where });
  if (total <= CONTRACT_SELECT_LIMIT) return { all: true as const, total, contracts: await listContracts(projectId) };
  const contracts = await prisma.contract.findMany({ where, orderBy: [{ signedOn: { sort: "desc", nulls: "last" } }, { id: "desc" }], take: CONTRACT_SUGGESTIONS, select: contractChoiceSelect });
  return { all: false as const, total, contracts };
}

/**
 * The contract a payment form names by its number (合同编号, unique per budget line): the id, or the
 * refusal on "contractCode" when no contract of the project has it, or more than one line has one.
 */
export async function contractIdByCode(projectId: number, code: string): Promise<{ ok: true; contractId: number } | FieldRefusal> {
  const found = await prisma.contract.findMany({ where: { line: { projectId }, code, status: { notIn: ["draft", "voided"] } }, select: { id: true }, take: 2 });
  if (found.length === 0) return refuse("contractCode", "unknown_contract");
  if (found.length > 1) return refuse("contractCode", "ambiguous_contract");
  return { ok: true, contractId: found[0].id };
}

export type LedgerFilter = { lineId?: number; from?: string; to?: string };

/** Who entered a payment, in both languages (the person's name for a user linked to one). */
function enteredBy(user: Parameters<typeof userNameOf>[0] | null) {
  if (!user) return null;
  const name = userNameOf(user);
  return { displayName: name.name, displayNameEn: name.nameEn };
}

export async function paymentLedger(projectId: number, filter: LedgerFilter = {}, take?: number) {
  const rows = await prisma.payment.findMany({
    where: {
      line: { projectId },
      lineId: filter.lineId,
      paidOn: filter.from || filter.to ? { gte: filter.from ? civilToDate(filter.from) : undefined, lte: filter.to ? civilToDate(filter.to) : undefined } : undefined,
    },
    orderBy: [{ paidOn: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      paidOn: true,
      payee: true,
      amountFen: true,
      voucherNo: true,
      note: true,
      createdAt: true,
      line: { select: { code: true, name: true, nameEn: true } },
      // The leaf cost account (成本科目): the ledger page's and its export's column.
      account: { select: { code: true, name: true, nameEn: true } },
      contract: { select: { code: true, title: true } },
      createdBy: { select: userNameSelect },
      ...correctionSelect,
    },
  });
  return rows.map((row) => ({ ...row, createdBy: enteredBy(row.createdBy), paidOn: dateToCivil(row.paidOn), createdAt: row.createdAt.toISOString(), reversedBy: reversedByOf(row), reversalOf: reversalOfOf(row) }));
}

/** What a ledger row shows of corrections (红冲, issue 13): its kind and reason, and the reversal that reversed it. */
// Each side of a reversal names the other by its voucher and date (a row's id means nothing to the reader);
// a payment of a progress claim (进度款) is told apart from an ordinary one by its claim.
const correctionSelect = {
  kind: true,
  reason: true,
  progressClaimId: true,
  reversalOfId: true,
  reversalOf: { select: { id: true, paidOn: true, voucherNo: true } },
  reversedBy: { select: { id: true, paidOn: true, reason: true, voucherNo: true } },
} as const;
const reversedByOf = (row: { reversedBy: { id: number; paidOn: Date; reason: string; voucherNo: string } | null }) =>
  row.reversedBy ? { ...row.reversedBy, paidOn: dateToCivil(row.reversedBy.paidOn) } : null;
const reversalOfOf = (row: { reversalOf: { id: number; paidOn: Date; voucherNo: string } | null }) =>
  row.reversalOf ? { ...row.reversalOf, paidOn: dateToCivil(row.reversalOf.paidOn) } : null;

export async function recentRefusals(projectId: number, since: Date) {
  const rows = await prisma.paymentRefusal.findMany({
    where: { line: { projectId }, attemptedAt: { gte: since } },
    orderBy: { attemptedAt: "desc" },
    take: 50,
    select: { id: true, amountFen: true, headroomFen: true, payee: true, attemptedAt: true, line: { select: { id: true, code: true, name: true, nameEn: true } } },
  });
  return rows.map((row) => ({ ...row, attemptedAt: row.attemptedAt.toISOString() }));
}

export async function ledgerTotals(projectId: number, filter: LedgerFilter = {}) {
  const result = await prisma.payment.aggregate({
    where: {
      line: { projectId },
      lineId: filter.lineId,
      paidOn: filter.from || filter.to ? { gte: filter.from ? civilToDate(filter.from) : undefined, lte: filter.to ? civilToDate(filter.to) : undefined } : undefined,
    },
    _sum: { amountFen: true },
    _count: true,
  });
  return { count: result._count, totalFen: result._sum.amountFen ?? 0n };
}
