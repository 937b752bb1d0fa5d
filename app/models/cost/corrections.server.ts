// Corrections (issue 13, point 8): a payment is reversed (红冲) by a new, negative row with a reason;
// a contract entered wrongly is voided (作废) with a reason. Nothing is changed or deleted: Payment rows
// are append-only in the database itself (migration payments_append_only). Each write is checked in the
// transaction that makes it, audited there, and keyed (decision 009) so a double click records once.
// A payment is reversed at most once: the check runs inside the write lock, and the unique index on
// Payment.reversalOfId refuses a second reversal even from another process.
import { Prisma } from "@prisma/client";
import { prisma } from "~/db.server";
import { checkReversal, checkVoid, reversalOf } from "~/domain/cost/corrections";
import type { ContractVoidInput, ReversalInput } from "~/domain/cost/corrections-forms.server";
import { civilToDate, type CivilDate } from "~/utils/dates";
import { recordAudit } from "../audit.server";
import { once } from "../idempotency.server";

type Actor = { userId: number | null };
type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

const REVERSAL_REFUSALS = { is_reversal: "reversal_of_reversal", already_reversed: "already_reversed", not_positive: "invalid_choice" } as const;

/**
 * Reverses a payment of this project on `today`: a new row of the negated amount on the same line,
 * contract and progress claim, which restores the line's and the contract's room. Refused for a
 * reversal, or a payment already reversed.
 */
export async function reversePayment(projectId: number, input: ReversalInput, actor: Actor, today: CivilDate) {
  try {
    return await once(
      { userId: actor.userId, key: input.idempotencyKey, scope: "payment_reversal" },
      async (tx) => {
        const original = await tx.payment.findFirst({
          where: { id: input.paymentId, line: { projectId } },
          select: {
            id: true,
            lineId: true,
            accountId: true,
            contractId: true,
            progressClaimId: true,
            payee: true,
            amountFen: true,
            voucherNo: true,
            kind: true,
            paidOn: true,
            reversedBy: { select: { id: true } },
            line: { select: { code: true } },
            account: { select: { code: true } },
            contract: { select: { code: true } },
          },
        });
        if (!original) return refuse("paymentId", "invalid_choice");
        const check = checkReversal({ kind: original.kind, amountFen: original.amountFen, reversedById: original.reversedBy?.id ?? null });
        if (!check.ok) return refuse("paymentId", REVERSAL_REFUSALS[check.reason]);
        const row = reversalOf(original, today, input.reason);
        const reversal = await tx.payment.create({ data: { ...row, paidOn: civilToDate(row.paidOn), createdById: actor.userId }, select: { id: true } });
        await recordAudit(tx, {
          userId: actor.userId,
          area: "capital",
          entity: "Payment",
          entityId: reversal.id,
          action: "create",
          before: { paymentId: original.id, kind: original.kind, amountFen: original.amountFen, paidOn: original.paidOn },
          after: { kind: "reversal", reversalOfId: original.id, line: original.line.code, account: original.account?.code ?? null, contract: original.contract?.code ?? null, paidOn: today, payee: original.payee, amountFen: row.amountFen },
          reason: input.reason,
        });
        return { ok: true as const, reversalId: reversal.id, paymentId: original.id, lineId: original.lineId };
      },
      (reversed) => reversed.reversalId,
      async (reversalId) => {
        const reversal = reversalId ? await prisma.payment.findFirst({ where: { id: reversalId, kind: "reversal", line: { projectId } }, select: { id: true, reversalOfId: true, lineId: true } }) : null;
        return reversal?.reversalOfId ? { ok: true as const, reversalId: reversal.id, paymentId: reversal.reversalOfId, lineId: reversal.lineId } : null;
      },
    );
  } catch (error) {
    // Another process reversed it between our check and our insert: the unique index on reversalOfId holds.
    if (isUniqueViolation(error)) return refuse("paymentId", "already_reversed");
    throw error;
  }
}

const VOID_REFUSALS = { already_voided: "contract_voided", settled: "contract_settled", has_payments: "contract_has_payments" } as const;

/**
 * Voids a contract of this project entered wrongly: status "voided" with the reason. Allowed for a draft
 * or signed contract whose payments net to zero (reverse them first); it then commits nothing of its
 * line's budget and takes no payments. The row stays, shown struck through with its reason.
 */
export async function voidContract(projectId: number, input: ContractVoidInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "contract_void" },
    async (tx) => {
      const contract = await tx.contract.findFirst({ where: { id: input.contractId, line: { projectId } }, select: { id: true, lineId: true, code: true, status: true, amountFen: true } });
      if (!contract) return refuse("contractId", "invalid_choice");
      const paid = await tx.paymentMonthTotal.aggregate({ where: { lineId: contract.lineId, contractKey: contract.id }, _sum: { amountFen: true } });
      const check = checkVoid({ status: contract.status, netPaidFen: paid._sum.amountFen ?? 0n });
      if (!check.ok) return refuse("contractId", VOID_REFUSALS[check.reason], check.netPaidFen !== undefined ? { paidFen: check.netPaidFen.toString() } : undefined);
      await tx.contract.update({ where: { id: contract.id }, data: { status: "voided", voidReason: input.reason, version: { increment: 1 } } });
      await recordAudit(tx, {
        userId: actor.userId,
        area: "capital",
        entity: "Contract",
        entityId: contract.id,
        action: "update",
        before: { code: contract.code, status: contract.status, amountFen: contract.amountFen },
        after: { code: contract.code, status: "voided", voidReason: input.reason },
        reason: input.reason,
      });
      return { ok: true as const, contractId: contract.id, lineId: contract.lineId };
    },
    (voided) => voided.contractId,
    async (contractId) => {
      const contract = contractId ? await prisma.contract.findFirst({ where: { id: contractId, status: "voided", line: { projectId } }, select: { id: true, lineId: true } }) : null;
      return contract ? { ok: true as const, contractId: contract.id, lineId: contract.lineId } : null;
    },
  );
}
