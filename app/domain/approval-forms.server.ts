// The approval forms (issue 13, point 6), validated on the server with zod. Messages are i18n keys.
import { z } from "zod";
import { idField, yuanField } from "./capital-forms.server";
import { idempotencyKeyField } from "./idempotency-forms.server";

/** A change of the approved project total (finance submits; an approver decides). */
export const projectBudgetSchema = z.object({
  amount: yuanField({ sign: "nonzero" }),
  reason: z.string().trim().min(1, { message: "required" }).max(500, { message: "too_long" }),
  idempotencyKey: idempotencyKeyField,
});
export type ProjectBudgetInput = z.output<typeof projectBudgetSchema>;

/** An approver's decision; a rejection says why. */
export const decisionSchema = z
  .object({
    approvalId: idField,
    decision: z.enum(["approve", "reject"], { message: "invalid_choice" }),
    note: z.string().trim().max(500, { message: "too_long" }).default(""),
  })
  .refine((v) => v.decision === "approve" || v.note !== "", { path: ["note"], message: "reject_needs_note" });
export type DecisionInput = z.output<typeof decisionSchema>;
