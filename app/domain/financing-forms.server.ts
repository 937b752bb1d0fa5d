// The financing forms (facilities, drawdowns, repayments), validated on the server with zod. Messages
// are i18n keys (errors.*). Server-only (.server): route components import financing.ts, and zod must
// stay out of the browser bundle.
import { z } from "zod";
import type { CivilDate } from "~/utils/dates";
import { dateField, idField, yuanField } from "./capital-forms.server";
import { idempotencyKeyField } from "./idempotency-forms.server";
import { FACILITY_STATUSES } from "./financing";
import { CONDITION_KINDS } from "./loan-conditions";

const text = (max: number) => z.string().trim().min(1, { message: "required" }).max(max, { message: "too_long" });
const rateField = z
  .string()
  .trim()
  .default("0")
  .refine((v) => /^\d{1,2}(\.\d{1,2})?$/.test(v || "0"), { message: "rate_format" })
  .transform((v) => Math.round(Number(v || "0") * 100));

export const facilitySchema = z.object({
  channelId: idField,
  counterparty: text(200),
  committed: yuanField({ sign: "positive" }),
  rate: rateField,
  fees: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || "0")
    .pipe(yuanField({ sign: "nonnegative" })),
  termMonths: z
    .string()
    .trim()
    .regex(/^\d{0,3}$/, { message: "term_format" })
    .optional()
    .transform((v) => Number(v || "0")),
  conditions: z.string().trim().max(1000, { message: "too_long" }).default(""),
  status: z.enum(FACILITY_STATUSES, { message: "invalid_choice" }),
  idempotencyKey: idempotencyKeyField,
});
export type FacilityInput = z.output<typeof facilitySchema>;

// An edit carries its version instead: a second save of the same version is refused as stale.
export const facilityUpdateSchema = facilitySchema.omit({ channelId: true, idempotencyKey: true }).extend({ version: z.coerce.number().int().positive() });
export type FacilityUpdate = z.output<typeof facilityUpdateSchema>;

/** A milestone chosen from a select, or none (""): its id, or null. */
function optionalMilestoneField() {
  return z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^\d{1,9}$/.test(v), { message: "invalid_choice" })
    .transform((v) => (v === "" ? null : Number(v)));
}

export const drawdownSchema = z.object({
  plannedOn: dateField().transform((v) => v!),
  planned: yuanField({ sign: "positive" }),
  milestoneId: optionalMilestoneField(),
  note: z.string().trim().max(500, { message: "too_long" }).default(""),
  idempotencyKey: idempotencyKeyField,
});
export type DrawdownPlan = z.output<typeof drawdownSchema>;

export function drawdownActualSchema(today: CivilDate) {
  return z.object({
    drawdownId: idField,
    actualOn: dateField({ notAfter: today }).transform((v) => v!),
    actual: yuanField({ sign: "positive" }),
    idempotencyKey: idempotencyKeyField,
  });
}
export type DrawdownActual = z.output<ReturnType<typeof drawdownActualSchema>>;

export const repaymentSchema = z.object({
  dueOn: dateField().transform((v) => v!),
  amount: yuanField({ sign: "positive" }),
  idempotencyKey: idempotencyKeyField,
});
export type RepaymentInput = z.output<typeof repaymentSchema>;

// ─── 放款条件 and 资本金 (issue 14, point 4; models/financing-conditions.server.ts) ───────────

/** A loan condition: its kind, the milestone (kind milestone) or the equity ratio in % (kind equity_ratio). */
export const conditionSchema = z
  .object({
    kind: z.enum(CONDITION_KINDS, { message: "invalid_choice" }),
    milestoneId: optionalMilestoneField(),
    equityRatio: z
      .string()
      .trim()
      .default("")
      .refine((v) => v === "" || /^\d{1,3}(\.\d{1,2})?$/.test(v), { message: "ratio_format" })
      .transform((v) => (v === "" ? null : Math.round(Number(v) * 100)))
      .refine((bps) => bps === null || (bps > 0 && bps <= 10_000), { message: "ratio_format" }),
    note: z.string().trim().max(500, { message: "too_long" }).default(""),
    idempotencyKey: idempotencyKeyField,
  })
  .superRefine((input, ctx) => {
    if (input.kind === "milestone" && input.milestoneId === null) ctx.addIssue({ code: "custom", path: ["milestoneId"], message: "required" });
    if (input.kind === "equity_ratio" && input.equityRatio === null) ctx.addIssue({ code: "custom", path: ["equityRatio"], message: "required" });
  })
  .transform(({ equityRatio, ...input }) => ({
    ...input,
    milestoneId: input.kind === "milestone" ? input.milestoneId : null,
    equityBps: input.kind === "equity_ratio" ? equityRatio : null,
  }));
export type ConditionFormInput = z.output<typeof conditionSchema>;

export const conditionRemoveSchema = z.object({ conditionId: idField });
export type ConditionRemoveInput = z.output<typeof conditionRemoveSchema>;

export function equityContributionSchema(today: CivilDate) {
  return z.object({
    receivedOn: dateField({ notAfter: today }).transform((v) => v!),
    amount: yuanField({ sign: "positive" }),
    source: z.string().trim().min(1, { message: "required" }).max(200, { message: "too_long" }),
    note: z.string().trim().max(500, { message: "too_long" }).default(""),
    idempotencyKey: idempotencyKeyField,
  });
}
export type EquityContributionInput = z.output<ReturnType<typeof equityContributionSchema>>;

/** A correction of a contribution: a reversing row with its reason (the contribution itself never changes). */
export const equityReversalSchema = z.object({
  contributionId: idField,
  reason: z.string().trim().min(1, { message: "required" }).max(500, { message: "too_long" }),
  idempotencyKey: idempotencyKeyField,
});
export type EquityReversalInput = z.output<typeof equityReversalSchema>;

/** A request to draw although a loan condition is unmet: approved by someone else (maker-checker). */
export const drawdownOverrideSchema = z.object({
  drawdownId: idField,
  reason: z.string().trim().min(1, { message: "required" }).max(500, { message: "too_long" }),
  idempotencyKey: idempotencyKeyField,
});
export type DrawdownOverrideInput = z.output<typeof drawdownOverrideSchema>;
