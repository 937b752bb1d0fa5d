// The stored forecasts against the rules: after random changes written the way the app writes them
// (each write refreshing only what it can move), the stored forecasts, float and critical flags equal a
// full recompute; the dashboard's schedule summary, summed by the database, equals what the schedule
// page computes; a write that bypasses the refresh is found and recomputed on the next read.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma, writeTransaction } from "~/db.server";
import { criticalPath } from "~/domain/schedule/critical-path";
import { forecastAll } from "~/domain/schedule/forecast";
import { listMilestones, scheduleSummary, scheduleView } from "~/models/milestones.server";
import { refreshForecasts, storedForecasts } from "~/models/schedule/forecast-store.server";
import { addDays, civilToDate } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";

const TODAY = "2026-11-27";
let projectId: number;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  await scheduleView(projectId, TODAY); // the first read stores every forecast
});

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a full recompute gives for the data as it stands: forecasts, float and critical flags. */
async function fullRecompute(today: string) {
  const { milestones, dependencies } = await listMilestones(projectId);
  const forecasts = forecastAll(milestones, dependencies.map((d) => ({ ...d, type: d.type === "SS" ? ("SS" as const) : ("FS" as const) })), today);
  const project = await prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { endMilestoneId: true } });
  const cp = criticalPath(
    milestones.map((m) => ({ id: m.id, start: forecasts.get(m.id)!.start, end: forecasts.get(m.id)!.end, done: m.status === "done" })),
    dependencies.map((d) => ({ from: d.predecessorId, to: d.successorId, type: d.type === "SS" ? ("SS" as const) : ("FS" as const), lagDays: d.lagDays })),
    { endId: project.endMilestoneId ?? undefined, maxPaths: 1 },
  );
  if (!cp.ok) throw new Error("cycle");
  return new Map(milestones.map((m) => [m.id, { ...forecasts.get(m.id)!, floatDays: cp.byId.get(m.id)!.totalFloatDays, critical: cp.byId.get(m.id)!.onCriticalPath, done: m.status === "done" }]));
}

describe("stored forecasts", () => {
  it("equal a full recompute after each of many random changes written with an incremental refresh", async () => {
    const rand = random(16);
    const milestones = await prisma.milestone.findMany({ where: { projectId }, select: { id: true, plannedStart: true, plannedEnd: true } });
    const pick = () => milestones[Math.floor(rand() * milestones.length)];
    for (let step = 0; step < 30; step++) {
      const m = pick();
      const roll = rand();
      await writeTransaction(async (tx) => {
        let networkChanged = false;
        let seeds = [m.id];
        if (roll < 0.35) {
          // A known delay, or its removal.
          const expected = rand() < 0.3 ? null : civilToDate(addDays(m.plannedEnd.toISOString().slice(0, 10), Math.floor(rand() * 60)));
          await tx.milestone.update({ where: { id: m.id }, data: { expectedEnd: expected, expectedReason: expected ? "随机延误" : "" } });
        } else if (roll < 0.6) {
          // The plan moves.
          const shift = Math.floor(rand() * 41) - 20;
          const start = new Date(m.plannedStart.getTime() + shift * 86_400_000);
          const end = new Date(m.plannedEnd.getTime() + shift * 86_400_000);
          await tx.milestone.update({ where: { id: m.id }, data: { plannedStart: start, plannedEnd: end } });
          m.plannedStart = start;
          m.plannedEnd = end;
        } else if (roll < 0.8) {
          // A new link, from an earlier-planned milestone (never a cycle), or a link removed.
          const other = pick();
          const [from, to] = other.plannedEnd < m.plannedEnd ? [other, m] : [m, other];
          const exists = await tx.milestoneDependency.findFirst({ where: { predecessorId: from.id, successorId: to.id } });
          const reverse = await tx.milestoneDependency.findFirst({ where: { predecessorId: to.id, successorId: from.id } });
          if (from.id === to.id || reverse) return;
          if (exists) await tx.milestoneDependency.delete({ where: { id: exists.id } });
          else await tx.milestoneDependency.create({ data: { predecessorId: from.id, successorId: to.id, type: rand() < 0.5 ? "SS" : "FS", lagDays: Math.floor(rand() * 11) - 5 } });
          seeds = [to.id];
          networkChanged = true;
        } else {
          // Progress: started, or done on a day before today.
          const done = rand() < 0.5;
          const startOn = m.plannedStart.toISOString().slice(0, 10) < TODAY ? m.plannedStart : civilToDate(addDays(TODAY, -3));
          await tx.milestone.update({
            where: { id: m.id },
            data: done ? { status: "done", actualStart: startOn, actualEnd: civilToDate(addDays(TODAY, -1)), percentComplete: 100 } : { status: "in_progress", actualStart: startOn, actualEnd: null },
          });
        }
        await refreshForecasts(tx, projectId, seeds, TODAY, { networkChanged });
      });
      const [stored, full] = await Promise.all([storedForecasts(prisma, projectId), fullRecompute(TODAY)]);
      expect(Object.fromEntries(stored), `step ${step}`).toEqual(Object.fromEntries(full));
    }
  });

  it("are brought to a new day by the first read of that day", async () => {
    const later = "2027-02-15";
    await scheduleView(projectId, later);
    expect(Object.fromEntries(await storedForecasts(prisma, projectId))).toEqual(Object.fromEntries(await fullRecompute(later)));
    await scheduleView(projectId, TODAY);
  });

  it("are recomputed on the next read after a write that bypassed the refresh", async () => {
    const m = await prisma.milestone.findFirstOrThrow({ where: { projectId, code: "M10" } });
    await prisma.milestone.update({ where: { id: m.id }, data: { expectedEnd: civilToDate("2027-04-30"), expectedReason: "直接写入" } });
    const view = await scheduleView(projectId, TODAY);
    expect(view.rows.find((r) => r.code === "M10")!.forecastEnd).toBe("2027-04-30");
    expect(Object.fromEntries(await storedForecasts(prisma, projectId))).toEqual(Object.fromEntries(await fullRecompute(TODAY)));
  });

  it("sum for the dashboard, in the database, to what the schedule page computes", async () => {
    const [view, summary] = await Promise.all([scheduleView(projectId, TODAY), scheduleSummary(projectId, TODAY)]);
    expect(summary.counts).toEqual(view.counts);
    expect(summary.nextKey).toEqual(
      view.rows
        .filter((r) => r.health !== "done" && (r.isKey || r.health === "overdue" || r.health === "slipping"))
        .slice(0, 6)
        .map((r) => ({ id: r.id, code: r.code, name: r.name, nameEn: r.nameEn, forecastEnd: r.forecastEnd, health: r.health })),
    );
    expect(summary.end).toMatchObject({ id: view.end!.id, forecastEnd: view.end!.forecastEnd, slipDays: view.end!.slipDays });
    expect(summary.criticalSlipping.map((r) => r.code)).toEqual(
      view.rows.filter((r) => r.critical && r.slipDays > 0 && r.health !== "done" && r.id !== view.end!.id).slice(0, 3).map((r) => r.code),
    );
  });
});
