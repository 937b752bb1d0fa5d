// Idempotency keys: a money form carries a key made for that one rendered page (the loader's
// newIdempotencyKey()), and the write it posts commits together with a row (userId, key) that a unique
// index holds. A double click, a retried request or twenty copies at once record once; every copy after
// the first is answered with what the first recorded. A refused write (over budget, invalid) stores no
// key, so the corrected form can be sent again with the same key.
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";

type Tx = Prisma.TransactionClient;

/** What a key was used for: a key is answered again only for the same kind of write. */
export type IdempotencyScope =
  | "payment"
  | "budget_line"
  | "contract"
  | "revision"
  | "transfer"
  | "project_budget"
  | "payment_import"
  | "facility"
  | "drawdown"
  | "drawdown_actual"
  | "repayment"
  | "sale"
  | "lease"
  | "receipt"
  | "progress_claim"
  | "claim_certification"
  | "payment_reversal"
  | "contract_void"
  | "contract_change"
  | "change_decision"
  | "settlement"
  | "to_come"
  | "target_cost"
  | "contract_refile"
  | "facility_condition"
  | "equity_contribution"
  | "equity_reversal"
  | "drawdown_override";

/** A fresh key for one rendered form. Put it in loader data, never in a component: pages are cached by their data. */
export function newIdempotencyKey(): string {
  return randomUUID();
}

/** The answer to a key used before for another kind of write, or whose first write can no longer be shown. */
export const ALREADY_SUBMITTED = { ok: false as const, field: "idempotencyKey", message: "already_submitted" };
export type AlreadySubmitted = typeof ALREADY_SUBMITTED;

type Claim = { userId: number | null; key: string | undefined; scope: IdempotencyScope };
type Used = { scope: string; entityId: number | null };

/**
 * Runs `write` in a write transaction once per (user, key). When it succeeds (`ok: true`), the key is
 * stored in the same transaction, pointing at the entity `entityOf` names. A key stored before (found
 * in the transaction, or inserted by a concurrent transaction: the unique index refuses the second,
 * which rolls back) is answered by `replay(entityId)`, the outcome the first write reported, read from
 * committed data. Writes without a user or a key (scripts) run as before.
 */
export async function once<Result extends { ok: boolean }>(
  claim: Claim,
  write: (tx: Tx) => Promise<Result>,
  entityOf: (result: Extract<Result, { ok: true }>) => number | null,
  replay: (entityId: number | null) => Promise<Result | null>,
): Promise<Result | AlreadySubmitted> {
  const { userId, key, scope } = claim;
  if (userId === null || !key) return writeTransaction(write);
  const where = { userId_key: { userId, key } };
  const select = { scope: true, entityId: true } as const;
  let outcome: { result: Result } | { used: Used };
  try {
    outcome = await writeTransaction(async (tx) => {
      const used = await tx.idempotencyKey.findUnique({ where, select });
      if (used) return { used };
      const result = await write(tx);
      if (result.ok) await tx.idempotencyKey.create({ data: { userId, key, scope, entityId: entityOf(result as Extract<Result, { ok: true }>) } });
      return { result };
    });
  } catch (error) {
    // Any unique violation: if this key is now stored, a concurrent copy won (answer as it did); if not,
    // the violation is the write's own (a duplicate contract code, a unit already sold) for its caller.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const used = await prisma.idempotencyKey.findUnique({ where, select });
    if (!used) throw error;
    outcome = { used };
  }
  if ("result" in outcome) return outcome.result;
  if (outcome.used.scope !== scope) return ALREADY_SUBMITTED;
  return (await replay(outcome.used.entityId)) ?? ALREADY_SUBMITTED;
}

/** The input without its key, for audit records (the key says nothing about the change). */
export function withoutKey<Input extends { idempotencyKey?: string }>(input: Input): Omit<Input, "idempotencyKey"> {
  const { idempotencyKey: _key, ...rest } = input;
  return rest;
}
