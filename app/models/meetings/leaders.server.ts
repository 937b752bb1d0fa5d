// 领导分工: which leader is in charge of which area. Read by the meeting series (a theme's leader chairs)
// and the monthly pack (an area's leader writes its commentary); kept on /settings/leaders.
import { prisma, writeTransaction } from "~/db.server";
import { LEADER_AREAS, type LeaderArea } from "~/domain/meetings/areas";
import { recordAudit } from "../audit.server";

type Actor = { userId: number | null };

/** Every area with its leader (null: nobody in charge yet), and the active people to choose from. */
export async function leadersView(projectId: number) {
  const [rows, people] = await Promise.all([
    prisma.areaLeader.findMany({ where: { projectId }, select: { area: true, personId: true, updatedAt: true } }),
    prisma.person.findMany({ where: { projectId, active: true }, orderBy: { id: "asc" }, select: { id: true, name: true, nameEn: true, title: true, titleEn: true, department: { select: { name: true, nameEn: true } } } }),
  ]);
  const byArea = new Map(rows.map((r) => [r.area, r]));
  return {
    areas: LEADER_AREAS.map((area) => ({ area, personId: byArea.get(area)?.personId ?? null, updatedAt: byArea.get(area)?.updatedAt.toISOString() ?? null })),
    people,
  };
}

/** The leader of one area (null when nobody is in charge). */
export async function leaderOf(projectId: number, area: LeaderArea) {
  const row = await prisma.areaLeader.findUnique({ where: { projectId_area: { projectId, area } }, select: { personId: true } });
  return row?.personId ?? null;
}

/** Saves the whole 分工 at once: each area's leader (or none); only the changed areas are written and audited. */
export async function saveLeaders(projectId: number, leaders: Record<LeaderArea, number | null>, actor: Actor) {
  return writeTransaction(async (tx) => {
    const chosen = [...new Set(Object.values(leaders).filter((id): id is number => id !== null))];
    const valid = await tx.person.findMany({ where: { projectId, id: { in: chosen }, active: true }, select: { id: true } });
    const validIds = new Set(valid.map((p) => p.id));
    const bad = LEADER_AREAS.find((area) => leaders[area] !== null && !validIds.has(leaders[area]!));
    if (bad) return { ok: false as const, field: bad, message: "invalid_choice" };
    const before = new Map((await tx.areaLeader.findMany({ where: { projectId }, select: { area: true, personId: true } })).map((r) => [r.area, r.personId]));
    let changed = 0;
    for (const area of LEADER_AREAS) {
      const was = before.get(area) ?? null;
      const now = leaders[area];
      if (was === now) continue;
      changed++;
      if (now === null) await tx.areaLeader.delete({ where: { projectId_area: { projectId, area } } });
      else await tx.areaLeader.upsert({ where: { projectId_area: { projectId, area } }, create: { projectId, area, personId: now }, update: { personId: now } });
      await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "AreaLeader", entityId: projectId, action: "update", before: { area, personId: was }, after: { area, personId: now } });
    }
    return { ok: true as const, changed };
  });
}
