// The cost account (成本科目) in the payment, contract, 待发生成本 and re-filing forms: field errors as
// i18n keys, what the models check beyond the form (a leaf of this project, the contract's account) is in
// tests/integration/account-writes.test.ts.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { contractSchema, paymentSchema } from "~/domain/capital-forms.server";
import { parseForm } from "~/utils/forms";
import { refileSchema } from "./accounts-forms.server";
import { toComeSchema } from "./changes-forms.server";

function parse(schema: z.ZodType, input: Record<string, string>) {
  const form = new FormData();
  for (const [key, value] of Object.entries({ idempotencyKey: randomUUID(), ...input })) form.append(key, value);
  return parseForm(schema, form);
}
const errorsOf = (schema: z.ZodType, input: Record<string, string>) => {
  const parsed = parse(schema, input);
  return parsed.ok ? {} : parsed.errors;
};

const payment = { paidOn: "2026-11-20", payee: "某单位", amount: "1000" };

describe("the payment form's cost account", () => {
  it("is required outside contracts, and may be left out on a contract", () => {
    expect(errorsOf(paymentSchema("2026-11-27"), { ...payment, accountId: "", contractId: "" })).toEqual({ accountId: "account_required" });
    expect(errorsOf(paymentSchema("2026-11-27"), payment)).toEqual({ accountId: "account_required" });
    const onContract = parse(paymentSchema("2026-11-27"), { ...payment, contractId: "7" });
    expect(onContract.ok).toBe(true);
    expect(onContract.ok && onContract.data).toMatchObject({ contractId: 7, accountId: null, amount: 100_000n });
    const outside = parse(paymentSchema("2026-11-27"), { ...payment, accountId: "12" });
    expect(outside.ok).toBe(true);
    expect(outside.ok && outside.data).toMatchObject({ contractId: null, accountId: 12 });
  });

  it("is an id: anything else is invalid_choice; a line is no longer asked for", () => {
    expect(errorsOf(paymentSchema("2026-11-27"), { ...payment, accountId: "COM.02.01" })).toEqual({ accountId: "invalid_choice" });
    const withLine = parse(paymentSchema("2026-11-27"), { ...payment, accountId: "12", lineId: "3" });
    expect(withLine.ok).toBe(true);
    expect(withLine.ok && "lineId" in (withLine.data as object)).toBe(false);
  });
});

describe("the contract, 待发生成本 and re-filing forms", () => {
  it("take a leaf account id", () => {
    const contract = { code: "HT-1", title: "t", contractor: "c", amount: "10万" };
    expect(errorsOf(contractSchema, { ...contract, accountId: "" })).toEqual({ accountId: "invalid_choice" });
    expect(parse(contractSchema, { ...contract, accountId: "5" })).toMatchObject({ ok: true, data: { accountId: 5 } });
    expect(errorsOf(toComeSchema, { accountId: "x", amount: "-1", reason: "" })).toEqual({ accountId: "invalid_choice", amount: "amount_negative", reason: "required" });
    expect(parse(toComeSchema, { accountId: "5", amount: "0", reason: "已完工" })).toMatchObject({ ok: true, data: { accountId: 5, amount: 0n } });
    expect(errorsOf(refileSchema, { contractId: "1", accountId: "", reason: "" })).toEqual({ accountId: "invalid_choice", reason: "required" });
  });
});
