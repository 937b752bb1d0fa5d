// Total float and the critical path to a CHOSEN end milestone (the stored float in MilestoneForecast
// runs to the project's default end, Project.endMilestoneId): the critical-path engine over the stored
// forecasts and the active dependencies, as the schedule view holds them. Cached per end milestone.
import { criticalPath, type LinkType } from "~/domain/schedule/critical-path";
import { scheduleView } from "../milestones.server";
import { cachedRead } from "../read-cache.server";

const CACHE_SLOTS = 8;

export type CriticalToEnd =
  | {
      ok: true;
      endId: number;
      endCode: string;
      /** The end milestone's forecast finish. */
      endFinish: string | null;
      /** Total float in days per milestone id; null when the milestone does not lead to the end. */
      floatById: Record<number, number | null>;
      criticalIds: number[];
      criticalLinks: { from: number; to: number; type: LinkType; lagDays: number }[];
    }
  | { ok: false; reason: "cycle"; cycles: number[][] };

/** null when the end is not an active milestone of the project. */
export async function criticalToEnd(projectId: number, endMilestoneId: number, today: string): Promise<CriticalToEnd | null> {
  const view = await scheduleView(projectId, today);
  const end = view.rows.find((row) => row.id === endMilestoneId);
  if (!end) return null;
  // Cached per end, in a few slots per project (the end's id in `extra`), so that choosing every
  // milestone in turn as the end cannot hold a whole float table per milestone in memory.
  return cachedRead(`critical:${projectId}:${endMilestoneId % CACHE_SLOTS}`, ["core", "schedule", "forecast"], `${today}|${endMilestoneId}`, async (): Promise<CriticalToEnd> => {
    const activities = view.rows.map((row) => ({ id: row.id, start: row.forecastStart, end: row.forecastEnd, done: row.status === "done" }));
    const links = view.rows.flatMap((row) => row.predecessors.map((p) => ({ from: p.id, to: row.id, type: p.type, lagDays: p.lagDays })));
    const result = criticalPath(activities, links, { endId: endMilestoneId, maxPaths: 1 });
    if (!result.ok) return result.reason === "cycle" ? { ok: false, reason: "cycle", cycles: result.cycles } : { ok: false, reason: "cycle", cycles: [] };
    // Plain objects only: cached values are frozen and shared (no Map).
    const floatById: Record<number, number | null> = {};
    for (const a of result.activities) floatById[a.id] = a.totalFloatDays;
    return {
      ok: true,
      endId: end.id,
      endCode: end.code,
      endFinish: result.endFinish,
      floatById,
      criticalIds: result.activities.filter((a) => a.onCriticalPath).map((a) => a.id),
      criticalLinks: result.criticalLinks.map((l) => ({ from: l.from, to: l.to, type: l.type, lagDays: l.lagDays })),
    };
  });
}
