// The correction forms (红冲 a payment, 作废 a contract), validated on the server with zod. Both need a
// reason: a correction without one is refused beside the field. Server-only (see capital-forms.server.ts).
import { z } from "zod";
import { idField } from "~/domain/capital-forms.server";
import { idempotencyKeyField } from "~/domain/idempotency-forms.server";

const reason = z.string().trim().min(1, { message: "correction_reason" }).max(500, { message: "too_long" });

export const reversalSchema = z.object({
  paymentId: idField,
  reason,
  idempotencyKey: idempotencyKeyField,
});
export type ReversalInput = z.output<typeof reversalSchema>;

export const contractVoidSchema = z.object({
  contractId: idField,
  reason,
  idempotencyKey: idempotencyKeyField,
});
export type ContractVoidInput = z.output<typeof contractVoidSchema>;
