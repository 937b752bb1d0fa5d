// Milestones and their dependencies: the only module that reads or writes them.
import { prisma, writeTransaction } from "~/db.server";
import type { MilestoneKind, MilestoneStatus } from "~/domain/schedule";
import type { MilestoneUpdate } from "~/domain/schedule/forms.server";
import { countHealth, DUE_SOON_DAYS, milestoneHealth, plannedDatesChanged, type Health, type LinkType } from "~/domain/schedule";
import { noteMilestoneIdentityChanged, recomputeAll, refreshForecasts, scheduleVersion, storedForecasts } from "./schedule/forecast-store.server";
import { addDays, civilToDate, dateToCivil, today, type CivilDate } from "~/utils/dates";
import { recordAudit } from "./audit.server";
import { cachedRead, dataVersions } from "./read-cache.server";

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
  expectedEnd: true,
  expectedReason: true,
  retiredAt: true,
  retiredReason: true,
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
  expectedEnd: Date | null;
  expectedReason: string;
  retiredAt: Date | null;
  retiredReason: string;
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
    expectedEnd: row.expectedEnd ? dateToCivil(row.expectedEnd) : null,
    retiredAt: row.retiredAt ? row.retiredAt.toISOString() : null,
  };
}

export type Milestone = ReturnType<typeof toPlain>;

/** The plan's active milestones (retired ones are left out) and the dependencies between them. */
export async function listMilestones(projectId: number) {
  const [rows, dependencies] = await Promise.all([
    prisma.milestone.findMany({ where: { projectId, retiredAt: null }, select: milestoneSelect, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
    prisma.milestoneDependency.findMany({
      where: { successor: { projectId, retiredAt: null }, predecessor: { retiredAt: null } },
      select: { id: true, predecessorId: true, successorId: true, lagDays: true, type: true },
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
    if (plannedDatesChanged(current, update)) await noteMilestoneIdentityChanged(tx);
    await refreshForecasts(tx, projectId, [id], today());
    return { ok: true, version: update.version + 1 } as const;
  });
}

/** At most this many end milestones are offered on the schedule page (any code works through ?end=). */
export const END_CHOICES = 300;

/**
 * Every active milestone with its stored forecast, slip (and its cause), float, critical flag and
 * health as of `today`, as the schedule pages show them.
 */
export async function scheduleView(projectId: number, today: string) {
  await forecastsCurrent(projectId, today);
  return cachedRead(`schedule:${projectId}`, ["core", "schedule", "forecast"], today, () => computeScheduleView(projectId, today));
}

/**
 * Before a read of the forecasts: the first read of a new day brings them to that day, and a read
 * that finds the schedule changed by a write that did not refresh them (a direct database write, a
 * script) recomputes them all. Checked against the data versions the request reads anyway, so a read
 * with nothing new costs no query.
 */
const checked = new Map<number, string>();
export async function forecastsCurrent(projectId: number, today: string) {
  const stamp = `${today}|${(await dataVersions()).get("schedule") ?? -1n}`;
  if (checked.get(projectId) === stamp) return;
  await ensureForecastsCurrent(projectId, today);
  checked.set(projectId, `${today}|${(await dataVersions()).get("schedule") ?? -1n}`);
}

async function computeScheduleView(projectId: number, today: string) {
  const [{ milestones, dependencies }, stored] = await Promise.all([listMilestones(projectId), readForecasts(projectId)]);
  const codeOf = new Map(milestones.map((m) => [m.id, m.code]));
  type Link = { id: number; code: string; type: LinkType; lagDays: number };
  const predecessorsOf = new Map<number, Link[]>();
  const successorsOf = new Map<number, Link[]>();
  for (const d of dependencies) {
    if (!predecessorsOf.has(d.successorId)) predecessorsOf.set(d.successorId, []);
    if (!successorsOf.has(d.predecessorId)) successorsOf.set(d.predecessorId, []);
    const type = d.type === "SS" ? "SS" : "FS";
    predecessorsOf.get(d.successorId)!.push({ id: d.predecessorId, code: codeOf.get(d.predecessorId)!, type, lagDays: d.lagDays });
    successorsOf.get(d.predecessorId)!.push({ id: d.successorId, code: codeOf.get(d.successorId)!, type, lagDays: d.lagDays });
  }
  const rows = milestones.map((m) => {
    const f = stored.forecasts.get(m.id);
    // A milestone added since the forecasts were stored (and not yet refreshed) shows its plan.
    const forecast = f ?? { start: m.plannedStart, end: m.plannedEnd, slipDays: 0, ownSlipDays: 0, causeId: null, delayedBy: [], floatDays: null, critical: false };
    return {
      ...m,
      forecastStart: forecast.start,
      forecastEnd: forecast.end,
      slipDays: forecast.slipDays,
      ownSlipDays: forecast.ownSlipDays,
      cause: forecast.causeId !== null && codeOf.has(forecast.causeId) ? { id: forecast.causeId, code: codeOf.get(forecast.causeId)! } : null,
      delayedBy: forecast.delayedBy.filter((id) => codeOf.has(id)).map((id) => codeOf.get(id)!),
      floatDays: forecast.floatDays,
      critical: forecast.critical,
      health: milestoneHealth(m, forecast, today),
      predecessors: predecessorsOf.get(m.id) ?? [],
      successors: successorsOf.get(m.id) ?? [],
    };
  });
  const end = stored.endMilestoneId !== null ? rows.find((r) => r.id === stored.endMilestoneId) ?? null : null;
  return {
    rows,
    counts: countHealth(rows.map((row) => row.health)),
    // For the schedule page, computed once per state rather than per request over every row: how many
    // milestones are critical, and the ends a user may choose (key milestones and those without
    // successors, in plan order, at most END_CHOICES).
    criticalCount: rows.reduce((n, row) => n + (row.critical ? 1 : 0), 0),
    endChoices: rows
      .filter((row) => row.id !== stored.endMilestoneId && (row.isKey || row.successors.length === 0))
      .slice(0, END_CHOICES)
      .map((row) => ({ id: row.id, code: row.code, name: row.name, nameEn: row.nameEn })),
    end: end ? { id: end.id, code: end.code, name: end.name, nameEn: end.nameEn, plannedEnd: end.plannedEnd, forecastEnd: end.forecastEnd, slipDays: end.slipDays, cause: end.cause } : null,
  };
}

export type ScheduleView = Awaited<ReturnType<typeof scheduleView>>;
export type ScheduleRow = Awaited<ReturnType<typeof scheduleView>>["rows"][number];

/**
 * Called by the schedule's readers before they read forecasts: when the stored forecasts are of
 * another day (or missing), brings them to today in a write transaction. Cheap when they are current:
 * one indexed read.
 */
async function ensureForecastsCurrent(projectId: number, today: CivilDate): Promise<void> {
  const [state, versions] = await Promise.all([
    prisma.scheduleState.findUnique({ where: { projectId }, select: { asOf: true, scheduleVersion: true } }),
    dataVersions(),
  ]);
  const current = state && state.asOf.toISOString().slice(0, 10) === today && state.scheduleVersion === (versions.get("schedule") ?? -1n);
  if (current) return;
  await writeTransaction(async (tx) => {
    const latest = await tx.scheduleState.findUnique({ where: { projectId }, select: { scheduleVersion: true } });
    const bypassed = !latest || latest.scheduleVersion !== (await scheduleVersion(tx));
    return bypassed ? recomputeAll(tx, projectId, today) : refreshForecasts(tx, projectId, [], today);
  });
}

/** The schedule as of today for the views: stored forecasts with float, and the end the float runs to. */
async function readForecasts(projectId: number) {
  const [forecasts, state] = await Promise.all([storedForecasts(prisma, projectId), prisma.scheduleState.findUnique({ where: { projectId }, select: { endMilestoneId: true } })]);
  return {
    forecasts,
    endMilestoneId: state?.endMilestoneId ?? null,
  };
}

// ─── What the other areas read of the schedule ──────────────────────────────────────────────────

export type ScheduleFact = {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  kind: string;
  certificate: string | null;
  isKey: boolean;
  plannedEnd: CivilDate;
  forecastStart: CivilDate;
  forecastEnd: CivilDate;
  slipDays: number;
  done: boolean;
};

/**
 * Each active milestone as the cash flow, financing and sales read it: its identity, planned end and
 * stored forecast, done or not. Kept per state of the "forecast" area alone, so a progress report or a
 * note (which moves no forecast) leaves those views cached; a change of a milestone's identity or plan
 * bumps that area too (forecast-store.server.ts, noteMilestoneIdentityChanged).
 */
export async function scheduleFacts(projectId: number, today: string): Promise<{ rows: ScheduleFact[]; byId: Map<number, ScheduleFact> }> {
  await forecastsCurrent(projectId, today);
  const rows = await cachedRead(`schedule-facts:${projectId}`, ["forecast"], today, async () => {
    const raw = await prisma.$queryRawUnsafe<
      { id: number | bigint; code: string; name: string; nameEn: string; kind: string; certificate: string | null; isKey: number | bigint; plannedEnd: string; start: string; end: string; slipDays: number | bigint; done: number | bigint }[]
    >(
      `SELECT m."id" AS id, m."code" AS code, m."name" AS name, m."nameEn" AS nameEn, m."kind" AS kind, m."certificate" AS certificate, m."isKey" AS isKey,
              substr(m."plannedEnd", 1, 10) AS plannedEnd, substr(f."start", 1, 10) AS start, substr(f."end", 1, 10) AS end, f."slipDays" AS slipDays, f."done" AS done
         FROM "Milestone" m JOIN "MilestoneForecast" f ON f."milestoneId" = m."id"
        WHERE m."projectId" = ? AND m."retiredAt" IS NULL
        ORDER BY m."sortOrder", m."id"`,
      projectId,
    );
    return raw.map((r) => ({
      id: Number(r.id),
      code: r.code,
      name: r.name,
      nameEn: r.nameEn,
      kind: r.kind,
      certificate: r.certificate,
      isKey: Boolean(Number(r.isKey)),
      plannedEnd: r.plannedEnd,
      forecastStart: r.start,
      forecastEnd: r.end,
      slipDays: Number(r.slipDays),
      done: Boolean(Number(r.done)),
    }));
  });
  return { rows, byId: new Map(rows.map((r) => [r.id, r])) };
}

/**
 * What the dashboard shows of the schedule, computed by the database from the stored forecasts (no
 * milestone list is read): the health counts as of `today` (the same rule as milestoneHealth), the next
 * key or late milestones, the end milestone with the cause of its slip, and up to three critical
 * milestones that slip. A progress report recomputes only this, whatever the length of the plan.
 */
export async function scheduleSummary(projectId: number, today: CivilDate) {
  await forecastsCurrent(projectId, today);
  return cachedRead(`schedule-summary:${projectId}`, ["core", "schedule", "forecast"], today, async () => {
    // Dates are stored as ISO text beginning with the civil date, so "before day D" is a text comparison
    // with D itself (no per-row substr); "on or before D" is "before D + 1".
    const afterSoon = addDays(today, DUE_SOON_DAYS + 1);
    const health = `CASE WHEN m."status" = 'done' THEN 'done'
      WHEN m."plannedEnd" < ? THEN 'overdue'
      WHEN COALESCE(f."slipDays", 0) > 0 THEN 'slipping'
      WHEN m."plannedEnd" < ? THEN 'due_soon'
      WHEN m."status" = 'in_progress' THEN 'in_progress'
      ELSE 'upcoming' END`;
    const columns = `m."id" AS id, m."code" AS code, m."name" AS name, m."nameEn" AS nameEn,
        substr(m."plannedEnd", 1, 10) AS plannedEnd, substr(COALESCE(f."end", m."plannedEnd"), 1, 10) AS forecastEnd,
        COALESCE(f."slipDays", 0) AS slipDays, COALESCE(f."ownSlipDays", 0) AS ownSlipDays, f."causeId" AS causeId,
        m."expectedEnd" AS expectedEnd, m."expectedReason" AS expectedReason, ${health} AS health`;
    type Row = { id: number | bigint; code: string; name: string; nameEn: string; plannedEnd: string; forecastEnd: string; slipDays: number | bigint; ownSlipDays: number | bigint; causeId: number | bigint | null; expectedEnd: string | null; expectedReason: string; health: Health };
    const dates = [today, afterSoon];
    const [countRows, nextRows, criticalRows, state] = await Promise.all([
      // One pass over the plan for the counts, the only query that reads every milestone.
      prisma.$queryRawUnsafe<{ health: Health; n: number | bigint }[]>(
        `SELECT ${health} AS health, COUNT(*) AS n FROM "Milestone" m LEFT JOIN "MilestoneForecast" f ON f."milestoneId" = m."id"
          WHERE m."projectId" = ? AND m."retiredAt" IS NULL GROUP BY 1`,
        ...dates,
        projectId,
      ),
      // Key or late (an unfinished milestone past its planned end slips: its forecast ends today at the
      // earliest), not done, in plan order.
      prisma.$queryRawUnsafe<Row[]>(
        `SELECT ${columns} FROM "Milestone" m LEFT JOIN "MilestoneForecast" f ON f."milestoneId" = m."id"
          WHERE m."projectId" = ? AND m."retiredAt" IS NULL AND m."status" <> 'done' AND (m."isKey" = 1 OR f."slipDays" > 0 OR m."plannedEnd" < ?)
          ORDER BY m."sortOrder", m."id" LIMIT 6`,
        ...dates,
        projectId,
        today,
      ),
      // Critical and slipping: from the forecasts' (projectId, critical) index.
      prisma.$queryRawUnsafe<Row[]>(
        `SELECT ${columns} FROM "MilestoneForecast" f JOIN "Milestone" m ON m."id" = f."milestoneId"
          WHERE f."projectId" = ? AND f."critical" = 1 AND f."slipDays" > 0 AND m."status" <> 'done' AND m."retiredAt" IS NULL
          ORDER BY m."sortOrder", m."id" LIMIT 4`,
        ...dates,
        projectId,
      ),
      prisma.scheduleState.findUnique({ where: { projectId }, select: { endMilestoneId: true } }),
    ]);
    const endId = state?.endMilestoneId ?? null;
    const one = async (id: number | null) =>
      id === null
        ? null
        : ((await prisma.$queryRawUnsafe<Row[]>(
            `SELECT ${columns} FROM "Milestone" m LEFT JOIN "MilestoneForecast" f ON f."milestoneId" = m."id" WHERE m."id" = ? AND m."projectId" = ? AND m."retiredAt" IS NULL`,
            ...dates,
            id,
            projectId,
          ))[0] ?? null);
    const codeOf = async (id: number | bigint | null) => (id === null ? null : ((await prisma.milestone.findUnique({ where: { id: Number(id) }, select: { code: true } }))?.code ?? null));
    const endRow = await one(endId);
    const causeRow = endRow && Number(endRow.slipDays) > 0 ? (endRow.causeId !== null ? await one(Number(endRow.causeId)) : endRow) : null;
    const counts = countHealth([]);
    for (const r of countRows) counts[r.health] = Number(r.n);
    const critical = criticalRows.filter((r) => Number(r.id) !== endId).slice(0, 3);
    const causeCodes = await Promise.all(critical.map((r) => codeOf(r.causeId)));
    return {
      counts,
      nextKey: nextRows.map((r) => ({ id: Number(r.id), code: r.code, name: r.name, nameEn: r.nameEn, forecastEnd: r.forecastEnd, health: r.health })),
      end: endRow
        ? {
            id: Number(endRow.id),
            code: endRow.code,
            name: endRow.name,
            nameEn: endRow.nameEn,
            plannedEnd: endRow.plannedEnd,
            forecastEnd: endRow.forecastEnd,
            slipDays: Number(endRow.slipDays),
            cause: causeRow
              ? { id: Number(causeRow.id), code: causeRow.code, name: causeRow.name, nameEn: causeRow.nameEn, ownSlipDays: Number(causeRow.ownSlipDays), reason: causeRow.expectedEnd ? causeRow.expectedReason : "" }
              : null,
          }
        : null,
      criticalSlipping: critical.map((r, i) => ({ id: Number(r.id), code: r.code, name: r.name, nameEn: r.nameEn, slipDays: Number(r.slipDays), forecastEnd: r.forecastEnd, cause: causeCodes[i] })),
    };
  });
}
