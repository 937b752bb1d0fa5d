// The weekly meeting's writes: themes (which pick the chair), stand-ins and swaps, the rotation roster,
// starting (which freezes the agenda and the chair), minutes with their outcome, action items and the
// reports on them. Each write is one transaction with its audit row.
import type { Prisma } from "@prisma/client";
import { writeTransaction } from "~/db.server";
import { AGENDA_ORDER, meetingInstant } from "~/domain/meetings";
import { chooseChair, standInBlocker, startBlocker } from "~/domain/meetings/chair";
import { recordAudit } from "../audit.server";
import { dateOf, heldOn, liveAgenda, mayReport } from "../meetings.server";

type Actor = { userId: number | null };
type Tx = Prisma.TransactionClient;
type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

const storedSelect = { id: true, status: true, chairId: true, chairBasis: true, themeArea: true, theme: true, agendaFrozenAt: true } as const;
type Stored = { id: number; status: string; chairId: number | null; chairBasis: string; themeArea: string; theme: string; agendaFrozenAt: Date | null };

/** The stored meeting on a date, created (without a chair: the theme picks it) if it does not exist yet. */
async function ensureMeeting(tx: Tx, projectId: number, date: string, actor: Actor): Promise<Stored | null> {
  const existing = await findMeeting(tx, projectId, date);
  if (existing) return existing;
  if (!(await isMeetingDay(tx, projectId, date))) return null;
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { meetingTime: true } });
  const created = await tx.meeting.create({ data: { projectId, startsAt: meetingInstant(date, project.meetingTime) }, select: storedSelect });
  await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: created.id, action: "create", after: { date } });
  return created;
}

/** The stored meeting on a date, if any (a refusal must not leave a new row behind). */
function findMeeting(tx: Tx, projectId: number, date: string): Promise<Stored | null> {
  return tx.meeting.findFirst({ where: { projectId, startsAt: heldOn(date) }, select: storedSelect });
}

/** Is `date` a day of the series (the meeting weekday, not before the first meeting, which anchors the rotation)? */
async function isMeetingDay(tx: Tx, projectId: number, date: string) {
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { meetingWeekday: true } });
  if (new Date(`${date}T00:00:00Z`).getUTCDay() !== project.meetingWeekday) return false;
  const first = await tx.meeting.findFirst({ where: { projectId }, orderBy: { startsAt: "asc" }, select: { startsAt: true } });
  return !first || date >= dateOf(first.startsAt);
}

/** The chair the meeting would have now (domain/meetings/chair.ts), read inside the transaction. */
async function chairOf(tx: Tx, projectId: number, date: string, meeting: Stored) {
  const [leaders, roster, first] = await Promise.all([
    tx.areaLeader.findMany({ where: { projectId }, select: { area: true, personId: true } }),
    tx.chairRosterEntry.findMany({ where: { projectId }, orderBy: { position: "asc" }, select: { personId: true } }),
    tx.meeting.findFirst({ where: { projectId }, orderBy: { startsAt: "asc" }, select: { startsAt: true } }),
  ]);
  return chooseChair({
    date,
    stored: { themeArea: meeting.themeArea, chair: meeting.chairId ? { id: meeting.chairId } : null, chairBasis: meeting.chairBasis, status: meeting.status },
    leaders: new Map(leaders.map((l) => [l.area, { id: l.personId }])),
    roster: roster.map((r) => ({ id: r.personId })),
    seriesStart: first ? dateOf(first.startsAt) : date,
  });
}

/** Sets the theme and the area it is on; the area's leader chairs. A new area ends a stand-in or swap made for the old one. */
export async function setTheme(projectId: number, input: { date: string; theme: string; themeEn: string; themeArea: string }, actor: Actor) {
  return writeTransaction(async (tx) => {
    const meeting = await ensureMeeting(tx, projectId, input.date, actor);
    if (!meeting) return refuse("date", "not_meeting_day");
    if (meeting.status !== "planned") return refuse("theme", "meeting_started");
    const areaChanged = meeting.themeArea !== input.themeArea;
    const reset = areaChanged && (meeting.chairBasis === "stand_in" || meeting.chairBasis === "swap") ? { chairId: null, chairBasis: "", chairNote: "", absentLeaderId: null } : {};
    await tx.meeting.update({ where: { id: meeting.id }, data: { theme: input.theme, themeEn: input.themeEn, themeArea: input.themeArea, ...reset, version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: meeting.id, action: "update", before: { theme: meeting.theme, themeArea: meeting.themeArea }, after: { theme: input.theme, themeEn: input.themeEn, themeArea: input.themeArea, ...(Object.keys(reset).length ? { chairReset: true } : {}) } });
    return { ok: true as const, meetingId: meeting.id };
  });
}

/**
 * The theme's leader cannot attend: `personId` chairs instead, and why is recorded (a null person ends
 * the stand-in: the leader chairs again).
 */
export async function setStandIn(projectId: number, input: { date: string; personId: number | null; reason: string }, actor: Actor) {
  return writeTransaction(async (tx) => {
    // A meeting not stored yet has no theme: nobody can stand in for its leader, and nothing is created.
    const meeting = await findMeeting(tx, projectId, input.date);
    if (!meeting) return (await isMeetingDay(tx, projectId, input.date)) ? refuse("personId", "theme_first") : refuse("date", "not_meeting_day");
    if (meeting.status !== "planned") return refuse("personId", "meeting_started");
    if (input.personId === null) {
      await tx.meeting.update({ where: { id: meeting.id }, data: { chairId: null, chairBasis: "", chairNote: "", absentLeaderId: null, version: { increment: 1 } } });
      await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: meeting.id, action: "update", before: { chairId: meeting.chairId, chairBasis: meeting.chairBasis }, after: { chairBasis: "theme" } });
      return { ok: true as const };
    }
    const leader = meeting.themeArea ? await tx.areaLeader.findUnique({ where: { projectId_area: { projectId, area: meeting.themeArea } }, select: { personId: true } }) : null;
    const blocked = standInBlocker({ themeArea: meeting.themeArea, leaderId: leader?.personId ?? null, standInId: input.personId });
    if (blocked) return refuse(blocked === "theme_first" ? "personId" : "personId", blocked);
    if (!input.reason) return refuse("reason", "required");
    const person = await tx.person.findUnique({ where: { id: input.personId }, select: { projectId: true, active: true } });
    if (!person || person.projectId !== projectId || !person.active) return refuse("personId", "invalid_choice");
    await tx.meeting.update({ where: { id: meeting.id }, data: { chairId: input.personId, chairBasis: "stand_in", chairNote: input.reason, absentLeaderId: leader?.personId ?? null, version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: meeting.id, action: "update", before: { chairId: meeting.chairId, chairBasis: meeting.chairBasis }, after: { chairId: input.personId, chairBasis: "stand_in", reason: input.reason, absentLeaderId: leader?.personId ?? null } });
    return { ok: true as const };
  });
}

/** Two planned meetings exchange chairs (each as chosen now); every other meeting is unchanged. */
export async function swapChairs(projectId: number, input: { date: string; otherDate: string }, actor: Actor) {
  return writeTransaction(async (tx) => {
    if (!(await isMeetingDay(tx, projectId, input.date))) return refuse("date", "not_meeting_day");
    if (!(await isMeetingDay(tx, projectId, input.otherDate))) return refuse("otherDate", "not_meeting_day");
    const [storedA, storedB] = [await findMeeting(tx, projectId, input.date), await findMeeting(tx, projectId, input.otherDate)];
    if ((storedA && storedA.status !== "planned") || (storedB && storedB.status !== "planned")) return refuse("otherDate", "meeting_started");
    const a = await ensureMeeting(tx, projectId, input.date, actor);
    const b = await ensureMeeting(tx, projectId, input.otherDate, actor);
    if (!a) return refuse("date", "not_meeting_day");
    if (!b) return refuse("otherDate", "not_meeting_day");
    if (a.status !== "planned" || b.status !== "planned") return refuse("otherDate", "meeting_started");
    const [chairA, chairB] = [(await chairOf(tx, projectId, input.date, a)).chair, (await chairOf(tx, projectId, input.otherDate, b)).chair];
    if (!chairA || !chairB) return refuse("otherDate", "no_chair");
    await tx.meeting.update({ where: { id: a.id }, data: { chairId: chairB.id, chairBasis: "swap", chairNote: input.otherDate, absentLeaderId: chairA.id, version: { increment: 1 } } });
    await tx.meeting.update({ where: { id: b.id }, data: { chairId: chairA.id, chairBasis: "swap", chairNote: input.date, absentLeaderId: chairB.id, version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: a.id, action: "update", before: { chairId: chairA.id }, after: { chairId: chairB.id, swappedWith: input.otherDate } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: b.id, action: "update", before: { chairId: chairB.id }, after: { chairId: chairA.id, swappedWith: input.date } });
    return { ok: true as const };
  });
}

export async function addManualItem(projectId: number, input: { date: string; title: string; detail: string }, actor: Actor) {
  return writeTransaction(async (tx) => {
    const meeting = await ensureMeeting(tx, projectId, input.date, actor);
    if (!meeting) return refuse("date", "not_meeting_day");
    if (meeting.agendaFrozenAt) return refuse("title", "meeting_started");
    const last = await tx.agendaItem.aggregate({ where: { meetingId: meeting.id }, _max: { sortOrder: true } });
    const item = await tx.agendaItem.create({ data: { meetingId: meeting.id, source: "manual", title: input.title, titleEn: "", detail: input.detail, sortOrder: (last._max.sortOrder ?? 0) + 1 }, select: { id: true } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "AgendaItem", entityId: item.id, action: "create", after: input });
    return { ok: true as const };
  });
}

export async function saveRoster(projectId: number, personIds: number[], actor: Actor) {
  return writeTransaction(async (tx) => {
    const people = await tx.person.findMany({ where: { projectId, id: { in: personIds }, active: true }, select: { id: true } });
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

/**
 * Starts the meeting: it needs a theme on an area and a chair; the live agenda is frozen into rows in the
 * order of the rules (items carried from the previous meeting keep a link to it), and the chair as chosen
 * now is stored, so the record keeps both whatever changes later.
 */
export async function startMeeting(projectId: number, date: string, today: string, actor: Actor) {
  const drafts = await liveAgenda(projectId, date, today);
  return writeTransaction(async (tx) => {
    // A meeting not stored yet has no theme: refused before any row is made.
    const meeting = await findMeeting(tx, projectId, date);
    if (!meeting) return (await isMeetingDay(tx, projectId, date)) ? refuse("theme", "theme_required") : refuse("date", "not_meeting_day");
    if (meeting.agendaFrozenAt) return refuse("form", "meeting_started");
    const choice = await chairOf(tx, projectId, date, meeting);
    const blocked = startBlocker(meeting, choice);
    if (blocked) return refuse("theme", blocked);
    const ordered = [...drafts].sort((a, b) => AGENDA_ORDER.indexOf(a.source) - AGENDA_ORDER.indexOf(b.source));
    await tx.agendaItem.createMany({
      data: ordered.map((d, i) => ({ meetingId: meeting.id, source: d.source, refType: d.refType, refId: d.refId, title: d.title, titleEn: d.titleEn, detail: d.detail, carriedFromId: d.source === "carried" ? d.refId : null, sortOrder: i - 10_000 })),
    });
    await tx.meeting.update({ where: { id: meeting.id }, data: { status: "in_progress", agendaFrozenAt: new Date(), chairId: choice.chair!.id, chairBasis: choice.basis, version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: meeting.id, action: "update", before: { status: meeting.status }, after: { status: "in_progress", agendaItems: ordered.length, chairId: choice.chair!.id, chairBasis: choice.basis } });
    return { ok: true as const };
  });
}

export async function closeMeeting(projectId: number, date: string, actor: Actor) {
  return writeTransaction(async (tx) => {
    const meeting = await findMeeting(tx, projectId, date);
    if (!meeting || meeting.status !== "in_progress") return refuse("form", "meeting_not_started");
    await tx.meeting.update({ where: { id: meeting.id }, data: { status: "closed", version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "Meeting", entityId: meeting.id, action: "update", before: { status: "in_progress" }, after: { status: "closed" } });
    return { ok: true as const };
  });
}

/**
 * Saves an agenda item's minutes, decision and outcome while the meeting is in progress. The form carries
 * the version it showed: a save against an item someone else has saved since changes nothing and answers
 * with what they saved. A closed meeting's record is not edited.
 */
export async function saveMinutes(projectId: number, input: { itemId: number; version: number; minutes: string; decision: string; outcome: string }, actor: Actor) {
  return writeTransaction(async (tx) => {
    const item = await tx.agendaItem.findUnique({ where: { id: input.itemId }, select: { minutes: true, decision: true, outcome: true, version: true, meeting: { select: { projectId: true, status: true } } } });
    if (!item || item.meeting.projectId !== projectId) return refuse("itemId", "invalid_choice");
    if (item.meeting.status === "planned") return refuse("form", "meeting_not_started");
    if (item.meeting.status === "closed") return refuse("form", "meeting_closed");
    if (item.version !== input.version) {
      return { ...refuse("form", "minutes_stale", { version: String(item.version) }), current: { itemId: input.itemId, version: item.version, minutes: item.minutes, decision: item.decision, outcome: item.outcome } };
    }
    const written = await tx.agendaItem.updateMany({ where: { id: input.itemId, version: input.version }, data: { minutes: input.minutes, decision: input.decision, outcome: input.outcome, version: { increment: 1 } } });
    // Checked above inside this transaction; a mismatch here would be a bug, and rolls everything back.
    if (written.count !== 1) throw new Error(`agenda item ${input.itemId} changed during its save`);
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "AgendaItem", entityId: input.itemId, action: "update", before: { minutes: item.minutes, decision: item.decision, outcome: item.outcome }, after: { minutes: input.minutes, decision: input.decision, outcome: input.outcome } });
    return { ok: true as const };
  });
}

export async function addActionItem(projectId: number, date: string, input: { title: string; departmentId: number; ownerId: number | null; dueOn: string; agendaItemId: number | null }, actor: Actor) {
  return writeTransaction(async (tx) => {
    const meeting = await ensureMeeting(tx, projectId, date, actor);
    if (!meeting) return refuse("date", "not_meeting_day");
    if (meeting.status === "closed") return refuse("title", "meeting_closed");
    const department = await tx.department.findUnique({ where: { id: input.departmentId }, select: { projectId: true } });
    if (!department || department.projectId !== projectId) return refuse("departmentId", "invalid_choice");
    if (input.ownerId) {
      const owner = await tx.person.findUnique({ where: { id: input.ownerId }, select: { projectId: true } });
      if (!owner || owner.projectId !== projectId) return refuse("ownerId", "invalid_choice");
    }
    if (input.agendaItemId) {
      const source = await tx.agendaItem.findUnique({ where: { id: input.agendaItemId }, select: { meetingId: true } });
      if (!source || source.meetingId !== meeting.id) return refuse("agendaItemId", "invalid_choice");
    }
    const item = await tx.actionItem.create({ data: { meetingId: meeting.id, title: input.title, departmentId: input.departmentId, ownerId: input.ownerId, agendaItemId: input.agendaItemId, dueOn: new Date(`${input.dueOn}T00:00:00Z`) }, select: { id: true } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "ActionItem", entityId: item.id, action: "create", after: { ...input, meeting: date } });
    return { ok: true as const };
  });
}

/**
 * A report on an action item (at the meeting on `date`, if given and not closed). Executives may report
 * on any item; anyone else on their own department's items and on items assigned to them personally.
 */
export async function reportOnAction(
  projectId: number,
  date: string | null,
  input: { actionItemId: number; text: string; reportedOn: string; done: boolean },
  actor: Actor & { departmentId: number | null; personId: number | null; anyDepartment: boolean },
) {
  return writeTransaction(async (tx) => {
    const item = await tx.actionItem.findUnique({ where: { id: input.actionItemId }, select: { status: true, departmentId: true, ownerId: true, meeting: { select: { projectId: true, startsAt: true } } } });
    if (!item || item.meeting.projectId !== projectId) return refuse("actionItemId", "invalid_choice");
    if (!mayReport(actor, item)) return refuse("text", "not_your_item");
    if (item.status === "done") return refuse("text", "already_done");
    // Nothing is reported (or done) before the meeting that set the item (one run ahead of its day).
    const setOn = dateOf(item.meeting.startsAt);
    if (input.reportedOn < setOn) input = { ...input, reportedOn: setOn };
    // A report attaches to the meeting it was given at, if that meeting exists; it never creates one,
    // and a closed meeting's record takes no more reports.
    const meeting = date ? await tx.meeting.findFirst({ where: { projectId, startsAt: heldOn(date) }, select: { id: true, status: true } }) : null;
    if (meeting?.status === "closed") return refuse("text", "meeting_closed");
    const report = await tx.actionReport.create({ data: { actionItemId: input.actionItemId, meetingId: meeting?.id ?? null, text: input.text, reportedOn: new Date(`${input.reportedOn}T00:00:00Z`), createdById: actor.userId, markedDone: input.done }, select: { id: true } });
    if (input.done) await tx.actionItem.update({ where: { id: input.actionItemId }, data: { status: "done", doneOn: new Date(`${input.reportedOn}T00:00:00Z`), version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "ActionItem", entityId: input.actionItemId, action: "update", before: { status: item.status }, after: { status: input.done ? "done" : item.status, report: input.text, reportId: report.id } });
    return { ok: true as const };
  });
}
