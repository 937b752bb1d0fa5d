// Progress payments (进度款) on a contract: its payment terms, the claims register (申报 → 监理审核 → 审定)
// and the check every payment on a contract passes (recordPayment's hook: checkProgressPayment). The
// rules and arithmetic are domain/cost/progress.ts; this module gathers their inputs inside the write's
// transaction (the adapter runs one at a time per process: docs/decisions/005), so twenty payments racing
// for the last payable amount record exactly what fits.
import { NO_USER, userNamesById } from "~/models/user-names.server";
import type { Prisma, PrismaClient } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import type { CertifyInput, ClaimInput, TermsInput } from "~/domain/cost/progress-forms.server";
import {
  checkCertification,
  checkContractPayment,
  checkNewClaim,
  checkTerms,
  contractPosition,
  defaultAdvanceRecovery,
  PAYMENT_KINDS,
  claimPayables,
  retentionReleaseDate,
  type ContractPosition,
  type PaymentKind,
} from "~/domain/cost/progress";
import { civilToDate, dateToCivil, monthOf, today } from "~/utils/dates";
import { recordAudit } from "../audit.server";
import { once } from "../idempotency.server";
import { contractValue, contractValues } from "./contract-values.server";

type Tx = Prisma.TransactionClient;
type Db = Tx | PrismaClient;
type Actor = { userId: number | null };
export type ProgressRefusal = { ok: false; field: string; message: string; vars?: Record<string, string> };

const refuse = (field: string, message: string, vars?: Record<string, string>): ProgressRefusal => ({ ok: false, field, message, vars });

const termsSelect = { id: true, code: true, lineId: true, status: true, paymentRatioBps: true, advanceFen: true, retentionBps: true, defectPeriodMonths: true, completedOn: true, version: true } as const;

/** Net payments on a contract by kind (a reversal counts against the kind it reverses) and by claim. */
async function paidOnContract(db: Db, contractId: number) {
  const [groups, reversals] = await Promise.all([
    db.payment.groupBy({ by: ["kind", "progressClaimId"], where: { contractId, kind: { not: "reversal" } }, _sum: { amountFen: true } }),
    db.payment.findMany({ where: { contractId, kind: "reversal" }, select: { amountFen: true, progressClaimId: true, reversalOf: { select: { kind: true } } } }),
  ]);
  const byKind = new Map<string, bigint>();
  const byClaim = new Map<number, bigint>();
  const add = (kind: string, claimId: number | null, fen: bigint) => {
    byKind.set(kind, (byKind.get(kind) ?? 0n) + fen);
    if (claimId !== null) byClaim.set(claimId, (byClaim.get(claimId) ?? 0n) + fen);
  };
  for (const group of groups) add(group.kind, group.progressClaimId, group._sum.amountFen ?? 0n);
  for (const reversal of reversals) add(reversal.reversalOf?.kind ?? "payment", reversal.progressClaimId, reversal.amountFen);
  return { byKind, byClaim };
}

/** Payments held for approval on the contract (PaymentRequest, pending) by kind: they already use their room. */
async function heldOnContract(db: Db, contractId: number, exceptRequestId?: number) {
  const groups = await db.paymentRequest.groupBy({
    by: ["kind"],
    where: { contractId, status: "pending", id: exceptRequestId ? { not: exceptRequestId } : undefined },
    _sum: { amountFen: true },
  });
  return new Map(groups.map((g) => [g.kind, g._sum.amountFen ?? 0n]));
}

const claimSelect = {
  id: true,
  period: true,
  claimedFen: true,
  supervisedFen: true,
  certifiedFen: true,
  advanceRecoveryFen: true,
  status: true,
  createdById: true,
  certifiedById: true,
  certifiedAt: true,
  createdAt: true,
} as const;

/** Everything the rules need about one contract, read in the caller's transaction (or committed data). */
async function gather(db: Db, contractId: number, exceptRequestId?: number) {
  const [contract, value, claims, paid, held] = await Promise.all([
    db.contract.findUnique({ where: { id: contractId }, select: termsSelect }),
    contractValue(db, contractId),
    db.progressClaim.findMany({ where: { contractId }, orderBy: { period: "asc" }, select: claimSelect }),
    paidOnContract(db, contractId),
    heldOnContract(db, contractId, exceptRequestId),
  ]);
  if (!contract || !value) return null;
  const certified = claims.filter((c) => c.status === "certified");
  const net = (kind: PaymentKind) => (paid.byKind.get(kind) ?? 0n) + (held.get(kind) ?? 0n);
  const position: ContractPosition = {
    contractValueFen: value.currentFen,
    paymentRatioBps: contract.paymentRatioBps,
    retentionBps: contract.retentionBps,
    advanceFen: contract.advanceFen,
    certifiedFen: certified.reduce((max, c) => (c.certifiedFen !== null && c.certifiedFen > max ? c.certifiedFen : max), 0n),
    advancePaidFen: net("advance"),
    advanceRecoveredFen: certified.reduce((sum, c) => sum + c.advanceRecoveryFen, 0n),
    progressPaidFen: net("payment"),
    retentionReleasedFen: net("retention_release"),
  };
  return { contract, value, claims, certified, paid, position, completedOn: contract.completedOn ? dateToCivil(contract.completedOn) : null };
}

// ─── The payment hook ────────────────────────────────────────────────────────

export function isPaymentKind(kind: string): kind is PaymentKind {
  return (PAYMENT_KINDS as readonly string[]).includes(kind);
}

/**
 * recordPayment's hook, inside its transaction: a payment on a contract may not exceed what is payable
 * for its kind (progress payment, advance, retention release); one outside contracts is a plain payment.
 * A progress payment is linked to the latest certified claim (progressClaimId).
 */
export async function checkProgressPayment(
  tx: Tx,
  input: { contractId: number | null; kind?: string; amountFen: bigint; paidOn: string },
  exceptRequestId?: number,
): Promise<{ ok: true; kind: PaymentKind; progressClaimId: number | null } | ProgressRefusal> {
  const kind = input.kind ?? "payment";
  if (!isPaymentKind(kind)) return refuse("kind", "invalid_choice");
  if (input.contractId === null) return kind === "payment" ? { ok: true, kind, progressClaimId: null } : refuse("kind", "kind_needs_contract");
  const facts = await gather(tx, input.contractId, exceptRequestId);
  if (!facts) return refuse("contractId", "contract_not_on_line");
  const check = checkContractPayment({ kind, amountFen: input.amountFen, paidOn: input.paidOn, position: facts.position, completedOn: facts.completedOn, defectPeriodMonths: facts.contract.defectPeriodMonths });
  if (!check.ok) return refuse(check.field, check.message, check.vars);
  const latest = kind === "payment" ? facts.certified[facts.certified.length - 1] : undefined;
  return { ok: true, kind, progressClaimId: latest?.id ?? null };
}

// ─── The register (read) ─────────────────────────────────────────────────────

/** The contract's terms, summary and claims register as the contract page shows them; null if not this project's. */
export async function contractProgress(projectId: number, contractId: number) {
  const owned = await prisma.contract.findFirst({ where: { id: contractId, line: { projectId } }, select: { id: true } });
  const facts = owned ? await gather(prisma, contractId) : null;
  if (!facts) return null;
  const { contract, position } = facts;
  const figures = contractPosition(position);
  // Per claim: what its certification made payable (the cumulative entitlement through it, less the one before).
  const payables = claimPayables(facts.claims, position);
  const nameOf = await userNames(facts.claims.flatMap((c) => [c.createdById, c.certifiedById]));
  const claims = facts.claims.map((claim, index) => {
    return {
      ...claim,
      payableFen: payables[index],
      paidFen: facts.paid.byClaim.get(claim.id) ?? 0n,
      createdBy: nameOf(claim.createdById).name,
      createdByEn: nameOf(claim.createdById).nameEn,
      certifiedBy: nameOf(claim.certifiedById).name,
      certifiedByEn: nameOf(claim.certifiedById).nameEn,
      certifiedAt: claim.certifiedAt ? claim.certifiedAt.toISOString() : null,
      createdAt: claim.createdAt.toISOString(),
    };
  });
  return {
    terms: {
      paymentRatioBps: contract.paymentRatioBps,
      advanceFen: contract.advanceFen,
      retentionBps: contract.retentionBps,
      defectPeriodMonths: contract.defectPeriodMonths,
      completedOn: facts.completedOn,
      version: contract.version,
      status: contract.status,
    },
    summary: {
      valueFen: position.contractValueFen,
      certifiedFen: position.certifiedFen,
      advancePaidFen: position.advancePaidFen,
      advanceRecoveredFen: position.advanceRecoveredFen,
      progressPaidFen: position.progressPaidFen,
      retentionReleasedFen: position.retentionReleasedFen,
      ...figures,
      releaseOn: retentionReleaseDate(facts.completedOn, contract.defectPeriodMonths),
    },
    claims,
  };
}

/** Names of the users with these ids, in both languages ("" for none): one query over the distinct ids. */
async function userNames(ids: (number | null)[]) {
  const names = await userNamesById(ids);
  return (id: number | null) => (id === null ? NO_USER : (names.get(id) ?? NO_USER));
}

/**
 * Every progress claim of every contract of the project (the 进度款台账), by contract id, each claim in
 * period order with what its certification made payable and what was paid on it: the figures of
 * contractProgress, read in batch. A fixed number of queries whatever the number of contracts, each
 * filtered through the contract's relation to the project (no list of ids: SQLite's limit on bound
 * parameters), payments, reversals and held requests grouped in SQL.
 */
export async function projectClaimRegister(projectId: number) {
  const ofProject = { line: { projectId } } satisfies Prisma.ContractWhereInput;
  const withClaims = { ...ofProject, claims: { some: {} } } satisfies Prisma.ContractWhereInput;
  const [terms, values, claims, paid, reversed, reversedAdvance, held] = await Promise.all([
    prisma.contract.findMany({ where: withClaims, select: { id: true, paymentRatioBps: true, retentionBps: true } }),
    contractValues(prisma, withClaims),
    prisma.progressClaim.findMany({ where: { contract: ofProject }, orderBy: [{ contractId: "asc" }, { period: "asc" }], select: { ...claimSelect, contractId: true } }),
    prisma.payment.groupBy({ by: ["contractId", "kind", "progressClaimId"], where: { contract: ofProject, kind: { not: "reversal" } }, _sum: { amountFen: true } }),
    // A reversal counts against its claim, and against the kind it reverses (only the advance matters here).
    prisma.payment.groupBy({ by: ["contractId", "progressClaimId"], where: { contract: ofProject, kind: "reversal" }, _sum: { amountFen: true } }),
    prisma.payment.groupBy({ by: ["contractId"], where: { contract: ofProject, kind: "reversal", reversalOf: { kind: "advance" } }, _sum: { amountFen: true } }),
    prisma.paymentRequest.groupBy({ by: ["contractId"], where: { projectId, contractId: { not: null }, status: "pending", kind: "advance" }, _sum: { amountFen: true } }),
  ]);
  const advancePaid = new Map<number, bigint>();
  const paidOnClaim = new Map<number, bigint>();
  const add = (map: Map<number, bigint>, key: number | null, fen: bigint | null) => {
    if (key !== null) map.set(key, (map.get(key) ?? 0n) + (fen ?? 0n));
  };
  for (const group of paid) {
    if (group.kind === "advance") add(advancePaid, group.contractId, group._sum.amountFen);
    add(paidOnClaim, group.progressClaimId, group._sum.amountFen);
  }
  for (const group of reversed) add(paidOnClaim, group.progressClaimId, group._sum.amountFen);
  for (const group of reversedAdvance) add(advancePaid, group.contractId, group._sum.amountFen);
  for (const group of held) add(advancePaid, group.contractId, group._sum.amountFen);

  const valueOf = new Map(values.map((value) => [value.id, value.currentFen]));
  const claimsOf = new Map<number, typeof claims>();
  for (const claim of claims) {
    const list = claimsOf.get(claim.contractId);
    if (list) list.push(claim);
    else claimsOf.set(claim.contractId, [claim]);
  }
  const nameOf = await userNames(claims.flatMap((c) => [c.createdById, c.certifiedById]));
  const register = new Map<number, { id: number; period: string; claimedFen: bigint; supervisedFen: bigint | null; certifiedFen: bigint | null; advanceRecoveryFen: bigint; status: string; payableFen: bigint | null; paidFen: bigint; createdBy: string; createdByEn: string; certifiedBy: string; certifiedByEn: string; certifiedAt: string | null }[]>();
  for (const contract of terms) {
    const own = claimsOf.get(contract.id) ?? [];
    const payables = claimPayables(own, {
      contractValueFen: valueOf.get(contract.id) ?? 0n,
      paymentRatioBps: contract.paymentRatioBps,
      retentionBps: contract.retentionBps,
      advancePaidFen: advancePaid.get(contract.id) ?? 0n,
    });
    register.set(
      contract.id,
      own.map((claim, index) => ({
        id: claim.id,
        period: claim.period,
        claimedFen: claim.claimedFen,
        supervisedFen: claim.supervisedFen,
        certifiedFen: claim.certifiedFen,
        advanceRecoveryFen: claim.advanceRecoveryFen,
        status: claim.status,
        payableFen: payables[index],
        paidFen: paidOnClaim.get(claim.id) ?? 0n,
        createdBy: nameOf(claim.createdById).name,
        createdByEn: nameOf(claim.createdById).nameEn,
        certifiedBy: nameOf(claim.certifiedById).name,
        certifiedByEn: nameOf(claim.certifiedById).nameEn,
        certifiedAt: claim.certifiedAt ? claim.certifiedAt.toISOString() : null,
      })),
    );
  }
  return register;
}

// ─── Writes ──────────────────────────────────────────────────────────────────

async function ownedContract(tx: Tx, projectId: number, contractId: number) {
  return tx.contract.findFirst({ where: { id: contractId, line: { projectId } }, select: { id: true, code: true, status: true } });
}

/** The payment terms, carrying the version the form showed (a save against a newer one is refused as stale). */
export async function updateTerms(projectId: number, contractId: number, input: TermsInput, actor: Actor) {
  return writeTransaction(async (tx) => {
    const owned = await ownedContract(tx, projectId, contractId);
    if (!owned) return refuse("form", "invalid_choice");
    if (owned.status === "voided" || owned.status === "closed") return refuse("form", "contract_closed");
    const facts = (await gather(tx, contractId))!;
    if (facts.contract.version !== input.version) return refuse("form", "terms_stale");
    const check = checkTerms({ advanceFen: input.advance, contractValueFen: facts.value.currentFen, advancePaidFen: facts.position.advancePaidFen });
    if (!check.ok) return refuse(check.field, check.message, check.vars);
    const { contract } = facts;
    const before = {
      paymentRatioBps: contract.paymentRatioBps,
      advanceFen: contract.advanceFen,
      retentionBps: contract.retentionBps,
      defectPeriodMonths: contract.defectPeriodMonths,
      completedOn: facts.completedOn,
    };
    const after = { paymentRatioBps: input.paymentRatio, advanceFen: input.advance, retentionBps: input.retention, defectPeriodMonths: input.defectPeriodMonths, completedOn: input.completedOn };
    const updated = await tx.contract.updateMany({
      where: { id: contractId, version: input.version },
      data: { ...after, completedOn: input.completedOn ? civilToDate(input.completedOn) : null, version: { increment: 1 } },
    });
    if (updated.count !== 1) return refuse("form", "terms_stale");
    await recordAudit(tx, { userId: actor.userId, area: "capital", entity: "Contract", entityId: contractId, action: "update", before, after });
    return { ok: true as const };
  });
}

/** A period's claim (申报产值, cumulative), once per idempotency key. */
export async function addClaim(projectId: number, contractId: number, input: ClaimInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "progress_claim" },
    async (tx) => {
      const owned = await ownedContract(tx, projectId, contractId);
      if (!owned) return refuse("form", "invalid_choice");
      if (owned.status !== "signed") return refuse("form", "contract_not_signed");
      if (input.period > monthOf(today())) return refuse("period", "period_in_future");
      const claims = await tx.progressClaim.findMany({ where: { contractId }, select: { period: true, claimedFen: true, certifiedFen: true } });
      const check = checkNewClaim({ period: input.period, claimedFen: input.claimed, claims });
      if (!check.ok) return refuse(check.field, check.message, check.vars);
      const claim = await tx.progressClaim.create({ data: { contractId, period: input.period, claimedFen: input.claimed, createdById: actor.userId }, select: { id: true } });
      await recordAudit(tx, { userId: actor.userId, area: "capital", entity: "ProgressClaim", entityId: claim.id, action: "create", after: { contract: owned.code, period: input.period, claimedFen: input.claimed } });
      return { ok: true as const, claimId: claim.id };
    },
    (created) => created.claimId,
    async (claimId) => {
      const claim = claimId ? await prisma.progressClaim.findFirst({ where: { id: claimId, contractId }, select: { id: true } }) : null;
      return claim ? { ok: true as const, claimId: claim.id } : null;
    },
  );
}

/**
 * 监理审核 and 审定: by a user other than who entered the claim (the route requires cost.certify). The
 * advance recovered against the claim defaults to the proportional rule. The row moves only from an
 * uncertified status, so of two certifiers at once one counts.
 */
export async function certifyClaim(projectId: number, contractId: number, input: CertifyInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "claim_certification" },
    async (tx) => {
      const owned = await ownedContract(tx, projectId, contractId);
      if (!owned) return refuse("form", "invalid_choice");
      const facts = (await gather(tx, contractId))!;
      const claim = facts.claims.find((c) => c.id === input.claimId);
      if (!claim) return refuse("claimId", "invalid_choice");
      const recoveredByOthers = facts.certified.filter((c) => c.id !== claim.id).reduce((sum, c) => sum + c.advanceRecoveryFen, 0n);
      const check = checkCertification({
        claim,
        certifierId: actor.userId,
        supervisedFen: input.supervised,
        certifiedFen: input.certified,
        contractValueFen: facts.value.currentFen,
        claims: facts.claims,
        advanceRecoveryFen: input.advanceRecovery,
        advanceRecoverableFen: facts.position.advancePaidFen - recoveredByOthers,
      });
      if (!check.ok) return refuse(check.field, check.message, check.vars);
      // Earlier periods' recoveries only: the proportional rule is cumulative.
      const recoveredBefore = facts.certified.filter((c) => c.period < claim.period).reduce((sum, c) => sum + c.advanceRecoveryFen, 0n);
      const recoverableFen = facts.position.advancePaidFen - recoveredByOthers;
      const proportionalFen = defaultAdvanceRecovery({ advancePaidFen: facts.position.advancePaidFen, certifiedFen: input.certified, contractValueFen: facts.value.currentFen, recoveredBeforeFen: recoveredBefore });
      const advanceRecoveryFen = input.advanceRecovery ?? (proportionalFen < recoverableFen ? proportionalFen : recoverableFen > 0n ? recoverableFen : 0n);
      const moved = await tx.progressClaim.updateMany({
        where: { id: claim.id, status: { in: ["claimed", "supervised"] } },
        data: {
          supervisedFen: input.supervised,
          certifiedFen: input.certified,
          advanceRecoveryFen,
          status: "certified",
          certifiedById: actor.userId,
          certifiedAt: new Date(),
          version: { increment: 1 },
        },
      });
      if (moved.count !== 1) return refuse("form", "claim_already_certified");
      await recordAudit(tx, {
        userId: actor.userId,
        area: "capital",
        entity: "ProgressClaim",
        entityId: claim.id,
        action: "approve",
        before: { status: claim.status, claimedFen: claim.claimedFen },
        after: { contract: owned.code, period: claim.period, supervisedFen: input.supervised, certifiedFen: input.certified, advanceRecoveryFen },
      });
      return { ok: true as const, claimId: claim.id };
    },
    (certified) => certified.claimId,
    async (claimId) => {
      const claim = claimId ? await prisma.progressClaim.findFirst({ where: { id: claimId, contractId, status: "certified" }, select: { id: true } }) : null;
      return claim ? { ok: true as const, claimId: claim.id } : null;
    },
  );
}

/** The budget line of this project's contract (a payment on the contract page is posted on it), or null. */
export async function contractLineId(projectId: number, contractId: number) {
  const contract = await prisma.contract.findFirst({ where: { id: contractId, line: { projectId } }, select: { lineId: true } });
  return contract?.lineId ?? null;
}
