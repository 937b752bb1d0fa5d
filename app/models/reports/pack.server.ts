// The monthly executive pack (月度经营报告): its figures, built from the same model functions the pages
// use (schedule, budget, cash flow, financing, sales, meetings), so a figure in the pack is the page's
// figure; the commentaries; and issuing, which freezes figures and commentaries into a snapshot that
// never changes afterwards. Rules of the pack: domain/reports/pack.ts.
import { AREAS } from "../data-areas";
import { cachedRead } from "../read-cache.server";
import { prisma, writeTransaction } from "~/db.server";
import { reconcile, sumFigures } from "~/domain/capital";
import { sumDynamic } from "~/domain/cost/dynamic-cost";
import { SECURED_STATUSES } from "~/domain/financing";
import { meetingInstant } from "~/domain/meetings";
import { PACK_AREA_LEADS } from "~/domain/meetings/areas";
import {
  capped,
  emptyCommentaries,
  inPeriod,
  lastDay,
  monthNotOver,
  nextMonth,
  overdueAt,
  packMonths,
  packPeriod,
  PACK_AREAS,
  PACK_LIST_MAX,
  readSnapshot,
  simpleScorecard,
  SNAPSHOT_VERSION,
  type PackArea,
  type PackCommentaryView,
  type PackSnapshot,
  type PackStatus,
  type ScorecardRow,
} from "~/domain/reports/pack";
import { translator } from "~/i18n";
import { addDays, civilToDate, dateToCivil, instantInShanghai, type CivilDate } from "~/utils/dates";
import { pendingApprovals } from "../approvals.server";
import { recordAudit } from "../audit.server";
import { budgetTable, ledgerTotals, planAndPaidByMonth } from "../capital.server";
import { cashflowView } from "../cashflow.server";
import { financingView } from "../financing.server";
import { scheduleSummary, scheduleView } from "../milestones.server";
import { scorecardView } from "../meetings/scorecard.server";
import { archive } from "../schedule/documents.server";
import { salesView } from "../sales/overview.server";

type Actor = { userId: number | null };
type Project = { id: number; name: string; nameEn: string; totalBudgetFen: bigint; scheduleStart: Date; scheduleEnd: Date };
const fen = (value: bigint) => value.toString();

// ─── Figures ─────────────────────────────────────────────────────────────────

/** Every figure of the pack for `month`, computed live as of `today` (a draft; issuing stores this). */
/**
 * The pack's figures for a month as of today, cached per month on every area's data version (a draft is
 * read far more often than the data changes; the figures come from every area, so any write recomputes).
 */
export function packFigures(project: Project, month: string, today: CivilDate): Promise<Omit<PackSnapshot, "commentaries">> {
  return cachedRead(`pack-figures:${project.id}:${month}`, AREAS, today, () => computePackFigures(project, month, today));
}

async function computePackFigures(project: Project, month: string, today: CivilDate): Promise<Omit<PackSnapshot, "commentaries">> {
  const period = packPeriod(month, today);
  const [schedule, cost, cash, sales, meetings] = await Promise.all([
    scheduleFigures(project.id, month, period, today),
    costFigures(project, month, period),
    cashFigures(project.id, month, period, today),
    salesFigures(project.id, month, period, today),
    meetingFigures(project.id, period, today),
  ]);
  return { version: SNAPSHOT_VERSION, month, asOf: today, period, project: { name: project.name, nameEn: project.nameEn }, schedule, cost, cash, sales, meetings };
}

async function scheduleFigures(projectId: number, month: string, period: { from: CivilDate; to: CivilDate }, today: CivilDate): Promise<PackSnapshot["schedule"]> {
  // The /milestones page's rows and counts and the dashboard's end summary (its cause and reason).
  const [view, summary, documents] = await Promise.all([scheduleView(projectId, today), scheduleSummary(projectId, today), archive(projectId)]);
  const named = (r: { code: string; name: string; nameEn: string }) => ({ code: r.code, name: r.name, nameEn: r.nameEn });
  const slipping = capped(view.rows.filter((r) => r.health !== "done" && r.slipDays > 0));
  const critical = capped(view.rows.filter((r) => r.critical && r.health !== "done"));
  const next = nextMonth(month);
  const permits = view.rows.filter((r) => r.kind === "permit");
  const permitsDone = permits.filter((r) => r.status === "done" && inPeriod(r.actualEnd, period));
  const permitsDue = permits.filter((r) => r.status !== "done" && (r.plannedEnd.startsWith(next) || r.forecastEnd.startsWith(next)));
  return {
    counts: view.counts,
    total: view.rows.length,
    end: summary.end
      ? { ...named(summary.end), plannedEnd: summary.end.plannedEnd, forecastEnd: summary.end.forecastEnd, slipDays: summary.end.slipDays, cause: summary.end.cause ? { ...named(summary.end.cause), ownSlipDays: summary.end.cause.ownSlipDays, reason: summary.end.cause.reason } : null }
      : null,
    slipping: slipping.rows.map((r) => ({ ...named(r), plannedEnd: r.plannedEnd, forecastEnd: r.forecastEnd, slipDays: r.slipDays, ownSlipDays: r.ownSlipDays, cause: r.cause?.code ?? null, critical: r.critical })),
    slippingCount: slipping.count,
    critical: critical.rows.map((r) => ({ ...named(r), forecastStart: r.forecastStart, forecastEnd: r.forecastEnd, floatDays: r.floatDays, health: r.health })),
    criticalCount: critical.count,
    // Every list is bounded (the first PACK_LIST_MAX, with the full count): a pack is read, not scrolled.
    permitsDone: permitsDone.slice(0, PACK_LIST_MAX).map((r) => ({ ...named(r), actualEnd: r.actualEnd, certificate: r.certificate })),
    permitsDoneCount: permitsDone.length,
    permitsDue: permitsDue.slice(0, PACK_LIST_MAX).map((r) => ({ ...named(r), plannedEnd: r.plannedEnd, forecastEnd: r.forecastEnd, health: r.health })),
    permitsDueCount: permitsDue.length,
    missingEvidence: documents.missing.slice(0, PACK_LIST_MAX).map((m) => ({ code: m.code, name: m.name, nameEn: m.nameEn, reason: m.reason })),
    missingEvidenceCount: documents.missing.length,
  };
}

/** The instants of a period of Shanghai civil days: from 00:00 on its first day to 00:00 after its last. */
export function shanghaiDays(period: { from: CivilDate; to: CivilDate }): { gte: Date; lt: Date } {
  return { gte: meetingInstant(period.from, "00:00"), lt: meetingInstant(addDays(period.to, 1), "00:00") };
}

/**
 * The month's contract changes: submitted (createdAt) and decided (decidedAt) in the period, and those
 * pending now. createdAt and decidedAt are instants: the period runs from 00:00 Shanghai on its first day
 * to 00:00 Shanghai after its last (UTC midnight would be 08:00 Shanghai and miscount 00:00–08:00).
 */
export async function changeFigures(projectId: number, period: { from: CivilDate; to: CivilDate }): Promise<PackSnapshot["cost"]["changes"]> {
  const monthRange = shanghaiDays(period);
  const contract = { contract: { line: { projectId } } };
  const [submitted, approved, rejected, pending] = await Promise.all([
    prisma.contractChange.aggregate({ where: { ...contract, createdAt: monthRange }, _sum: { claimedFen: true }, _count: true }),
    prisma.contractChange.aggregate({ where: { ...contract, status: "approved", decidedAt: monthRange }, _sum: { approvedFen: true }, _count: true }),
    prisma.contractChange.count({ where: { ...contract, status: "rejected", decidedAt: monthRange } }),
    prisma.contractChange.aggregate({ where: { ...contract, status: "pending" }, _sum: { estimateFen: true }, _count: true }),
  ]);
  return {
    submittedCount: submitted._count,
    claimedFen: fen(submitted._sum.claimedFen ?? 0n),
    approvedCount: approved._count,
    approvedFen: fen(approved._sum.approvedFen ?? 0n),
    rejectedCount: rejected,
    pendingCount: pending._count,
    pendingEstimateFen: fen(pending._sum.estimateFen ?? 0n),
  };
}

async function costFigures(project: Project, month: string, period: { from: CivilDate; to: CivilDate }): Promise<PackSnapshot["cost"]> {
  const [rows, months, payments, approvals, changes] = await Promise.all([
    budgetTable(project.id),
    // The /budget page's S-curve months: plan and paid of the month.
    planAndPaidByMonth(project.id, project.scheduleStart, project.scheduleEnd),
    // The payment ledger's totals for the month (/budget/payments?from=…&to=…).
    ledgerTotals(project.id, { from: period.from, to: period.to }),
    pendingApprovals(project.id),
    changeFigures(project.id, period),
  ]);
  // As /budget sums them (routes/budget._index.tsx): the lines' figures and their 动态成本.
  const totals = sumFigures(rows);
  const check = reconcile(project.totalBudgetFen, totals.originalFen + totals.revisionsFen);
  const dynamic = sumDynamic(rows.map((row) => row.dynamic));
  const monthRow = months.find((m) => m.month === month);
  const lines = rows
    .filter((l) => l.dynamic.level !== "ok")
    .sort((a, b) => b.dynamic.targetUsedBps - a.dynamic.targetUsedBps)
    .map((l) => ({ code: l.code, name: l.name, nameEn: l.nameEn, targetFen: fen(l.dynamic.targetFen), dynamicFen: fen(l.dynamic.dynamicFen), varianceFen: fen(l.dynamic.varianceFen), targetUsedBps: l.dynamic.targetUsedBps, level: l.dynamic.level }));
  return {
    budget: { projectTotalFen: fen(check.projectTotalFen), currentFen: fen(totals.originalFen + totals.revisionsFen), differenceFen: fen(check.differenceFen), committedFen: fen(totals.committedFen), paidFen: fen(totals.paidFen) },
    dynamic: { targetFen: fen(dynamic.targetFen), dynamicFen: fen(dynamic.dynamicFen), varianceFen: fen(dynamic.varianceFen), targetUsedBps: dynamic.targetUsedBps, level: dynamic.level },
    lines: lines.slice(0, 20),
    month: { plannedFen: fen(monthRow?.planFen ?? 0n), paidFen: fen(payments.totalFen), paymentCount: payments.count },
    changes,
    approvals: {
      count: approvals.count,
      top: approvals.top.map((a) => ({
        kind: a.kind,
        line: a.line ? { code: a.line.code, name: a.line.name, nameEn: a.line.nameEn } : null,
        payee: a.payee,
        amountFen: a.amountFen === null ? null : fen(a.amountFen),
        submittedOn: instantInShanghai(a.createdAt).date,
      })),
    },
  };
}

async function cashFigures(projectId: number, month: string, period: { from: CivilDate; to: CivilDate }, today: CivilDate): Promise<PackSnapshot["cash"]> {
  const [view, financing] = await Promise.all([cashflowView(projectId, today), financingView(projectId, today)]);
  // Both scenarios as /financing/cashflow shows them: hoped-for money only ever in "expected".
  const scenario = (s: "secured" | "expected") => {
    const sc = view.scenarios[s];
    const row = sc.months.find((m) => m.month === month);
    return {
      firstGap: sc.firstGap,
      peak: sc.peak,
      month: row ? { inFen: row.totalInFen, outFen: row.totalOutFen, gapFen: row.gapFen, interestFen: String(row.outFen.interest ?? "0") } : null,
    };
  };
  const drawdowns = financing.channels.flatMap((c) =>
    c.facilities.flatMap((f) =>
      f.drawdowns
        .filter((d) => inPeriod(d.plannedOn, period) || inPeriod(d.actualOn, period) || (!d.actualOn && inPeriod(d.forecast.on, period)))
        .map((d) => ({
          facility: f.counterparty,
          secured: SECURED_STATUSES.includes(f.status),
          plannedOn: d.plannedOn,
          plannedFen: fen(d.plannedFen),
          forecastOn: d.forecast.on,
          actualOn: d.actualOn,
          actualFen: d.actualFen === null ? null : fen(d.actualFen),
        })),
    ),
  );
  const sum = (pick: (d: (typeof drawdowns)[number]) => bigint) => fen(drawdowns.reduce((total, d) => total + pick(d), 0n));
  return {
    scenarios: { secured: scenario("secured"), expected: scenario("expected") },
    drawdowns: drawdowns.sort((a, b) => (a.plannedOn < b.plannedOn ? -1 : a.plannedOn > b.plannedOn ? 1 : 0)).slice(0, PACK_LIST_MAX),
    drawdownCount: drawdowns.length,
    drawdownTotals: {
      plannedFen: sum((d) => (inPeriod(d.plannedOn, period) ? BigInt(d.plannedFen) : 0n)),
      actualFen: sum((d) => (inPeriod(d.actualOn, period) && d.actualFen ? BigInt(d.actualFen) : 0n)),
    },
    interest: { toDateFen: view.financingCost.toDateFen, toCompletionFen: view.financingCost.toCompletionFen },
    financing: {
      targetFen: fen(financing.totals.targetFen),
      securedFen: fen(financing.totals.securedFen),
      drawnFen: fen(financing.totals.drawnFen),
      expectedFen: fen(financing.totals.expectedFen),
      startupTargetFen: fen(financing.startup.targetFen),
      startupYear: financing.startup.year,
    },
  };
}

async function salesFigures(projectId: number, month: string, period: { from: CivilDate; to: CivilDate }, today: CivilDate): Promise<PackSnapshot["sales"]> {
  const year = Number(month.slice(0, 4));
  const monthIndex = Number(month.slice(5, 7)) - 1;
  // receivedOn is a civil date (stored as UTC midnight), so civil boundaries are right here.
  const range = { gte: civilToDate(period.from), lt: civilToDate(addDays(period.to, 1)) };
  // The /sales page of the month's year: achievement by product against its targets.
  const [view, collected] = await Promise.all([
    salesView(projectId, year, today),
    prisma.receipt.aggregate({ where: { receivedOn: range, OR: [{ sale: { projectId } }, { lease: { projectId } }] }, _sum: { amountFen: true }, _count: true }),
  ]);
  const byProduct = view.byProduct.map((p) => ({
    product: p.product,
    monthTargetFen: fen(p.months[monthIndex].targetFen),
    monthAchievedFen: fen(p.months[monthIndex].achievedFen),
    yearTargetFen: fen(p.year.targetFen),
    yearAchievedFen: fen(p.year.achievedFen),
  }));
  const total = (pick: (p: (typeof byProduct)[number]) => string) => fen(byProduct.reduce((sum, p) => sum + BigInt(pick(p)), 0n));
  return {
    year,
    byProduct,
    totals: { monthTargetFen: total((p) => p.monthTargetFen), monthAchievedFen: total((p) => p.monthAchievedFen), yearTargetFen: total((p) => p.yearTargetFen), yearAchievedFen: total((p) => p.yearAchievedFen) },
    collections: { monthFen: fen(collected._sum.amountFen ?? 0n), count: collected._count },
    receivables: { overdueFen: fen(view.receivables.overdueFen), overdueDeals: view.receivables.overdueDeals, signedOutstandingFen: fen(view.receivables.signedOutstandingFen) },
  };
}

async function meetingFigures(projectId: number, period: { from: CivilDate; to: CivilDate }, today: CivilDate): Promise<PackSnapshot["meetings"]> {
  const held = await prisma.meeting.findMany({
    where: { projectId, status: { in: ["in_progress", "closed"] }, startsAt: shanghaiDays(period) },
    orderBy: { startsAt: "asc" },
    select: {
      startsAt: true,
      theme: true,
      themeEn: true,
      status: true,
      chair: { select: { name: true, nameEn: true } },
      agendaItems: { where: { OR: [{ decision: { not: "" } }, { outcome: "decision" }] }, orderBy: { sortOrder: "asc" }, select: { title: true, titleEn: true, decision: true } },
    },
  });
  const asOf = period.to;
  // Items set on or before the as-of day; overdue when due before it and not done by it.
  const items = await prisma.actionItem.findMany({
    where: { meeting: { projectId, startsAt: { lt: meetingInstant(addDays(asOf, 1), "00:00") } } },
    orderBy: [{ dueOn: "asc" }, { id: "asc" }],
    select: { title: true, dueOn: true, doneOn: true, status: true, department: { select: { id: true, name: true, nameEn: true } }, owner: { select: { name: true, nameEn: true } } },
  });
  const civil = items.map((i) => ({ ...i, dueOn: dateToCivil(i.dueOn), doneOn: i.status === "done" && i.doneOn ? dateToCivil(i.doneOn) : i.status === "done" ? dateToCivil(i.dueOn) : null }));
  const overdue = civil.flatMap((i) => {
    const daysLate = overdueAt(i, asOf);
    return daysLate === null ? [] : [{ title: i.title, department: i.department ? { name: i.department.name, nameEn: i.department.nameEn } : null, owner: i.owner, dueOn: i.dueOn, daysLate }];
  });
  const decisions = held.flatMap((m) => m.agendaItems.map((a) => ({ date: instantInShanghai(m.startsAt.toISOString()).date, title: a.title, titleEn: a.titleEn, decision: a.decision })));
  const cappedOverdue = capped(overdue);
  const cappedDecisions = capped(decisions, 40);
  return {
    held: held.map((m) => ({ date: instantInShanghai(m.startsAt.toISOString()).date, theme: m.theme, themeEn: m.themeEn, chair: m.chair, status: m.status, decisions: m.agendaItems.length })),
    decisions: cappedDecisions.rows,
    decisionCount: cappedDecisions.count,
    overdue: cappedOverdue.rows,
    overdueCount: cappedOverdue.count,
    scorecard: await scorecardFigures(projectId, period.from.slice(0, 7), period, today, civil),
  };
}

/**
 * The month's accountability scorecard: the meetings scorecard's departments and total for this one month
 * (models/meetings/scorecard.server.ts, the same figures as its page); should it not cover the month
 * (before the first meeting), the pack's own counts by due month (domain/reports/pack.ts).
 */
/** The total row's name in both languages (the snapshot prints in either), from the message files. */
const TOTAL_NAME = () => ({ name: translator("zh")("pack.total"), nameEn: translator("en")("pack.total") });

async function scorecardFigures(
  projectId: number,
  month: string,
  period: { from: CivilDate; to: CivilDate },
  today: CivilDate,
  items: { dueOn: CivilDate; doneOn: CivilDate | null; department: { id: number; name: string; nameEn: string } | null }[],
): Promise<PackSnapshot["meetings"]["scorecard"]> {
  const view = await scorecardView(projectId, { from: month, to: month }, today);
  if (view.range.from === month && view.range.to === month) {
    const row = (r: (typeof view.departments)[number]): ScorecardRow => ({
      name: r.name,
      nameEn: r.nameEn,
      assigned: r.assigned,
      doneOnTime: r.doneOnTime,
      doneLate: r.doneLate,
      openOverdue: r.openOverdue,
      onTimeRateTenths: r.onTimeRateTenths,
      avgDaysLateTenths: r.avgDaysLateTenths,
    });
    return { source: "scorecard", rows: view.departments.map(row), total: { ...row(view.total), ...TOTAL_NAME() } };
  }
  const counts = simpleScorecard(items, period, TOTAL_NAME());
  return { source: "pack", rows: counts.rows, total: counts.total };
}

// ─── Packs and commentaries ─────────────────────────────────────────────────

const commentarySelect = { area: true, text: true, version: true, updatedAt: true, authorId: true } as const;

async function authorsOf(ids: number[]) {
  if (ids.length === 0) return new Map<number, { name: string; nameEn: string }>();
  const users = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true, person: { select: { name: true, nameEn: true } } } });
  return new Map(users.map((u) => [u.id, u.person ?? { name: u.displayName, nameEn: u.displayName }]));
}

async function commentaryViews(rows: { area: string; text: string; version: number; updatedAt: Date; authorId: number | null }[]): Promise<Record<PackArea, PackCommentaryView>> {
  const authors = await authorsOf([...new Set(rows.map((r) => r.authorId).filter((id): id is number => id !== null))]);
  return Object.fromEntries(
    PACK_AREAS.map((area) => {
      const row = rows.find((r) => r.area === area);
      return [area, row ? { text: row.text, author: row.authorId ? (authors.get(row.authorId) ?? null) : null, updatedAt: row.updatedAt.toISOString(), version: row.version } : { text: "", author: null, updatedAt: null, version: 0 }];
    }),
  ) as Record<PackArea, PackCommentaryView>;
}

/** Who issued a pack: the person's name in both languages (the page shows the reader's). */
export type PackHeader = { month: string; status: PackStatus; issuedAt: string | null; issuedBy: { name: string; nameEn: string } | null; version: number };

/** The archive: every month from the project's first to the current one, newest first, with its status. */
export async function listPacks(project: Project, today: CivilDate): Promise<PackHeader[]> {
  const months = packMonths(dateToCivil(project.scheduleStart), today);
  const rows = await prisma.monthlyPack.findMany({ where: { projectId: project.id, month: { in: months } }, select: { month: true, status: true, issuedAt: true, issuedById: true, version: true } });
  const issuers = await authorsOf([...new Set(rows.flatMap((r) => (r.issuedById ? [r.issuedById] : [])))]);
  return months.map((month) => {
    const row = rows.find((r) => r.month === month);
    return {
      month,
      status: row?.status === "issued" ? "issued" : "draft",
      issuedAt: row?.issuedAt ? row.issuedAt.toISOString() : null,
      issuedBy: row?.issuedById ? (issuers.get(row.issuedById) ?? null) : null,
      version: row?.version ?? 0,
    };
  });
}

export type PackView = PackHeader & { snapshot: PackSnapshot; live: boolean };

/**
 * The pack of a month: an issued one exactly as stored (never recomputed), a draft with live figures and
 * the commentaries as written so far.
 */
export async function packView(project: Project, month: string, today: CivilDate): Promise<PackView> {
  const row = await prisma.monthlyPack.findUnique({
    where: { projectId_month: { projectId: project.id, month } },
    select: { status: true, snapshot: true, issuedAt: true, issuedById: true, version: true, commentaries: { select: commentarySelect } },
  });
  const issuedBy = row?.issuedById ? ((await authorsOf([row.issuedById])).get(row.issuedById) ?? null) : null;
  const header = { month, status: (row?.status === "issued" ? "issued" : "draft") as PackStatus, issuedAt: row?.issuedAt ? row.issuedAt.toISOString() : null, issuedBy, version: row?.version ?? 0 };
  if (row?.status === "issued") {
    const snapshot = readSnapshot(row.snapshot);
    if (!snapshot) throw new Error(`monthly pack ${month} is issued without a readable snapshot`);
    return { ...header, snapshot, live: false };
  }
  const [figures, commentaries] = await Promise.all([packFigures(project, month, today), commentaryViews(row?.commentaries ?? [])]);
  return { ...header, snapshot: { ...figures, commentaries }, live: true };
}

/**
 * Whether the user (by their person) leads the area whose leader writes this section's commentary. A
 * write passes its transaction (`db`), so the check and the write see the same leader.
 */
export async function leadsArea(projectId: number, personId: number | null, area: PackArea, db: Pick<typeof prisma, "areaLeader"> = prisma): Promise<boolean> {
  if (personId === null) return false;
  const leader = await db.areaLeader.findUnique({ where: { projectId_area: { projectId, area: PACK_AREA_LEADS[area] } }, select: { personId: true } });
  return leader?.personId === personId;
}

/** Each section's commentator: the leader of the area it reports on (null when none is set). */
export async function sectionLeaders(projectId: number): Promise<Record<PackArea, { name: string; nameEn: string } | null>> {
  const rows = await prisma.areaLeader.findMany({ where: { projectId }, select: { area: true, person: { select: { name: true, nameEn: true } } } });
  return Object.fromEntries(PACK_AREAS.map((area) => [area, rows.find((r) => r.area === PACK_AREA_LEADS[area])?.person ?? null])) as Record<PackArea, { name: string; nameEn: string } | null>;
}

/** The sections a person may comment on. */
export async function areasLedBy(projectId: number, personId: number | null): Promise<PackArea[]> {
  if (personId === null) return [];
  const rows = await prisma.areaLeader.findMany({ where: { projectId, personId }, select: { area: true } });
  const led = new Set(rows.map((r) => r.area));
  return PACK_AREAS.filter((area) => led.has(PACK_AREA_LEADS[area]));
}

type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string>; current?: { text: string; version: number } };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

async function ensurePack(tx: Parameters<Parameters<typeof writeTransaction>[0]>[0], projectId: number, month: string) {
  return tx.monthlyPack.upsert({ where: { projectId_month: { projectId, month } }, create: { projectId, month }, update: {}, select: { id: true, status: true, version: true } });
}

/**
 * Saves a section's commentary while the pack is a draft, by the leader of that section's area only. The
 * form carries the version it showed (0: none yet): a save against a newer one changes nothing.
 */
export async function savePackCommentary(
  project: { id: number },
  input: { month: string; area: PackArea; text: string; version: number },
  user: { id: number; personId: number | null },
): Promise<{ ok: true; version: number } | Refusal> {
  return writeTransaction(async (tx) => {
    // Checked inside the write: a leader reassigned meanwhile cannot slip a commentary in.
    if (!(await leadsArea(project.id, user.personId, input.area, tx))) return refuse("text", "pack_not_area_leader");
    const pack = await ensurePack(tx, project.id, input.month);
    if (pack.status === "issued") return refuse("text", "pack_already_issued");
    const current = await tx.packCommentary.findUnique({ where: { packId_area: { packId: pack.id, area: input.area } }, select: { id: true, text: true, version: true } });
    if ((current?.version ?? 0) !== input.version) {
      return { ...refuse("text", "pack_commentary_stale"), current: { text: current?.text ?? "", version: current?.version ?? 0 } };
    }
    let id: number;
    let version: number;
    if (current) {
      const written = await tx.packCommentary.updateMany({ where: { id: current.id, version: input.version }, data: { text: input.text, authorId: user.id, version: { increment: 1 } } });
      if (written.count !== 1) throw new Error(`commentary ${current.id} changed during its save`);
      id = current.id;
      version = input.version + 1;
    } else {
      const created = await tx.packCommentary.create({ data: { packId: pack.id, area: input.area, text: input.text, authorId: user.id }, select: { id: true, version: true } });
      id = created.id;
      version = created.version;
    }
    // The pack's version moves with every commentary: an issue made from a page that did not show it is refused.
    await tx.monthlyPack.update({ where: { id: pack.id }, data: { version: { increment: 1 } } });
    await recordAudit(tx, { userId: user.id, area: "meeting", entity: "PackCommentary", entityId: id, action: current ? "update" : "create", before: current ? { month: input.month, area: input.area, text: current.text } : undefined, after: { month: input.month, area: input.area, text: input.text } });
    return { ok: true as const, version };
  });
}

/**
 * Issues (freezes) a month's pack: its figures as of today and its commentaries are written into the
 * snapshot in one transaction. Refused when already issued or for a month after the current one; the
 * current month (not over yet, so its figures are partial and would stay so) only with `early` confirmed.
 * Returns the sections issued without a commentary (a warning, not a refusal).
 */
export async function issuePack(project: Project, input: { month: string; version: number; early?: boolean }, actor: Actor, today: CivilDate): Promise<{ ok: true; empty: PackArea[] } | Refusal> {
  if (input.month > today.slice(0, 7)) return refuse("form", "pack_future_month");
  // Figures first (they read through the caches and may bring the forecasts to today in their own write).
  const figures = await packFigures(project, input.month, today);
  return writeTransaction(async (tx) => {
    const existing = await tx.monthlyPack.findUnique({ where: { projectId_month: { projectId: project.id, month: input.month } }, select: { status: true } });
    if (existing?.status === "issued") return refuse("form", "pack_already_issued");
    // The month is still running: its figures are partial and would stay frozen so; only when confirmed
    // (refused before anything is written).
    if (monthNotOver(input.month, today) && !input.early) return refuse("early", "pack_month_not_over");
    const pack = await ensurePack(tx, project.id, input.month);
    if (pack.status === "issued") return refuse("form", "pack_already_issued");
    const stored = await tx.packCommentary.findMany({ where: { packId: pack.id }, select: commentarySelect });
    // Version 0: the page showed a pack not stored yet, so it showed no commentary; any stored since is news.
    if (input.version === 0 ? stored.length > 0 : pack.version !== input.version) return refuse("form", "pack_stale");
    const commentaries = await commentaryViews(stored);
    const snapshot: PackSnapshot = { ...figures, commentaries };
    const issuedAt = new Date();
    const written = await tx.monthlyPack.updateMany({
      where: { id: pack.id, status: "draft", version: pack.version },
      data: { status: "issued", snapshot: JSON.stringify(snapshot), issuedAt, issuedById: actor.userId, version: { increment: 1 } },
    });
    if (written.count !== 1) return refuse("form", "pack_already_issued");
    const empty = emptyCommentaries(commentaries);
    await recordAudit(tx, { userId: actor.userId, area: "meeting", entity: "MonthlyPack", entityId: pack.id, action: "update", before: { month: input.month, status: "draft" }, after: { month: input.month, status: "issued", asOf: today, early: monthNotOver(input.month, today), emptyCommentaries: empty } });
    return { ok: true as const, empty };
  });
}

export type { ScorecardRow };
export { lastDay };
