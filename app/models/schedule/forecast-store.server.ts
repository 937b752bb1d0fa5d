// The stored forecasts (MilestoneForecast) and the schedule's state (ScheduleState): the only module
// that writes them. A write that changes the plan or a milestone's progress calls refreshForecasts in
// its own transaction with the milestones it changed; the forecast engine (domain/schedule/forecast.ts)
// recomputes those and their successors, stopping where nothing moved, and only rows that changed are
// written (so the "forecast" data version moves only when a forecast did). The float and the critical
// path to the end milestone are recomputed over the whole network when a forecast or the network moved.
// The first read of a new day brings the forecasts to today the same way (the milestones today's date
// moves are the seeds).
//
// SQLite: the descendants of the changed milestones come from one recursive query; the tables are read
// with raw SQL (civil dates are the first 10 characters of Prisma's DateTime text).
import type { Prisma } from "@prisma/client";
import { criticalPath } from "~/domain/schedule/critical-path";
import {
  forecastAll,
  movedByToday,
  recomputeForecasts,
  sameForecast,
  type EngineDependency,
  type EngineMilestone,
  type Forecast,
  type LinkType,
} from "~/domain/schedule/forecast";
import { civilToDate, type CivilDate } from "~/utils/dates";

type Tx = Prisma.TransactionClient;
type Client = Pick<Tx, "$queryRawUnsafe">;

type MilestoneRowSql = {
  id: number;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string | null;
  actualEnd: string | null;
  status: EngineMilestone["status"];
  expectedEnd: string | null;
};
type DependencyRowSql = { predecessorId: number; successorId: number; lagDays: number; type: string };
type ForecastRowSql = {
  milestoneId: number;
  start: string;
  end: string;
  done: number | bigint | boolean;
  slipDays: number;
  ownSlipDays: number;
  causeId: number | null;
  delayedBy: string;
  floatDays: number | null;
  critical: number | bigint | boolean;
};

const MILESTONE_COLUMNS = `m."id" AS id, substr(m."plannedStart", 1, 10) AS plannedStart, substr(m."plannedEnd", 1, 10) AS plannedEnd,
  substr(m."actualStart", 1, 10) AS actualStart, substr(m."actualEnd", 1, 10) AS actualEnd, m."status" AS status,
  substr(m."expectedEnd", 1, 10) AS expectedEnd`;
const FORECAST_COLUMNS = `f."milestoneId" AS milestoneId, substr(f."start", 1, 10) AS start, substr(f."end", 1, 10) AS end, f."done" AS done,
  f."slipDays" AS slipDays, f."ownSlipDays" AS ownSlipDays, f."causeId" AS causeId, f."delayedBy" AS delayedBy,
  f."floatDays" AS floatDays, f."critical" AS critical`;

const num = (v: number | bigint) => Number(v);
const toMilestone = (r: MilestoneRowSql): EngineMilestone => ({ ...r, id: num(r.id) });
const toDependency = (r: DependencyRowSql): EngineDependency => ({
  predecessorId: num(r.predecessorId),
  successorId: num(r.successorId),
  lagDays: num(r.lagDays),
  type: r.type === "SS" ? "SS" : "FS",
});
const toForecast = (r: ForecastRowSql): Forecast => ({
  start: r.start,
  end: r.end,
  slipDays: num(r.slipDays),
  ownSlipDays: num(r.ownSlipDays),
  causeId: r.causeId === null ? null : num(r.causeId),
  delayedBy: r.delayedBy ? r.delayedBy.split(",").map(Number) : [],
});

async function activeMilestones(db: Client, projectId: number, ids?: number[]): Promise<EngineMilestone[]> {
  const rows = ids
    ? await db.$queryRawUnsafe<MilestoneRowSql[]>(
        `SELECT ${MILESTONE_COLUMNS} FROM "Milestone" m JOIN json_each(?) j ON j.value = m."id" WHERE m."projectId" = ? AND m."retiredAt" IS NULL`,
        JSON.stringify(ids),
        projectId,
      )
    : await db.$queryRawUnsafe<MilestoneRowSql[]>(
        `SELECT ${MILESTONE_COLUMNS} FROM "Milestone" m WHERE m."projectId" = ? AND m."retiredAt" IS NULL`,
        projectId,
      );
  return rows.map(toMilestone);
}

/** Dependencies between two active milestones of the project. */
async function activeDependencies(db: Client, projectId: number): Promise<EngineDependency[]> {
  const rows = await db.$queryRawUnsafe<DependencyRowSql[]>(
    `SELECT d."predecessorId" AS predecessorId, d."successorId" AS successorId, d."lagDays" AS lagDays, d."type" AS type
       FROM "MilestoneDependency" d
       JOIN "Milestone" p ON p."id" = d."predecessorId" AND p."retiredAt" IS NULL
       JOIN "Milestone" s ON s."id" = d."successorId" AND s."retiredAt" IS NULL
      WHERE s."projectId" = ?`,
    projectId,
  );
  return rows.map(toDependency);
}

export async function storedForecasts(db: Client, projectId: number, ids?: number[]): Promise<Map<number, Forecast & { floatDays: number | null; critical: boolean; done: boolean }>> {
  const rows = ids
    ? await db.$queryRawUnsafe<ForecastRowSql[]>(
        `SELECT ${FORECAST_COLUMNS} FROM "MilestoneForecast" f JOIN json_each(?) j ON j.value = f."milestoneId" WHERE f."projectId" = ?`,
        JSON.stringify(ids),
        projectId,
      )
    : await db.$queryRawUnsafe<ForecastRowSql[]>(`SELECT ${FORECAST_COLUMNS} FROM "MilestoneForecast" f WHERE f."projectId" = ?`, projectId);
  return new Map(
    rows.map((r) => [num(r.milestoneId), { ...toForecast(r), floatDays: r.floatDays === null ? null : num(r.floatDays), critical: Boolean(Number(r.critical)), done: Boolean(Number(r.done)) }]),
  );
}

const forecastData = (f: Forecast, done: boolean) => ({
  start: civilToDate(f.start),
  end: civilToDate(f.end),
  done,
  slipDays: f.slipDays,
  ownSlipDays: f.ownSlipDays,
  causeId: f.causeId,
  delayedBy: f.delayedBy.join(","),
});

export type RefreshOutcome = { mode: "incremental" | "full"; recomputed: number; changed: number; floatChanged: number };

/**
 * Brings the stored forecasts up to date after a change to `seeds` (milestones edited, added, retired
 * or whose dependencies changed; for a retired one pass its former successors). `networkChanged` when
 * a dependency, a retirement or the end milestone changed (the float must be recomputed even if no
 * forecast moved). Call inside the write's transaction.
 */
export async function refreshForecasts(
  tx: Tx,
  projectId: number,
  seeds: number[],
  today: CivilDate,
  options: { networkChanged?: boolean } = {},
): Promise<RefreshOutcome> {
  const state = await tx.scheduleState.findUnique({ where: { projectId } });
  if (!state) return recomputeAll(tx, projectId, today);
  // Forecasts computed as of another day: today's date moves some of them too.
  const asOf = state.asOf.toISOString().slice(0, 10);
  const allSeeds = new Set(seeds);
  if (asOf !== today) for (const id of await seedsForToday(tx, projectId, today)) allSeeds.add(id);

  const reachedIds = await descendants(tx, projectId, [...allSeeds]);
  const milestones = new Map((await activeMilestones(tx, projectId, reachedIds)).map((m) => [m.id, m]));
  const dependencyRows = await tx.$queryRawUnsafe<DependencyRowSql[]>(
    `SELECT d."predecessorId" AS predecessorId, d."successorId" AS successorId, d."lagDays" AS lagDays, d."type" AS type
       FROM "MilestoneDependency" d JOIN json_each(?) j ON j.value = d."successorId"
       JOIN "Milestone" p ON p."id" = d."predecessorId" AND p."retiredAt" IS NULL`,
    JSON.stringify(reachedIds),
  );
  const predecessorsOf = new Map<number, EngineDependency[]>();
  const successorsOf = new Map<number, number[]>();
  const outsidePredecessors = new Set<number>();
  for (const d of dependencyRows.map(toDependency)) {
    (predecessorsOf.get(d.successorId) ?? predecessorsOf.set(d.successorId, []).get(d.successorId)!).push(d);
    (successorsOf.get(d.predecessorId) ?? successorsOf.set(d.predecessorId, []).get(d.predecessorId)!).push(d.successorId);
    if (!milestones.has(d.predecessorId)) outsidePredecessors.add(d.predecessorId);
  }
  // The engine counts a predecessor only if it knows the milestone: those outside the reached part
  // (not moved by this change, e.g. the predecessor of a new link) are known too, with their stored forecast.
  for (const m of await activeMilestones(tx, projectId, [...outsidePredecessors])) milestones.set(m.id, m);
  const stored = await storedForecasts(tx, projectId, [...new Set([...reachedIds, ...outsidePredecessors])]);
  const result = recomputeForecasts(
    allSeeds,
    {
      milestone: (id) => milestones.get(id),
      predecessors: (id) => predecessorsOf.get(id) ?? [],
      successors: (id) => successorsOf.get(id) ?? [],
      stored: (id) => stored.get(id),
    },
    today,
  );
  if (!result.ok) return recomputeAll(tx, projectId, today);

  for (const [id, forecast] of result.changed) {
    const data = forecastData(forecast, milestones.get(id)!.status === "done");
    await tx.milestoneForecast.upsert({ where: { milestoneId: id }, create: { milestoneId: id, projectId, ...data }, update: data });
  }
  // A done flag can change without moving a date (done on the forecast day).
  for (const id of allSeeds) {
    const m = milestones.get(id);
    const s = stored.get(id);
    if (m && s && !result.changed.has(id) && s.done !== (m.status === "done")) {
      await tx.milestoneForecast.update({ where: { milestoneId: id }, data: { done: m.status === "done" } });
      result.changed.set(id, s);
    }
  }
  // Retired milestones lose their forecast row (a retirement always comes with networkChanged).
  if (options.networkChanged) await tx.milestoneForecast.deleteMany({ where: { projectId, milestone: { retiredAt: { not: null } } } });
  const floatChanged = result.changed.size > 0 || options.networkChanged ? await refreshFloat(tx, projectId) : 0;
  await tx.scheduleState.update({ where: { projectId }, data: { asOf: civilToDate(today), scheduleVersion: await scheduleVersion(tx) } });
  return { mode: "incremental", recomputed: result.recomputed, changed: result.changed.size, floatChanged };
}

/** Every forecast from scratch (first use, or a network the incremental pass cannot order). */
export async function recomputeAll(tx: Tx, projectId: number, today: CivilDate): Promise<RefreshOutcome> {
  const milestones = await activeMilestones(tx, projectId);
  const dependencies = await activeDependencies(tx, projectId);
  const forecasts = forecastAll(milestones, dependencies, today);
  const stored = await storedForecasts(tx, projectId);
  const active = new Set(milestones.map((m) => m.id));
  let changed = 0;
  const creates: Prisma.MilestoneForecastCreateManyInput[] = [];
  for (const m of milestones) {
    const forecast = forecasts.get(m.id)!;
    const before = stored.get(m.id);
    const done = m.status === "done";
    if (before && sameForecast(before, forecast) && before.done === done) continue;
    changed += 1;
    if (before) await tx.milestoneForecast.update({ where: { milestoneId: m.id }, data: forecastData(forecast, done) });
    else creates.push({ milestoneId: m.id, projectId, ...forecastData(forecast, done) });
  }
  for (let i = 0; i < creates.length; i += 500) await tx.milestoneForecast.createMany({ data: creates.slice(i, i + 500) });
  const gone = [...stored.keys()].filter((id) => !active.has(id));
  if (gone.length > 0) await tx.milestoneForecast.deleteMany({ where: { milestoneId: { in: gone } } });
  const floatChanged = await refreshFloat(tx, projectId);
  const version = await scheduleVersion(tx);
  await tx.scheduleState.upsert({
    where: { projectId },
    create: { projectId, asOf: civilToDate(today), scheduleVersion: version },
    update: { asOf: civilToDate(today), scheduleVersion: version },
  });
  return { mode: "full", recomputed: milestones.length, changed, floatChanged };
}

/** Total float and the critical path to the project's end milestone, over the stored forecasts. */
async function refreshFloat(tx: Tx, projectId: number): Promise<number> {
  const [project, stored, dependencies] = await Promise.all([
    tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { endMilestoneId: true } }),
    storedForecasts(tx, projectId),
    activeDependencies(tx, projectId),
  ]);
  const activities = [...stored].map(([id, f]) => ({ id, start: f.start, end: f.end, done: f.done }));
  const endId = project.endMilestoneId !== null && stored.has(project.endMilestoneId) ? project.endMilestoneId : undefined;
  const result = criticalPath(
    activities,
    dependencies.map((d) => ({ from: d.predecessorId, to: d.successorId, type: (d.type ?? "FS") as LinkType, lagDays: d.lagDays })),
    { endId, maxPaths: 1 },
  );
  let changed = 0;
  if (!result.ok) return 0; // a cycle (refused by the editor; older data): the float stays as it was
  for (const a of result.activities) {
    const before = stored.get(a.id)!;
    if (before.floatDays === a.totalFloatDays && before.critical === a.onCriticalPath) continue;
    changed += 1;
    await tx.milestoneForecast.update({ where: { milestoneId: a.id }, data: { floatDays: a.totalFloatDays, critical: a.onCriticalPath } });
  }
  const endFinish = result.endFinish ? civilToDate(result.endFinish) : null;
  const state = await tx.scheduleState.findUnique({ where: { projectId } });
  if (!state || state.endMilestoneId !== result.endId || state.endFinish?.getTime() !== endFinish?.getTime()) {
    await tx.scheduleState.upsert({
      where: { projectId },
      create: { projectId, asOf: new Date(), endMilestoneId: result.endId, endFinish },
      update: { endMilestoneId: result.endId, endFinish },
    });
  }
  return changed;
}

/**
 * A milestone's identity or plan changed (code, names, kind, certificate, key flag, planned dates)
 * without necessarily moving a forecast: the views built on the "forecast" area (scheduleFacts) must
 * follow, so its counter moves.
 */
export async function noteMilestoneIdentityChanged(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'forecast'`);
}

/** The "schedule" data version as this transaction sees it (its own writes included). */
export async function scheduleVersion(tx: Tx): Promise<bigint> {
  const rows = await tx.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT "n" AS n FROM "DataVersion" WHERE "area" = 'schedule'`);
  return BigInt(rows[0]?.n ?? 0);
}

/**
 * For a write to the schedule's area that cannot move a forecast (a baseline, a document): records that
 * the stored forecasts are still current, so the next read does not recompute them all.
 */
export async function acknowledgeScheduleWrite(tx: Tx, projectId: number): Promise<void> {
  await tx.scheduleState.updateMany({ where: { projectId }, data: { scheduleVersion: await scheduleVersion(tx) } });
}

/** The changed milestones and every milestone after them (recursive over the dependencies). */
async function descendants(tx: Tx, projectId: number, seeds: number[]): Promise<number[]> {
  if (seeds.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<{ id: number | bigint }[]>(
    `WITH RECURSIVE reach(id) AS (
       SELECT value FROM json_each(?)
       UNION
       SELECT d."successorId" FROM "MilestoneDependency" d JOIN reach r ON d."predecessorId" = r.id
     )
     SELECT r.id AS id FROM reach r JOIN "Milestone" m ON m."id" = r.id AND m."projectId" = ? AND m."retiredAt" IS NULL`,
    JSON.stringify(seeds),
    projectId,
  );
  return rows.map((r) => num(r.id));
}

/** The milestones today's date moves: unfinished, and their stored start (not started) or end before today. */
export async function seedsForToday(db: Client, projectId: number, today: CivilDate): Promise<number[]> {
  const rows = await db.$queryRawUnsafe<{ id: number; started: number; start: string; end: string }[]>(
    `SELECT f."milestoneId" AS id, (m."actualStart" IS NOT NULL) AS started, substr(f."start", 1, 10) AS start, substr(f."end", 1, 10) AS end
       FROM "MilestoneForecast" f JOIN "Milestone" m ON m."id" = f."milestoneId"
      WHERE f."projectId" = ? AND f."done" = 0 AND (substr(f."end", 1, 10) < ? OR (m."actualStart" IS NULL AND substr(f."start", 1, 10) < ?))`,
    projectId,
    today,
    today,
  );
  const moved = movedByToday(
    rows.map((r) => ({ id: num(r.id), done: false, started: Boolean(Number(r.started)), start: r.start, end: r.end })),
    today,
  );
  // Milestones without a stored forecast (added outside the editor) are computed too.
  const missing = await db.$queryRawUnsafe<{ id: number }[]>(
    `SELECT m."id" AS id FROM "Milestone" m LEFT JOIN "MilestoneForecast" f ON f."milestoneId" = m."id"
      WHERE m."projectId" = ? AND m."retiredAt" IS NULL AND f."milestoneId" IS NULL`,
    projectId,
  );
  return [...moved, ...missing.map((r) => num(r.id))];
}

