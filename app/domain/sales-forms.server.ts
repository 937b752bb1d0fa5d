// The sales and leasing forms, validated on the server with zod. Messages are i18n keys (errors.*).
// Server-only (.server): route components import sales.ts, and zod must stay out of the browser bundle.
import { z } from "zod";
import { isCivilDate, type CivilDate } from "~/utils/dates";
import { dateField, yuanField } from "./capital-forms.server";
import { idempotencyKeyField } from "./idempotency-forms.server";
import { CAP_MAX_BPS, CAP_MIN_BPS, leaseMonths, PRODUCTS } from "./sales";

/** Area in m² with up to 2 decimals → integer hundredths (csqm). */
export const areaField = z
  .string()
  .trim()
  .min(1, { message: "required" })
  .regex(/^\d{1,7}(\.\d{1,2})?$/, { message: "area_format" })
  .transform((v) => {
    const [whole, fraction = ""] = v.split(".");
    return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  })
  .refine((csqm) => csqm > 0, { message: "area_positive" });

const text = (max: number) => z.string().trim().min(1, { message: "required" }).max(max, { message: "too_long" });

export function leaseSchema(today: CivilDate) {
  return z
    .object({
      tenant: text(200),
      unitNo: text(40),
      area: areaField,
      monthlyRent: yuanField({ sign: "positive" }),
      startOn: dateField().transform((v) => v!),
      endOn: dateField().transform((v) => v!),
      signedOn: dateField({ notAfter: today }).transform((v) => v!),
      prepaidRent: z
        .string()
        .trim()
        .optional()
        .transform((v) => v || "0")
        .pipe(yuanField({ sign: "nonnegative" })),
      // 免租期 in months from the start, and 租金递增: a % every so many months.
      rentFreeMonths: z
        .string()
        .trim()
        .optional()
        .transform((v) => v || "0")
        .pipe(z.string().regex(/^\d{1,2}$/, { message: "rent_free_range" }).transform(Number)),
      escalationPercent: z
        .string()
        .trim()
        .optional()
        .transform((v) => v || "0")
        .pipe(z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, { message: "rate_format" }).transform((v) => Math.round(Number(v) * 100))),
      escalationEveryMonths: z
        .string()
        .trim()
        .optional()
        .transform((v) => v || "12")
        .pipe(z.string().regex(/^\d{1,2}$/, { message: "escalation_every_range" }).transform(Number))
        .refine((n) => n >= 1 && n <= 60, { message: "escalation_every_range" }),
      intentId: z
        .string()
        .trim()
        .optional()
        .transform((v) => v || "")
        .pipe(z.union([z.literal(""), z.string().regex(/^\d{1,9}$/, { message: "invalid_choice" })]))
        .transform((v) => (v ? Number(v) : null)),
      idempotencyKey: idempotencyKeyField,
    })
    .superRefine((v, ctx) => {
      if (isCivilDate(v.startOn) && isCivilDate(v.endOn) && v.endOn > v.startOn && typeof v.rentFreeMonths === "number" && v.rentFreeMonths >= leaseMonths(v.startOn, v.endOn))
        ctx.addIssue({ code: "custom", path: ["rentFreeMonths"], message: "rent_free_range" });
      // Malformed dates reach here as typed (their own messages say so); counting months up to, say,
      // "x" would never end.
      if (!isCivilDate(v.startOn) || !isCivilDate(v.endOn)) return;
      if (typeof v.monthlyRent !== "bigint" || typeof v.prepaidRent !== "bigint") return;
      if (v.endOn <= v.startOn) ctx.addIssue({ code: "custom", path: ["endOn"], message: "end_before_start" });
      else if (v.prepaidRent > v.monthlyRent * BigInt(leaseMonths(v.startOn, v.endOn))) ctx.addIssue({ code: "custom", path: ["prepaidRent"], message: "prepaid_over_rent" });
    });
}
export type LeaseInput = z.output<ReturnType<typeof leaseSchema>>;

export const targetSchema = z
  .object({
    year: z.string().trim().regex(/^20\d{2}$/, { message: "invalid_year" }).transform(Number),
    product: z.enum(PRODUCTS, { message: "invalid_choice" }),
    annual: yuanField({ sign: "nonnegative" }),
    q1: z.string().trim().regex(/^\d{1,3}$/, { message: "weight_format" }).transform(Number),
    q2: z.string().trim().regex(/^\d{1,3}$/, { message: "weight_format" }).transform(Number),
    q3: z.string().trim().regex(/^\d{1,3}$/, { message: "weight_format" }).transform(Number),
    q4: z.string().trim().regex(/^\d{1,3}$/, { message: "weight_format" }).transform(Number),
  })
  .refine((v) => v.q1 + v.q2 + v.q3 + v.q4 === 100, { path: ["q4"], message: "weights_100" });
export type TargetInput = z.output<typeof targetSchema>;

export const agencySchema = z
  .object({
    agency: text(200),
    year: z.string().trim().regex(/^20\d{2}$/, { message: "invalid_year" }).transform(Number),
    periodStart: dateField().transform((v) => v!),
    periodEnd: dateField().transform((v) => v!),
    task: yuanField({ sign: "positive" }),
    incentiveRate: z
      .string()
      .trim()
      .regex(/^\d{1,2}(\.\d{1,2})?$/, { message: "rate_format" })
      .transform((v) => Math.round(Number(v) * 100)),
    aboveTaskRate: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || "0")
      .pipe(z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, { message: "rate_format" }).transform((v) => Math.round(Number(v) * 100))),
    floor: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || "0")
      .pipe(yuanField({ sign: "nonnegative" })),
    belowFloorRate: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || "0")
      .pipe(z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, { message: "rate_format" }).transform((v) => Math.round(Number(v) * 100))),
    basis: z.enum(["signing", "collections"], { message: "invalid_choice" }),
    incentiveTerms: z.string().trim().max(1000, { message: "too_long" }).default(""),
    signDueOn: dateField({ optional: true }),
    signedOn: dateField({ optional: true }),
  })
  .refine((v) => typeof v.floor !== "bigint" || typeof v.task !== "bigint" || v.floor <= v.task, { path: ["floor"], message: "floor_over_task" })
  .refine((v) => v.periodEnd > v.periodStart, { path: ["periodEnd"], message: "end_before_start" });
export type AgencyInput = z.output<typeof agencySchema>;

export const capSchema = z.object({
  capPercent: z
    .string()
    .trim()
    .regex(/^\d{1,2}(\.\d{1,2})?$/, { message: "cap_range" })
    .transform((v) => Math.round(Number(v) * 100))
    .refine((bps) => bps >= CAP_MIN_BPS && bps <= CAP_MAX_BPS, { message: "cap_range" }),
});
