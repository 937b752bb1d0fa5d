// The monthly executive pack (月度经营报告): its snapshot (what an issued pack stores and shows, and what a
// draft computes live), the months a project has packs for, and what "this month" means. Pure; shared by
// the server (models/reports/pack.server.ts) and the pages.
//
// What the figures mean:
// - Flows are of the month: from its first day to its last, or to today for the current month
//   (payments, changes submitted and decided, drawdowns, collections, meetings held, decisions).
// - Positions are as of the day the pack is computed (`asOf`: today for a draft, the issue day for an
//   issued pack): the health counts, the end forecast, 动态成本 against the target, the funding gap by
//   scenario, receivables overdue. The models compute positions for today only, so a draft of an
//   earlier month shows today's positions; issuing soon after the month's end keeps them close to it.
// - Action items overdue at the month's end: due before the as-of day of the month (its last day, or
//   today for the current month) and not done by that day.
// - Money is integer 分 written as decimal strings (JSON cannot carry BigInt); names are stored in both
//   languages, so one snapshot prints in either.
import { addDays, daysBetween, daysInMonth, monthsBetween, type CivilDate } from "~/utils/dates";
import { PACK_AREAS, type PackArea } from "~/domain/meetings/areas";
import { rateTenths } from "~/utils/percent";

export { PACK_AREAS, type PackArea };

export const PACK_STATUSES = ["draft", "issued"] as const;
export type PackStatus = (typeof PACK_STATUSES)[number];

/** A commentary is at most this long (the form's limit, checked on the server). */
export const COMMENTARY_MAX = 4000;
/** Lists in the pack are cut at this length; their counts cover every row. */
export const PACK_LIST_MAX = 20;
/** The snapshot's layout; an issued pack keeps the version it was written with. */
export const SNAPSHOT_VERSION = 1;

type Fen = string;
export type Named = { name: string; nameEn: string };
export type HealthCounts = { done: number; overdue: number; slipping: number; due_soon: number; in_progress: number; upcoming: number };

export type PackSnapshot = {
  version: typeof SNAPSHOT_VERSION;
  month: string;
  /** The day the positions are as of. */
  asOf: CivilDate;
  period: { from: CivilDate; to: CivilDate };
  project: Named;
  schedule: {
    counts: HealthCounts;
    total: number;
    end: (Named & { code: string; plannedEnd: CivilDate; forecastEnd: CivilDate; slipDays: number; cause: (Named & { code: string; ownSlipDays: number; reason: string }) | null }) | null;
    slipping: (Named & { code: string; plannedEnd: CivilDate; forecastEnd: CivilDate; slipDays: number; ownSlipDays: number; cause: string | null; critical: boolean })[];
    slippingCount: number;
    critical: (Named & { code: string; forecastStart: CivilDate; forecastEnd: CivilDate; floatDays: number | null; health: string })[];
    criticalCount: number;
    permitsDone: (Named & { code: string; actualEnd: CivilDate | null; certificate: string | null })[];
    permitsDue: (Named & { code: string; plannedEnd: CivilDate; forecastEnd: CivilDate; health: string })[];
    missingEvidence: (Named & { code: string; reason: string })[];
    /** The full counts of the bounded lists above (absent in packs issued before they were bounded). */
    permitsDoneCount?: number;
    permitsDueCount?: number;
    missingEvidenceCount?: number;
  };
  cost: {
    budget: { projectTotalFen: Fen; currentFen: Fen; differenceFen: Fen; committedFen: Fen; paidFen: Fen };
    dynamic: { targetFen: Fen; dynamicFen: Fen; varianceFen: Fen; targetUsedBps: number; level: string };
    /** Lines near (amber) or over (red) their target, worst first. */
    lines: (Named & { code: string; targetFen: Fen; dynamicFen: Fen; varianceFen: Fen; targetUsedBps: number; level: string })[];
    month: { plannedFen: Fen; paidFen: Fen; paymentCount: number };
    changes: { submittedCount: number; claimedFen: Fen; approvedCount: number; approvedFen: Fen; rejectedCount: number; pendingCount: number; pendingEstimateFen: Fen };
    approvals: { count: number; top: { kind: string; line: (Named & { code: string }) | null; payee: string; amountFen: Fen | null; submittedOn: CivilDate }[] };
  };
  cash: {
    scenarios: Record<"secured" | "expected", {
      firstGap: { month: string; gapFen: Fen } | null;
      peak: { month: string; gapFen: Fen } | null;
      month: { inFen: Fen; outFen: Fen; gapFen: Fen; interestFen: Fen } | null;
    }>;
    drawdowns: { facility: string; secured: boolean; plannedOn: CivilDate; plannedFen: Fen; forecastOn: CivilDate; actualOn: CivilDate | null; actualFen: Fen | null }[];
    /** How many drawdowns fall in the month (the list shows the first PACK_LIST_MAX). */
    drawdownCount?: number;
    drawdownTotals: { plannedFen: Fen; actualFen: Fen };
    interest: { toDateFen: Fen; toCompletionFen: Fen };
    financing: { targetFen: Fen; securedFen: Fen; drawnFen: Fen; expectedFen: Fen; startupTargetFen: Fen; startupYear: number };
  };
  sales: {
    year: number;
    byProduct: { product: string; monthTargetFen: Fen; monthAchievedFen: Fen; yearTargetFen: Fen; yearAchievedFen: Fen }[];
    totals: { monthTargetFen: Fen; monthAchievedFen: Fen; yearTargetFen: Fen; yearAchievedFen: Fen };
    collections: { monthFen: Fen; count: number };
    receivables: { overdueFen: Fen; overdueDeals: number; signedOutstandingFen: Fen };
  };
  meetings: {
    held: { date: CivilDate; theme: string; themeEn: string; chair: Named | null; status: string; decisions: number }[];
    decisions: { date: CivilDate; title: string; titleEn: string; decision: string }[];
    decisionCount: number;
    overdue: { title: string; department: Named | null; owner: Named | null; dueOn: CivilDate; daysLate: number }[];
    overdueCount: number;
    /** From the accountability scorecard (issue 17; items by due month, as of the day computed), else the pack's own counts. */
    scorecard: { source: "scorecard" | "pack"; rows: ScorecardRow[]; total: ScorecardRow };
  };
  commentaries: Record<PackArea, PackCommentaryView>;
};

/**
 * A scorecard row of the pack. The on-time rate is in tenths of a percent, rounded once from the counts
 * (rateTenths); snapshots written before it was stored carry the counts only (rowRateTenths).
 */
export type ScorecardRow = Named & { assigned: number; doneOnTime: number; doneLate: number; openOverdue: number; onTimeRateTenths?: number | null; avgDaysLateTenths?: number | null };
export type PackCommentaryView = { text: string; author: Named | null; updatedAt: string | null; version: number };

// ─── Months ──────────────────────────────────────────────────────────────────

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A "YYYY-MM" month between 2000 and 2100, or null. */
export function parseMonth(text: string | null | undefined): string | null {
  if (!text || !MONTH.test(text)) return null;
  const year = Number(text.slice(0, 4));
  return year >= 2000 && year <= 2100 ? text : null;
}

export function firstDay(month: string): CivilDate {
  return `${month}-01`;
}

export function lastDay(month: string): CivilDate {
  return `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
}

export function nextMonth(month: string): string {
  return addDays(lastDay(month), 1).slice(0, 7);
}

/** The pack's flows run from the month's first day to its last, or to today in the current month. */
export function packPeriod(month: string, today: CivilDate): { from: CivilDate; to: CivilDate } {
  const last = lastDay(month);
  return { from: firstDay(month), to: today < last ? today : last };
}

/** Whether the month is still running on `today` (its last day not yet past): issuing it needs confirming. */
export function monthNotOver(month: string, today: CivilDate): boolean {
  return today <= lastDay(month) && today >= firstDay(month);
}

export function inPeriod(day: CivilDate | null | undefined, period: { from: CivilDate; to: CivilDate }): boolean {
  return !!day && day >= period.from && day <= period.to;
}

/** The months a project has packs for: from its first month to the current month, newest first. */
export function packMonths(scheduleStart: CivilDate, today: CivilDate): string[] {
  if (scheduleStart.slice(0, 7) > today.slice(0, 7)) return [today.slice(0, 7)];
  return monthsBetween(scheduleStart, today).reverse();
}

/** Whether a pack may exist for a month: in range, not after the current month, not before the project's first month. */
export function monthAllowed(month: string, scheduleStart: CivilDate, today: CivilDate): boolean {
  return month <= today.slice(0, 7) && month >= scheduleStart.slice(0, 7);
}

// ─── Rules ───────────────────────────────────────────────────────────────────

/** An action item overdue at the as-of day: due before it and not done on or before it. Days late: as-of − due. */
export function overdueAt(item: { dueOn: CivilDate; doneOn: CivilDate | null }, asOf: CivilDate): number | null {
  if (item.dueOn >= asOf) return null;
  if (item.doneOn !== null && item.doneOn <= asOf) return null;
  return daysBetween(item.dueOn, asOf);
}

/** On-time share in tenths of a percent, half up, from the exact counts; null when nothing counted is due. */
export function onTimeRateTenths(doneOnTime: number, doneLate: number, openOverdue: number): number | null {
  return rateTenths(doneOnTime, doneOnTime + doneLate + openOverdue);
}

/** A row's on-time rate (tenths of a percent): as stored, or from its counts for an older snapshot. */
export function rowRateTenths(row: ScorecardRow): number | null {
  return row.onTimeRateTenths !== undefined ? row.onTimeRateTenths : onTimeRateTenths(row.doneOnTime, row.doneLate, row.openOverdue);
}

/**
 * The pack's own scorecard counts when the meetings scorecard is not available: the items due in the
 * month (its period), per department, as of the period's end.
 */
export function simpleScorecard(
  items: { dueOn: CivilDate; doneOn: CivilDate | null; department: (Named & { id: number }) | null }[],
  period: { from: CivilDate; to: CivilDate },
  totalName: Named,
): { rows: ScorecardRow[]; total: ScorecardRow } {
  const blank = (named: Named): ScorecardRow => ({ ...named, assigned: 0, doneOnTime: 0, doneLate: 0, openOverdue: 0, onTimeRateTenths: null });
  const byDepartment = new Map<number, ScorecardRow>();
  const total = blank(totalName);
  const none = blank({ name: "—", nameEn: "—" });
  for (const item of items) {
    if (item.dueOn < period.from || item.dueOn > lastDay(period.from.slice(0, 7))) continue;
    const row = item.department ? (byDepartment.get(item.department.id) ?? blank({ name: item.department.name, nameEn: item.department.nameEn })) : none;
    if (item.department) byDepartment.set(item.department.id, row);
    const done = item.doneOn !== null && item.doneOn <= period.to;
    for (const r of [row, total]) {
      r.assigned += 1;
      if (done && item.doneOn! <= item.dueOn) r.doneOnTime += 1;
      else if (done) r.doneLate += 1;
      else if (item.dueOn < period.to) r.openOverdue += 1;
    }
  }
  const rows = [...byDepartment.values(), ...(none.assigned ? [none] : [])].map((r) => ({ ...r, onTimeRateTenths: onTimeRateTenths(r.doneOnTime, r.doneLate, r.openOverdue) }));
  return { rows, total: { ...total, onTimeRateTenths: onTimeRateTenths(total.doneOnTime, total.doneLate, total.openOverdue) } };
}

/** The sections whose commentary is still empty (issuing warns, but allows it). */
export function emptyCommentaries(commentaries: Record<PackArea, { text: string }>): PackArea[] {
  return PACK_AREAS.filter((area) => commentaries[area].text.trim() === "");
}

/** Reads a stored snapshot; null when it is not one this code wrote. */
export function readSnapshot(json: string | null): PackSnapshot | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as PackSnapshot;
    return value && value.version === SNAPSHOT_VERSION && typeof value.month === "string" ? value : null;
  } catch {
    return null;
  }
}

/** The first `max` rows and how many there were. */
export function capped<T>(rows: T[], max = PACK_LIST_MAX): { rows: T[]; count: number } {
  return { rows: rows.slice(0, max), count: rows.length };
}
