// The forms of progress payments (进度款): a contract's payment terms, a period's claim, its certification.
// Validated on the server with zod; messages are i18n keys (errors.*). Server-only: see capital-forms.server.ts.
import { z } from "zod";
import { dateField, idField, yuanField } from "~/domain/capital-forms.server";
import { idempotencyKeyField } from "~/domain/idempotency-forms.server";
import type { CivilDate } from "~/utils/dates";
import { DEFECT_PERIOD_MONTHS, MAX_RETENTION_BPS } from "./progress";

/** A percentage as typed ("80", "2.5", "80%") in basis points, 0–100 %. */
const percentField = z
  .string()
  .trim()
  .min(1, { message: "required" })
  .transform((text, ctx) => {
    const match = /^(\d{1,3})(?:\.(\d{1,2}))?\s*%?$/.exec(text);
    const bps = match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : NaN;
    if (!Number.isInteger(bps) || bps > 10_000) {
      ctx.addIssue({ code: "custom", message: "percent_invalid" });
      return z.NEVER;
    }
    return bps;
  });

const optionalYuan = z
  .string()
  .trim()
  .default("")
  .pipe(z.union([z.literal("").transform(() => null), yuanField({ sign: "nonnegative" })]));

export function termsSchema(today: CivilDate) {
  return z.object({
    paymentRatio: percentField,
    advance: yuanField({ sign: "nonnegative" }),
    // 质保金 above 3 % is refused: 建设工程质量保证金管理办法 (2017) 第七条.
    retention: percentField.refine((bps) => bps <= MAX_RETENTION_BPS, { message: "retention_over_cap" }),
    defectPeriodMonths: z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, { message: "months_range" })
      .transform(Number)
      .refine((n) => n >= DEFECT_PERIOD_MONTHS.min && n <= DEFECT_PERIOD_MONTHS.max, { message: "months_range" }),
    completedOn: dateField({ optional: true, notAfter: today }),
    version: z.string().trim().regex(/^\d{1,9}$/, { message: "invalid" }).transform(Number),
  });
}
export type TermsInput = z.output<ReturnType<typeof termsSchema>>;

export const claimSchema = z.object({
  period: z
    .string()
    .trim()
    .min(1, { message: "required" })
    .regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, { message: "invalid_period" }),
  claimed: yuanField({ sign: "positive" }),
  idempotencyKey: idempotencyKeyField,
});
export type ClaimInput = z.output<typeof claimSchema>;

export const certifySchema = z.object({
  claimId: idField,
  supervised: optionalYuan, // 监理审核: blank when no supervising engineer checks this contract
  certified: yuanField({ sign: "nonnegative" }),
  advanceRecovery: optionalYuan, // blank: the default (proportional) recovery
  idempotencyKey: idempotencyKeyField,
});
export type CertifyInput = z.output<typeof certifySchema>;
