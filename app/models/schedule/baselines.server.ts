// Baselines (基线): a named, approved copy of the plan (every active milestone's planned start and end),
// saved by a project manager and never changed or deleted afterwards (a baseline is a record), and
// compared with today's forecast (domain/schedule/baselines.ts does the arithmetic).
import { userNamesById } from "~/models/user-names.server";
import { Prisma } from "@prisma/client";
import { z } from "zod";
import { prisma, writeTransaction } from "~/db.server";
import { compareToBaseline, countVariance, projectEndVariance, type ComparedMilestone } from "~/domain/schedule/baselines";
import { dateToCivil } from "~/utils/dates";
import type { FieldErrors } from "~/utils/forms";
import { recordAudit } from "../audit.server";
import { scheduleView } from "../milestones.server";
import { cachedRead } from "../read-cache.server";
import { acknowledgeScheduleWrite } from "./forecast-store.server";

import { BASELINE_NAME_MAX } from "~/domain/schedule/baselines";
export { BASELINE_NAME_MAX };
const CACHE_SLOTS = 8;

/** The "save the current plan as a baseline" form. Messages are i18n keys (errors.*). */
export const baselineSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { message: "required" })
    .max(BASELINE_NAME_MAX, { message: "baseline_name_too_long" })
    .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), { message: "invalid" }),
  note: z.string().trim().max(500, { message: "too_long" }).default(""),
});
export type BaselineInput = z.output<typeof baselineSchema>;

export type SaveBaselineResult = { ok: true; id: number; items: number } | { ok: false; errors: FieldErrors };

const nameTaken = (name: string): SaveBaselineResult => ({ ok: false, errors: { name: { message: "baseline_name_taken", vars: { name } } } });

/** Saves the current plan of every active milestone under a new name, in one transaction, audited. */
export async function saveBaseline(projectId: number, input: BaselineInput, actor: { userId: number | null }): Promise<SaveBaselineResult> {
  try {
    return await writeTransaction(async (tx) => {
      const existing = await tx.baseline.findUnique({ where: { projectId_name: { projectId, name: input.name } }, select: { id: true } });
      if (existing) return nameTaken(input.name);
      const baseline = await tx.baseline.create({ data: { projectId, name: input.name, note: input.note, createdById: actor.userId }, select: { id: true } });
      const milestones = await tx.milestone.findMany({
        where: { projectId, retiredAt: null },
        select: { id: true, plannedStart: true, plannedEnd: true },
        orderBy: { id: "asc" },
      });
      const items = milestones.map((m) => ({ baselineId: baseline.id, milestoneId: m.id, start: m.plannedStart, end: m.plannedEnd }));
      for (let i = 0; i < items.length; i += 500) await tx.baselineItem.createMany({ data: items.slice(i, i + 500) });
      await recordAudit(tx, {
        userId: actor.userId,
        area: "schedule",
        entity: "Baseline",
        entityId: baseline.id,
        action: "create",
        after: { name: input.name, note: input.note, milestones: items.length },
      });
      await acknowledgeScheduleWrite(tx, projectId);
      return { ok: true, id: baseline.id, items: items.length } as const;
    });
  } catch (error) {
    // Two managers saving the same name at once: the unique index decides, the second is told.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return nameTaken(input.name);
    throw error;
  }
}

export type BaselineSummary = {
  id: number;
  name: string;
  note: string;
  createdAt: string;
  createdBy: string | null;
  createdByEn: string | null;
  items: number;
};

/** The project's baselines, newest first. */
export async function listBaselines(projectId: number): Promise<BaselineSummary[]> {
  const rows = await prisma.baseline.findMany({
    where: { projectId },
    select: { id: true, name: true, note: true, createdAt: true, createdById: true, _count: { select: { items: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const userIds = [...new Set(rows.map((r) => r.createdById).filter((id): id is number => id !== null))];
  const nameOf = await userNamesById(userIds);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdById !== null ? nameOf.get(r.createdById)?.name ?? null : null,
    createdByEn: r.createdById !== null ? nameOf.get(r.createdById)?.nameEn ?? null : null,
    items: r._count.items,
  }));
}

/**
 * A baseline of this project against today's forecast: per milestone the variance (forecast end −
 * baseline end), the milestones added since and the baseline's milestones retired since, the counts,
 * and the project end's variance. null when the baseline is not this project's.
 */
export async function baselineComparison(projectId: number, baselineId: number, today: string) {
  // The forecasts are brought to today first, so the cached comparison is keyed on settled versions.
  const view = await scheduleView(projectId, today);
  // A few cache slots per project, chosen by the id (the id itself in `extra`): a sweep of made-up ids
  // in the query cannot fill memory with one entry each.
  return cachedRead(`baseline:${projectId}:${baselineId % CACHE_SLOTS}`, ["core", "schedule", "forecast"], `${today}|${baselineId}`, async () => {
    const baseline = await prisma.baseline.findFirst({
      where: { id: baselineId, projectId },
      select: { id: true, name: true, note: true, createdAt: true },
    });
    if (!baseline) return null;
    const items = await prisma.baselineItem.findMany({
      where: { baselineId },
      select: { milestoneId: true, start: true, end: true, milestone: { select: { code: true, name: true, nameEn: true, retiredAt: true } } },
    });
    const milestones: ComparedMilestone[] = view.rows.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      nameEn: row.nameEn,
      forecastStart: row.forecastStart,
      forecastEnd: row.forecastEnd,
    }));
    const retired: ComparedMilestone[] = items
      .filter((item) => item.milestone.retiredAt !== null)
      .sort((a, b) => a.milestone.code.localeCompare(b.milestone.code))
      .map((item) => ({ id: item.milestoneId, code: item.milestone.code, name: item.milestone.name, nameEn: item.milestone.nameEn, forecastStart: null, forecastEnd: null, retired: true }));
    const rows = compareToBaseline(
      items.map((item) => ({ milestoneId: item.milestoneId, start: dateToCivil(item.start), end: dateToCivil(item.end) })),
      [...milestones, ...retired],
    );
    return {
      baseline: { id: baseline.id, name: baseline.name, note: baseline.note, createdAt: baseline.createdAt.toISOString() },
      rows,
      counts: countVariance(rows),
      end: projectEndVariance(rows, view.end?.id ?? null),
    };
  });
}

export type BaselineComparison = NonNullable<Awaited<ReturnType<typeof baselineComparison>>>;
