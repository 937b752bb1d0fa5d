// Importing payments from a spreadsheet (parsed by io/payment-import.server.ts): every row checked as
// a payment would be, against the room left by the rows before it, all or nothing in one transaction.
import { prisma } from "~/db.server";
import { checkPayment, paymentRefusal } from "~/domain/capital";
import { civilToDate } from "~/utils/dates";
import { checkProjectPayment, importGuard } from "./project-ceiling.server";
import { contractValues } from "./contract-values.server";
import { checkProgressPayment } from "./progress.server";
import { accountRoomInputs } from "./accounts.server";
import { checkAccountRoom } from "~/domain/cost/accounts";
import { once } from "../idempotency.server";
import { OUTSIDE_CONTRACTS } from "./budget.server";
import { type Actor } from "./shared.server";

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
      const kindsOnContract = new Map<number, string>();
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
        // One kind per contract per file: an advance paid lowers what progress payments may pay (and the
        // reverse), which the check reads from the database only, so mixed kinds could pass it together.
        const kindOnContract = contract ? kindsOnContract.get(contract.id) : undefined;
        if (contract && kindOnContract !== undefined && kindOnContract !== (row.kind ?? "payment")) {
          errors.push({ row: row.row, field: "kind", message: "import_mixed_kinds" });
          continue;
        }
        if (contract) kindsOnContract.set(contract.id, row.kind ?? "payment");
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
