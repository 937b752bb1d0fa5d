// The weekly meeting series, its chair roster, meetings, agenda items, action items and reports: the
// only module that touches them. The agenda of a meeting not yet started is built live from the other
// areas; starting the meeting freezes it into AgendaItem rows, so the record shows what was discussed.
import type { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import { budgetTable } from "~/models/capital.server";
import { refusalGroups } from "~/models/cost/refusals.server";
import { cashflowView } from "~/models/cashflow.server";
import { salesView } from "~/models/sales/overview.server";
import { pendingApprovals } from "./approvals.server";
import { AGENDA_ORDER, buildAgenda, meetingInstant, rotationChair, upcomingDates, type AgendaItemDraft, type AgendaMilestone } from "~/domain/meetings";
import { forecastAll } from "~/domain/schedule/forecast";
import { addDays, dateToCivil, instantInShanghai } from "~/utils/dates";
import { recordAudit } from "./audit.server";
import { listMilestones, scheduleView } from "./milestones.server";
import { cachedRead } from "./read-cache.server";

type Actor = { userId: number | null };
type Tx = Prisma.TransactionClient;
const personSelect = { id: true, name: true, nameEn: true, title: true, titleEn: true, departmentId: true } as const;
const dateOf = (instant: Date) => instantInShanghai(instant.toISOString()).date;
/** Meetings held on the Shanghai days from `first` to `last` (inclusive). */
const heldOn = (first: string, last = first) => ({ gte: meetingInstant(first, "00:00"), lt: meetingInstant(addDays(last, 1), "00:00") });

export async function meetingSeries(projectId: number) {
  const [project, roster, first, people, departments] = await Promise.all([
    prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { meetingWeekday: true, meetingTime: true } }),
    prisma.chairRosterEntry.findMany({ where: { projectId }, orderBy: { position: "asc" }, select: { person: { select: personSelect } } }),
    prisma.meeting.findFirst({ where: { projectId }, orderBy: { startsAt: "asc" }, select: { startsAt: true } }),
    prisma.person.findMany({ where: { projectId, active: true }, orderBy: { id: "asc" }, select: { ...personSelect, department: { select: { name: true, nameEn: true } } } }),
    prisma.department.findMany({ where: { projectId }, orderBy: { sortOrder: "asc" }, select: { id: true, name: true, nameEn: true, planned: true } }),
  ]);
  return {
    weekday: project.meetingWeekday,
    time: project.meetingTime,
    roster: roster.map((r) => r.person),
    seriesStart: first ? dateOf(first.startsAt) : null,
    people,
    departments,
  };
}

type Series = Awaited<ReturnType<typeof meetingSeries>>;

const meetingSelect = {
  id: true,
  startsAt: true,
  theme: true,
  themeEn: true,
  status: true,
  agendaFrozenAt: true,
  version: true,
  chair: { select: personSelect },
} as const;

type StoredMeeting = { id: number; startsAt: Date; theme: string; themeEn: string; status: string; chair: { id: number } | null };

/** What every view of a meeting shows, whether it is stored yet or not: its time, theme, status and chair. */
function meetingHeader<M extends StoredMeeting>(date: string, meeting: M | null | undefined, series: Series) {
  const rotation = rotationChair(series.roster, series.seriesStart ?? date, date);
  return {
    date,
    startsAt: (meeting?.startsAt ?? meetingInstant(date, series.time)).toISOString(),
    id: meeting?.id ?? null,
    theme: meeting?.theme ?? "",
    themeEn: meeting?.themeEn ?? "",
    status: meeting?.status ?? "planned",
    chair: (meeting?.chair as M["chair"] | undefined) ?? rotation,
    swapped: Boolean(meeting?.chair && rotation && meeting.chair.id !== rotation.id),
  };
}

/** The meeting held before `date`, if any. */
function previousMeeting(projectId: number, date: string) {
  return prisma.meeting.findFirst({ where: { projectId, startsAt: { lt: meetingInstant(date, "00:00") } }, orderBy: { startsAt: "desc" }, select: { startsAt: true } });
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
      reports: { orderBy: { id: "desc" }, take: 1, select: { text: true, reportedOn: true } },
    },
  });
  return rows.map((row) => ({
    ...row,
    dueOn: dateToCivil(row.dueOn),
    fromMeeting: dateOf(row.meeting.startsAt),
    meeting: undefined,
    lastReport: row.reports[0] ? { text: row.reports[0].text, reportedOn: dateToCivil(row.reports[0].reportedOn) } : null,
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

/** The meeting on a date: stored if it exists, with its agenda (frozen, or live), actions and reports. */
export async function meetingOn(projectId: number, date: string, today: string) {
  const series = await meetingSeries(projectId);
  const meeting = await prisma.meeting.findFirst({
    where: { projectId, startsAt: heldOn(date) },
    select: {
      ...meetingSelect,
      agendaItems: { orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, source: true, refType: true, refId: true, title: true, titleEn: true, detail: true, minutes: true, decision: true, version: true } },
      actionItems: { orderBy: { id: "asc" }, select: { id: true, title: true, dueOn: true, status: true, department: { select: { name: true, nameEn: true } }, owner: { select: personSelect } } },
      reports: { orderBy: { id: "asc" }, select: { id: true, text: true, reportedOn: true, actionItem: { select: { id: true, title: true, status: true } } } },
    },
  });
  // Items to report on at this meeting: everything still open from earlier meetings. The live agenda
  // is built from the same list and the same previous meeting, read once here.
  const [previous, carriedOver] = await Promise.all([previousMeeting(projectId, date), listOpenActionItems(projectId, meetingInstant(date, "00:00"))]);
  const manual = (meeting?.agendaItems ?? []).filter((i) => i.source === "manual");
  const agenda = meeting?.agendaFrozenAt
    ? meeting.agendaItems
    : [
        ...(await agendaFrom(projectId, date, today, previous, carriedOver)).map((draft, i) => ({ id: -(i + 1), minutes: "", decision: "", version: 0, ...draft })),
        ...manual,
      ];
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

/** The live agenda of the meeting on `date`, gathered from every area (see domain/meetings.ts). */
export async function liveAgenda(projectId: number, date: string, today: string): Promise<AgendaItemDraft[]> {
  const [previous, actions] = await Promise.all([previousMeeting(projectId, date), listOpenActionItems(projectId, meetingInstant(date, "00:00"))]);
  return agendaFrom(projectId, date, today, previous, actions);
}

async function agendaFrom(
  projectId: number,
  date: string,
  today: string,
  previous: { startsAt: Date } | null,
  actions: Awaited<ReturnType<typeof listOpenActionItems>>,
): Promise<AgendaItemDraft[]> {
  const meetingStart = meetingInstant(date, "00:00");
  const year = Number(date.slice(0, 4));
  const [milestones, lines, refusals, cashflow, sales] = await Promise.all([
    agendaMilestones(projectId, date, today),
    budgetTable(projectId),
    refusalGroups(projectId, previous?.startsAt ?? new Date(meetingStart.getTime() - 7 * 86_400_000), meetingInstant(addDays(date, 1), "00:00")),
    cashflowView(projectId, today),
    salesView(projectId, year, today),
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

// ─── Writes ──────────────────────────────────────────────────────────────────

type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

/** The stored meeting on a date, created (with the rotation's chair) if it does not exist yet. */
async function ensureMeeting(tx: Tx, projectId: number, date: string, actor: Actor) {
  const existing = await tx.meeting.findFirst({ where: { projectId, startsAt: heldOn(date) }, select: { id: true, status: true, chairId: true, agendaFrozenAt: true } });
  if (existing) return existing;
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { meetingTime: true, meetingWeekday: true } });
  if (new Date(`${date}T00:00:00Z`).getUTCDay() !== project.meetingWeekday) return null;
  const roster = await tx.chairRosterEntry.findMany({ where: { projectId }, orderBy: { position: "asc" }, select: { personId: true } });
  const first = await tx.meeting.findFirst({ where: { projectId }, orderBy: { startsAt: "asc" }, select: { startsAt: true } });
  // The first meeting anchors the rotation: no meeting may be created before it.
  if (first && date < dateOf(first.startsAt)) return null;
  const chair = rotationChair(roster, first ? dateOf(first.startsAt) : date, date);
  const created = await tx.meeting.create({ data: { projectId, startsAt: meetingInstant(date, project.meetingTime), chairId: chair?.personId ?? null }, select: { id: true, status: true, chairId: true, agendaFrozenAt: true } });
  await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: created.id, action: "create", after: { date, chairId: created.chairId } });
  return created;
}

export async function setTheme(projectId: number, input: { date: string; theme: string; themeEn: string }, actor: Actor) {
  return writeTransaction(async (tx) => {
    const meeting = await ensureMeeting(tx, projectId, input.date, actor);
    if (!meeting) return refuse("date", "not_meeting_day");
    await tx.meeting.update({ where: { id: meeting.id }, data: { theme: input.theme, themeEn: input.themeEn, version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: meeting.id, action: "update", after: { theme: input.theme, themeEn: input.themeEn } });
    return { ok: true as const, meetingId: meeting.id };
  });
}

export async function addManualItem(projectId: number, input: { date: string; title: string; detail: string }, actor: Actor) {
  return writeTransaction(async (tx) => {
    const meeting = await ensureMeeting(tx, projectId, input.date, actor);
    if (!meeting) return refuse("date", "not_meeting_day");
    const last = await tx.agendaItem.aggregate({ where: { meetingId: meeting.id }, _max: { sortOrder: true } });
    const item = await tx.agendaItem.create({ data: { meetingId: meeting.id, source: "manual", title: input.title, titleEn: "", detail: input.detail, sortOrder: (last._max.sortOrder ?? 0) + 1 }, select: { id: true } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "AgendaItem", entityId: item.id, action: "create", after: input });
    return { ok: true as const };
  });
}

/** Two meetings exchange chairs; the rotation for every other meeting is unchanged. */
export async function swapChairs(projectId: number, input: { date: string; otherDate: string }, actor: Actor) {
  return writeTransaction(async (tx) => {
    const a = await ensureMeeting(tx, projectId, input.date, actor);
    const b = await ensureMeeting(tx, projectId, input.otherDate, actor);
    if (!a) return refuse("date", "not_meeting_day");
    if (!b) return refuse("otherDate", "not_meeting_day");
    if (a.status !== "planned" || b.status !== "planned") return refuse("otherDate", "meeting_started");
    await tx.meeting.update({ where: { id: a.id }, data: { chairId: b.chairId, version: { increment: 1 } } });
    await tx.meeting.update({ where: { id: b.id }, data: { chairId: a.chairId, version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: a.id, action: "update", before: { chairId: a.chairId }, after: { chairId: b.chairId, swappedWith: input.otherDate } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: b.id, action: "update", before: { chairId: b.chairId }, after: { chairId: a.chairId, swappedWith: input.date } });
    return { ok: true as const };
  });
}

export async function saveRoster(projectId: number, personIds: number[], actor: Actor) {
  return writeTransaction(async (tx) => {
    const people = await tx.person.findMany({ where: { projectId, id: { in: personIds } }, select: { id: true } });
    if (people.length !== personIds.length) return refuse("people", "invalid_choice");
    const before = await tx.chairRosterEntry.findMany({ where: { projectId }, orderBy: { position: "asc" }, select: { personId: true } });
    await tx.chairRosterEntry.deleteMany({ where: { projectId } });
    await tx.chairRosterEntry.createMany({ data: personIds.map((personId, position) => ({ projectId, personId, position })) });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "ChairRoster", entityId: projectId, action: "update", before: before.map((r) => r.personId), after: personIds });
    return { ok: true as const };
  });
}

export async function saveSeries(projectId: number, input: { weekday: number; time: string }, actor: Actor) {
  return writeTransaction(async (tx) => {
    const before = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { meetingWeekday: true, meetingTime: true } });
    await tx.project.update({ where: { id: projectId }, data: { meetingWeekday: input.weekday, meetingTime: input.time } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Project", entityId: projectId, action: "update", before, after: { meetingWeekday: input.weekday, meetingTime: input.time } });
    return { ok: true as const };
  });
}

/** Starts the meeting: the live agenda is frozen into rows, in the order of the rules. */
export async function startMeeting(projectId: number, date: string, today: string, actor: Actor) {
  const drafts = await liveAgenda(projectId, date, today);
  return writeTransaction(async (tx) => {
    const meeting = await ensureMeeting(tx, projectId, date, actor);
    if (!meeting) return refuse("date", "not_meeting_day");
    if (meeting.agendaFrozenAt) return refuse("form", "meeting_started");
    const ordered = [...drafts].sort((a, b) => AGENDA_ORDER.indexOf(a.source) - AGENDA_ORDER.indexOf(b.source));
    await tx.agendaItem.createMany({ data: ordered.map((d, i) => ({ meetingId: meeting.id, source: d.source, refType: d.refType, refId: d.refId, title: d.title, titleEn: d.titleEn, detail: d.detail, sortOrder: i - 10_000 })) });
    await tx.meeting.update({ where: { id: meeting.id }, data: { status: "in_progress", agendaFrozenAt: new Date(), version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: meeting.id, action: "update", before: { status: meeting.status }, after: { status: "in_progress", agendaItems: ordered.length } });
    return { ok: true as const };
  });
}

export async function closeMeeting(projectId: number, date: string, actor: Actor) {
  return writeTransaction(async (tx) => {
    const meeting = await ensureMeeting(tx, projectId, date, actor);
    if (!meeting || meeting.status !== "in_progress") return refuse("form", "meeting_not_started");
    await tx.meeting.update({ where: { id: meeting.id }, data: { status: "closed", version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: meeting.id, action: "update", before: { status: "in_progress" }, after: { status: "closed" } });
    return { ok: true as const };
  });
}

/**
 * Saves an agenda item's minutes and decision. The form carries the version it showed: a save against
 * an item someone else has saved since changes nothing and answers with what they saved.
 */
export async function saveMinutes(projectId: number, input: { itemId: number; version: number; minutes: string; decision: string }, actor: Actor) {
  return writeTransaction(async (tx) => {
    const item = await tx.agendaItem.findUnique({ where: { id: input.itemId }, select: { minutes: true, decision: true, version: true, meeting: { select: { projectId: true, status: true } } } });
    if (!item || item.meeting.projectId !== projectId) return refuse("itemId", "invalid_choice");
    if (item.meeting.status === "planned") return refuse("form", "meeting_not_started");
    if (item.version !== input.version) {
      return { ...refuse("form", "minutes_stale", { version: String(item.version) }), current: { itemId: input.itemId, version: item.version, minutes: item.minutes, decision: item.decision } };
    }
    const written = await tx.agendaItem.updateMany({ where: { id: input.itemId, version: input.version }, data: { minutes: input.minutes, decision: input.decision, version: { increment: 1 } } });
    // Checked above inside this transaction; a mismatch here would be a bug, and rolls everything back.
    if (written.count !== 1) throw new Error(`agenda item ${input.itemId} changed during its save`);
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "AgendaItem", entityId: input.itemId, action: "update", before: { minutes: item.minutes, decision: item.decision }, after: { minutes: input.minutes, decision: input.decision } });
    return { ok: true as const };
  });
}

export async function addActionItem(projectId: number, date: string, input: { title: string; departmentId: number; ownerId: number | null; dueOn: string }, actor: Actor) {
  return writeTransaction(async (tx) => {
    const meeting = await ensureMeeting(tx, projectId, date, actor);
    if (!meeting) return refuse("date", "not_meeting_day");
    const department = await tx.department.findUnique({ where: { id: input.departmentId }, select: { projectId: true } });
    if (!department || department.projectId !== projectId) return refuse("departmentId", "invalid_choice");
    if (input.ownerId) {
      const owner = await tx.person.findUnique({ where: { id: input.ownerId }, select: { projectId: true } });
      if (!owner || owner.projectId !== projectId) return refuse("ownerId", "invalid_choice");
    }
    const item = await tx.actionItem.create({ data: { meetingId: meeting.id, title: input.title, departmentId: input.departmentId, ownerId: input.ownerId, dueOn: new Date(`${input.dueOn}T00:00:00Z`) }, select: { id: true } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "ActionItem", entityId: item.id, action: "create", after: { ...input, meeting: date } });
    return { ok: true as const };
  });
}

/**
 * A report on an action item (at the meeting on `date`, if given). A department member may report only
 * on their own department's items; executives on any.
 */
export async function reportOnAction(
  projectId: number,
  date: string | null,
  input: { actionItemId: number; text: string; reportedOn: string; done: boolean },
  actor: Actor & { departmentId: number | null; anyDepartment: boolean },
) {
  return writeTransaction(async (tx) => {
    const item = await tx.actionItem.findUnique({ where: { id: input.actionItemId }, select: { status: true, departmentId: true, meeting: { select: { projectId: true } } } });
    if (!item || item.meeting.projectId !== projectId) return refuse("actionItemId", "invalid_choice");
    if (!actor.anyDepartment && item.departmentId !== actor.departmentId) return { ok: false as const, field: "actionItemId", message: "not_your_department", forbidden: true };
    if (item.status === "done") return refuse("actionItemId", "already_done");
    // A report attaches to the meeting it was given at, if that meeting exists; it never creates one.
    const meeting = date
      ? await tx.meeting.findFirst({ where: { projectId, startsAt: heldOn(date) }, select: { id: true } })
      : null;
    const report = await tx.actionReport.create({ data: { actionItemId: input.actionItemId, meetingId: meeting?.id ?? null, text: input.text, reportedOn: new Date(`${input.reportedOn}T00:00:00Z`), createdById: actor.userId }, select: { id: true } });
    if (input.done) await tx.actionItem.update({ where: { id: input.actionItemId }, data: { status: "done", doneOn: new Date(`${input.reportedOn}T00:00:00Z`), version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "ActionItem", entityId: input.actionItemId, action: "update", before: { status: item.status }, after: { status: input.done ? "done" : item.status, report: input.text, reportId: report.id } });
    return { ok: true as const };
  });
}
