// Recording a payment: every rule that protects money (the line's headroom, the leaf account's room,
// the contract's payable amount, the project ceiling, the approval threshold) checked inside the same
// write transaction as the payment it guards (docs/decisions/005, 010, 013), so parallel requests
// cannot overrun a budget. A refusal for lack of room is kept for the weekly meeting.
import { prisma } from "~/db.server";
import { checkPayment, paymentRefusal } from "~/domain/capital";
import type { PaymentInput } from "~/domain/capital-forms.server";
import { civilToDate } from "~/utils/dates";
import { recordAudit } from "../audit.server";
import { holdPaymentIfAboveThreshold, heldOutcome } from "../approvals.server";
import { checkProjectPayment, countHeldPayments } from "./project-ceiling.server";
import { checkProgressPayment } from "./progress.server";
import { accountCode, checkAccountPayment, findLeaf } from "./accounts.server";
import { once } from "../idempotency.server";
import { contractFigures, lineFigures } from "./budget.server";
import { type Actor, type Tx, refuse } from "./shared.server";

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
