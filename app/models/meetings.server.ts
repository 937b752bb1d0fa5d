// The weekly meeting series, its chair roster, meetings, agenda items, action items and reports: the
// only module that touches them. The agenda of a meeting not yet started is built live from the other
// areas; starting the meeting freezes it into AgendaItem rows, so the record shows what was discussed.
import { prisma } from "~/db.server";
import { budgetTable } from "~/models/capital.server";
import { refusalGroups } from "~/models/cost/refusals.server";
import { cashflowView } from "~/models/cashflow.server";
import { salesView } from "~/models/sales/overview.server";
import { pendingApprovals } from "./approvals.server";
import { AGENDA_ORDER, buildAgenda, meetingInstant, ownerText, parseDetail, upcomingDates, type AgendaItemDraft, type AgendaMilestone } from "~/domain/meetings";
import { chooseChair } from "~/domain/meetings/chair";
import { forecastAll } from "~/domain/schedule/forecast";
import { addDays, dateToCivil, instantInShanghai } from "~/utils/dates";
import { listMilestones, scheduleView } from "./milestones.server";
import { cachedRead } from "./read-cache.server";

const personSelect = { id: true, name: true, nameEn: true, title: true, titleEn: true, departmentId: true } as const;
export const dateOf = (instant: Date) => instantInShanghai(instant.toISOString()).date;
/** Meetings held on the Shanghai days from `first` to `last` (inclusive). */
export const heldOn = (first: string, last = first) => ({ gte: meetingInstant(first, "00:00"), lt: meetingInstant(addDays(last, 1), "00:00") });

export async function meetingSeries(projectId: number) {
  const [project, roster, first, people, departments, leaders] = await Promise.all([
    prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { meetingWeekday: true, meetingTime: true } }),
    prisma.chairRosterEntry.findMany({ where: { projectId }, orderBy: { position: "asc" }, select: { person: { select: personSelect } } }),
    prisma.meeting.findFirst({ where: { projectId }, orderBy: { startsAt: "asc" }, select: { startsAt: true } }),
    // Everyone, active or not: a held meeting names people who may have left since (the choices filter to active).
    prisma.person.findMany({ where: { projectId }, orderBy: { id: "asc" }, select: { ...personSelect, active: true, department: { select: { name: true, nameEn: true } } } }),
    prisma.department.findMany({ where: { projectId }, orderBy: { sortOrder: "asc" }, select: { id: true, name: true, nameEn: true, planned: true } }),
    prisma.areaLeader.findMany({ where: { projectId }, select: { area: true, person: { select: personSelect } } }),
  ]);
  return {
    weekday: project.meetingWeekday,
    time: project.meetingTime,
    roster: roster.map((r) => r.person),
    seriesStart: first ? dateOf(first.startsAt) : null,
    /** The active people, to choose from. */
    people: people.filter((p) => p.active),
    everyone: people,
    departments,
    /** 领导分工: area → the leader in charge (chairs the meetings on that area). */
    leaders: leaders.map((l) => ({ area: l.area, person: l.person })),
  };
}

type Series = Awaited<ReturnType<typeof meetingSeries>>;

const meetingSelect = {
  id: true,
  startsAt: true,
  theme: true,
  themeEn: true,
  themeArea: true,
  chairBasis: true,
  chairNote: true,
  absentLeaderId: true,
  status: true,
  agendaFrozenAt: true,
  version: true,
  chair: { select: personSelect },
} as const;

type Person = Series["people"][number] | Series["roster"][number];
type StoredMeeting = { id: number; startsAt: Date; theme: string; themeEn: string; themeArea: string; chairBasis: string; chairNote: string; absentLeaderId: number | null; status: string; chair: Person | null };

/**
 * What every view of a meeting shows, whether it is stored yet or not: its time, theme (and the area
 * it is on), status and chair — chosen by the theme (domain/meetings/chair.ts), with the leader the
 * theme called for when someone else chairs, and why.
 */
function meetingHeader(date: string, meeting: StoredMeeting | null | undefined, series: Series) {
  const leaders = new Map(series.leaders.map((l) => [l.area, l.person as Person]));
  const choice = chooseChair<Person>({
    date,
    stored: meeting ? { themeArea: meeting.themeArea, chair: meeting.chair, chairBasis: meeting.chairBasis, status: meeting.status } : null,
    leaders,
    roster: series.roster,
    seriesStart: series.seriesStart,
  });
  const absentId = meeting?.absentLeaderId ?? (choice.leader && choice.chair && choice.leader.id !== choice.chair.id ? choice.leader.id : null);
  const absentLeader = absentId ? series.everyone.find((p) => p.id === absentId) ?? null : null;
  return {
    date,
    startsAt: (meeting?.startsAt ?? meetingInstant(date, series.time)).toISOString(),
    id: meeting?.id ?? null,
    theme: meeting?.theme ?? "",
    themeEn: meeting?.themeEn ?? "",
    themeArea: meeting?.themeArea ?? "",
    status: meeting?.status ?? "planned",
    chair: choice.chair,
    chairBasis: choice.basis,
    chairNote: meeting?.chairNote ?? "",
    /** The leader the theme called for, when another person chairs (a stand-in or a swap). */
    absentLeader: choice.basis === "stand_in" || choice.basis === "swap" ? absentLeader : null,
    swapped: choice.basis === "swap",
  };
}

/** The meeting held before `date`, if any. */
function previousMeeting(projectId: number, date: string) {
  return prisma.meeting.findFirst({ where: { projectId, startsAt: { lt: meetingInstant(date, "00:00") } }, orderBy: { startsAt: "desc" }, select: { id: true, startsAt: true } });
}

/** The meetings of the next `count` weeks (persisted or not yet), each with its chair. */
export async function upcomingMeetings(projectId: number, today: string, series: Series, count = 4) {
  const dates = upcomingDates(series.weekday, today, count);
  const stored = await prisma.meeting.findMany({
    where: { projectId, startsAt: heldOn(dates[0], dates[dates.length - 1]) },
    select: meetingSelect,
  });
  return dates.map((date) => meetingHeader(date, stored.find((m) => dateOf(m.startsAt) === date), series));
}

export async function pastMeetings(projectId: number, today: string) {
  const rows = await prisma.meeting.findMany({
    where: { projectId, OR: [{ startsAt: { lt: meetingInstant(today, "00:00") } }, { status: { in: ["in_progress", "closed"] } }] },
    orderBy: { startsAt: "desc" },
    take: 52,
    select: meetingSelect,
  });
  return rows.map((m) => ({ ...m, date: dateOf(m.startsAt), startsAt: m.startsAt.toISOString() }));
}

/** Open action items (those set before `createdBefore`, when given), soonest due first. */
export function listOpenActionItems(projectId: number, createdBefore?: Date) {
  if (createdBefore) return loadOpenActionItems(projectId, createdBefore);
  return cachedRead(`open-actions:${projectId}`, ["core", "meetings"], "", () => loadOpenActionItems(projectId));
}

async function loadOpenActionItems(projectId: number, createdBefore?: Date) {
  const rows = await prisma.actionItem.findMany({
    where: { status: "open", meeting: { projectId, ...(createdBefore ? { startsAt: { lt: createdBefore } } : {}) } },
    orderBy: [{ dueOn: "asc" }, { id: "asc" }],
    select: {
      id: true,
      title: true,
      dueOn: true,
      status: true,
      departmentId: true,
      department: { select: { name: true, nameEn: true } },
      owner: { select: personSelect },
      meeting: { select: { startsAt: true } },
      reports: { orderBy: { id: "desc" }, take: 1, select: { id: true, text: true, reportedOn: true } },
    },
  });
  return rows.map((row) => ({
    ...row,
    dueOn: dateToCivil(row.dueOn),
    fromMeeting: dateOf(row.meeting.startsAt),
    meeting: undefined,
    lastReport: row.reports[0] ? { text: row.reports[0].text, reportedOn: dateToCivil(row.reports[0].reportedOn) } : null,
    lastReportId: row.reports[0]?.id ?? null,
    reports: undefined,
  }));
}

export function nextMeeting(projectId: number, today: string) {
  return cachedRead(`next-meeting:${projectId}`, ["core", "meetings"], today, async () => {
    const series = await meetingSeries(projectId);
    const [next] = await upcomingMeetings(projectId, today, series, 1);
    return next;
  });
}

/** Who is looking at a meeting: a department member may report only on their department's or their own items. */
export type Viewer = { departmentId: number | null; personId: number | null; anyDepartment: boolean };

/** May this viewer report on this item? Executives on any; others on their department's, or items assigned to them. */
export function mayReport(viewer: Viewer, item: { departmentId: number | null; ownerId: number | null }) {
  return viewer.anyDepartment || (item.departmentId !== null && item.departmentId === viewer.departmentId) || (item.ownerId !== null && item.ownerId === viewer.personId);
}

/**
 * The meeting on a date: stored if it exists, with its agenda (frozen, or live), actions and reports.
 * A meeting that has started is a record: its agenda, the items carried to it (as they stood when it
 * started, from its frozen agenda), the reports given at it, its decisions and the items it set are
 * read from what was stored then, so a later change (an item reported done next week) does not alter it.
 */
export async function meetingOn(projectId: number, date: string, today: string, viewer: Viewer = { departmentId: null, personId: null, anyDepartment: false }) {
  const series = await meetingSeries(projectId);
  const meeting = await prisma.meeting.findFirst({
    where: { projectId, startsAt: heldOn(date) },
    select: {
      ...meetingSelect,
      agendaItems: { orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, source: true, refType: true, refId: true, title: true, titleEn: true, detail: true, minutes: true, decision: true, outcome: true, carriedFromId: true, version: true } },
      actionItems: { orderBy: { id: "asc" }, select: { id: true, title: true, dueOn: true, status: true, agendaItemId: true, department: { select: { name: true, nameEn: true } }, owner: { select: personSelect } } },
      reports: { orderBy: { id: "asc" }, select: { id: true, text: true, reportedOn: true, markedDone: true, actionItem: { select: { id: true, title: true, status: true } } } },
    },
  });
  const previous = await previousMeeting(projectId, date);
  const manual = (meeting?.agendaItems ?? []).filter((i) => i.source === "manual").map((i) => ({ ...i, source: "manual" as const }));
  let agenda: (AgendaItemDraft & { id: number; minutes: string; decision: string; outcome: string; carriedFromId: number | null; version: number })[];
  let carriedOver: CarriedRow[];
  if (meeting?.agendaFrozenAt) {
    agenda = meeting.agendaItems.map((i) => ({ ...i, source: i.source as AgendaItemDraft["source"] }));
    carriedOver = await frozenCarried(meeting.id, date, agenda, meeting.status === "in_progress", viewer);
  } else {
    const open = await listOpenActionItems(projectId, meetingInstant(date, "00:00"));
    agenda = [
      ...(await agendaFrom(projectId, date, today, previous, open)).map((draft, i) => ({ id: -(i + 1), minutes: "", decision: "", outcome: "", carriedFromId: null, version: 0, ...draft })),
      ...manual,
    ];
    carriedOver = open.map((a) => ({
      id: a.id,
      title: a.title,
      dueOn: a.dueOn,
      owner: ownerText(a.department?.name, a.owner?.name),
      ownerEn: ownerText(a.department?.nameEn, a.owner?.nameEn),
      lastReport: a.lastReport,
      reportHere: null,
      doneHere: false,
      reportable: mayReport(viewer, { departmentId: a.departmentId, ownerId: a.owner?.id ?? null }),
    }));
  }
  const { swapped: _swapped, ...header } = meetingHeader(date, meeting, series);
  return {
    ...header,
    version: meeting?.version ?? 0,
    frozenAt: meeting?.agendaFrozenAt?.toISOString() ?? null,
    agenda,
    actionItems: (meeting?.actionItems ?? []).map((a) => ({ ...a, dueOn: dateToCivil(a.dueOn) })),
    reports: (meeting?.reports ?? []).map((r) => ({ ...r, reportedOn: dateToCivil(r.reportedOn) })),
    carriedOver,
    previousDate: previous ? dateOf(previous.startsAt) : null,
    series,
  };
}

/** One item to report on at a meeting: as it stood when the meeting started (or now, before it starts). */
export type CarriedRow = {
  id: number;
  title: string;
  dueOn: string;
  owner: string;
  ownerEn: string;
  /** The latest report before this meeting. */
  lastReport: { text: string; reportedOn: string } | null;
  /** What was reported on it at this meeting (the latest report given at it), and whether that closed it. */
  reportHere: { text: string; reportedOn: string } | null;
  doneHere: boolean;
  /** The viewer may report on it here: the meeting not closed, the item still open, and theirs to report. */
  reportable: boolean;
};


/** The items a started meeting carried: its frozen agenda's action items, with the reports given at it. */
async function frozenCarried(meetingId: number, date: string, agenda: { source: string; refId: number | null; title: string; detail: string }[], inProgress: boolean, viewer: Viewer): Promise<CarriedRow[]> {
  const frozen = agenda.filter((i) => i.source === "action_item" && i.refId !== null);
  const ids = frozen.map((i) => i.refId!);
  const [items, reports] = await Promise.all([
    prisma.actionItem.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, departmentId: true, ownerId: true } }),
    prisma.actionReport.findMany({ where: { actionItemId: { in: ids } }, orderBy: { id: "asc" }, select: { id: true, actionItemId: true, meetingId: true, text: true, reportedOn: true, markedDone: true, meeting: { select: { startsAt: true } } } }),
  ]);
  const itemById = new Map(items.map((i) => [i.id, i]));
  return frozen.map((row) => {
    const facts = parseDetail(row.detail);
    const mine = reports.filter((r) => r.actionItemId === row.refId);
    // The latest report when the meeting started, as its frozen agenda recorded it (lastReport=<id>, empty
    // for none); agendas frozen before that was recorded: the latest given earlier, at no later meeting.
    const before =
      facts.lastReport !== undefined
        ? mine.find((r) => String(r.id) === facts.lastReport)
        : mine.filter((r) => r.meetingId !== meetingId && dateToCivil(r.reportedOn) < date && (!r.meeting || dateOf(r.meeting.startsAt) < date)).at(-1);
    const here = mine.filter((r) => r.meetingId === meetingId);
    const item = itemById.get(row.refId!);
    return {
      id: row.refId!,
      title: row.title,
      dueOn: facts.due ?? "",
      owner: facts.owner ?? "",
      ownerEn: facts.ownerEn ?? facts.owner ?? "",
      lastReport: before ? { text: before.text, reportedOn: dateToCivil(before.reportedOn) } : null,
      reportHere: here.length ? { text: here.at(-1)!.text, reportedOn: dateToCivil(here.at(-1)!.reportedOn) } : null,
      doneHere: here.some((r) => r.markedDone),
      reportable: inProgress && item?.status === "open" && mayReport(viewer, { departmentId: item.departmentId, ownerId: item.ownerId }),
    };
  });
}

/** The live agenda of the meeting on `date`, gathered from every area (see domain/meetings.ts). */
export async function liveAgenda(projectId: number, date: string, today: string): Promise<AgendaItemDraft[]> {
  const [previous, actions] = await Promise.all([previousMeeting(projectId, date), listOpenActionItems(projectId, meetingInstant(date, "00:00"))]);
  return agendaFrom(projectId, date, today, previous, actions);
}

async function agendaFrom(
  projectId: number,
  date: string,
  today: string,
  previous: { id: number; startsAt: Date } | null,
  actions: Awaited<ReturnType<typeof listOpenActionItems>>,
): Promise<AgendaItemDraft[]> {
  const meetingStart = meetingInstant(date, "00:00");
  const year = Number(date.slice(0, 4));
  const [milestones, lines, refusals, cashflow, sales, carried] = await Promise.all([
    agendaMilestones(projectId, date, today),
    budgetTable(projectId),
    refusalGroups(projectId, previous?.startsAt ?? new Date(meetingStart.getTime() - 7 * 86_400_000), meetingInstant(addDays(date, 1), "00:00")),
    cashflowView(projectId, today),
    salesView(projectId, year, today),
    // What the previous meeting carried to this one.
    previous ? prisma.agendaItem.findMany({ where: { meetingId: previous.id, outcome: "carry" }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, title: true, titleEn: true, minutes: true } }) : [],
  ]);
  const month = date.slice(0, 7);
  const approvals = await pendingApprovals(projectId, 1);
  return buildAgenda({
    meetingDate: date,
    previousMeetingDate: previous ? dateOf(previous.startsAt) : null,
    openActions: actions.map((a) => ({
      id: a.id,
      title: a.title,
      dueOn: a.dueOn,
      department: a.department?.name ?? "",
      departmentEn: a.department?.nameEn ?? "",
      owner: a.owner?.name ?? "",
      ownerEn: a.owner?.nameEn ?? "",
      lastReportId: a.lastReportId,
    })),
    milestones,
    budgetLines: lines,
    approvals: { count: approvals.count, largestFen: approvals.top[0]?.amountFen ?? 0n },
    refusals: refusals.map((r) => ({ ...r, latestOn: instantInShanghai(r.latestAt).date })),
    cashflow: {
      firstGap: cashflow.scenarios.secured.firstGap ? { month: cashflow.scenarios.secured.firstGap.month, gapFen: BigInt(cashflow.scenarios.secured.firstGap.gapFen) } : null,
      peak: cashflow.scenarios.secured.peak ? { month: cashflow.scenarios.secured.peak.month, gapFen: BigInt(cashflow.scenarios.secured.peak.gapFen) } : null,
      expectedFirstGap: cashflow.scenarios.expected.firstGap ? { month: cashflow.scenarios.expected.firstGap.month, gapFen: BigInt(cashflow.scenarios.expected.firstGap.gapFen) } : null,
    },
    sales: sales.byProduct.map((p) => ({
      product: p.product,
      productName: PRODUCT_NAMES[p.product][0],
      productNameEn: PRODUCT_NAMES[p.product][1],
      targetToDateFen: p.months.filter((m) => m.period < month).reduce((s, m) => s + m.targetFen, 0n),
      achievedToDateFen: p.months.filter((m) => m.period < month).reduce((s, m) => s + m.achievedFen, 0n),
    })),
    manual: [],
    carried: carried.map((c) => ({ ...c, fromDate: dateOf(previous!.startsAt) })),
  });
}

/**
 * The active milestones with their forecasts as of the meeting's date, so that the agenda judges
 * everything (overdue, due soon, days late, the cause of a slip) as of that one date: the stored
 * forecasts when the meeting is today, otherwise the engine run as of the meeting's date over the
 * current plan (a held meeting's agenda was frozen when it started; one never started is judged as of
 * its date). One cached entry per project: another date replaces it.
 */
async function agendaMilestones(projectId: number, date: string, today: string): Promise<AgendaMilestone[]> {
  if (date === today) {
    const view = await scheduleView(projectId, today);
    return view.rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      nameEn: r.nameEn,
      status: r.status,
      plannedEnd: r.plannedEnd,
      forecastEnd: r.forecastEnd,
      slipDays: r.slipDays,
      ownSlipDays: r.ownSlipDays,
      cause: r.cause,
      expectedEnd: r.expectedEnd,
      expectedReason: r.expectedReason,
    }));
  }
  return cachedRead(`agenda-schedule:${projectId}`, ["core", "schedule"], date, async () => {
    const { milestones, dependencies } = await listMilestones(projectId);
    const forecasts = forecastAll(milestones, dependencies.map((d) => ({ ...d, type: d.type === "SS" ? ("SS" as const) : ("FS" as const) })), date);
    const codeOf = new Map(milestones.map((m) => [m.id, m.code]));
    return milestones.map((m) => {
      const f = forecasts.get(m.id)!;
      return {
        id: m.id,
        code: m.code,
        name: m.name,
        nameEn: m.nameEn,
        status: m.status,
        plannedEnd: m.plannedEnd,
        forecastEnd: f.end,
        slipDays: f.slipDays,
        ownSlipDays: f.ownSlipDays,
        cause: f.causeId !== null && codeOf.has(f.causeId) ? { id: f.causeId, code: codeOf.get(f.causeId)! } : null,
        expectedEnd: m.expectedEnd,
        expectedReason: m.expectedReason,
      };
    });
  });
}

const PRODUCT_NAMES: Record<string, [string, string]> = {
  apartment_presale: ["公寓预售", "Apartment pre-sale"],
  internal_subscription: ["内部认购", "Internal subscription"],
  commercial_sale: ["商业销售", "Commercial sales"],
  commercial_lease: ["商业招商（租赁）", "Commercial leasing"],
};

// The writes are in models/meetings/writes.server.ts, 领导分工 in models/meetings/leaders.server.ts.
