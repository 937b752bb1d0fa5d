// Budget lines, revisions, contracts, payments and the fund-usage plan: the only module that touches
// them. Totals are summed in SQL (bigint 分). Every rule that protects money is checked inside the
// same transaction as the write it guards; the adapter runs one transaction at a time per process
// (see docs/decisions/005-capital-rules.md), so parallel requests cannot overrun a budget.
import { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import {
  checkCommitment,
  checkPayment,
  lineStatus,
  paymentRefusal,
  planVersusActual,
} from "~/domain/capital";
import { sumDynamic } from "~/domain/cost/dynamic-cost";
import type { AccountTreeRow } from "~/domain/cost/accounts";
import type { ContractInput, LineInput, PaymentInput, PlanGrid } from "~/domain/capital-forms.server";
import { civilToDate, dateToCivil, monthOf, monthsBetween } from "~/utils/dates";
import { recordAudit } from "./audit.server";
import { holdPaymentIfAboveThreshold, heldOutcome } from "./approvals.server";
import { checkProjectCommitment, checkProjectLines, checkProjectPayment, countHeldPayments, importGuard } from "./cost/project-ceiling.server";
import { contractValue, contractValues, lineCommittedFen } from "./cost/contract-values.server";
import { accountFigures } from "./cost/accounts.server";
import { checkProgressPayment } from "./cost/progress.server";
import { accountCode, accountRoomInputs, checkAccountPayment, createTypicalAccounts, findLeaf } from "./cost/accounts.server";
import { checkAccountRoom } from "~/domain/cost/accounts";
import { once, withoutKey } from "./idempotency.server";
import { cachedRead } from "./read-cache.server";

type Tx = Prisma.TransactionClient;
type Actor = { userId: number | null };

const moneyTransaction = writeTransaction;

// ─── Figures ─────────────────────────────────────────────────────────────────
// Sums of payments come from PaymentMonthTotal (by line, contract and month), which triggers keep equal
// to the payments in the same transaction as every write: their cost does not grow with the ledger.

/** PaymentMonthTotal.contractKey of payments made outside any contract. */
const OUTSIDE_CONTRACTS = 0;
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
async function contractFigures(tx: Tx, contractId: number) {
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
  const [revisions, contracts, paidGroups, tree] = await Promise.all([
    prisma.budgetRevision.groupBy({ by: ["lineId"], where: { lineId: { in: lineIds } }, _sum: { amountFen: true } }),
    // At their current values (approved changes, settlement): cost/contract-values.server.ts.
    contractValues(prisma, { lineId: { in: lineIds }, status: { notIn: ["draft", "voided"] } }),
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
    const status = lineStatus({
      originalFen: line.originalFen,
      revisionsFen: sum(revisions, line.id),
      committedFen: contracts.filter((c) => c.lineId === line.id).reduce((total, c) => total + c.committedFen, 0n),
      paidFen: paidOf((g) => g.lineId === line.id),
    });
    // 动态成本 against the target: Σ of the line's leaves (their current targets, contracts, estimates,
    // 待发生成本), judged on the sums, so the line reads exactly what its tree reads.
    const part = tree.parts.find((p) => p.lineId === line.id);
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
    payments: payments.map((p) => ({ ...p, paidOn: dateToCivil(p.paidOn), reversedBy: reversedByOf(p) })),
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

export async function listContracts(projectId: number) {
  return prisma.contract.findMany({
    where: { line: { projectId }, status: { notIn: ["draft", "voided"] } },
    orderBy: [{ lineId: "asc" }, { id: "asc" }],
    select: { id: true, lineId: true, accountId: true, code: true, title: true, contractor: true },
  });
}

export type LedgerFilter = { lineId?: number; from?: string; to?: string };

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
      createdBy: { select: { displayName: true } },
      ...correctionSelect,
    },
  });
  return rows.map((row) => ({ ...row, paidOn: dateToCivil(row.paidOn), createdAt: row.createdAt.toISOString(), reversedBy: reversedByOf(row) }));
}

/** What a ledger row shows of corrections (红冲, issue 13): its kind and reason, and the reversal that reversed it. */
const correctionSelect = {
  kind: true,
  reason: true,
  reversalOfId: true,
  reversedBy: { select: { id: true, paidOn: true, reason: true } },
} as const;
const reversedByOf = (row: { reversedBy: { id: number; paidOn: Date; reason: string } | null }) =>
  row.reversedBy ? { ...row.reversedBy, paidOn: dateToCivil(row.reversedBy.paidOn) } : null;

export async function recentRefusals(projectId: number, since: Date) {
  const rows = await prisma.paymentRefusal.findMany({
    where: { line: { projectId }, attemptedAt: { gte: since } },
    orderBy: { attemptedAt: "desc" },
    take: 50,
    select: { id: true, amountFen: true, headroomFen: true, payee: true, attemptedAt: true, line: { select: { id: true, code: true, name: true, nameEn: true } } },
  });
  return rows.map((row) => ({ ...row, attemptedAt: row.attemptedAt.toISOString() }));
}

// ─── Writes ──────────────────────────────────────────────────────────────────

export type FieldRefusal = { ok: false; field: string; message: string; vars?: Record<string, string> };

function refuse(field: string, message: string, vars?: Record<string, string>): FieldRefusal {
  return { ok: false, field, message, vars };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** What recording a payment answered, for a copy of its request: the payment and its line as they stand now. */
async function recordedOutcome(projectId: number, paymentId: number | null) {
  const payment = paymentId ? await prisma.payment.findUnique({ where: { id: paymentId }, select: { id: true, lineId: true } }) : null;
  const line = payment ? await lineFigures(prisma, payment.lineId) : null;
  if (!payment || !line || line.projectId !== projectId) return null;
  return { ok: true as const, paymentId: payment.id, warning: line.overNinetyPercent, usedBps: line.usedBps, lineCode: line.code };
}

/**
 * Records a payment if it fits the line's budget (and its contract); otherwise saves nothing but a
 * note of the refusal (for the weekly meeting) and says how much headroom is left. Once per
 * idempotency key: a copy of the request answers with the payment the first one recorded.
 */
export async function recordPayment(projectId: number, input: PaymentInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "payment" },
    (tx) => postPayment(tx, projectId, input, actor),
    // A payment held for approval is keyed by its request's id, negated (models/approvals.server.ts).
    (recorded) => ("paymentId" in recorded ? recorded.paymentId : -recorded.requestId),
    (entityId) => (entityId !== null && entityId < 0 ? heldOutcome(projectId, -entityId) : recordedOutcome(projectId, entityId)),
  );
}

/** A payment refused for lack of room (the line's budget or the leaf's target), kept for the weekly meeting and audited. */
async function keepRefusal(
  tx: Tx,
  refused: { line: { id: number; code: string }; accountId: number; kind: "budget" | "account_room"; amountFen: bigint; roomFen: bigint; payee: string },
  actor: Actor,
) {
  const refusal = await tx.paymentRefusal.create({
    data: { lineId: refused.line.id, accountId: refused.accountId, kind: refused.kind, amountFen: refused.amountFen, headroomFen: refused.roomFen, payee: refused.payee, attemptedById: actor.userId },
    select: { id: true },
  });
  await recordAudit(tx, {
    userId: actor.userId,
    area: "capital",
    entity: "PaymentRefusal",
    entityId: refusal.id,
    action: "refuse",
    after: { line: refused.line.code, accountId: refused.accountId, kind: refused.kind, payee: refused.payee, amountFen: refused.amountFen, headroomFen: refused.roomFen },
  });
}

/**
 * The checks and the write of one payment, inside the caller's transaction: recordPayment's, and an
 * approver's when a held payment request is approved (`approved`: the request, whose own reservation
 * is then not counted against it, and which is not held again).
 */
export async function postPayment(tx: Tx, projectId: number, input: Omit<PaymentInput, "idempotencyKey">, actor: Actor, approved?: { requestId: number }) {
      // The cost account (成本科目, decision 013): on a contract, the contract's (a different one named is
      // refused); outside contracts, a leaf of this project, required. The line is the account's.
      const contract = input.contractId ? await contractFigures(tx, input.contractId) : null;
      if (input.contractId && (!contract || contract.status === "draft")) return refuse("contractId", "contract_not_on_line");
      let account: { id: number; lineId: number };
      if (contract) {
        // The database's triggers require every contract's account; none here would be a bug.
        if (contract.accountId === null) throw new Error(`contract ${contract.id} has no cost account`);
        account = { id: contract.accountId, lineId: contract.lineId };
      } else {
        if (!input.accountId) return refuse("accountId", "account_required");
        const found = await findLeaf(tx, projectId, input.accountId);
        if (!found.ok) return found;
        account = found.leaf;
      }
      const accountId = account.id;
      const line = await lineFigures(tx, account.lineId);
      if (!line || line.projectId !== projectId) return refuse(contract ? "contractId" : "accountId", contract ? "contract_not_on_line" : "invalid_choice");
      if (contract && input.accountId && input.accountId !== contract.accountId) return refuse("accountId", "account_not_on_contract");
      if (contract?.status === "closed") return refuse("contractId", "contract_closed");
      if (contract?.status === "voided") return refuse("contractId", "contract_voided");
      // Payments held for approval (other than this one's own request) already use their room.
      await countHeldPayments(tx, line, contract, approved?.requestId);

      const check = checkPayment({ amountFen: input.amount, line, contract });
      if (!check.ok) {
        if (check.reason === "over_budget") await keepRefusal(tx, { line, accountId, kind: "budget", amountFen: input.amount, roomFen: check.headroomFen, payee: input.payee }, actor);
        return { ok: false as const, ...paymentRefusal(check) };
      }
      // Outside contracts, the leaf account's room too: target − contracts − paid and held outside contracts.
      if (!contract) {
        const room = await checkAccountPayment(tx, projectId, accountId, input.amount, approved?.requestId);
        if (!room.ok) {
          await keepRefusal(tx, { line, accountId, kind: "account_room", amountFen: input.amount, roomFen: BigInt(room.vars?.roomFen ?? "0"), payee: input.payee }, actor);
          return room;
        }
      }
      // On a contract, no more than is payable for the payment's kind (progress payments, issue 13 point 5).
      const progress = await checkProgressPayment(tx, { contractId: contract?.id ?? null, kind: input.kind, amountFen: input.amount, paidOn: input.paidOn }, approved?.requestId);
      if (!progress.ok) return progress;
      // The project ceiling (issue 13, point 7), then the approval threshold: above it the payment waits.
      const ceiling = await checkProjectPayment(tx, projectId, input.amount, approved?.requestId);
      if (!ceiling.ok) return ceiling;
      if (!approved) {
        const held = await holdPaymentIfAboveThreshold(tx, projectId, { ...input, lineId: line.id, accountId, kind: progress.kind, progressClaimId: progress.progressClaimId }, actor);
        if (held) return held;
      }

      const payment = await tx.payment.create({
        data: {
          lineId: line.id,
          accountId,
          contractId: contract?.id ?? null,
          paidOn: civilToDate(input.paidOn),
          payee: input.payee,
          amountFen: input.amount,
          voucherNo: input.voucherNo,
          note: input.note,
          kind: progress.kind,
          progressClaimId: progress.progressClaimId,
          createdById: actor.userId,
        },
        select: { id: true },
      });
      await recordAudit(tx, {
        userId: actor.userId,
        area: "capital",
        entity: "Payment",
        entityId: payment.id,
        action: "create",
        after: { line: line.code, account: await accountCode(tx, accountId), contract: contract?.code ?? null, paidOn: input.paidOn, payee: input.payee, amountFen: input.amount, voucherNo: input.voucherNo, note: input.note, kind: progress.kind },
      });
      return { ok: true as const, paymentId: payment.id, warning: check.warning, usedBps: check.newUsedBps, lineCode: line.code };
}

/** A contract on a leaf cost account (its line is the account's; `onLineId`: the page's line, which the account must be on). */
export async function createContract(projectId: number, input: ContractInput, actor: Actor, onLineId?: number) {
  try {
    return await once(
      { userId: actor.userId, key: input.idempotencyKey, scope: "contract" },
      async (tx) => {
        const found = await findLeaf(tx, projectId, input.accountId);
        if (!found.ok) return found;
        if (onLineId !== undefined && found.leaf.lineId !== onLineId) return refuse("accountId", "account_not_on_line");
        const line = await lineFigures(tx, found.leaf.lineId);
        if (!line || line.projectId !== projectId) return refuse("accountId", "invalid_choice");
        const check = checkCommitment({ amountFen: input.amount, line });
        if (!check.ok) {
          return check.reason === "over_budget"
            ? refuse("amount", "over_commitment", { headroomFen: check.uncommittedFen.toString() })
            : refuse("amount", "amount_positive");
        }
        if (input.status !== "draft") {
          const ceiling = await checkProjectCommitment(tx, projectId, input.amount);
          if (!ceiling.ok) return ceiling;
        }
        const contract = await tx.contract.create({
          data: {
            lineId: line.id,
            accountId: found.leaf.id,
            code: input.code,
            title: input.title,
            contractor: input.contractor,
            amountFen: input.amount,
            signedOn: input.signedOn ? civilToDate(input.signedOn) : null,
            status: input.status,
          },
          select: { id: true },
        });
        await recordAudit(tx, { userId: actor.userId, area: "capital", entity: "Contract", entityId: contract.id, action: "create", after: { line: line.code, account: found.leaf.code, ...withoutKey(input), accountId: undefined, amount: undefined, amountFen: input.amount } });
        return { ok: true as const, contractId: contract.id };
      },
      (created) => created.contractId,
      async (contractId) => {
        const contract = contractId ? await prisma.contract.findFirst({ where: { id: contractId, line: { projectId } }, select: { id: true } }) : null;
        return contract ? { ok: true as const, contractId: contract.id } : null;
      },
    );
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("code", "duplicate_code");
    throw error;
  }
}

/** One signed change to a line's budget: the revision row, the line's version, the audit record. */
export async function applyRevision(
  tx: Tx,
  line: { id: number; currentFen: bigint },
  deltaFen: bigint,
  reason: string,
  actor: Actor,
  transfer?: { transferId: string; from: string; to: string },
) {
  const revision = await tx.budgetRevision.create({
    data: { lineId: line.id, amountFen: deltaFen, reason, transferId: transfer?.transferId ?? null, createdById: actor.userId },
    select: { id: true },
  });
  await tx.budgetLine.update({ where: { id: line.id }, data: { version: { increment: 1 } } });
  await recordAudit(tx, {
    userId: actor.userId,
    area: "capital",
    entity: "BudgetLine",
    entityId: line.id,
    action: "update",
    before: { currentFen: line.currentFen },
    after: { currentFen: line.currentFen + deltaFen, revisionId: revision.id, ...transfer },
    reason,
  });
  return revision.id;
}

// Revisions and transfers are submitted for approval and applied by the approver's decision
// (models/approvals.server.ts: submitRevision, submitTransfer, decideApproval), through applyRevision.

export async function createLine(projectId: number, input: LineInput, actor: Actor) {
  try {
    return await once(
      { userId: actor.userId, key: input.idempotencyKey, scope: "budget_line" },
      async (tx) => {
        const ceiling = await checkProjectLines(tx, projectId, input.original, "original");
        if (!ceiling.ok) return ceiling;
        const last = await tx.budgetLine.aggregate({ where: { projectId }, _max: { sortOrder: true } });
        const line = await tx.budgetLine.create({
          data: { projectId, code: input.code, name: input.name, nameEn: input.nameEn, originalFen: input.original, sortOrder: (last._max.sortOrder ?? 0) + 1 },
          select: { id: true },
        });
        // A new line starts with the typical cost accounts (成本科目), in the same transaction.
        await createTypicalAccounts(tx, projectId, { id: line.id, code: input.code });
        await recordAudit(tx, { userId: actor.userId, area: "capital", entity: "BudgetLine", entityId: line.id, action: "create", after: { code: input.code, name: input.name, originalFen: input.original }, reason: input.reason });
        return { ok: true as const, lineId: line.id };
      },
      (created) => created.lineId,
      async (lineId) => {
        const line = lineId ? await prisma.budgetLine.findFirst({ where: { id: lineId, projectId }, select: { id: true } }) : null;
        return line ? { ok: true as const, lineId: line.id } : null;
      },
    );
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("code", "duplicate_code");
    throw error;
  }
}

/** A line's row of the plan that someone else saved since the form was shown: theirs and what this save typed. */
export type PlanConflict = {
  lineId: number;
  code: string;
  name: string;
  nameEn: string;
  planVersion: number;
  months: { month: string; theirsFen: bigint; yoursFen: bigint }[];
};

/**
 * Saves the fund-usage plan grid in one transaction; audits each line whose plan changed. Each row
 * carries the planVersion it was shown at and the cells it showed. A row whose cells the user left as
 * shown is not written (what someone else saved there meanwhile stays). If any row the user changed
 * has been saved by someone else since it was shown, nothing is written and the answer names those
 * rows with their current values.
 */
export async function saveFundPlan(projectId: number, grid: Pick<PlanGrid, "entries" | "versions" | "shown">, actor: Actor) {
  return moneyTransaction(async (tx) => {
    const [lines, project] = await Promise.all([
      tx.budgetLine.findMany({ where: { projectId }, select: { id: true, code: true, name: true, nameEn: true, planVersion: true } }),
      tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { scheduleStart: true, scheduleEnd: true } }),
    ]);
    const lineById = new Map(lines.map((line) => [line.id, line]));
    const months = new Set(monthsBetween(dateToCivil(project.scheduleStart), dateToCivil(project.scheduleEnd)));
    const foreign = grid.entries.find((entry) => !lineById.has(entry.lineId) || !months.has(entry.month));
    if (foreign) return refuse(`plan:${foreign.lineId}:${foreign.month}`, "invalid_choice");
    // Rows the user left as shown (known only when the form says what it showed).
    const untouched = new Set(
      [...grid.shown].filter(([lineId, cells]) => grid.entries.every((e) => e.lineId !== lineId || e.amountFen === (cells.get(e.month) ?? 0n))).map(([lineId]) => lineId),
    );
    const existing = await tx.fundPlanEntry.findMany({ where: { lineId: { in: [...lineById.keys()] } }, select: { lineId: true, month: true, amountFen: true } });
    const key = (lineId: number, month: string) => `${lineId}:${month}`;
    const before = new Map(existing.map((e) => [key(e.lineId, e.month), e.amountFen]));
    const changedByLine = new Map<number, { before: Record<string, bigint>; after: Record<string, bigint> }>();
    const changes: { lineId: number; month: string; amountFen: bigint }[] = [];
    for (const entry of grid.entries) {
      if (untouched.has(entry.lineId)) continue;
      const old = before.get(key(entry.lineId, entry.month)) ?? 0n;
      if (old === entry.amountFen) continue;
      changes.push(entry);
      const change = changedByLine.get(entry.lineId) ?? { before: {}, after: {} };
      change.before[entry.month] = old;
      change.after[entry.month] = entry.amountFen;
      changedByLine.set(entry.lineId, change);
    }

    // A row this save changes, shown at an older version (or at none): someone else saved it since.
    const conflicts: PlanConflict[] = [];
    for (const [lineId, change] of changedByLine) {
      const line = lineById.get(lineId)!;
      if (grid.versions.get(lineId) === line.planVersion) continue;
      const { planVersion, code, name, nameEn } = line;
      const changedMonths = Object.keys(change.after).sort().map((month) => ({ month, theirsFen: change.before[month], yoursFen: change.after[month] }));
      conflicts.push({ lineId, code, name, nameEn, planVersion, months: changedMonths });
    }
    if (conflicts.length > 0) return { ok: false as const, reason: "stale" as const, conflicts };

    for (const lineId of changedByLine.keys()) {
      const bumped = await tx.budgetLine.updateMany({ where: { id: lineId, projectId, planVersion: grid.versions.get(lineId) }, data: { planVersion: { increment: 1 } } });
      // Checked above inside this transaction; a mismatch here would be a bug, and rolls everything back.
      if (bumped.count !== 1) throw new Error(`fund plan of line ${lineId} changed during its save`);
    }
    for (const entry of changes) {
      await tx.fundPlanEntry.upsert({
        where: { lineId_month: { lineId: entry.lineId, month: entry.month } },
        create: { lineId: entry.lineId, month: entry.month, amountFen: entry.amountFen },
        update: { amountFen: entry.amountFen },
      });
    }
    for (const [lineId, change] of changedByLine) {
      await recordAudit(tx, { userId: actor.userId, area: "capital", entity: "FundPlan", entityId: lineId, action: "update", before: change.before, after: change.after });
    }
    return { ok: true as const, changedLines: changedByLine.size };
  });
}

// ─── Import ──────────────────────────────────────────────────────────────────

export type ImportRow = {
  row: number; // the row number in the file, for messages
  paidOn: string;
  lineCode: string;
  contractCode: string;
  // The leaf cost account (成本科目) named by the file's account code (cost/io/payment-import.server.ts): required
  // outside contracts; on a contract row, the contract's (null: the contract's is taken).
  accountId: number | null;
  payee: string;
  amountFen: bigint;
  voucherNo: string;
  note: string;
  // On a contract: a progress payment (the default), the advance or a retention release; never a reversal.
  kind?: "payment" | "advance" | "retention_release";
};

export type RowError = { row: number; field: string; message: string; vars?: Record<string, string> };

/**
 * Imports payments all or nothing: each row is checked against the budget as it stands after the
 * rows before it (running totals kept in memory, inside the transaction, so no concurrent payment can
 * interleave); if any row fails, nothing is written and every failing row is reported. Once per
 * idempotency key (the upload form's): the same file sent again answers with the first import's count.
 */
export async function importPayments(projectId: number, rows: ImportRow[], actor: Actor, idempotencyKey?: string) {
  const result = await importOnce(projectId, rows, actor, idempotencyKey);
  if (!result.ok) return { ok: false as const, errors: "errors" in result ? result.errors : [{ row: 0, field: "file", message: result.message }] };
  return { ok: true as const, imported: result.imported };
}

/** The payments an import recorded (ids in one transaction: consecutive), if they are these rows. */
async function importedOutcome(rows: ImportRow[], actor: Actor, firstPaymentId: number | null) {
  if (firstPaymentId === null) return null;
  const payments = await prisma.payment.findMany({
    where: { id: { gte: firstPaymentId, lt: firstPaymentId + rows.length }, createdById: actor.userId },
    orderBy: { id: "asc" },
    select: { amountFen: true, payee: true },
  });
  const same = payments.length === rows.length && payments.every((p, i) => p.amountFen === rows[i].amountFen && p.payee === rows[i].payee);
  return same ? { ok: true as const, imported: rows.length, firstPaymentId } : null;
}

async function importOnce(projectId: number, rows: ImportRow[], actor: Actor, idempotencyKey: string | undefined) {
  return once(
    { userId: actor.userId, key: idempotencyKey, scope: "payment_import" },
    async (tx) => {
      const lines = await tx.budgetLine.findMany({ where: { projectId }, select: { id: true, code: true, originalFen: true } });
      const lineIds = lines.map((line) => line.id);
      const [revisions, paidByLine, contracts, paidByContract] = await Promise.all([
        tx.budgetRevision.groupBy({ by: ["lineId"], where: { lineId: { in: lineIds } }, _sum: { amountFen: true } }),
        tx.paymentMonthTotal.groupBy({ by: ["lineId"], where: { lineId: { in: lineIds } }, _sum: { amountFen: true } }),
        contractValues(tx, { lineId: { in: lineIds }, status: "signed" }),
        tx.paymentMonthTotal.groupBy({ by: ["contractKey"], where: { lineId: { in: lineIds }, contractKey: { not: OUTSIDE_CONTRACTS } }, _sum: { amountFen: true } }),
      ]);
      const lineByCode = new Map(
        lines.map((line) => [
          line.code,
          {
            id: line.id,
            currentFen: line.originalFen + (revisions.find((r) => r.lineId === line.id)?._sum.amountFen ?? 0n),
            paidFen: paidByLine.find((p) => p.lineId === line.id)?._sum.amountFen ?? 0n,
          },
        ]),
      );
      const contractByKey = new Map(
        contracts.map((c) => [`${c.lineId}:${c.code}`, { id: c.id, accountId: c.accountId, amountFen: c.currentFen, paidFen: paidByContract.find((p) => p.contractKey === c.id)?._sum.amountFen ?? 0n }]),
      );
      // The project's cost accounts (a leaf: parentId set), and each leaf's room as this file uses it.
      const accounts = new Map((await tx.costAccount.findMany({ where: { projectId }, select: { id: true, lineId: true, parentId: true } })).map((a) => [a.id, a]));
      const roomInputs = new Map<number, Awaited<ReturnType<typeof accountRoomInputs>>>();
      const importedOnAccount = new Map<number, bigint>();

      // Issue 13: payments held for approval use their lines' room; rows above the approval threshold are refused.
      const guard = await importGuard(tx, projectId, [...lineByCode.values()]);
      const errors: RowError[] = [];
      const accepted: (ImportRow & { lineId: number; accountId: number; contractId: number | null; progressClaimId: number | null })[] = [];
      const importedOnContract = new Map<string, bigint>();
      for (const row of rows) {
        const line = lineByCode.get(row.lineCode);
        if (!line) {
          errors.push({ row: row.row, field: "line", message: "unknown_line", vars: { code: row.lineCode } });
          continue;
        }
        const contract = row.contractCode ? contractByKey.get(`${line.id}:${row.contractCode}`) : null;
        if (row.contractCode && !contract) {
          errors.push({ row: row.row, field: "contract", message: "contract_not_on_line" });
          continue;
        }
        // The row's leaf account: the contract's on a contract row, else the one it names, on its line.
        const leaf = row.accountId !== null ? accounts.get(row.accountId) : undefined;
        if (contract && row.accountId !== null && row.accountId !== contract.accountId) {
          errors.push({ row: row.row, field: "accountId", message: "account_not_on_contract" });
          continue;
        }
        if (!contract && row.accountId === null) {
          errors.push({ row: row.row, field: "accountId", message: "account_required" });
          continue;
        }
        if (!contract && (!leaf || leaf.parentId === null || leaf.lineId !== line.id)) {
          errors.push({ row: row.row, field: "accountId", message: !leaf ? "invalid_choice" : leaf.parentId === null ? "account_not_leaf" : "account_not_on_line" });
          continue;
        }
        const accountId = contract ? contract.accountId : row.accountId;
        if (accountId === null) throw new Error(`contract ${contract?.id} has no cost account`);
        if (row.amountFen > guard.thresholdFen) {
          errors.push({ row: row.row, field: "amount", message: "import_needs_approval", vars: { thresholdFen: guard.thresholdFen.toString() } });
          continue;
        }
        const check = checkPayment({ amountFen: row.amountFen, line, contract });
        if (!check.ok) {
          errors.push({ row: row.row, ...paymentRefusal(check) });
          continue;
        }
        // Outside contracts, within the leaf's room, counting this file's rows before it.
        if (!contract) {
          if (!roomInputs.has(accountId)) roomInputs.set(accountId, await accountRoomInputs(tx, projectId, accountId));
          const inputs = roomInputs.get(accountId);
          const already = importedOnAccount.get(accountId) ?? 0n;
          const room = inputs ? checkAccountRoom({ ...inputs, paidOutsideContractsFen: inputs.paidOutsideContractsFen + already, amountFen: row.amountFen }) : { ok: true as const };
          if (!room.ok) {
            errors.push({ row: row.row, field: "amount", message: "over_account_room", vars: { roomFen: room.roomFen.toString() } });
            continue;
          }
          importedOnAccount.set(accountId, already + row.amountFen);
        }
        // On a contract, a progress payment within what is payable, counting this file's rows before it.
        // Counted per contract and kind: an advance and a progress payment are checked against different room.
        const onContractKey = contract ? `${contract.id}:${row.kind ?? "payment"}` : "";
        const progress = contract ? await checkProgressPayment(tx, { contractId: contract.id, kind: row.kind, amountFen: (importedOnContract.get(onContractKey) ?? 0n) + row.amountFen, paidOn: row.paidOn }) : null;
        if (progress && !progress.ok) {
          errors.push({ row: row.row, field: "amount", message: progress.message, vars: progress.vars });
          continue;
        }
        if (contract) importedOnContract.set(onContractKey, (importedOnContract.get(onContractKey) ?? 0n) + row.amountFen);
        line.paidFen += row.amountFen;
        if (contract) contract.paidFen += row.amountFen;
        accepted.push({ ...row, lineId: line.id, accountId, contractId: contract?.id ?? null, progressClaimId: progress?.ok ? progress.progressClaimId : null });
      }
      if (errors.length > 0) return { ok: false as const, errors };
      const ceiling = await checkProjectPayment(tx, projectId, accepted.reduce((sum, row) => sum + row.amountFen, 0n));
      if (!ceiling.ok) return { ok: false as const, errors: [{ row: 0, field: ceiling.field, message: ceiling.message, vars: ceiling.vars }] };

      const created = await tx.payment.createManyAndReturn({
        data: accepted.map((row) => ({
          lineId: row.lineId,
          accountId: row.accountId,
          contractId: row.contractId,
          paidOn: civilToDate(row.paidOn),
          payee: row.payee,
          amountFen: row.amountFen,
          voucherNo: row.voucherNo,
          note: row.note,
          progressClaimId: row.progressClaimId,
          kind: row.kind ?? "payment",
          createdById: actor.userId,
        })),
        select: { id: true },
      });
      // Ids are assigned in insertion order inside this transaction; sort rather than trust RETURNING's order.
      created.sort((a, b) => a.id - b.id);
      await tx.auditLog.createMany({
        data: created.map((payment, i) => {
          const row = accepted[i];
          return {
            userId: actor.userId,
            area: "capital",
            entity: "Payment",
            entityId: payment.id,
            action: "create",
            after: JSON.stringify({ line: row.lineCode, contract: row.contractCode || null, paidOn: row.paidOn, payee: row.payee, amountFen: row.amountFen.toString(), voucherNo: row.voucherNo, note: row.note, kind: row.kind ?? "payment", importedRow: row.row }),
            reason: "import",
          };
        }),
      });
      return { ok: true as const, imported: created.length, firstPaymentId: created[0]?.id ?? null };
    },
    (imported) => imported.firstPaymentId,
    (firstPaymentId) => importedOutcome(rows, actor, firstPaymentId),
  );
}

/** Count and sum of the payments a ledger filter selects, in SQL. */
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
