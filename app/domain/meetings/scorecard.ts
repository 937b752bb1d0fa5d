// 绩效考核 / 责任追溯: the accountability scorecard of the action items (督办事项) set at the weekly
// meetings, per department and per person, by month; and the milestones finished on time by their
// owning department. Pure: the model (models/meetings/scorecard.server.ts) loads the rows.
//
// Definitions (the page's help text says the same, messages/scorecard.ts):
// - An item belongs to the month its due date falls in; only months up to the current month are
//   counted. Its state as of today:
//     doneOnTime  done, doneOn ≤ dueOn (done on the due day is on time)
//     doneLate    done, doneOn > dueOn
//     openOverdue open, dueOn < today
//     openNotDue  open, dueOn ≥ today
//   assigned = all four.
// - avgDaysLate: the mean days late over the doneLate items (doneOn − dueOn) and the openOverdue items
//   (today − dueOn), to 0.1 day rounded half up (kept as integer tenths); null when there are none.
// - onTimeRate: doneOnTime / (doneOnTime + doneLate + openOverdue) in tenths of a percent (integer,
//   rounded once, half up, from the exact counts: rateTenths); null when the divisor is 0 (items not
//   yet due are left out). formatRate is its one display, on the pages and in the exports (issue 18).
// - oldestCarried, per row and month: among the items open at the month's end (today for the current
//   month) — set at a meeting on or before that date and not done by it — the one set earliest (then
//   the earliest due, then the lowest id): its title, the date of the meeting it was set at, and the
//   days carried (as-of date − meeting date). Any item open then counts, whatever month it is due in.
//   For the totals over a range the as-of date is that of the range's last month.
// - Milestones (retired ones left out by the model) by owning department and month of plannedEnd:
//   onTime (done, actualEnd ≤ plannedEnd), late (done later), overdue (not done, plannedEnd < today),
//   pending (not done, not yet due). A done milestone without an actual end counts as on time.
// - Rows: per department (the item's department), per person (the item's owner; items without an
//   owner count only for their department), and a total row over all items.
import { addDays, daysBetween, monthOf } from "~/utils/dates";
import { rateTenths } from "~/utils/percent";

export type ItemState = "doneOnTime" | "doneLate" | "openOverdue" | "openNotDue";

export type ScorecardItem = {
  id: number;
  title: string;
  /** The civil date of the meeting it was set at. */
  meetingDate: string;
  departmentId: number | null;
  ownerId: number | null;
  dueOn: string;
  status: string; // open | done
  doneOn: string | null;
};

export type ScorecardMilestone = {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  departmentId: number | null;
  plannedEnd: string;
  actualEnd: string | null;
  status: string;
};

export type ScorecardDepartment = { id: number; name: string; nameEn: string; planned?: boolean };
export type ScorecardPerson = { id: number; name: string; nameEn: string; departmentId: number | null };

export type ScorecardInput = {
  /** The months to report, "YYYY-MM" ascending; months after today's are dropped. */
  months: readonly string[];
  departments: readonly ScorecardDepartment[];
  people: readonly ScorecardPerson[];
  items: readonly ScorecardItem[];
  milestones: readonly ScorecardMilestone[];
};

export type CarriedItem = { itemId: number; title: string; setOn: string; asOf: string; days: number };

export type Counts = {
  assigned: number;
  doneOnTime: number;
  doneLate: number;
  openOverdue: number;
  openNotDue: number;
  /** Sum of days late over doneLate and openOverdue items, and how many those are. */
  daysLateSum: number;
  lateCount: number;
  /** Mean days late in tenths of a day (half up); null when no item is late. */
  avgDaysLateTenths: number | null;
  /** On-time rate in tenths of a percent (1000 = 100 %, rounded once: rateTenths); null when nothing is due yet. */
  onTimeRateTenths: number | null;
};

export type Row = Counts & {
  kind: "department" | "person" | "total";
  /** Department or person id; null for the total row and for items without a department. */
  id: number | null;
  name: string;
  nameEn: string;
  /** A person's department (for display); a department row's own id. */
  departmentId: number | null;
  oldestCarried: CarriedItem | null;
};

export type MilestoneCounts = { total: number; onTime: number; late: number; overdue: number; pending: number; onTimeRateTenths: number | null };
export type MilestoneRow = MilestoneCounts & { departmentId: number | null; name: string; nameEn: string };

export type ItemRow = ScorecardItem & { month: string; state: ItemState; daysLate: number };

export type MonthScore = {
  month: string;
  asOf: string;
  departments: Row[];
  people: Row[];
  total: Row;
  milestones: MilestoneRow[];
  milestoneTotal: MilestoneCounts;
};

export type Scorecard = {
  months: string[];
  today: string;
  asOf: string | null;
  departments: Row[];
  people: Row[];
  total: Row;
  byMonth: MonthScore[];
  milestones: MilestoneRow[];
  milestoneTotal: MilestoneCounts;
  /** The items due in the months reported, with their state and days late (dueOn, then id). */
  items: ItemRow[];
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const MAX_MONTHS = 24;

export function isMonth(text: unknown): text is string {
  return typeof text === "string" && MONTH.test(text);
}

/** The month `n` months after `month` (negative: before). */
export function shiftMonth(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export function monthList(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to && months.length < 1000; m = shiftMonth(m, 1)) months.push(m);
  return months;
}

export function lastDayOf(month: string): string {
  return addDays(`${shiftMonth(month, 1)}-01`, -1);
}

/**
 * A month range from what a client sent: the default is the last 6 months through the current month,
 * not before `firstMonth` (the first meeting's); a month that is not "YYYY-MM" takes its default; the
 * range is put in order, ends no later than the current month, starts no earlier than 2000-01, and
 * spans at most MAX_MONTHS months (the last ones). Never throws.
 */
export function normalizeRange(range: { from?: string | null; to?: string | null }, today: string, firstMonth: string | null): { from: string; to: string } {
  const current = monthOf(today);
  let to = isMonth(range.to) ? range.to : current;
  let from: string;
  if (isMonth(range.from)) from = range.from;
  else {
    from = shiftMonth(to, -5);
    if (firstMonth && from < firstMonth && firstMonth <= to) from = firstMonth;
  }
  if (from > to) [from, to] = [to, from];
  if (to > current) to = current;
  if (from > to) from = to;
  if (to < "2000-01") to = "2000-01";
  if (from < "2000-01") from = "2000-01";
  if (from < shiftMonth(to, -(MAX_MONTHS - 1))) from = shiftMonth(to, -(MAX_MONTHS - 1));
  return { from, to };
}

/** The state of an item as of `today`, and its days late (0 unless doneLate or openOverdue). */
export function itemState(item: Pick<ScorecardItem, "status" | "dueOn" | "doneOn">, today: string): { state: ItemState; daysLate: number } {
  if (item.status === "done") {
    const doneOn = item.doneOn ?? item.dueOn;
    return doneOn <= item.dueOn ? { state: "doneOnTime", daysLate: 0 } : { state: "doneLate", daysLate: daysBetween(item.dueOn, doneOn) };
  }
  return item.dueOn < today ? { state: "openOverdue", daysLate: daysBetween(item.dueOn, today) } : { state: "openNotDue", daysLate: 0 };
}

/** Open at the end of `asOf`: set at a meeting on or before it and not done by it. */
export function openAt(item: Pick<ScorecardItem, "meetingDate" | "status" | "doneOn">, asOf: string): boolean {
  if (item.meetingDate > asOf) return false;
  return !(item.status === "done" && (item.doneOn === null || item.doneOn <= asOf));
}

/** n / d in tenths, half up (n, d ≥ 0, d > 0). */
const tenthsHalfUp = (n: number, d: number) => Math.floor((20 * n + d) / (2 * d));

function emptyCounts(): Counts {
  return { assigned: 0, doneOnTime: 0, doneLate: 0, openOverdue: 0, openNotDue: 0, daysLateSum: 0, lateCount: 0, avgDaysLateTenths: null, onTimeRateTenths: null };
}

function add(counts: Counts, state: ItemState, daysLate: number) {
  counts.assigned += 1;
  counts[state] += 1;
  if (state === "doneLate" || state === "openOverdue") {
    counts.daysLateSum += daysLate;
    counts.lateCount += 1;
  }
}

function finish(counts: Counts) {
  counts.avgDaysLateTenths = counts.lateCount ? tenthsHalfUp(counts.daysLateSum, counts.lateCount) : null;
  const due = counts.doneOnTime + counts.doneLate + counts.openOverdue;
  counts.onTimeRateTenths = rateTenths(counts.doneOnTime, due);
}

function emptyMilestones(): MilestoneCounts {
  return { total: 0, onTime: 0, late: 0, overdue: 0, pending: 0, onTimeRateTenths: null };
}

export function milestoneState(m: Pick<ScorecardMilestone, "status" | "plannedEnd" | "actualEnd">, today: string): "onTime" | "late" | "overdue" | "pending" {
  if (m.status === "done") return (m.actualEnd ?? m.plannedEnd) <= m.plannedEnd ? "onTime" : "late";
  return m.plannedEnd < today ? "overdue" : "pending";
}

/** Earlier set first, then earlier due, then lower id. */
function setEarlier(a: ScorecardItem, b: ScorecardItem): boolean {
  if (a.meetingDate !== b.meetingDate) return a.meetingDate < b.meetingDate;
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn;
  return a.id < b.id;
}

type Key = string; // "d:<id|none>" | "p:<id>" | "t"
const deptKey = (id: number | null) => `d:${id ?? "none"}`;
const personKey = (id: number) => `p:${id}`;

/** The oldest item open at `asOf` for each row key. */
function oldestOpen(items: readonly ScorecardItem[], asOf: string): Map<Key, CarriedItem> {
  const best = new Map<Key, ScorecardItem>();
  const offer = (key: Key, item: ScorecardItem) => {
    const current = best.get(key);
    if (!current || setEarlier(item, current)) best.set(key, item);
  };
  for (const item of items) {
    if (!openAt(item, asOf)) continue;
    offer("t", item);
    offer(deptKey(item.departmentId), item);
    if (item.ownerId !== null) offer(personKey(item.ownerId), item);
  }
  const out = new Map<Key, CarriedItem>();
  for (const [key, item] of best) out.set(key, { itemId: item.id, title: item.title, setOn: item.meetingDate, asOf, days: daysBetween(item.meetingDate, asOf) });
  return out;
}

export function scorecard(input: ScorecardInput, today: string): Scorecard {
  const current = monthOf(today);
  const months = [...new Set(input.months.filter((m) => isMonth(m) && m <= current))].sort();
  const monthSet = new Set(months);
  const asOfOf = (month: string) => (month === current ? today : lastDayOf(month));

  const departmentsById = new Map(input.departments.map((d) => [d.id, d]));
  const peopleById = new Map(input.people.map((p) => [p.id, p]));

  const items: ItemRow[] = input.items
    .filter((item) => monthSet.has(monthOf(item.dueOn)))
    .map((item) => ({ ...item, month: monthOf(item.dueOn), ...itemState(item, today) }))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id - b.id));

  // Which departments and people get rows: every department not merely planned, and any department or
  // person with an item due in the range or carried at the range's end.
  const rangeAsOf = months.length ? asOfOf(months[months.length - 1]) : null;
  const rangeCarried = rangeAsOf ? oldestOpen(input.items, rangeAsOf) : new Map<Key, CarriedItem>();
  const departmentIds = new Set<number | null>(input.departments.filter((d) => !d.planned).map((d) => d.id));
  const personIds = new Set<number>();
  for (const item of items) {
    departmentIds.add(item.departmentId);
    if (item.ownerId !== null) personIds.add(item.ownerId);
  }
  for (const item of input.items) {
    if (!rangeAsOf || !openAt(item, rangeAsOf)) continue;
    departmentIds.add(item.departmentId);
    if (item.ownerId !== null) personIds.add(item.ownerId);
  }
  const milestones = input.milestones.filter((m) => monthSet.has(monthOf(m.plannedEnd)));
  for (const m of milestones) departmentIds.add(m.departmentId);

  const departmentOrder = input.departments.map((d) => d.id as number | null).filter((id) => departmentIds.has(id));
  if (departmentIds.has(null)) departmentOrder.push(null);
  const personOrder = input.people.map((p) => p.id).filter((id) => personIds.has(id));
  for (const id of [...personIds].sort((a, b) => a - b)) if (!peopleById.has(id)) personOrder.push(id);

  const departmentRow = (id: number | null): Row => {
    const d = id === null ? undefined : departmentsById.get(id);
    return { kind: "department", id, name: d?.name ?? "", nameEn: d?.nameEn ?? "", departmentId: id, oldestCarried: null, ...emptyCounts() };
  };
  const personRow = (id: number): Row => {
    const p = peopleById.get(id);
    return { kind: "person", id, name: p?.name ?? "", nameEn: p?.nameEn ?? "", departmentId: p?.departmentId ?? null, oldestCarried: null, ...emptyCounts() };
  };
  const totalRow = (): Row => ({ kind: "total", id: null, name: "", nameEn: "", departmentId: null, oldestCarried: null, ...emptyCounts() });

  /** Rows for a set of items, with the oldest carried item as of `asOf`. */
  const rowsFor = (subset: readonly ItemRow[], asOf: string | null) => {
    const departments = new Map(departmentOrder.map((id) => [deptKey(id), departmentRow(id)]));
    const people = new Map(personOrder.map((id) => [personKey(id), personRow(id)]));
    const total = totalRow();
    for (const item of subset) {
      add(total, item.state, item.daysLate);
      add(departments.get(deptKey(item.departmentId))!, item.state, item.daysLate);
      if (item.ownerId !== null) add(people.get(personKey(item.ownerId))!, item.state, item.daysLate);
    }
    const carried = asOf === rangeAsOf ? rangeCarried : asOf ? oldestOpen(input.items, asOf) : new Map<Key, CarriedItem>();
    const rows = [...departments.entries(), ...people.entries(), ["t", total] as const];
    for (const [key, row] of rows) {
      finish(row);
      row.oldestCarried = carried.get(key) ?? null;
    }
    return { departments: [...departments.values()], people: [...people.values()], total };
  };

  const milestoneRowsFor = (subset: readonly ScorecardMilestone[]) => {
    const rows = new Map<number | null, MilestoneRow>();
    for (const id of departmentOrder) {
      const d = id === null ? undefined : departmentsById.get(id);
      rows.set(id, { departmentId: id, name: d?.name ?? "", nameEn: d?.nameEn ?? "", ...emptyMilestones() });
    }
    const total = emptyMilestones();
    for (const m of subset) {
      const state = milestoneState(m, today);
      for (const counts of [rows.get(m.departmentId)!, total]) {
        counts.total += 1;
        counts[state] += 1;
      }
    }
    for (const counts of [...rows.values(), total]) {
      const due = counts.onTime + counts.late + counts.overdue;
      counts.onTimeRateTenths = rateTenths(counts.onTime, due);
    }
    return { rows: [...rows.values()], total };
  };

  const byMonth: MonthScore[] = months.map((month) => {
    const asOf = asOfOf(month);
    const rows = rowsFor(
      items.filter((item) => item.month === month),
      asOf,
    );
    const ms = milestoneRowsFor(milestones.filter((m) => monthOf(m.plannedEnd) === month));
    return { month, asOf, ...rows, milestones: ms.rows, milestoneTotal: ms.total };
  });
  const overall = rowsFor(items, rangeAsOf);
  const ms = milestoneRowsFor(milestones);
  return { months, today, asOf: rangeAsOf, ...overall, byMonth, milestones: ms.rows, milestoneTotal: ms.total, items };
}

// ─── Rates: one rounding rule (issue 18) ─────────────────────────────────────
// A rate is rounded exactly once, from its exact numerator and denominator, half up to 0.1 %; the
// scorecard page, its workbook, the monthly pack's page and the pack's workbook all show that one value.
// The rule lives in utils/percent.ts (every ratio of the app uses it); re-exported for existing importers.
export { formatRate, formatShare, rateCellValue, rateTenths } from "~/utils/percent";

/** Tenths of a day as "2.0"; "—" for null. */
export function formatTenths(tenths: number | null): string {
  return tenths === null ? "—" : `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/**
 * What a scorecard URL asks for: the month range (`from`, `to`, or `month` for a single month) and the
 * item filter (`department` = an id or "none", `person` = an id, `items=all`). Anything malformed is
 * left out (the range then takes its default, normalizeRange); never throws.
 */
export function scorecardParams(search: URLSearchParams): { from: string; to: string; filter: { department: number | null } | { person: number } | { all: true } | null } {
  const month = search.get("month");
  const from = isMonth(month) ? month : (search.get("from") ?? "");
  const to = isMonth(month) ? month : (search.get("to") ?? "");
  const id = (text: string | null) => (text && /^[1-9]\d{0,8}$/.test(text) ? Number(text) : undefined);
  const department = search.get("department");
  const person = id(search.get("person"));
  let filter: { department: number | null } | { person: number } | { all: true } | null = null;
  if (department === "none") filter = { department: null };
  else if (id(department) !== undefined) filter = { department: id(department)! };
  else if (person !== undefined) filter = { person };
  else if (search.get("items") === "all") filter = { all: true };
  return { from, to, filter };
}
