// 绩效考核 / 责任追溯: the rows the accountability scorecard is computed from (domain/meetings/scorecard.ts
// has the definitions). Four queries load the project's departments, people, action items (with the date
// of the meeting each was set at) and milestones not retired; that load is cached per project on the
// areas it reads, and the scorecard of a month range is computed from it (in memory, cheap).
//
// Stable API (the monthly executive pack calls it with { from: month, to: month }):
//   scorecardView(projectId, { from: "YYYY-MM", to: "YYYY-MM" }, today: "YYYY-MM-DD")
import { prisma } from "~/db.server";
import { normalizeRange, monthList, scorecard, type Scorecard, type ScorecardInput } from "~/domain/meetings/scorecard";
import { dateToCivil, instantInShanghai, monthOf } from "~/utils/dates";
import { cachedRead } from "../read-cache.server";

export type { Row, MilestoneRow, MilestoneCounts, MonthScore, ItemRow, ItemState, CarriedItem, Scorecard } from "~/domain/meetings/scorecard";

type ScorecardData = Omit<ScorecardInput, "months"> & { firstMonth: string | null };

export type ScorecardView = Scorecard & {
  /** The range reported after clamping (at most 24 months, none after the current month). */
  range: { from: string; to: string };
  /** The month of the project's first meeting (null: no meeting yet). */
  firstMonth: string | null;
  /** Every department and person of the project, for names (rows list only those with figures). */
  allDepartments: ScorecardData["departments"];
  allPeople: ScorecardData["people"];
};

const meetingDate = (instant: Date) => instantInShanghai(instant.toISOString()).date;

async function loadScorecardData(projectId: number): Promise<ScorecardData> {
  const [departments, people, items, milestones] = await Promise.all([
    prisma.department.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, name: true, nameEn: true, planned: true } }),
    prisma.person.findMany({ where: { projectId }, orderBy: { id: "asc" }, select: { id: true, name: true, nameEn: true, departmentId: true } }),
    prisma.actionItem.findMany({
      where: { meeting: { projectId } },
      orderBy: { id: "asc" },
      select: { id: true, title: true, departmentId: true, ownerId: true, dueOn: true, status: true, doneOn: true, meeting: { select: { startsAt: true } } },
    }),
    prisma.milestone.findMany({
      where: { projectId, retiredAt: null },
      orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
      select: { id: true, code: true, name: true, nameEn: true, departmentId: true, plannedEnd: true, actualEnd: true, status: true },
    }),
  ]);
  let first: string | null = null;
  const rows = items.map((item) => {
    const setOn = meetingDate(item.meeting.startsAt);
    if (first === null || setOn < first) first = setOn;
    return {
      id: item.id,
      title: item.title,
      meetingDate: setOn,
      departmentId: item.departmentId,
      ownerId: item.ownerId,
      dueOn: dateToCivil(item.dueOn),
      status: item.status,
      doneOn: item.doneOn ? dateToCivil(item.doneOn) : null,
    };
  });
  if (first === null) {
    const meeting = await prisma.meeting.findFirst({ where: { projectId }, orderBy: { startsAt: "asc" }, select: { startsAt: true } });
    if (meeting) first = meetingDate(meeting.startsAt);
  }
  return {
    firstMonth: first === null ? null : monthOf(first),
    departments,
    people,
    items: rows,
    milestones: milestones.map((m) => ({ ...m, plannedEnd: dateToCivil(m.plannedEnd), actualEnd: m.actualEnd ? dateToCivil(m.actualEnd) : null })),
  };
}

/**
 * The scorecard of the months `range.from`..`range.to` ("YYYY-MM") as of `today` ("YYYY-MM-DD"). The
 * range is clamped, never rejected: a month that is not "YYYY-MM" takes its default (the last 6 months
 * through the current month, not before the first meeting's), the ends are put in order, nothing after
 * the current month, at most 24 months (the last ones).
 */
export async function scorecardView(projectId: number, range: { from: string; to: string }, today: string): Promise<ScorecardView> {
  const data = await cachedRead(`scorecard-data:${projectId}`, ["core", "meetings", "schedule"], "", () => loadScorecardData(projectId));
  const clamped = normalizeRange(range, today, data.firstMonth);
  const months = monthList(clamped.from, clamped.to);
  return { ...scorecard({ ...data, months }, today), range: clamped, firstMonth: data.firstMonth, allDepartments: data.departments, allPeople: data.people };
}

/** The default range's inputs (for a page that has not been given one): the first meeting's month. */
export async function scorecardFirstMonth(projectId: number): Promise<string | null> {
  const data = await cachedRead(`scorecard-data:${projectId}`, ["core", "meetings", "schedule"], "", () => loadScorecardData(projectId));
  return data.firstMonth;
}
