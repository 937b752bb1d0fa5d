// The target-cost version form (目标成本, issue 13 point 2), validated on the server with zod. One field
// per leaf account, `amount_<accountId>`, in 万元 (the form is prefilled with the current target), and
// the reason. Messages are i18n keys (errors.*).
import { z } from "zod";
import { parseYuanToFen } from "~/utils/money";
import { MAX_AMOUNT_FEN } from "../capital-forms.server";
import { idempotencyKeyField } from "../idempotency-forms.server";

export const targetAmountField = (accountId: number) => `amount_${accountId}`;

/** An amount in 万元 ("1200", "1,200.5"; a typed 万/亿/元 unit is honoured) as 分, 0 or more. */
const wanAmount = z
  .string({ message: "required" })
  .trim()
  .min(1, { message: "required" })
  .transform((text, ctx) => {
    const explicitUnit = /(万|亿|元)$/.test(text);
    const fen = parseYuanToFen(explicitUnit ? text : `${text}万`);
    if (fen === null) {
      ctx.addIssue({ code: "custom", message: "invalid_amount" });
      return z.NEVER;
    }
    return fen;
  })
  .refine((fen) => fen >= 0n, { message: "amount_negative" })
  .refine((fen) => fen <= MAX_AMOUNT_FEN, { message: "amount_too_large" });

/** The schema for the project's leaves as they stand: every leaf needs an amount. */
export function targetVersionSchema(leafIds: readonly number[]) {
  const amounts = Object.fromEntries(leafIds.map((id) => [targetAmountField(id), wanAmount]));
  return z
    .object({
      ...amounts,
      reason: z.string({ message: "required" }).trim().min(1, { message: "required" }).max(500, { message: "too_long" }),
      idempotencyKey: idempotencyKeyField,
    })
    .transform((value) => {
      const fields = value as Record<string, unknown>;
      return {
        reason: value.reason,
        idempotencyKey: value.idempotencyKey,
        items: leafIds.map((accountId) => ({ accountId, amountFen: fields[targetAmountField(accountId)] as bigint })),
      };
    });
}

export type TargetVersionInput = z.output<ReturnType<typeof targetVersionSchema>>;
