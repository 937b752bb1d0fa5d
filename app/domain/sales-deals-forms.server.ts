// The deal forms (认购, 签约, 回款, 退房, 换房, 更名), the discount-authority form and the lease-intent
// forms, validated on the server with zod. Messages are i18n keys (errors.*). Server-only: zod stays out
// of the browser bundle.
import { z } from "zod";
import { type CivilDate } from "~/utils/dates";
import { dateField, yuanField } from "./capital-forms.server";
import { idempotencyKeyField } from "./idempotency-forms.server";
import { areaField } from "./sales-forms.server";
import { BUYER_TYPES, normalizeUnitCode, PAYMENT_PLANS } from "./sales";

const text = (max: number) => z.string().trim().min(1, { message: "required" }).max(max, { message: "too_long" });
const idField = z.string().trim().regex(/^\d{1,9}$/, { message: "invalid_choice" }).transform(Number);
const optionalYuan = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || "0")
  .pipe(yuanField({ sign: "nonnegative" }));
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "1");

/** A unit code as typed ("a 1201", "Ａ－１２０１") → its normalised form ("A-1201"). */
export const unitCodeField = z
  .string()
  .trim()
  .min(1, { message: "required" })
  .max(60, { message: "too_long" })
  .transform((v, ctx) => {
    const code = normalizeUnitCode(v);
    if (code === null) {
      ctx.addIssue({ code: "custom", message: "unit_code_format" });
      return z.NEVER;
    }
    return code;
  });

const reasonField = z.string().trim().min(2, { message: "reason_needed" }).max(500, { message: "too_long" });

export function reserveSchema(today: CivilDate) {
  return z
    .object({
      unitCode: unitCodeField,
      internal: checkbox,
      buyerName: text(100),
      buyerType: z.enum(BUYER_TYPES, { message: "invalid_choice" }),
      price: yuanField({ sign: "positive" }),
      deposit: optionalYuan,
      depositReceived: checkbox,
      reservedOn: dateField({ notAfter: today }).transform((v) => v!),
      idempotencyKey: idempotencyKeyField,
    })
    .superRefine((v, ctx) => {
      const parsed = (x: unknown): x is bigint => typeof x === "bigint";
      if (parsed(v.price) && parsed(v.deposit) && v.deposit > v.price) ctx.addIssue({ code: "custom", path: ["deposit"], message: "deposit_over_price" });
      if (v.internal && v.buyerType !== "employee") ctx.addIssue({ code: "custom", path: ["buyerType"], message: "subscription_employee" });
      if (v.depositReceived && parsed(v.deposit) && v.deposit === 0n) ctx.addIssue({ code: "custom", path: ["deposit"], message: "required" });
    });
}
export type ReserveInput = z.output<ReturnType<typeof reserveSchema>>;

/** 特批: a price beyond the seller's discount authority, submitted for an approver's decision. */
export const discountRequestSchema = z.object({
  unitCode: unitCodeField,
  buyerName: text(100),
  price: yuanField({ sign: "positive" }),
  reason: reasonField,
  idempotencyKey: idempotencyKeyField,
});
export type DiscountRequestInput = z.output<typeof discountRequestSchema>;

export function signSchema(today: CivilDate) {
  return z.object({
    saleId: idField,
    signedOn: dateField({ notAfter: today }).transform((v) => v!),
    plan: z.enum(PAYMENT_PLANS, { message: "invalid_choice" }),
    downPaymentPercent: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || "30")
      .pipe(z.string().regex(/^\d{1,2}$/, { message: "down_payment_range" }).transform(Number))
      .refine((p) => p >= 20 && p <= 99, { message: "down_payment_range" }),
    instalments: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || "3")
      .pipe(z.string().regex(/^\d{1,2}$/, { message: "instalments_range" }).transform(Number))
      .refine((n) => n >= 2 && n <= 12, { message: "instalments_range" }),
    idempotencyKey: idempotencyKeyField,
  });
}
export type SignInput = z.output<ReturnType<typeof signSchema>>;

export const DEAL_RECEIPT_KINDS = ["deposit", "payment", "mortgage"] as const;

export function dealReceiptSchema(today: CivilDate) {
  return z.object({
    saleId: idField,
    receivedOn: dateField({ notAfter: today }).transform((v) => v!),
    amount: yuanField({ sign: "positive" }),
    kind: z.enum(DEAL_RECEIPT_KINDS, { message: "invalid_choice" }),
    idempotencyKey: idempotencyKeyField,
  });
}
export type DealReceiptInput = z.output<ReturnType<typeof dealReceiptSchema>>;

export function cancelSchema(today: CivilDate) {
  return z.object({
    saleId: idField,
    cancelledOn: dateField({ notAfter: today }).transform((v) => v!),
    reason: reasonField,
    refund: optionalYuan,
    idempotencyKey: idempotencyKeyField,
  });
}
export type CancelInput = z.output<ReturnType<typeof cancelSchema>>;

export function changeUnitSchema(today: CivilDate) {
  return z.object({
    saleId: idField,
    newUnitCode: unitCodeField,
    price: yuanField({ sign: "positive" }),
    changedOn: dateField({ notAfter: today }).transform((v) => v!),
    reason: reasonField,
    idempotencyKey: idempotencyKeyField,
  });
}
export type ChangeUnitInput = z.output<ReturnType<typeof changeUnitSchema>>;

export const renameSchema = z.object({
  saleId: idField,
  buyerName: text(100),
  reason: reasonField,
});
export type RenameInput = z.output<typeof renameSchema>;

const percentBps = z
  .string()
  .trim()
  .regex(/^\d{1,2}(\.\d{1,2})?$/, { message: "rate_format" })
  .transform((v) => Math.round(Number(v) * 100));

/** Discount authority (让价权限): the largest discount below list price, in %, for each selling role. */
export const discountAuthoritySchema = z.object({ sales: percentBps, exec: percentBps });
export type DiscountAuthorityInput = z.output<typeof discountAuthoritySchema>;

export function intentSchema(today: CivilDate) {
  return z.object({
    tenant: text(200),
    unitCode: z
      .string()
      .trim()
      .optional()
      .transform((v) => v ?? "")
      .pipe(z.union([z.literal(""), unitCodeField])),
    area: areaField,
    monthlyRent: yuanField({ sign: "positive" }),
    deposit: optionalYuan,
    intentOn: dateField({ notAfter: today }).transform((v) => v!),
    note: z.string().trim().max(500, { message: "too_long" }).default(""),
    idempotencyKey: idempotencyKeyField,
  });
}
export type IntentInput = z.output<ReturnType<typeof intentSchema>>;

export const lapseSchema = z.object({ intentId: idField, reason: reasonField });
export type LapseInput = z.output<typeof lapseSchema>;
