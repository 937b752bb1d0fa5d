// Weekly meetings, the chair roster and action items: the only module that touches them.
import { prisma } from "~/db.server";
import { dateToCivil } from "~/utils/dates";

const personSelect = { id: true, name: true, nameEn: true, title: true, titleEn: true } as const;

export async function meetingsOverview(projectId: number) {
  const [roster, meetings, openActions] = await Promise.all([
    prisma.chairRosterEntry.findMany({ where: { projectId }, orderBy: { position: "asc" }, select: { position: true, person: { select: personSelect } } }),
    prisma.meeting.findMany({
      where: { projectId },
      orderBy: { startsAt: "desc" },
      take: 20,
      select: { id: true, startsAt: true, theme: true, themeEn: true, status: true, chair: { select: personSelect } },
    }),
    listOpenActionItems(projectId),
  ]);
  return {
    roster,
    meetings: meetings.map((meeting) => ({ ...meeting, startsAt: meeting.startsAt.toISOString() })),
    openActions,
  };
}

export async function listOpenActionItems(projectId: number) {
  const rows = await prisma.actionItem.findMany({
    where: { status: "open", meeting: { projectId } },
    orderBy: [{ dueOn: "asc" }, { id: "asc" }],
    select: {
      id: true,
      title: true,
      dueOn: true,
      status: true,
      department: { select: { name: true, nameEn: true } },
      owner: { select: personSelect },
    },
  });
  return rows.map((row) => ({ ...row, dueOn: dateToCivil(row.dueOn) }));
}

export async function nextMeeting(projectId: number, now: Date) {
  const meeting = await prisma.meeting.findFirst({
    where: { projectId, startsAt: { gte: new Date(now.getTime() - 4 * 60 * 60 * 1000) }, status: { not: "closed" } },
    orderBy: { startsAt: "asc" },
    select: { id: true, startsAt: true, theme: true, themeEn: true, chair: { select: personSelect } },
  });
  return meeting ? { ...meeting, startsAt: meeting.startsAt.toISOString() } : null;
}
