// The weekly meeting: when meetings fall, who chairs them (rotation with swaps), and the agenda built
// from live data. Pure; "today"/"now" are passed in; instants are ISO strings, civil dates "YYYY-MM-DD".
// The meeting forms' zod schemas are in meetings-forms.server.ts (zod stays out of the browser bundle).
import { addDays, type CivilDate } from "~/utils/dates";
import { formatMoney } from "~/utils/money";
import type { MilestoneStatus } from "./schedule";
import { scheduleStatusAsOf } from "./schedule/status";

const OFFSET_MS = 8 * 3600_000; // Asia/Shanghai, no DST

/** The instant of a meeting held on a civil date at "HH:MM" Shanghai time. */
export function meetingInstant(date: CivilDate, time: string): Date {
  return new Date(Date.parse(`${date}T${time}:00Z`) - OFFSET_MS);
}

/** The next `count` meeting dates on `weekday` (0 = Sunday) from `from` (inclusive). */
export function upcomingDates(weekday: number, from: CivilDate, count: number): CivilDate[] {
  const start = new Date(`${from}T00:00:00Z`);
  const first = addDays(from, (weekday - start.getUTCDay() + 7) % 7);
  return Array.from({ length: count }, (_, i) => addDays(first, i * 7));
}

export { rotationChair } from "./meetings/chair";

// ─── Agenda ──────────────────────────────────────────────────────────────────

export type AgendaSource = "action_item" | "carried" | "milestone" | "budget" | "funding" | "sales" | "manual";
export const AGENDA_ORDER: AgendaSource[] = ["action_item", "carried", "milestone", "budget", "funding", "sales", "manual"];

/**
 * What the meeting did with an agenda item: noted it (information), decided (decision: the decision's
 * text is required), set an action item on it (action), or carried it to the next meeting (carry: the
 * next meeting's agenda lists it again, source "carried").
 */
export const AGENDA_OUTCOMES = ["information", "decision", "action", "carry"] as const;
export type AgendaOutcome = (typeof AGENDA_OUTCOMES)[number];

export type AgendaItemDraft = {
  source: AgendaSource;
  refType: string;
  refId: number | null;
  title: string;
  titleEn: string;
  detail: string; // a key=value summary for display (amounts in 分, dates civil)
};

export type AgendaMilestone = {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  status: MilestoneStatus;
  plannedEnd: CivilDate;
  forecastEnd: CivilDate;
  slipDays: number;
  /** The part of the slip the milestone causes itself (the rest is inherited from `cause`). */
  ownSlipDays?: number;
  /** The milestone whose own slip moves this one (Forecast.causeId), if any. */
  cause?: { id: number; code: string } | null;
  /** A known delay recorded on the milestone (预计完成) and why. */
  expectedEnd?: CivilDate | null;
  expectedReason?: string;
};

export type AgendaInput = {
  meetingDate: CivilDate;
  previousMeetingDate: CivilDate | null;
  openActions: { id: number; title: string; dueOn: CivilDate; department: string; departmentEn: string; owner: string; ownerEn: string; lastReportId?: number | null }[];
  /**
   * The active milestones with forecasts made as of the meeting's date (see models/meetings.server.ts):
   * every flag and day count on the agenda is judged as of that one date (domain/schedule/status.ts).
   */
  milestones: AgendaMilestone[];
  budgetLines: {
    id: number;
    code: string;
    name: string;
    nameEn: string;
    usedBps: number;
    overNinetyPercent: boolean;
    headroomFen: bigint;
    /** 动态成本 against the target (domain/cost/dynamic-cost.ts): a red line (over its target) is raised. */
    dynamic?: { dynamicFen: bigint; targetFen: bigint; varianceFen: bigint; level: "ok" | "amber" | "red" };
    /** The line's accounts near or over their own target (models/capital.server.ts budgetTable): red leaves are named. */
    accountAlerts?: readonly { code: string; name: string; nameEn: string; leaf: boolean; level: "ok" | "amber" | "red"; varianceFen: bigint }[];
  }[];
  /** Payments refused for lack of budget since the previous meeting, one group per line (models/cost/refusals.server.ts). */
  refusals: {
    lineId: number;
    lineCode: string;
    lineName: string;
    lineNameEn: string;
    // The leaf account refused (absent or null: kept before accounts existed, grouped by line).
    accountId?: number | null;
    accountCode?: string;
    accountName?: string;
    accountNameEn?: string;
    count: number;
    largestFen: bigint;
    headroomFen: bigint;
    latestOn: CivilDate;
  }[];
  /**
   * The cash flow to completion (issue 14): the secured-only scenario's first gap and peak lead; the
   * expected scenario's first gap is told beside them.
   */
  cashflow: { firstGap: { month: string; gapFen: bigint } | null; peak: { month: string; gapFen: bigint } | null; expectedFirstGap: { month: string; gapFen: bigint } | null };
  sales: { product: string; productName: string; productNameEn: string; targetToDateFen: bigint; achievedToDateFen: bigint }[];
  manual: { id: number; title: string; titleEn: string; detail: string }[];
  /** Items the previous meeting carried to this one (outcome "carry"), with what it minuted on them. */
  carried?: { id: number; title: string; titleEn: string; fromDate: CivilDate; minutes: string }[];
  /** Approvals waiting for a decision (maker-checker): one item with the count and the largest amount. */
  approvals?: { count: number; largestFen: bigint };
};

export const DUE_WINDOW_DAYS = 14;

/** An action item's owner as "department/person", leaving out a missing half (never a stray "/"). */
export const ownerText = (department: string | undefined, person: string | undefined) => [department, person].filter(Boolean).join("/");

/**
 * The agenda of a meeting, rule by rule:
 * 1. every open action item from earlier meetings (they stay until reported done), overdue ones first,
 *    and the items the previous meeting carried to this one;
 * 2. milestones overdue or slipping, and those due within 14 days of the meeting, judged as of the
 *    meeting's date; a milestone moved by another names the one causing it, and that one is listed
 *    with its own slip and the reason of its expected finish;
 * 3. budget lines past 90 %, lines whose 动态成本 is over their target (red), and payments refused
 *    for lack of budget since the previous meeting;
 * 4. months short of funds in the three months from the meeting's month;
 * 5. products behind their target to date;
 * 6. items added by hand.
 */
export function buildAgenda(input: AgendaInput): AgendaItemDraft[] {
  const items: AgendaItemDraft[] = [];
  const { meetingDate } = input;

  const actions = [...input.openActions].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id - b.id));
  for (const a of actions) {
    const state = a.dueOn < meetingDate ? "overdue" : a.dueOn <= addDays(meetingDate, 7) ? "due" : "open";
    // The owner in both languages: a frozen agenda reads in either (never "/" around a missing half).
    const owner = ownerText(a.department, a.owner);
    const ownerEn = ownerText(a.departmentEn || a.department, a.ownerEn || a.owner);
    items.push({ source: "action_item", refType: "ActionItem", refId: a.id, title: a.title, titleEn: a.title, detail: `state=${state};due=${a.dueOn};owner=${owner};ownerEn=${ownerEn};lastReport=${a.lastReportId ?? ""}` });
  }
  for (const c of input.carried ?? []) {
    items.push({ source: "carried", refType: "AgendaItem", refId: c.id, title: c.title, titleEn: c.titleEn || c.title, detail: `from=${c.fromDate}` });
  }

  items.push(...milestoneItems(input.milestones, meetingDate));

  for (const line of input.budgetLines) {
    if (!line.overNinetyPercent) continue;
    items.push({ source: "budget", refType: "BudgetLine", refId: line.id, title: `${line.code} ${line.name} 预算使用已超 90%`, titleEn: `${line.code} ${line.nameEn} is past 90 % of its budget`, detail: `usedBps=${line.usedBps};headroomFen=${line.headroomFen}` });
  }
  // 动态成本 against the target: a line over its target, or a line holding a leaf account over its own
  // (a part can be amber or even ok while one of its leaves is red), one item per line naming the red leaves.
  for (const line of input.budgetLines) {
    const dynamic = line.dynamic;
    if (!dynamic) continue;
    const redLeaves = (line.accountAlerts ?? []).filter((a) => a.leaf && a.level === "red");
    if (dynamic.level !== "red" && redLeaves.length === 0) continue;
    const named = (lang: "zh" | "en") =>
      redLeaves.map((a) => (lang === "zh" ? `${a.code} ${a.name} 超目标 ${formatMoney(a.varianceFen, "zh", "wan")}` : `${a.code} ${a.nameEn || a.name} over target by ${formatMoney(a.varianceFen, "en", "wan")}`));
    const head = dynamic.level === "red" ? `${line.code} ${line.name} 动态成本超目标成本` : `${line.code} ${line.name} 有科目超目标成本`;
    const headEn = dynamic.level === "red" ? `${line.code} ${line.nameEn}: dynamic cost over its target` : `${line.code} ${line.nameEn}: accounts over their target`;
    items.push({
      source: "budget",
      refType: "DynamicCost",
      refId: line.id,
      title: redLeaves.length ? `${head}：${named("zh").join("；")}` : head,
      titleEn: redLeaves.length ? `${headEn}: ${named("en").join("; ")}` : headEn,
      detail: `dynamicFen=${dynamic.dynamicFen};targetFen=${dynamic.targetFen};varianceFen=${dynamic.varianceFen}${redLeaves.length ? `;redAccounts=${redLeaves.map((a) => a.code).join(",")}` : ""}`,
    });
  }
  // One item per cost account however many were refused (a burst of 47 refusals is one thing to discuss).
  for (const r of input.refusals) {
    if (r.count === 0) continue;
    const account = r.accountId ? { zh: ` · ${r.accountCode} ${r.accountName}`, en: ` · ${r.accountCode} ${r.accountNameEn || r.accountName}` } : { zh: "", en: "" };
    items.push({
      source: "budget",
      refType: "PaymentRefusals",
      refId: r.lineId,
      // Refused by the line's budget or by the account's target room: "超出可用额度" names both.
      title: r.accountId ? `支付超出可用额度被拒 ${r.count} 笔：${r.lineCode} ${r.lineName}${account.zh}` : `超预算支付被拒 ${r.count} 笔：${r.lineCode} ${r.lineName}`,
      titleEn: `${r.count} payment${r.count === 1 ? "" : "s"} refused for lack of ${r.accountId ? "room" : "budget"}: ${r.lineCode} ${r.lineNameEn}${account.en}`,
      detail: `count=${r.count};largestFen=${r.largestFen};headroomFen=${r.headroomFen};latestOn=${r.latestOn};lineId=${r.lineId}${r.accountId ? `;accountId=${r.accountId}` : ""}`,
    });
  }

  if (input.approvals && input.approvals.count > 0) {
    const { count, largestFen } = input.approvals;
    items.push({ source: "budget", refType: "Approval", refId: null, title: `待审批事项 ${count} 项`, titleEn: `Awaiting approval: ${count} ${count === 1 ? "item" : "items"}`, detail: `approvalCount=${count};largestApprovalFen=${largestFen}` });
  }

  // One funding item while the secured-only cash flow shows a gap ahead (or still open): when it
  // starts, how much, and the peak need; the expected scenario's first gap for comparison.
  const { firstGap, peak, expectedFirstGap } = input.cashflow;
  if (firstGap && peak && peak.month >= meetingDate.slice(0, 7)) {
    const expected = expectedFirstGap ? `;expectedMonth=${expectedFirstGap.month}` : ";expectedMonth=—";
    items.push({
      source: "funding",
      refType: "FundingGap",
      refId: null,
      title: `资金缺口（仅计已落实资金）：${monthZh(firstGap.month)}起，峰值${monthZh(peak.month)}`,
      titleEn: `Funding gap (secured money only): from ${monthEn(firstGap.month)}, peak in ${monthEn(peak.month)}`,
      detail: `month=${firstGap.month};gapFen=${firstGap.gapFen};peakMonth=${peak.month};peakFen=${peak.gapFen}${expected}`,
    });
  }

  for (const s of input.sales) {
    if (s.achievedToDateFen >= s.targetToDateFen) continue;
    items.push({ source: "sales", refType: "SalesTarget", refId: null, title: `${s.productName}未完成进度目标`, titleEn: `${s.productNameEn} behind target`, detail: `product=${s.product};targetFen=${s.targetToDateFen};achievedFen=${s.achievedToDateFen};gapFen=${s.targetToDateFen - s.achievedToDateFen}` });
  }

  for (const m of input.manual) items.push({ source: "manual", refType: "AgendaItem", refId: m.id, title: m.title, titleEn: m.titleEn || m.title, detail: m.detail });
  return items;
}

/**
 * The schedule's items, in plan order: each milestone overdue, slipping or due within 14 days as of
 * the meeting's date, and the milestones causing their slips (even when done or not raised on their
 * own). State and days come from one judgement (scheduleStatusAsOf) of one date.
 */
function milestoneItems(milestones: AgendaMilestone[], meetingDate: CivilDate): AgendaItemDraft[] {
  const judged = milestones.map((m) => ({ m, status: scheduleStatusAsOf(m, { end: m.forecastEnd, slipDays: m.slipDays }, meetingDate) }));
  const raised = judged.filter(({ status }) => status.health === "overdue" || status.health === "slipping" || status.health === "due_soon");
  const causeIds = new Set(raised.filter(({ m, status }) => m.cause && status.slipDays > 0).map(({ m }) => m.cause!.id));
  const listed = new Set([...raised.map(({ m }) => m.id), ...causeIds]);
  const items: AgendaItemDraft[] = [];
  for (const { m, status } of judged) {
    if (!listed.has(m.id)) continue;
    const own = Math.min(status.slipDays, m.ownSlipDays ?? status.slipDays);
    const movedBy = m.cause && status.slipDays > own ? m.cause : null;
    const causing = causeIds.has(m.id);
    const title = { zh: `${m.code} ${m.name}`, en: `${m.code} ${m.nameEn || m.name}` };
    const notes = { zh: [] as string[], en: [] as string[] };
    if (movedBy) {
      notes.zh.push(`受 ${movedBy.code} 影响延误 ${status.slipDays - own} 天`);
      notes.en.push(`slips ${status.slipDays - own} days, moved by ${movedBy.code}`);
    }
    if (own > 0 && (causing || movedBy)) {
      const reason = m.expectedEnd && m.expectedReason ? m.expectedReason.trim() : "";
      notes.zh.push(`自身延误 ${own} 天${reason ? `（原因：${reason}）` : ""}`);
      notes.en.push(`own slip ${own} days${reason ? ` (reason: ${reason})` : ""}`);
    }
    const detail = [
      `state=${status.health}`,
      `plannedEnd=${m.plannedEnd}`,
      `forecastEnd=${status.forecastEnd}`,
      `slipDays=${status.slipDays}`,
      ...(movedBy ? [`cause=${movedBy.code}`] : []),
      ...(causing ? [`ownSlipDays=${own}`] : []),
      ...(m.expectedEnd && status.health !== "done" ? [`expectedEnd=${m.expectedEnd}`] : []),
    ].join(";");
    items.push({
      source: "milestone",
      refType: "Milestone",
      refId: m.id,
      title: notes.zh.length ? `${title.zh}：${notes.zh.join("，")}` : title.zh,
      titleEn: notes.en.length ? `${title.en}: ${notes.en.join("; ")}` : title.en,
      detail,
    });
  }
  return items;
}

/** detail "a=1;b=x" → { a: "1", b: "x" } */
export function parseDetail(detail: string): Record<string, string> {
  return Object.fromEntries(
    detail
      .split(";")
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf("=");
        return at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
      }),
  );
}

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "2027-10" → "2027年10月" / "Oct 2027": an agenda title is stored as text in both languages. */
function monthZh(month: string) {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}
function monthEn(month: string) {
  return `${MONTHS_EN[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}
