// The financing forms (facilities, drawdowns, repayments), validated on the server with zod. Messages
// are i18n keys (errors.*). Server-only (.server): route components import financing.ts, and zod must
// stay out of the browser bundle.
import { z } from "zod";
import type { CivilDate } from "~/utils/dates";
import { dateField, idField, yuanField } from "./capital-forms.server";
import { idempotencyKeyField } from "./idempotency-forms.server";
import { FACILITY_STATUSES } from "./financing";

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

export const drawdownSchema = z.object({
  plannedOn: dateField().transform((v) => v!),
  planned: yuanField({ sign: "positive" }),
  milestoneId: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^\d{1,9}$/.test(v), { message: "invalid_choice" })
    .transform((v) => (v === "" ? null : Number(v))),
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
