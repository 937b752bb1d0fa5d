// Writes on budget lines, contracts and the fund-usage plan: a new line (with its typical cost accounts),
// a contract (its commitment checked against the line and the project ceiling), a budget revision as the
// approver applies it, and the plan grid with its lost-update check.
import { prisma, writeTransaction } from "~/db.server";
import { checkCommitment } from "~/domain/capital";
import type { ContractInput, LineInput, PlanGrid } from "~/domain/capital-forms.server";
import { civilToDate, dateToCivil, monthsBetween } from "~/utils/dates";
import { recordAudit } from "../audit.server";
import { checkProjectCommitment, checkProjectLines } from "./project-ceiling.server";
import { createTypicalAccounts, findLeaf } from "./accounts.server";
import { once, withoutKey } from "../idempotency.server";
import { lineFigures } from "./budget.server";
import { type Actor, type Tx, isUniqueViolation, refuse } from "./shared.server";

export async function createContract(projectId: number, input: ContractInput, actor: Actor, onLineId?: number) {
  try {
    return await once(
      { userId: actor.userId, key: input.idempotencyKey, scope: "contract" },
      async (tx) => {
        const found = await findLeaf(tx, projectId, input.accountId);
        if (!found.ok) return found;
        if (onLineId !== undefined && found.leaf.lineId !== onLineId) return refuse("accountId", "account_not_on_line");
        const line = await lineFigures(tx, found.leaf.lineId);
        if (!line || line.projectId !== projectId) return refuse("accountId", "invalid_choice");
        const check = checkCommitment({ amountFen: input.amount, line });
        if (!check.ok) {
          return check.reason === "over_budget"
            ? refuse("amount", "over_commitment", { headroomFen: check.uncommittedFen.toString() })
            : refuse("amount", "amount_positive");
        }
        if (input.status !== "draft") {
          const ceiling = await checkProjectCommitment(tx, projectId, input.amount);
          if (!ceiling.ok) return ceiling;
        }
        const contract = await tx.contract.create({
          data: {
            lineId: line.id,
            accountId: found.leaf.id,
            code: input.code,
            title: input.title,
            contractor: input.contractor,
            amountFen: input.amount,
            signedOn: input.signedOn ? civilToDate(input.signedOn) : null,
            status: input.status,
          },
          select: { id: true },
        });
        await recordAudit(tx, { userId: actor.userId, area: "capital", entity: "Contract", entityId: contract.id, action: "create", after: { line: line.code, account: found.leaf.code, ...withoutKey(input), accountId: undefined, amount: undefined, amountFen: input.amount } });
        return { ok: true as const, contractId: contract.id };
      },
      (created) => created.contractId,
      async (contractId) => {
        const contract = contractId ? await prisma.contract.findFirst({ where: { id: contractId, line: { projectId } }, select: { id: true } }) : null;
        return contract ? { ok: true as const, contractId: contract.id } : null;
      },
    );
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("code", "duplicate_code");
    throw error;
  }
}

/** One signed change to a line's budget: the revision row, the line's version, the audit record. */
export async function applyRevision(
  tx: Tx,
  line: { id: number; currentFen: bigint },
  deltaFen: bigint,
  reason: string,
  actor: Actor,
  transfer?: { transferId: string; from: string; to: string },
) {
  const revision = await tx.budgetRevision.create({
    data: { lineId: line.id, amountFen: deltaFen, reason, transferId: transfer?.transferId ?? null, createdById: actor.userId },
    select: { id: true },
  });
  await tx.budgetLine.update({ where: { id: line.id }, data: { version: { increment: 1 } } });
  await recordAudit(tx, {
    userId: actor.userId,
    area: "capital",
    entity: "BudgetLine",
    entityId: line.id,
    action: "update",
    before: { currentFen: line.currentFen },
    after: { currentFen: line.currentFen + deltaFen, revisionId: revision.id, ...transfer },
    reason,
  });
  return revision.id;
}

// Revisions and transfers are submitted for approval and applied by the approver's decision
// (models/approvals.server.ts: submitRevision, submitTransfer, decideApproval), through applyRevision.

export async function createLine(projectId: number, input: LineInput, actor: Actor) {
  try {
    return await once(
      { userId: actor.userId, key: input.idempotencyKey, scope: "budget_line" },
      async (tx) => {
        const ceiling = await checkProjectLines(tx, projectId, input.original, "original");
        if (!ceiling.ok) return ceiling;
        const last = await tx.budgetLine.aggregate({ where: { projectId }, _max: { sortOrder: true } });
        const line = await tx.budgetLine.create({
          data: { projectId, code: input.code, name: input.name, nameEn: input.nameEn, originalFen: input.original, sortOrder: (last._max.sortOrder ?? 0) + 1 },
          select: { id: true },
        });
        // A new line starts with the typical cost accounts (成本科目), in the same transaction.
        await createTypicalAccounts(tx, projectId, { id: line.id, code: input.code });
        await recordAudit(tx, { userId: actor.userId, area: "capital", entity: "BudgetLine", entityId: line.id, action: "create", after: { code: input.code, name: input.name, originalFen: input.original }, reason: input.reason });
        return { ok: true as const, lineId: line.id };
      },
      (created) => created.lineId,
      async (lineId) => {
        const line = lineId ? await prisma.budgetLine.findFirst({ where: { id: lineId, projectId }, select: { id: true } }) : null;
        return line ? { ok: true as const, lineId: line.id } : null;
      },
    );
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("code", "duplicate_code");
    throw error;
  }
}

/** A line's row of the plan that someone else saved since the form was shown: theirs and what this save typed. */
export type PlanConflict = {
  lineId: number;
  code: string;
  name: string;
  nameEn: string;
  planVersion: number;
  months: { month: string; theirsFen: bigint; yoursFen: bigint }[];
};

/**
 * Saves the fund-usage plan grid in one transaction; audits each line whose plan changed. Each row
 * carries the planVersion it was shown at and the cells it showed. A row whose cells the user left as
 * shown is not written (what someone else saved there meanwhile stays). If any row the user changed
 * has been saved by someone else since it was shown, nothing is written and the answer names those
 * rows with their current values.
 */
export async function saveFundPlan(projectId: number, grid: Pick<PlanGrid, "entries" | "versions" | "shown">, actor: Actor) {
  return writeTransaction(async (tx) => {
    const [lines, project] = await Promise.all([
      tx.budgetLine.findMany({ where: { projectId }, select: { id: true, code: true, name: true, nameEn: true, planVersion: true } }),
      tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { scheduleStart: true, scheduleEnd: true } }),
    ]);
    const lineById = new Map(lines.map((line) => [line.id, line]));
    const months = new Set(monthsBetween(dateToCivil(project.scheduleStart), dateToCivil(project.scheduleEnd)));
    const foreign = grid.entries.find((entry) => !lineById.has(entry.lineId) || !months.has(entry.month));
    if (foreign) return refuse(`plan:${foreign.lineId}:${foreign.month}`, "invalid_choice");
    // Rows the user left as shown (known only when the form says what it showed).
    const untouched = new Set(
      [...grid.shown].filter(([lineId, cells]) => grid.entries.every((e) => e.lineId !== lineId || e.amountFen === (cells.get(e.month) ?? 0n))).map(([lineId]) => lineId),
    );
    const existing = await tx.fundPlanEntry.findMany({ where: { lineId: { in: [...lineById.keys()] } }, select: { lineId: true, month: true, amountFen: true } });
    const key = (lineId: number, month: string) => `${lineId}:${month}`;
    const before = new Map(existing.map((e) => [key(e.lineId, e.month), e.amountFen]));
    const changedByLine = new Map<number, { before: Record<string, bigint>; after: Record<string, bigint> }>();
    const changes: { lineId: number; month: string; amountFen: bigint }[] = [];
    for (const entry of grid.entries) {
      if (untouched.has(entry.lineId)) continue;
      const old = before.get(key(entry.lineId, entry.month)) ?? 0n;
      if (old === entry.amountFen) continue;
      changes.push(entry);
      const change = changedByLine.get(entry.lineId) ?? { before: {}, after: {} };
      change.before[entry.month] = old;
      change.after[entry.month] = entry.amountFen;
      changedByLine.set(entry.lineId, change);
    }

    // A row this save changes, shown at an older version (or at none): someone else saved it since.
    const conflicts: PlanConflict[] = [];
    for (const [lineId, change] of changedByLine) {
      const line = lineById.get(lineId)!;
      if (grid.versions.get(lineId) === line.planVersion) continue;
      const { planVersion, code, name, nameEn } = line;
      const changedMonths = Object.keys(change.after).sort().map((month) => ({ month, theirsFen: change.before[month], yoursFen: change.after[month] }));
      conflicts.push({ lineId, code, name, nameEn, planVersion, months: changedMonths });
    }
    if (conflicts.length > 0) return { ok: false as const, reason: "stale" as const, conflicts };

    for (const lineId of changedByLine.keys()) {
      const bumped = await tx.budgetLine.updateMany({ where: { id: lineId, projectId, planVersion: grid.versions.get(lineId) }, data: { planVersion: { increment: 1 } } });
      // Checked above inside this transaction; a mismatch here would be a bug, and rolls everything back.
      if (bumped.count !== 1) throw new Error(`fund plan of line ${lineId} changed during its save`);
    }
    for (const entry of changes) {
      await tx.fundPlanEntry.upsert({
        where: { lineId_month: { lineId: entry.lineId, month: entry.month } },
        create: { lineId: entry.lineId, month: entry.month, amountFen: entry.amountFen },
        update: { amountFen: entry.amountFen },
      });
    }
    for (const [lineId, change] of changedByLine) {
      await recordAudit(tx, { userId: actor.userId, area: "capital", entity: "FundPlan", entityId: lineId, action: "update", before: change.before, after: change.after });
    }
    return { ok: true as const, changedLines: changedByLine.size };
  });
}
