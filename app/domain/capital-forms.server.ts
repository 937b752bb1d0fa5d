// The capital forms, validated on the server with zod. Messages are i18n keys (errors.*).
// Server-only (.server): a route that imports a module with top-level zod schemas ships zod to the
// browser even when only its action uses them (esbuild keeps module-level calls), so every zod
// schema lives in a *-forms.server.ts module, which the browser build leaves out.
import { z } from "zod";
import { isCivilDate, type CivilDate } from "~/utils/dates";
import { parseYuanToFen } from "~/utils/money";
import { idempotencyKeyField } from "./idempotency-forms.server";

/** 100亿元: far above any single amount of this project; guards against typos and overflow. */
export const MAX_AMOUNT_FEN = 1_000_000_000_000n;

export function yuanField(options: { sign: "positive" | "nonnegative" | "nonzero" }) {
  return z
    .string()
    .trim()
    .min(1, { message: "required" })
    .transform((text, ctx) => {
      const fen = parseYuanToFen(text);
      if (fen === null) {
        ctx.addIssue({ code: "custom", message: "invalid_amount" });
        return z.NEVER;
      }
      return fen;
    })
    .refine((fen) => (fen < 0n ? -fen : fen) <= MAX_AMOUNT_FEN, { message: "amount_too_large" })
    .refine((fen) => (options.sign === "positive" ? fen > 0n : options.sign === "nonnegative" ? fen >= 0n : fen !== 0n), {
      message: options.sign === "nonzero" ? "amount_nonzero" : options.sign === "positive" ? "amount_positive" : "amount_negative",
    });
}

export const idField = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/, { message: "invalid_choice" })
  .transform(Number);

/** An optional choice of a record by id: "" is none (null). */
export const optionalIdField = z
  .string()
  .trim()
  .default("")
  .refine((v) => v === "" || /^\d{1,9}$/.test(v), { message: "invalid_choice" })
  .transform((v) => (v === "" ? null : Number(v)));

const text = (max: number) => z.string().trim().min(1, { message: "required" }).max(max, { message: "too_long" });
const optionalText = (max: number) => z.string().trim().max(max, { message: "too_long" }).default("");

export function dateField(options: { notAfter?: CivilDate; optional?: boolean } = {}) {
  return z
    .string()
    .trim()
    .default("")
    .refine((v) => (options.optional && v === "") || v !== "", { message: "required" })
    .refine((v) => v === "" || isCivilDate(v), { message: "invalid_date" })
    .refine((v) => v === "" || (v >= "2000-01-01" && v <= "2100-12-31"), { message: "date_out_of_range" })
    .refine((v) => v === "" || !options.notAfter || v <= options.notAfter, { message: "not_in_future" })
    .transform((v) => (v === "" ? null : v));
}

/**
 * A payment: on a contract (its cost account is the contract's; `accountId` may be left out, and if
 * given must be the contract's: the model checks) or outside contracts on a leaf cost account (成本科目),
 * which is then required. The line is the account's (or the contract's): the form does not name it.
 */
export function paymentSchema(today: CivilDate) {
  return z.object({
    accountId: optionalIdField,
    contractId: optionalIdField,
    // The contract by its number (合同编号), where the form has too many contracts for a select; the
    // route resolves it to contractId (the contract then gives the account).
    contractCode: optionalText(40),
    paidOn: dateField({ notAfter: today }).transform((v) => v!),
    payee: text(200),
    amount: yuanField({ sign: "positive" }),
    voucherNo: optionalText(50),
    note: optionalText(500),
    // On a contract: a progress payment (default), the advance (预付款) or a retention release (质保金释放).
    kind: z.enum(["payment", "advance", "retention_release"], { message: "invalid_choice" }).optional(),
    idempotencyKey: idempotencyKeyField,
  }).refine((v) => v.contractId !== null || v.contractCode !== "" || v.accountId !== null, { path: ["accountId"], message: "account_required" });
}
/** What recordPayment takes: a contract named by its number is resolved to contractId by the route. */
export type PaymentInput = Omit<z.output<ReturnType<typeof paymentSchema>>, "contractCode">;

export const contractSchema = z.object({
  // The leaf cost account (成本科目) it is charged to; its line is the account's.
  accountId: idField,
  code: text(40),
  title: text(200),
  contractor: text(200),
  amount: yuanField({ sign: "positive" }),
  signedOn: dateField({ optional: true }),
  status: z.enum(["draft", "signed", "closed"], { message: "invalid_choice" }).default("signed"),
  idempotencyKey: idempotencyKeyField,
});
export type ContractInput = z.output<typeof contractSchema>;

export const revisionSchema = z.object({
  lineId: idField,
  amount: yuanField({ sign: "nonzero" }),
  reason: text(500),
  idempotencyKey: idempotencyKeyField,
});
export type RevisionInput = z.output<typeof revisionSchema>;

export const transferSchema = z
  .object({
    fromLineId: idField,
    toLineId: idField,
    amount: yuanField({ sign: "positive" }),
    reason: text(500),
    idempotencyKey: idempotencyKeyField,
  })
  .refine((v) => v.fromLineId !== v.toLineId, { path: ["toLineId"], message: "same_line" });
export type TransferInput = z.output<typeof transferSchema>;

export const lineSchema = z.object({
  code: z.string().trim().min(1, { message: "required" }).max(20, { message: "too_long" }).regex(/^[A-Za-z0-9_-]+$/, { message: "code_format" }),
  name: text(100),
  nameEn: optionalText(100),
  original: yuanField({ sign: "nonnegative" }),
  reason: text(500),
  idempotencyKey: idempotencyKeyField,
});
export type LineInput = z.output<typeof lineSchema>;

/** A plan cell in 万元 (blank = 0) as 分, or the i18n key of what is wrong with it. */
function planAmount(raw: string): bigint | string {
  const text = raw.trim().replace(/万元?$/, "");
  const amountFen = text === "" ? 0n : /[亿万]$/.test(text) ? null : parseYuanToFen(`${text}万`);
  if (amountFen === null) return "invalid_amount";
  if (amountFen < 0n) return "amount_negative";
  if (amountFen > MAX_AMOUNT_FEN) return "amount_too_large";
  return amountFen;
}

/**
 * The fund-usage plan grid: fields named plan:<lineId>:<YYYY-MM>, each an amount in 万元 (blank = 0);
 * per line, version:<lineId> (the row's planVersion as the form showed it) and shown:<lineId> (the
 * row's cells as shown, a JSON object month → 万元), which tell a row the user changed from one
 * somebody else saved meanwhile.
 */
export function parsePlanGrid(values: Record<string, string>) {
  const entries: { lineId: number; month: string; amountFen: bigint }[] = [];
  const versions = new Map<number, number>();
  const shown = new Map<number, Map<string, bigint>>();
  const errors: Record<string, string> = {};
  for (const [name, raw] of Object.entries(values)) {
    const version = /^version:(\d{1,9})$/.exec(name);
    if (version) {
      if (/^\d{1,9}$/.test(raw.trim())) versions.set(Number(version[1]), Number(raw.trim()));
      else errors[name] = "invalid";
      continue;
    }
    const shownRow = /^shown:(\d{1,9})$/.exec(name);
    if (shownRow) {
      const cells = parseShownRow(raw);
      if (cells) shown.set(Number(shownRow[1]), cells);
      else errors[name] = "invalid";
      continue;
    }
    const match = /^plan:(\d{1,9}):(\d{4}-\d{2})$/.exec(name);
    if (!match) continue;
    const amount = planAmount(raw);
    if (typeof amount === "string") errors[name] = amount;
    else entries.push({ lineId: Number(match[1]), month: match[2], amountFen: amount });
  }
  return Object.keys(errors).length > 0 ? ({ ok: false, errors } as const) : ({ ok: true, entries, versions, shown } as const);
}

function parseShownRow(raw: string): Map<string, bigint> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
  const cells = new Map<string, bigint>();
  for (const [month, text] of Object.entries(parsed)) {
    const amount = typeof text === "string" && /^\d{4}-\d{2}$/.test(month) ? planAmount(text) : null;
    if (typeof amount !== "bigint") return null;
    cells.set(month, amount);
  }
  return cells;
}

export type PlanGrid = Extract<ReturnType<typeof parsePlanGrid>, { ok: true }>;

/** The payment ledger's filter (from the query string): a budget line and a date range, each optional. */
const ledgerDate = z.string().trim().default("").refine((v) => v === "" || isCivilDate(v), { message: "invalid_date" });
export const ledgerFilterSchema = z.object({
  line: z.string().regex(/^\d{0,9}$/, { message: "invalid_choice" }).default(""),
  from: ledgerDate,
  to: ledgerDate,
});
