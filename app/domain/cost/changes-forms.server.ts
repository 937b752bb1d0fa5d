// The forms of contract changes (变更/签证), their decisions, settlement (结算) and 待发生成本, validated on
// the server with zod. Messages are i18n keys (errors.*). Server-only: see capital-forms.server.ts.
import { z } from "zod";
import { dateField, idField, yuanField } from "~/domain/capital-forms.server";
import { idempotencyKeyField } from "~/domain/idempotency-forms.server";
import type { CivilDate } from "~/utils/dates";
import { CHANGE_KINDS } from "./contract-value";

const text = (max: number) => z.string().trim().min(1, { message: "required" }).max(max, { message: "too_long" });

export const changeSchema = z.object({
  contractId: idField,
  kind: z.enum(CHANGE_KINDS, { message: "invalid_choice" }),
  code: text(40),
  title: text(200),
  claimed: yuanField({ sign: "nonzero" }), // 申报: a deduction (核减) is negative
  estimate: yuanField({ sign: "nonzero" }), // the cost team's estimate while pending
  idempotencyKey: idempotencyKeyField,
});
export type ChangeInput = z.output<typeof changeSchema>;

export const changeDecisionSchema = z.discriminatedUnion(
  "decision",
  [
    z.object({ decision: z.literal("approve"), changeId: idField, approved: yuanField({ sign: "nonzero" }), reason: text(500), idempotencyKey: idempotencyKeyField }),
    z.object({ decision: z.literal("reject"), changeId: idField, reason: text(500), idempotencyKey: idempotencyKeyField }),
  ],
  { message: "invalid_choice" },
);
export type ChangeDecisionInput = z.output<typeof changeDecisionSchema>;

export function settlementSchema(today: CivilDate) {
  return z.object({
    contractId: idField,
    settled: yuanField({ sign: "positive" }),
    settledOn: dateField({ notAfter: today }).transform((v) => v!),
    reason: text(500),
    idempotencyKey: idempotencyKeyField,
  });
}
export type SettlementInput = z.output<ReturnType<typeof settlementSchema>>;

/** 待发生成本 of one leaf cost account (the line's is the sum of its leaves' latest estimates). */
export const toComeSchema = z.object({
  accountId: idField,
  amount: yuanField({ sign: "nonnegative" }),
  reason: text(500),
  idempotencyKey: idempotencyKeyField,
});
export type ToComeInput = z.output<typeof toComeSchema>;
