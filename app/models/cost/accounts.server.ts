// 成本科目 (cost accounts, decision 013): the two-level tree under each budget line. Contracts, payments
// and 待发生成本 attach to its leaves. The tree's arithmetic (roll-up, an account's room) is pure, in
// domain/cost/accounts.ts; this module gathers its inputs (the read model every page's tree and the
// budget table's line figures come from, and the checks writes run) and holds the writes on the tree itself.
import type { Prisma, PrismaClient } from "@prisma/client";
import { prisma } from "~/db.server";
import { accountTree, checkAccountRoom, TYPICAL_ACCOUNTS, ZERO_FIGURES, type AccountNode, type LeafFigures, type PartTree } from "~/domain/cost/accounts";
import type { RefileInput } from "~/domain/cost/accounts-forms.server";
import { recordAudit } from "../audit.server";
import { once } from "../idempotency.server";
import { cachedRead } from "../read-cache.server";
import { contractValues } from "./contract-values.server";

type Db = Prisma.TransactionClient | PrismaClient;
type Actor = { userId: number | null };
type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

// ─── Read models ─────────────────────────────────────────────────────────────
// The figures of every leaf, rolled up by domain/cost/accounts.ts accountTree: /budget, the line page,
// the budget table (a line's 动态成本 is the roll-up of its leaves), the dashboard and the agenda.

/** PaymentMonthTotal.contractKey of payments made outside any contract. */
const OUTSIDE_CONTRACTS = 0;

const accountSelect = { id: true, lineId: true, parentId: true, code: true, name: true, nameEn: true, sortOrder: true } as const;

/** The current target (目标成本): the latest approved version, by `no`; null when none is approved. */
export async function currentTargetVersion(db: Db, projectId: number) {
  return db.targetCostVersion.findFirst({ where: { projectId, status: "approved" }, orderBy: { no: "desc" }, select: { id: true, no: true, totalFen: true } });
}

/** The current target of each leaf (a leaf the current version does not name: 0). Empty when no version is approved. */
export async function currentTargets(db: Db, projectId: number): Promise<{ version: { id: number; no: number; totalFen: bigint } | null; byLeaf: Map<number, bigint> }> {
  const version = await currentTargetVersion(db, projectId);
  if (!version) return { version: null, byLeaf: new Map() };
  const items = await db.targetCostItem.findMany({ where: { versionId: version.id }, select: { accountId: true, amountFen: true } });
  return { version, byLeaf: new Map(items.map((item) => [item.accountId, item.amountFen])) };
}

export type LeafFiguresRow = { accountId: number } & LeafFigures;

export type AccountFiguresView = {
  /** The approved version the targets come from; null: "no approved target", every target is 0. */
  target: { id: number; no: number; totalFen: bigint } | null;
  accounts: AccountNode[];
  /** One row per leaf (arrays, not maps: a cached read model is frozen and shared). */
  leaves: LeafFiguresRow[];
  /** Each line's tree with every row rolled up, in the lines' display order. */
  parts: PartTree[];
};

/** The project's accounts with their figures, rolled up leaf → first level → part; cached per state of the capital area. */
export function accountFigures(projectId: number): Promise<AccountFiguresView> {
  return cachedRead(`accounts:${projectId}`, ["capital"], "", () => computeAccountFigures(prisma, projectId));
}

/**
 * The figures of every leaf: its current target; its contracts (signed, settled, closed: not drafts or
 * voided) at their current value and the estimates of their pending changes; its latest 待发生成本; what
 * was paid on it outside contracts; and what was paid in all (on its contracts and outside them).
 */
export async function computeAccountFigures(db: Db, projectId: number): Promise<AccountFiguresView> {
  const [lines, accounts, targets] = await Promise.all([
    db.budgetLine.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true } }),
    db.costAccount.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: accountSelect }),
    currentTargets(db, projectId),
  ]);
  const leafIds = accounts.filter((a) => a.parentId !== null).map((a) => a.id);
  const onProject = { line: { projectId } };
  const [committed, contractAccounts, paidByContract, paidOutside, latestToCome] = await Promise.all([
    contractValues(db, { ...onProject, status: { notIn: ["draft", "voided"] } }),
    // Every contract's account (drafts and voided ones too: what was paid on them stays on their account).
    db.contract.findMany({ where: onProject, select: { id: true, accountId: true } }),
    db.paymentMonthTotal.groupBy({ by: ["contractKey"], where: { ...onProject, contractKey: { not: OUTSIDE_CONTRACTS } }, _sum: { amountFen: true } }),
    // Kept by Payment's insert trigger: one row per leaf, not a sum over every payment outside contracts.
    leafIds.length ? db.accountOutsideTotal.findMany({ where: { accountId: { in: leafIds } }, select: { accountId: true, amountFen: true } }) : [],
    leafIds.length ? db.toComeEstimate.groupBy({ by: ["accountId"], where: { accountId: { in: leafIds } }, _max: { id: true } }) : [],
  ]);
  const latestIds = latestToCome.map((row) => row._max.id).filter((id): id is number => id !== null);
  const toComeRows = latestIds.length ? await db.toComeEstimate.findMany({ where: { id: { in: latestIds } }, select: { accountId: true, amountFen: true } }) : [];

  const figures = new Map<number, LeafFigures>(leafIds.map((id) => [id, { ...ZERO_FIGURES, targetFen: targets.byLeaf.get(id) ?? 0n }]));
  const add = (accountId: number | null | undefined, key: keyof LeafFigures, fen: bigint) => {
    const leaf = accountId ? figures.get(accountId) : undefined;
    if (leaf) leaf[key] += fen;
  };
  const accountOfContract = new Map(contractAccounts.map((c) => [c.id, c.accountId]));
  for (const contract of committed) {
    add(accountOfContract.get(contract.id), "contractsFen", contract.committedFen);
    add(accountOfContract.get(contract.id), "pendingEstimatesFen", contract.pendingEstimatesFen);
  }
  for (const row of toComeRows) add(row.accountId, "toComeFen", row.amountFen);
  for (const row of paidOutside) {
    add(row.accountId, "paidOutsideContractsFen", row.amountFen);
    add(row.accountId, "paidFen", row.amountFen);
  }
  for (const row of paidByContract) add(accountOfContract.get(row.contractKey), "paidFen", row._sum.amountFen ?? 0n);

  return {
    target: targets.version,
    accounts,
    leaves: [...figures].map(([accountId, leaf]) => ({ accountId, ...leaf })),
    parts: accountTree(
      lines.map((line) => line.id),
      accounts,
      figures,
    ),
  };
}

// ─── Checks used by writes ───────────────────────────────────────────────────
// Called inside the write transaction of the payment, contract or estimate they guard (writeTransaction
// holds SQLite's write lock from its first statement), so no concurrent write can slip between the
// check and the insert.

export type Leaf = { id: number; projectId: number; lineId: number; code: string; name: string; nameEn: string };

/**
 * The leaf account (成本科目 of the second level) of this project that a form names, or the refusal on
 * `field`: unknown or another project's → invalid_choice; a first-level account → account_not_leaf.
 */
export async function findLeaf(db: Db, projectId: number, accountId: number | null | undefined, field = "accountId"): Promise<{ ok: true; leaf: Leaf } | Refusal> {
  const account = accountId
    ? await db.costAccount.findFirst({ where: { id: accountId, projectId }, select: { id: true, projectId: true, lineId: true, parentId: true, code: true, name: true, nameEn: true } })
    : null;
  if (!account) return refuse(field, "invalid_choice");
  if (account.parentId === null) return refuse(field, "account_not_leaf");
  return { ok: true, leaf: { id: account.id, projectId: account.projectId, lineId: account.lineId, code: account.code, name: account.name, nameEn: account.nameEn } };
}

/** An account's code, for audit records. */
export async function accountCode(db: Db, accountId: number): Promise<string | null> {
  return (await db.costAccount.findUnique({ where: { id: accountId }, select: { code: true } }))?.code ?? null;
}

/**
 * The leaf's current target (目标成本): its amount in the latest approved version. Null when no version
 * is approved, or when the leaf was opened after that version (it has no target of its own yet): then
 * only the line's budget limits what is paid on it (decision 013).
 */
export async function currentTargetFen(db: Db, projectId: number, accountId: number): Promise<bigint | null> {
  const version = await db.targetCostVersion.findFirst({ where: { projectId, status: "approved" }, orderBy: { no: "desc" }, select: { id: true } });
  if (!version) return null;
  const item = await db.targetCostItem.findUnique({ where: { versionId_accountId: { versionId: version.id, accountId } }, select: { amountFen: true } });
  return item?.amountFen ?? null;
}

/**
 * What uses a leaf's room: its committed contracts at their current value, the net paid on it outside
 * contracts, and the payments outside contracts held for approval on it (except `exceptRequestId`: the
 * request being approved, whose own amount is the payment being checked).
 */
export async function accountUse(db: Db, accountId: number, exceptRequestId?: number) {
  const [contracts, paidOutside, held] = await Promise.all([
    contractValues(db, { accountId, status: { notIn: ["draft", "voided"] } }),
    db.accountOutsideTotal.findUnique({ where: { accountId }, select: { amountFen: true } }),
    db.paymentRequest.aggregate({
      where: { accountId, contractId: null, status: "pending", id: exceptRequestId ? { not: exceptRequestId } : undefined },
      _sum: { amountFen: true },
    }),
  ]);
  return {
    contractsFen: contracts.reduce((sum, c) => sum + c.committedFen, 0n),
    paidOutsideContractsFen: paidOutside?.amountFen ?? 0n,
    heldOutsideContractsFen: held._sum.amountFen ?? 0n,
  };
}

/**
 * The inputs of a leaf's room (domain checkAccountRoom), payments held for approval outside contracts
 * counted as paid; null when the leaf has no current target (only the line's budget applies).
 */
export async function accountRoomInputs(db: Db, projectId: number, accountId: number, exceptRequestId?: number) {
  const targetFen = await currentTargetFen(db, projectId, accountId);
  if (targetFen === null) return null;
  const use = await accountUse(db, accountId, exceptRequestId);
  return { targetFen, contractsFen: use.contractsFen, paidOutsideContractsFen: use.paidOutsideContractsFen + use.heldOutsideContractsFen };
}

/**
 * A payment outside contracts must fit its leaf's room: target − contracts − paid outside contracts −
 * held for approval outside contracts (domain checkAccountRoom). Refused on "amount" with the room.
 */
export async function checkAccountPayment(db: Db, projectId: number, accountId: number, amountFen: bigint, exceptRequestId?: number): Promise<{ ok: true } | Refusal> {
  const inputs = await accountRoomInputs(db, projectId, accountId, exceptRequestId);
  if (inputs === null) return { ok: true };
  const check = checkAccountRoom({ amountFen, ...inputs });
  return check.ok ? { ok: true } : refuse("amount", "over_account_room", { roomFen: check.roomFen.toString() });
}

/** A new line's typical accounts (TYPICAL_ACCOUNTS, codes `<line>.01`, `<line>.01.01` …), in the caller's transaction. */
export async function createTypicalAccounts(tx: Prisma.TransactionClient, projectId: number, line: { id: number; code: string }) {
  for (const [firstIndex, first] of TYPICAL_ACCOUNTS.entries()) {
    const parent = await tx.costAccount.create({
      data: { projectId, lineId: line.id, code: `${line.code}.${first.code}`, name: first.name, nameEn: first.nameEn, sortOrder: firstIndex },
      select: { id: true, code: true },
    });
    await tx.costAccount.createMany({
      data: first.leaves.map((leaf, leafIndex) => ({
        projectId,
        lineId: line.id,
        parentId: parent.id,
        code: `${parent.code}.${leaf.code}`,
        name: leaf.name,
        nameEn: leaf.nameEn,
        sortOrder: leafIndex,
      })),
    });
  }
}

// ─── Leaf options (the forms' 成本科目 select) ────────────────────────────────

export type LeafOption = {
  id: number;
  lineId: number;
  code: string;
  name: string;
  nameEn: string;
  line: { code: string; name: string; nameEn: string };
  parent: { code: string; name: string; nameEn: string };
};

/** Every leaf of the project in tree order (line, first-level account, leaf), with its part and first-level account for grouping. */
export async function leafOptions(projectId: number, lineId?: number): Promise<LeafOption[]> {
  const [lines, accounts] = await Promise.all([
    prisma.budgetLine.findMany({ where: { projectId, id: lineId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, code: true, name: true, nameEn: true } }),
    prisma.costAccount.findMany({ where: { projectId, lineId }, select: { id: true, lineId: true, parentId: true, code: true, name: true, nameEn: true, sortOrder: true } }),
  ]);
  const order = (a: { sortOrder: number; code: string }, b: { sortOrder: number; code: string }) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code);
  const options: LeafOption[] = [];
  for (const line of lines) {
    const firsts = accounts.filter((a) => a.lineId === line.id && a.parentId === null).sort(order);
    for (const first of firsts) {
      for (const leaf of accounts.filter((a) => a.parentId === first.id).sort(order)) {
        options.push({
          id: leaf.id,
          lineId: line.id,
          code: leaf.code,
          name: leaf.name,
          nameEn: leaf.nameEn,
          line: { code: line.code, name: line.name, nameEn: line.nameEn },
          parent: { code: first.code, name: first.name, nameEn: first.nameEn },
        });
      }
    }
  }
  return options;
}

// ─── Re-filing a contract ────────────────────────────────────────────────────

/**
 * Moves a contract to another leaf of the same line (it was filed under the wrong account), audited
 * with the reason. Only while nothing is paid on it and no payment on it waits for approval: payments
 * are append-only and keep the account they were recorded on, so a contract with payments stays.
 */
/** What stops a contract being re-filed (refileContract refuses the same): its payments and its payments awaiting approval. */
export async function refileBlockers(contractId: number) {
  const [payments, requests] = await Promise.all([
    prisma.payment.count({ where: { contractId } }),
    prisma.paymentRequest.count({ where: { contractId, status: "pending" } }),
  ]);
  return { payments, requests };
}

export async function refileContract(projectId: number, input: RefileInput, actor: Actor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "contract_refile" },
    async (tx) => {
      const contract = await tx.contract.findFirst({
        where: { id: input.contractId, line: { projectId } },
        select: { id: true, lineId: true, code: true, status: true, accountId: true, account: { select: { code: true } } },
      });
      if (!contract) return refuse("contractId", "invalid_choice");
      if (contract.status === "voided") return refuse("accountId", "contract_voided");
      const found = await findLeaf(tx, projectId, input.accountId);
      if (!found.ok) return found;
      const account = found.leaf;
      if (account.lineId !== contract.lineId) return refuse("accountId", "account_not_on_line");
      if (account.id === contract.accountId) return refuse("accountId", "account_unchanged");
      const [payments, held] = await Promise.all([
        tx.payment.count({ where: { contractId: contract.id } }),
        tx.paymentRequest.count({ where: { contractId: contract.id, status: "pending" } }),
      ]);
      if (payments > 0) return refuse("accountId", "refile_has_payments", { count: String(payments) });
      if (held > 0) return refuse("accountId", "refile_has_requests", { count: String(held) });
      await tx.contract.update({ where: { id: contract.id }, data: { accountId: account.id, version: { increment: 1 } } });
      await recordAudit(tx, {
        userId: actor.userId,
        area: "capital",
        entity: "Contract",
        entityId: contract.id,
        action: "update",
        before: { code: contract.code, account: contract.account?.code ?? null },
        after: { code: contract.code, account: account.code },
        reason: input.reason,
      });
      return { ok: true as const, contractId: contract.id, accountId: account.id };
    },
    (refiled) => refiled.contractId,
    async (contractId) => {
      const contract = contractId ? await prisma.contract.findFirst({ where: { id: contractId, line: { projectId } }, select: { id: true, accountId: true } }) : null;
      return contract?.accountId ? { ok: true as const, contractId: contract.id, accountId: contract.accountId } : null;
    },
  );
}
