// Milestones and their dependencies: the only module that reads or writes them.
import { prisma, writeTransaction } from "~/db.server";
import type { MilestoneKind, MilestoneStatus } from "~/domain/schedule";
import type { MilestoneUpdate } from "~/domain/schedule-forms.server";
import { countHealth, forecastSchedule, milestoneHealth, plannedDatesChanged } from "~/domain/schedule";
import { civilToDate, dateToCivil } from "~/utils/dates";
import { recordAudit } from "./audit.server";
import { cachedRead } from "./read-cache.server";

const milestoneSelect = {
  id: true,
  code: true,
  kind: true,
  name: true,
  nameEn: true,
  agency: true,
  agencyEn: true,
  plannedStart: true,
  plannedEnd: true,
  actualStart: true,
  actualEnd: true,
  status: true,
  percentComplete: true,
  note: true,
  isKey: true,
  certificate: true,
  version: true,
  department: { select: { id: true, name: true, nameEn: true } },
  leader: { select: { id: true, name: true, nameEn: true, title: true, titleEn: true } },
} as const;

type MilestoneRow = {
  id: number;
  code: string;
  kind: string;
  name: string;
  nameEn: string;
  agency: string;
  agencyEn: string;
  plannedStart: Date;
  plannedEnd: Date;
  actualStart: Date | null;
  actualEnd: Date | null;
  status: string;
  percentComplete: number;
  note: string;
  isKey: boolean;
  certificate: string | null;
  version: number;
  department: { id: number; name: string; nameEn: string } | null;
  leader: { id: number; name: string; nameEn: string; title: string; titleEn: string } | null;
};

function toPlain(row: MilestoneRow) {
  return {
    ...row,
    kind: row.kind as MilestoneKind,
    status: row.status as MilestoneStatus,
    plannedStart: dateToCivil(row.plannedStart),
    plannedEnd: dateToCivil(row.plannedEnd),
    actualStart: row.actualStart ? dateToCivil(row.actualStart) : null,
    actualEnd: row.actualEnd ? dateToCivil(row.actualEnd) : null,
  };
}

export type Milestone = ReturnType<typeof toPlain>;

export async function listMilestones(projectId: number) {
  const [rows, dependencies] = await Promise.all([
    prisma.milestone.findMany({ where: { projectId }, select: milestoneSelect, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
    prisma.milestoneDependency.findMany({
      where: { successor: { projectId } },
      select: { predecessorId: true, successorId: true, lagDays: true },
    }),
  ]);
  return { milestones: rows.map(toPlain), dependencies };
}

/** A milestone of this project; another project's milestone is as unknown as a missing one. */
export async function getMilestone(projectId: number, id: number) {
  const row = await prisma.milestone.findFirst({ where: { id, projectId }, select: milestoneSelect });
  return row ? toPlain(row) : null;
}

export type UpdateResult =
  | { ok: true; version: number }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "stale"; current: Milestone }
  | { ok: false; reason: "reason_required" };

/**
 * Saves a project manager's update, atomically: the version check, the write and the audit record
 * happen in one transaction, so a save against a version someone else has replaced changes nothing.
 */
export async function updateMilestone(
  projectId: number,
  id: number,
  update: MilestoneUpdate,
  actor: { userId: number | null },
): Promise<UpdateResult> {
  return writeTransaction(async (tx) => {
    const row = await tx.milestone.findFirst({ where: { id, projectId }, select: milestoneSelect });
    if (!row) return { ok: false, reason: "not_found" } as const;
    const current = toPlain(row);
    if (current.version !== update.version) return { ok: false, reason: "stale", current } as const;
    if (plannedDatesChanged(current, update) && !update.reason) return { ok: false, reason: "reason_required" } as const;

    const data = {
      status: update.status,
      percentComplete: update.percentComplete,
      actualStart: update.actualStart ? civilToDate(update.actualStart) : null,
      actualEnd: update.actualEnd ? civilToDate(update.actualEnd) : null,
      plannedStart: civilToDate(update.plannedStart),
      plannedEnd: civilToDate(update.plannedEnd),
      note: update.note,
    };
    const written = await tx.milestone.updateMany({ where: { id, projectId, version: update.version }, data: { ...data, version: { increment: 1 } } });
    if (written.count !== 1) {
      const latest = await tx.milestone.findUniqueOrThrow({ where: { id }, select: milestoneSelect });
      return { ok: false, reason: "stale", current: toPlain(latest) } as const;
    }
    const pick = (m: Milestone | MilestoneUpdate) => ({
      status: m.status,
      percentComplete: m.percentComplete,
      actualStart: m.actualStart,
      actualEnd: m.actualEnd,
      plannedStart: m.plannedStart,
      plannedEnd: m.plannedEnd,
      note: m.note,
    });
    await recordAudit(tx, {
      userId: actor.userId,
      area: "schedule",
      entity: "Milestone",
      entityId: id,
      action: "update",
      before: pick(current),
      after: pick(update),
      reason: update.reason,
    });
    return { ok: true, version: update.version + 1 } as const;
  });
}

/** Every milestone with its forecast, slip and health flag, as the schedule pages show them. */
export function scheduleView(projectId: number, today: string) {
  return cachedRead(`schedule:${projectId}`, ["core", "schedule"], today, () => computeScheduleView(projectId, today));
}

async function computeScheduleView(projectId: number, today: string) {
  const { milestones, dependencies } = await listMilestones(projectId);
  const forecasts = forecastSchedule(milestones, dependencies, today);
  const codeOf = new Map(milestones.map((m) => [m.id, m.code]));
  const predecessorsOf = new Map<number, { id: number; code: string }[]>();
  const successorsOf = new Map<number, { id: number; code: string }[]>();
  for (const d of dependencies) {
    if (!predecessorsOf.has(d.successorId)) predecessorsOf.set(d.successorId, []);
    if (!successorsOf.has(d.predecessorId)) successorsOf.set(d.predecessorId, []);
    predecessorsOf.get(d.successorId)!.push({ id: d.predecessorId, code: codeOf.get(d.predecessorId)! });
    successorsOf.get(d.predecessorId)!.push({ id: d.successorId, code: codeOf.get(d.successorId)! });
  }
  const rows = milestones.map((m) => {
    const forecast = forecasts.get(m.id)!;
    return {
      ...m,
      forecastStart: forecast.start,
      forecastEnd: forecast.end,
      slipDays: forecast.slipDays,
      delayedBy: forecast.delayedBy.map((id) => codeOf.get(id)!),
      health: milestoneHealth(m, forecast, today),
      predecessors: predecessorsOf.get(m.id) ?? [],
      successors: successorsOf.get(m.id) ?? [],
    };
  });
  return { rows, counts: countHealth(rows.map((row) => row.health)) };
}

export type ScheduleView = Awaited<ReturnType<typeof scheduleView>>;
export type ScheduleRow = Awaited<ReturnType<typeof scheduleView>>["rows"][number];
