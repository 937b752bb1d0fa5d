// Editing the plan (issue 16): adding milestones, editing their plan, retiring and restoring them,
// their dependencies (FS/SS with lag, never a cycle) and their expected finish. Every write runs in one
// transaction with its checks, its audit record and the refresh of the stored forecasts it can move.
import type { Prisma } from "@prisma/client";
import { writeTransaction, prisma } from "~/db.server";
import { plannedDatesChanged } from "~/domain/schedule";
import type {
  AddDependencyInput,
  ChangeDependencyInput,
  ClearExpectedFinishInput,
  ExpectedFinishInput,
  MilestoneCreate,
  MilestonePlanEdit,
  RemoveDependencyInput,
  RetireInput,
} from "~/domain/schedule/plan-forms.server";
import { civilToDate, dateToCivil, today } from "~/utils/dates";
import type { FieldErrors } from "~/utils/forms";
import { recordAudit } from "../audit.server";
import { getMilestone, type Milestone } from "../milestones.server";
import { noteMilestoneIdentityChanged, refreshForecasts } from "./forecast-store.server";

type Tx = Prisma.TransactionClient;
type Actor = { userId: number | null };

/** What still points at a milestone that is to be retired. */
export type MilestoneReference =
  | { kind: "drawdown"; label: string; date: string }
  | { kind: "condition"; label: string }
  | { kind: "escrow"; label: string }
  | { kind: "building"; label: string }
  | { kind: "account"; label: string };

export type PlanRefusal = { ok: false; status: 400 | 404 | 409; errors: FieldErrors; current?: Milestone; references?: MilestoneReference[] };
export type PlanResult<T = object> = ({ ok: true } & T) | PlanRefusal;

const refuse = (errors: FieldErrors, status: 400 | 404 | 409 = 400): PlanRefusal => ({ ok: false, status, errors });
const NOT_FOUND: PlanRefusal = { ok: false, status: 404, errors: { form: "not_found" } };
const STALE: PlanRefusal = { ok: false, status: 409, errors: { form: "stale" } };

/** On a stale save the page shows the milestone as it now is. */
async function withCurrent(projectId: number, id: number, result: PlanResult<object>): Promise<PlanResult<object>> {
  if (result.ok || result.status !== 409) return result;
  const current = await getMilestone(projectId, id);
  return current ? { ...result, current } : result;
}

const planSelect = {
  id: true,
  code: true,
  kind: true,
  name: true,
  nameEn: true,
  agency: true,
  agencyEn: true,
  departmentId: true,
  leaderId: true,
  plannedStart: true,
  plannedEnd: true,
  status: true,
  isKey: true,
  expectedEnd: true,
  expectedReason: true,
  retiredAt: true,
  retiredReason: true,
  version: true,
} as const;

async function findRow(tx: Tx, projectId: number, id: number) {
  return tx.milestone.findFirst({ where: { id, projectId }, select: planSelect });
}

type PlanRow = NonNullable<Awaited<ReturnType<typeof findRow>>>;

function planOf(row: PlanRow | (MilestonePlanEdit & { departmentId: number | null; leaderId: number | null })) {
  const civil = (d: Date | string) => (typeof d === "string" ? d : dateToCivil(d));
  return {
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    kind: row.kind,
    plannedStart: civil(row.plannedStart),
    plannedEnd: civil(row.plannedEnd),
    departmentId: row.departmentId,
    leaderId: row.leaderId,
    agency: row.agency,
    agencyEn: row.agencyEn,
    isKey: row.isKey,
  };
}

/** The department and leader chosen must be this project's. */
async function checkOwners(tx: Tx, projectId: number, input: { departmentId: number | null; leaderId: number | null }): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (input.departmentId !== null && !(await tx.department.findFirst({ where: { id: input.departmentId, projectId }, select: { id: true } }))) {
    errors.departmentId = "invalid_choice";
  }
  if (input.leaderId !== null && !(await tx.person.findFirst({ where: { id: input.leaderId, projectId }, select: { id: true } }))) {
    errors.leaderId = "invalid_choice";
  }
  return errors;
}

/** Bumps a milestone's version if it is still `version`: false when someone else saved first. */
async function bumpVersion(tx: Tx, projectId: number, id: number, version: number, data: Prisma.MilestoneUpdateManyMutationInput = {}) {
  const written = await tx.milestone.updateMany({ where: { id, projectId, version }, data: { ...data, version: { increment: 1 } } });
  return written.count === 1;
}

// ─── Adding and editing ───────────────────────────────────────────────────────

export async function createMilestone(projectId: number, input: MilestoneCreate, actor: Actor): Promise<PlanResult<{ id: number }>> {
  return writeTransaction(async (tx): Promise<PlanResult<{ id: number }>> => {
    const errors: FieldErrors = await checkOwners(tx, projectId, input);
    if (await tx.milestone.findFirst({ where: { projectId, code: input.code }, select: { id: true } })) {
      errors.code = { message: "code_taken", vars: { code: input.code } };
    }
    const predecessorIds = input.predecessors.map((p) => p.predecessorId);
    const active = new Map(
      (await tx.milestone.findMany({ where: { projectId, retiredAt: null, id: { in: predecessorIds } }, select: { id: true, code: true } })).map((m) => [m.id, m.code]),
    );
    for (const p of input.predecessors) if (!active.has(p.predecessorId)) errors[`pred${p.slot}`] = "invalid_choice";
    if (Object.keys(errors).length > 0) return refuse(errors);

    const last = await tx.milestone.aggregate({ where: { projectId }, _max: { sortOrder: true } });
    const created = await tx.milestone.create({
      data: {
        projectId,
        code: input.code,
        kind: input.kind,
        name: input.name,
        nameEn: input.nameEn,
        agency: input.agency,
        agencyEn: input.agencyEn,
        departmentId: input.departmentId,
        leaderId: input.leaderId,
        plannedStart: civilToDate(input.plannedStart),
        plannedEnd: civilToDate(input.plannedEnd),
        isKey: input.isKey,
        sortOrder: (last._max.sortOrder ?? -1) + 1,
      },
      select: { id: true },
    });
    for (const p of input.predecessors) {
      await tx.milestoneDependency.create({ data: { predecessorId: p.predecessorId, successorId: created.id, type: p.type, lagDays: p.lagDays } });
    }
    await recordAudit(tx, {
      userId: actor.userId,
      area: "schedule",
      entity: "Milestone",
      entityId: created.id,
      action: "create",
      after: {
        ...planOf({ ...input, version: 1, reason: "" }),
        predecessors: input.predecessors.map((p) => `${active.get(p.predecessorId)} ${p.type}${p.lagDays >= 0 ? "+" : ""}${p.lagDays}`),
      },
    });
    await refreshForecasts(tx, projectId, [created.id], today(), { networkChanged: true });
    return { ok: true, id: created.id };
  });
}

export async function editMilestonePlan(projectId: number, id: number, input: MilestonePlanEdit, actor: Actor): Promise<PlanResult> {
  const result = await writeTransaction(async (tx): Promise<PlanResult> => {
    const row = await findRow(tx, projectId, id);
    if (!row) return NOT_FOUND;
    if (row.version !== input.version) return STALE;
    if (row.retiredAt) return refuse({ form: "milestone_retired" });
    const before = planOf(row);
    const after = planOf(input);
    const errors: FieldErrors = await checkOwners(tx, projectId, input);
    if (after.code !== before.code && (await tx.milestone.findFirst({ where: { projectId, code: after.code, NOT: { id } }, select: { id: true } }))) {
      errors.code = { message: "code_taken", vars: { code: after.code } };
    }
    if (plannedDatesChanged(before, after) && !input.reason) errors.reason = "reason_required";
    if (Object.keys(errors).length > 0) return refuse(errors);

    const data = { ...after, plannedStart: civilToDate(after.plannedStart), plannedEnd: civilToDate(after.plannedEnd) };
    if (!(await bumpVersion(tx, projectId, id, input.version, data))) return STALE;
    await recordAudit(tx, { userId: actor.userId, area: "schedule", entity: "Milestone", entityId: id, action: "update", before, after, reason: input.reason });
    // The names, kind or planned dates other areas read (scheduleFacts) may have changed.
    await noteMilestoneIdentityChanged(tx);
    await refreshForecasts(tx, projectId, [id], today());
    return { ok: true };
  });
  return withCurrent(projectId, id, result);
}

// ─── Retiring and restoring ───────────────────────────────────────────────────

/** Everything outside the schedule that still points at this milestone. */
export async function referencesTo(db: Tx | typeof prisma, milestoneId: number): Promise<MilestoneReference[]> {
  const [drawdowns, conditions, escrow, buildings, accounts] = await Promise.all([
    db.drawdown.findMany({ where: { dependsOnMilestoneId: milestoneId }, select: { plannedOn: true, facility: { select: { counterparty: true } } }, orderBy: { plannedOn: "asc" } }),
    db.facilityCondition.findMany({ where: { milestoneId }, select: { facility: { select: { counterparty: true } } } }),
    db.escrowNode.findMany({ where: { milestoneId }, select: { releaseBps: true } }),
    db.building.findMany({ where: { presaleMilestoneId: milestoneId }, select: { code: true, name: true } }),
    db.costAccount.findMany({ where: { spendMilestoneId: milestoneId }, select: { code: true }, orderBy: { code: "asc" } }),
  ]);
  return [
    ...drawdowns.map((d) => ({ kind: "drawdown" as const, label: d.facility.counterparty, date: dateToCivil(d.plannedOn) })),
    ...conditions.map((c) => ({ kind: "condition" as const, label: c.facility.counterparty })),
    ...escrow.map((e) => ({ kind: "escrow" as const, label: `${e.releaseBps / 100}%` })),
    ...buildings.map((b) => ({ kind: "building" as const, label: b.code })),
    ...accounts.map((a) => ({ kind: "account" as const, label: a.code })),
  ];
}

export async function retireMilestone(projectId: number, id: number, input: RetireInput, actor: Actor): Promise<PlanResult> {
  const result = await writeTransaction(async (tx): Promise<PlanResult> => {
    const row = await findRow(tx, projectId, id);
    if (!row) return NOT_FOUND;
    if (row.version !== input.version) return STALE;
    if (row.retiredAt) return refuse({ form: "already_retired" });
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { endMilestoneId: true } });
    if (project.endMilestoneId === id) return refuse({ form: "retire_end_milestone" });
    const references = await referencesTo(tx, id);
    if (references.length > 0) return { ...refuse({ form: "retire_referenced" }), references };

    const successors = await tx.milestoneDependency.findMany({ where: { predecessorId: id, successor: { retiredAt: null } }, select: { successorId: true } });
    const retiredAt = new Date();
    if (!(await bumpVersion(tx, projectId, id, input.version, { retiredAt, retiredReason: input.reason }))) return STALE;
    await recordAudit(tx, {
      userId: actor.userId,
      area: "schedule",
      entity: "Milestone",
      entityId: id,
      action: "update",
      before: { retiredAt: null },
      after: { retiredAt: retiredAt.toISOString() },
      reason: input.reason,
    });
    await refreshForecasts(tx, projectId, successors.map((s) => s.successorId), today(), { networkChanged: true });
    return { ok: true };
  });
  return withCurrent(projectId, id, result);
}

export async function restoreMilestone(projectId: number, id: number, input: RetireInput, actor: Actor): Promise<PlanResult> {
  const result = await writeTransaction(async (tx): Promise<PlanResult> => {
    const row = await findRow(tx, projectId, id);
    if (!row) return NOT_FOUND;
    if (row.version !== input.version) return STALE;
    if (!row.retiredAt) return refuse({ form: "not_retired" });
    // Its kept dependencies come back with it: they must not close a loop made while it was out.
    const cycle = await cycleThrough(tx, projectId, id);
    if (cycle) return refuse({ form: { message: "restore_cycle", vars: { path: cycle } } });
    if (!(await bumpVersion(tx, projectId, id, input.version, { retiredAt: null, retiredReason: "" }))) return STALE;
    await recordAudit(tx, {
      userId: actor.userId,
      area: "schedule",
      entity: "Milestone",
      entityId: id,
      action: "update",
      before: { retiredAt: row.retiredAt.toISOString(), retiredReason: row.retiredReason },
      after: { retiredAt: null },
      reason: input.reason,
    });
    await refreshForecasts(tx, projectId, [id], today(), { networkChanged: true });
    return { ok: true };
  });
  return withCurrent(projectId, id, result);
}

// ─── Dependencies ─────────────────────────────────────────────────────────────

/**
 * The dependencies between active milestones of the project (plus `alsoActive`), loaded once, as
 * successor lists: a reachability search over them costs one query however long the plan. The joins
 * are ordered (CROSS JOIN) so SQLite walks the project's milestones, then their links by index.
 */
async function activeNetwork(tx: Tx, projectId: number, alsoActive: number | null = null): Promise<Map<number, number[]>> {
  const rows = await tx.$queryRawUnsafe<{ predecessorId: number | bigint; successorId: number | bigint }[]>(
    `SELECT d."predecessorId" AS predecessorId, d."successorId" AS successorId
       FROM "Milestone" s
       CROSS JOIN "MilestoneDependency" d ON d."successorId" = s."id"
       CROSS JOIN "Milestone" p ON p."id" = d."predecessorId"
      WHERE s."projectId" = ? AND p."projectId" = s."projectId"
        AND (s."retiredAt" IS NULL OR s."id" = ?) AND (p."retiredAt" IS NULL OR p."id" = ?)`,
    projectId,
    alsoActive ?? -1,
    alsoActive ?? -1,
  );
  const successors = new Map<number, number[]>();
  for (const r of rows) {
    const from = Number(r.predecessorId);
    (successors.get(from) ?? successors.set(from, []).get(from)!).push(Number(r.successorId));
  }
  return successors;
}

/** A path from `from` to `to` along the network (breadth first: a shortest one), or null. */
function pathBetween(network: Map<number, number[]>, from: number, to: number): number[] | null {
  const parent = new Map<number, number>([[from, from]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i += 1) {
    const node = queue[i];
    if (node === to) {
      const path = [to];
      while (path[path.length - 1] !== from) path.push(parent.get(path[path.length - 1])!);
      return path.reverse();
    }
    for (const next of network.get(node) ?? []) {
      if (parent.has(next)) continue;
      parent.set(next, node);
      queue.push(next);
    }
  }
  return null;
}

/** A path as codes; a long one (a loop through hundreds of milestones) keeps its two ends. */
async function codePath(tx: Tx, path: number[]): Promise<string> {
  const shown = path.length > 12 ? [...path.slice(0, 6), null, ...path.slice(-5)] : path;
  const ids = shown.filter((id): id is number => id !== null);
  const codes = new Map((await tx.milestone.findMany({ where: { id: { in: ids } }, select: { id: true, code: true } })).map((m) => [m.id, m.code]));
  return shown.map((id) => (id === null ? `…（${path.length - 11}）…` : (codes.get(id) ?? `#${id}`))).join(" → ");
}

/** Would the link predecessor → successor close a loop? The loop as codes ("M05 → M07 → M05"), or null. */
async function cycleIfLinked(tx: Tx, projectId: number, predecessorId: number, successorId: number): Promise<string | null> {
  const path = pathBetween(await activeNetwork(tx, projectId), successorId, predecessorId);
  return path ? codePath(tx, [...path, successorId]) : null;
}

/** A loop through `id` once it is active again, as codes, or null. */
async function cycleThrough(tx: Tx, projectId: number, id: number): Promise<string | null> {
  const network = await activeNetwork(tx, projectId, id);
  for (const next of network.get(id) ?? []) {
    const path = next === id ? [id] : pathBetween(network, next, id);
    if (path) return codePath(tx, next === id ? [id, id] : [id, ...path]);
  }
  return null;
}

const linkText = (type: string, lagDays: number) => `${type}${lagDays >= 0 ? "+" : ""}${lagDays}`;

/** A milestone whose dependencies may be edited: of this project, in the plan, at the version the form saw. */
async function editableSuccessor(tx: Tx, projectId: number, id: number, version: number): Promise<PlanRefusal | PlanRow> {
  const row = await findRow(tx, projectId, id);
  if (!row) return NOT_FOUND;
  if (row.version !== version) return STALE;
  if (row.retiredAt) return refuse({ form: "milestone_retired" });
  return row;
}
const isRefusal = (value: PlanRefusal | PlanRow): value is PlanRefusal => "ok" in value;

export async function addDependency(projectId: number, successorId: number, input: AddDependencyInput, actor: Actor): Promise<PlanResult<{ dependencyId: number }>> {
  const result = await writeTransaction(async (tx): Promise<PlanResult<{ dependencyId: number }>> => {
    const successor = await editableSuccessor(tx, projectId, successorId, input.version);
    if (isRefusal(successor)) return successor;
    if (input.predecessorId === successorId) return refuse({ predecessorId: "dependency_self" });
    const predecessor = await tx.milestone.findFirst({ where: { id: input.predecessorId, projectId, retiredAt: null }, select: { id: true, code: true } });
    if (!predecessor) return refuse({ predecessorId: "invalid_choice" });
    if (await tx.milestoneDependency.findUnique({ where: { predecessorId_successorId: { predecessorId: predecessor.id, successorId } }, select: { id: true } })) {
      return refuse({ predecessorId: { message: "dependency_duplicate_pair", vars: { from: predecessor.code, to: successor.code } } });
    }
    const cycle = await cycleIfLinked(tx, projectId, predecessor.id, successorId);
    if (cycle) return refuse({ predecessorId: { message: "dependency_cycle", vars: { path: cycle } } });

    if (!(await bumpVersion(tx, projectId, successorId, input.version))) return STALE;
    const created = await tx.milestoneDependency.create({ data: { predecessorId: predecessor.id, successorId, type: input.type, lagDays: input.lagDays }, select: { id: true } });
    await recordAudit(tx, {
      userId: actor.userId,
      area: "schedule",
      entity: "MilestoneDependency",
      entityId: created.id,
      action: "create",
      after: { predecessor: predecessor.code, successor: successor.code, type: input.type, lagDays: input.lagDays },
    });
    await refreshForecasts(tx, projectId, [successorId], today(), { networkChanged: true });
    return { ok: true, dependencyId: created.id };
  });
  return withCurrent(projectId, successorId, result) as Promise<PlanResult<{ dependencyId: number }>>;
}

/** A dependency of this project that touches milestone `pageId` (the page it is edited from). */
async function findDependency(tx: Tx, projectId: number, pageId: number, dependencyId: number) {
  const dependency = await tx.milestoneDependency.findFirst({
    where: { id: dependencyId, successor: { projectId }, OR: [{ successorId: pageId }, { predecessorId: pageId }] },
    select: { id: true, type: true, lagDays: true, successorId: true, predecessor: { select: { code: true } }, successor: { select: { code: true } } },
  });
  return dependency;
}

export async function changeDependency(projectId: number, pageId: number, input: ChangeDependencyInput, actor: Actor): Promise<PlanResult> {
  let successorId = pageId;
  const result = await writeTransaction(async (tx): Promise<PlanResult> => {
    const dependency = await findDependency(tx, projectId, pageId, input.dependencyId);
    if (!dependency) return refuse({ dependencyId: "invalid_choice" });
    successorId = dependency.successorId;
    const successor = await editableSuccessor(tx, projectId, successorId, input.version);
    if (isRefusal(successor)) return successor;
    if (dependency.type === input.type && dependency.lagDays === input.lagDays) return { ok: true };
    if (!(await bumpVersion(tx, projectId, successorId, input.version))) return STALE;
    await tx.milestoneDependency.update({ where: { id: dependency.id }, data: { type: input.type, lagDays: input.lagDays } });
    const ends = { predecessor: dependency.predecessor.code, successor: dependency.successor.code };
    await recordAudit(tx, {
      userId: actor.userId,
      area: "schedule",
      entity: "MilestoneDependency",
      entityId: dependency.id,
      action: "update",
      before: { ...ends, type: dependency.type, lagDays: dependency.lagDays },
      after: { ...ends, type: input.type, lagDays: input.lagDays },
    });
    await refreshForecasts(tx, projectId, [successorId], today(), { networkChanged: true });
    return { ok: true };
  });
  return withCurrent(projectId, successorId, result);
}

export async function removeDependency(projectId: number, pageId: number, input: RemoveDependencyInput, actor: Actor): Promise<PlanResult> {
  let successorId = pageId;
  const result = await writeTransaction(async (tx): Promise<PlanResult> => {
    const dependency = await findDependency(tx, projectId, pageId, input.dependencyId);
    if (!dependency) return refuse({ dependencyId: "invalid_choice" });
    successorId = dependency.successorId;
    const successor = await editableSuccessor(tx, projectId, successorId, input.version);
    if (isRefusal(successor)) return successor;
    if (!(await bumpVersion(tx, projectId, successorId, input.version))) return STALE;
    await tx.milestoneDependency.delete({ where: { id: dependency.id } });
    await recordAudit(tx, {
      userId: actor.userId,
      area: "schedule",
      entity: "MilestoneDependency",
      entityId: dependency.id,
      action: "delete",
      before: { predecessor: dependency.predecessor.code, successor: dependency.successor.code, type: dependency.type, lagDays: dependency.lagDays },
    });
    await refreshForecasts(tx, projectId, [successorId], today(), { networkChanged: true });
    return { ok: true };
  });
  return withCurrent(projectId, successorId, result);
}

// ─── Expected finish ──────────────────────────────────────────────────────────

/** Records a known delay without touching the plan: the forecast end is at least `expectedEnd`. */
export async function setExpectedFinish(projectId: number, id: number, input: ExpectedFinishInput, actor: Actor): Promise<PlanResult> {
  const result = await writeTransaction(async (tx): Promise<PlanResult> => {
    const row = await editableSuccessor(tx, projectId, id, input.version);
    if (isRefusal(row)) return row;
    if (row.status === "done") return refuse({ expectedEnd: "expected_done" });
    const plannedStart = dateToCivil(row.plannedStart);
    if (input.expectedEnd < plannedStart) return refuse({ expectedEnd: { message: "expected_before_start", vars: { date: plannedStart } } });
    if (!(await bumpVersion(tx, projectId, id, input.version, { expectedEnd: civilToDate(input.expectedEnd), expectedReason: input.reason }))) return STALE;
    await recordAudit(tx, {
      userId: actor.userId,
      area: "schedule",
      entity: "Milestone",
      entityId: id,
      action: "update",
      before: { expectedEnd: row.expectedEnd ? dateToCivil(row.expectedEnd) : null, expectedReason: row.expectedReason },
      after: { expectedEnd: input.expectedEnd, expectedReason: input.reason },
      reason: input.reason,
    });
    await refreshForecasts(tx, projectId, [id], today());
    return { ok: true };
  });
  return withCurrent(projectId, id, result);
}

export async function clearExpectedFinish(projectId: number, id: number, input: ClearExpectedFinishInput, actor: Actor): Promise<PlanResult> {
  const result = await writeTransaction(async (tx): Promise<PlanResult> => {
    const row = await editableSuccessor(tx, projectId, id, input.version);
    if (isRefusal(row)) return row;
    if (!row.expectedEnd) return refuse({ form: "no_expected_finish" });
    if (!(await bumpVersion(tx, projectId, id, input.version, { expectedEnd: null, expectedReason: "" }))) return STALE;
    await recordAudit(tx, {
      userId: actor.userId,
      area: "schedule",
      entity: "Milestone",
      entityId: id,
      action: "update",
      before: { expectedEnd: dateToCivil(row.expectedEnd), expectedReason: row.expectedReason },
      after: { expectedEnd: null, expectedReason: "" },
      reason: input.reason,
    });
    await refreshForecasts(tx, projectId, [id], today());
    return { ok: true };
  });
  return withCurrent(projectId, id, result);
}

// ─── Reads for the forms ──────────────────────────────────────────────────────

/** The choices of the plan forms: departments, people, and the active milestones (for predecessors). */
export async function planChoices(projectId: number) {
  const [departments, people, milestones] = await Promise.all([
    prisma.department.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, name: true, nameEn: true } }),
    prisma.person.findMany({ where: { projectId, active: true }, orderBy: { id: "asc" }, select: { id: true, name: true, nameEn: true, title: true, titleEn: true } }),
    prisma.milestone.findMany({ where: { projectId, retiredAt: null }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, code: true, name: true, nameEn: true } }),
  ]);
  return { departments, people, milestones };
}

/**
 * A milestone's dependencies as its page lists them, retired or not: each with the other end's
 * version (a change bumps the successor's version, so the form must carry it).
 */
export async function dependenciesOf(projectId: number, id: number) {
  const select = {
    id: true,
    type: true,
    lagDays: true,
    predecessor: { select: { id: true, code: true, name: true, nameEn: true, retiredAt: true, version: true } },
    successor: { select: { id: true, code: true, name: true, nameEn: true, retiredAt: true, version: true } },
  } as const;
  const [predecessors, successors] = await Promise.all([
    prisma.milestoneDependency.findMany({ where: { successorId: id, successor: { projectId } }, select, orderBy: { predecessor: { sortOrder: "asc" } } }),
    prisma.milestoneDependency.findMany({ where: { predecessorId: id, predecessor: { projectId } }, select, orderBy: { successor: { sortOrder: "asc" } } }),
  ]);
  const plain = (d: (typeof predecessors)[number], other: "predecessor" | "successor") => ({
    id: d.id,
    type: d.type === "SS" ? ("SS" as const) : ("FS" as const),
    lagDays: d.lagDays,
    other: { id: d[other].id, code: d[other].code, name: d[other].name, nameEn: d[other].nameEn, retired: d[other].retiredAt !== null },
    successorVersion: d.successor.version,
  });
  return { predecessors: predecessors.map((d) => plain(d, "predecessor")), successors: successors.map((d) => plain(d, "successor")) };
}
