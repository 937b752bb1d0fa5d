// The monthly pack as an Excel workbook: a summary sheet, then one sheet per section with its figures,
// its tables and the leader's commentary, written from the pack's snapshot (the stored one when issued,
// the live one of a draft) in the reader's language. Money in exact 元 (workbook.server.ts).
import type ExcelJS from "exceljs";
import { translator, type MessageKey } from "~/i18n";
import { rateCellValue, RATE_CELL_FORMAT, shareCellValue } from "~/utils/percent";
import { rowRateTenths, type PackArea, type PackSnapshot } from "~/domain/reports/pack";
import { formatDate, formatDateTime, formatMonth } from "~/utils/dates";
import type { Lang } from "~/utils/money";
import { newWorkbook, printSetup, toBuffer, yuan, yuanFormat } from "../cost/io/workbook.server";
import type { PackView } from "./pack.server";

type Cell = string | number | null;

export async function packWorkbook(pack: PackView, lang: Lang): Promise<Buffer> {
  const t = translator(lang);
  const s = pack.snapshot;
  const name = (r: { name: string; nameEn: string }) => (lang === "en" && r.nameEn ? r.nameEn : r.name);
  const money = (fen: string | null) => (fen === null ? null : yuan(BigInt(fen)));
  const date = (d: string | null) => (d ? formatDate(d, lang) : "");
  // Rates as the page shows them: rounded once, half up to 0.1 %, from the exact figures ("0.0%" cells).
  const share = (part: string, whole: string) => shareCellValue(BigInt(part), BigInt(whole));
  const pct = (tenths: number | null) => rateCellValue(tenths);
  const workbook = newWorkbook();

  /** A sheet of blocks: a title row, then rows; money cells take the 元 format, rates a percentage. */
  const sheetFor = (title: string) => {
    const sheet = workbook.addWorksheet(title);
    sheet.columns = [{ width: 34 }, { width: 18 }, { width: 18 }, { width: 18 }, { width: 18 }, { width: 18 }, { width: 18 }];
    printSetup(sheet, 0);
    return sheet;
  };
  const heading = (sheet: ExcelJS.Worksheet, text: string) => {
    if (sheet.rowCount > 0) sheet.addRow([]);
    const row = sheet.addRow([text]);
    row.font = { bold: true, size: 12 };
  };
  const header = (sheet: ExcelJS.Worksheet, cells: string[]) => {
    const row = sheet.addRow(cells);
    row.font = { bold: true };
    row.eachCell((cell) => (cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } }));
  };
  const row = (sheet: ExcelJS.Worksheet, cells: Cell[], formats: ("money" | "pct" | null)[] = []) => {
    const added = sheet.addRow(cells);
    formats.forEach((format, i) => {
      if (format === "money") added.getCell(i + 1).numFmt = yuanFormat(lang);
      if (format === "pct") added.getCell(i + 1).numFmt = RATE_CELL_FORMAT;
    });
  };
  const commentary = (sheet: ExcelJS.Worksheet, area: PackArea) => {
    heading(sheet, t("pack.commentary"));
    const c = s.commentaries[area];
    const added = sheet.addRow([c.text || t("pack.commentaryNone")]);
    sheet.mergeCells(added.number, 1, added.number, 7);
    added.alignment = { wrapText: true, vertical: "top" };
    added.height = Math.min(400, 15 * Math.max(2, Math.ceil(c.text.length / 90) + c.text.split("\n").length));
    if (c.author) sheet.addRow([`${name(c.author)}${c.updatedAt ? ` · ${c.updatedAt.slice(0, 10)}` : ""}`]);
  };

  // Summary.
  const summary = sheetFor(t("pack.sheet.summary"));
  heading(summary, t("pack.title", { month: formatMonth(s.month, lang) }));
  row(summary, [name(s.project)]);
  row(summary, [pack.live ? t("pack.asOfLive", { date: date(s.asOf) }) : t("pack.asOfIssued", { at: pack.issuedAt ? formatDateTime(pack.issuedAt, lang) : "", by: pack.issuedBy ? name(pack.issuedBy) : "", date: date(s.asOf) })]);
  row(summary, [t("pack.period", { from: date(s.period.from), to: date(s.period.to) })]);
  row(summary, [t("pack.positionsNote", { date: date(s.asOf) })]);

  // Schedule.
  const sc = sheetFor(t("pack.sheet.schedule"));
  heading(sc, t("pack.section.schedule"));
  if (s.schedule.end) {
    const e = s.schedule.end;
    row(sc, [e.slipDays > 0 ? t("pack.endLate", { code: e.code, name: name(e), forecast: date(e.forecastEnd), planned: date(e.plannedEnd), days: e.slipDays }) : t("pack.endOnPlan", { code: e.code, name: name(e), forecast: date(e.forecastEnd), planned: date(e.plannedEnd) })]);
    if (e.cause) {
      const cause = t("pack.endCause", { code: e.cause.code, name: name(e.cause), own: e.cause.ownSlipDays });
      row(sc, [e.cause.reason ? t("pack.withReason", { text: cause, reason: e.cause.reason }) : cause]);
    }
  }
  heading(sc, t("pack.healthCounts", { total: s.schedule.total }));
  for (const h of ["overdue", "slipping", "due_soon", "in_progress", "done", "upcoming"] as const) row(sc, [t(`health.${h}`), s.schedule.counts[h]]);
  heading(sc, t("pack.slipping", { count: s.schedule.slippingCount }));
  header(sc, [t("pack.milestone"), t("pack.planned"), t("pack.forecast"), t("pack.slipDays"), t("pack.cause")]);
  for (const r of s.schedule.slipping) row(sc, [`${r.code} ${name(r)}`, date(r.plannedEnd), date(r.forecastEnd), r.slipDays, r.cause ? t("pack.movedBy", { code: r.cause }) : t("pack.ownSlip")]);
  heading(sc, t("pack.critical", { count: s.schedule.criticalCount }));
  header(sc, [t("pack.milestone"), t("pack.forecast"), t("pack.float"), t("pack.health")]);
  for (const r of s.schedule.critical) row(sc, [`${r.code} ${name(r)}`, date(r.forecastEnd), r.floatDays, t(`health.${r.health}` as MessageKey)]);
  heading(sc, t("pack.permitsDone"));
  for (const p of s.schedule.permitsDone) row(sc, [`${p.code} ${name(p)}`, date(p.actualEnd), p.certificate ? t(`loan.cert.${p.certificate}` as MessageKey) : ""]);
  heading(sc, t("pack.permitsDue"));
  for (const p of s.schedule.permitsDue) row(sc, [`${p.code} ${name(p)}`, date(p.plannedEnd), date(p.forecastEnd)]);
  heading(sc, t("pack.missingEvidence"));
  for (const p of s.schedule.missingEvidence) row(sc, [`${p.code} ${name(p)}`, t(`docs.missing.${p.reason}` as MessageKey)]);
  commentary(sc, "schedule");

  // Cost.
  const co = sheetFor(t("pack.sheet.cost"));
  const c = s.cost;
  heading(co, t("pack.dynamicCost"));
  row(co, [t("pack.target"), money(c.dynamic.targetFen)], [null, "money"]);
  row(co, [t("pack.dynamic"), money(c.dynamic.dynamicFen)], [null, "money"]);
  row(co, [t("pack.variance"), money(c.dynamic.varianceFen), share(c.dynamic.dynamicFen, c.dynamic.targetFen)], [null, "money", "pct"]);
  heading(co, t("pack.budgetFacts"));
  row(co, [t("pack.projectTotal"), money(c.budget.projectTotalFen)], [null, "money"]);
  row(co, [t("pack.linesBudget"), money(c.budget.currentFen)], [null, "money"]);
  row(co, [t("pack.budgetGap"), money(c.budget.differenceFen)], [null, "money"]);
  row(co, [t("pack.committed"), money(c.budget.committedFen)], [null, "money"]);
  row(co, [t("pack.paidToDate"), money(c.budget.paidFen)], [null, "money"]);
  heading(co, t("pack.monthPayments"));
  row(co, [t("pack.monthPlan"), money(c.month.plannedFen)], [null, "money"]);
  row(co, [t("pack.monthPaid"), money(c.month.paidFen), t("pack.paymentCount", { count: c.month.paymentCount })], [null, "money"]);
  heading(co, t("pack.linesAlert"));
  header(co, [t("pack.item"), t("pack.target"), t("pack.dynamic"), t("pack.variance"), t("pack.used")]);
  for (const l of c.lines) row(co, [`${l.code} ${name(l)}`, money(l.targetFen), money(l.dynamicFen), money(l.varianceFen), share(l.dynamicFen, l.targetFen)], [null, "money", "money", "money", "pct"]);
  heading(co, t("pack.changes"));
  row(co, [t("pack.changesSubmitted"), c.changes.submittedCount, money(c.changes.claimedFen)], [null, null, "money"]);
  row(co, [t("pack.changesApproved"), c.changes.approvedCount, money(c.changes.approvedFen)], [null, null, "money"]);
  row(co, [t("pack.changesRejected"), c.changes.rejectedCount]);
  row(co, [t("pack.changesPending"), c.changes.pendingCount, money(c.changes.pendingEstimateFen)], [null, null, "money"]);
  heading(co, `${t("pack.approvalsPending")} · ${t("pack.approvalsCount", { count: c.approvals.count })}`);
  for (const a of c.approvals.top) row(co, [t(`approvals.kind.${a.kind}` as MessageKey), a.line ? `${a.line.code} ${name(a.line)}` : a.payee, money(a.amountFen), date(a.submittedOn)], [null, null, "money"]);
  commentary(co, "cost");

  // Cash.
  const ca = sheetFor(t("pack.sheet.cash"));
  heading(ca, t("pack.section.cash"));
  header(ca, [t("pack.scenario"), t("pack.firstGap"), t("pack.peak"), t("pack.monthIn"), t("pack.monthOut"), t("pack.monthGap"), t("pack.monthInterest")]);
  for (const name of ["secured", "expected"] as const) {
    const sc2 = s.cash.scenarios[name];
    const gap = (g: { month: string; gapFen: string } | null) => (g ? `${formatMonth(g.month, lang)} · ${yuan(BigInt(g.gapFen)).toLocaleString("en-US", { minimumFractionDigits: 2 })}` : t("pack.noGap"));
    row(ca, [t(`pack.scenario.${name}`), gap(sc2.firstGap), gap(sc2.peak), money(sc2.month?.inFen ?? null), money(sc2.month?.outFen ?? null), money(sc2.month?.gapFen ?? null), money(sc2.month?.interestFen ?? null)], [null, null, null, "money", "money", "money", "money"]);
  }
  heading(ca, t("pack.drawdowns"));
  header(ca, [t("pack.facility"), t("pack.plannedOn"), t("pack.plannedAmount"), t("pack.forecastOn"), t("pack.actualOn"), t("pack.actualAmount")]);
  for (const d of s.cash.drawdowns) row(ca, [d.secured ? d.facility : t("pack.withReason", { text: d.facility, reason: t("pack.notSecured") }), date(d.plannedOn), money(d.plannedFen), d.actualOn ? "" : date(d.forecastOn), date(d.actualOn), money(d.actualFen)], [null, null, "money", null, null, "money"]);
  if ((s.cash.drawdownCount ?? 0) > s.cash.drawdowns.length) row(ca, [t("pack.shownOf", { shown: s.cash.drawdowns.length, count: s.cash.drawdownCount! })]);
  row(ca, [t("pack.total"), "", money(s.cash.drawdownTotals.plannedFen), "", "", money(s.cash.drawdownTotals.actualFen)], [null, null, "money", null, null, "money"]);
  heading(ca, t("pack.financing"));
  row(ca, [t("pack.financingTarget"), money(s.cash.financing.targetFen)], [null, "money"]);
  row(ca, [t("pack.financingSecured"), money(s.cash.financing.securedFen)], [null, "money"]);
  row(ca, [t("pack.financingDrawn"), money(s.cash.financing.drawnFen)], [null, "money"]);
  row(ca, [t("pack.financingExpected"), money(s.cash.financing.expectedFen)], [null, "money"]);
  row(ca, [t("pack.startupTarget", { year: s.cash.financing.startupYear }), money(s.cash.financing.startupTargetFen)], [null, "money"]);
  heading(ca, t("pack.interest"));
  row(ca, [t("pack.interestToDate"), money(s.cash.interest.toDateFen)], [null, "money"]);
  row(ca, [t("pack.interestToCompletion"), money(s.cash.interest.toCompletionFen)], [null, "money"]);
  commentary(ca, "cash");

  // Sales.
  const sa = sheetFor(t("pack.sheet.sales"));
  heading(sa, t("pack.salesAchievement", { year: s.sales.year }));
  header(sa, [t("pack.product"), t("pack.monthTarget"), t("pack.monthAchieved"), t("pack.yearTarget"), t("pack.yearAchieved")]);
  const m5: ("money" | null)[] = [null, "money", "money", "money", "money"];
  for (const p of s.sales.byProduct) row(sa, [t(`product.${p.product}` as MessageKey), money(p.monthTargetFen), money(p.monthAchievedFen), money(p.yearTargetFen), money(p.yearAchievedFen)], m5);
  row(sa, [t("pack.total"), money(s.sales.totals.monthTargetFen), money(s.sales.totals.monthAchievedFen), money(s.sales.totals.yearTargetFen), money(s.sales.totals.yearAchievedFen)], m5);
  heading(sa, t("pack.collections"));
  row(sa, [t("pack.collections"), money(s.sales.collections.monthFen), t("pack.collectionsCount", { count: s.sales.collections.count })], [null, "money"]);
  row(sa, [t("pack.overdueReceivables"), money(s.sales.receivables.overdueFen), t("pack.overdueDeals", { count: s.sales.receivables.overdueDeals })], [null, "money"]);
  row(sa, [t("pack.signedOutstanding"), money(s.sales.receivables.signedOutstandingFen)], [null, "money"]);
  commentary(sa, "sales");

  // Meetings.
  const me = sheetFor(t("pack.sheet.meetings"));
  heading(me, t("pack.meetingsHeld"));
  header(me, [t("pack.date"), t("pack.theme"), t("pack.chair"), t("pack.decisionsCount")]);
  for (const h of s.meetings.held) row(me, [date(h.date), (lang === "en" ? h.themeEn || h.theme : h.theme) || "", h.chair ? name(h.chair) : "", h.decisions]);
  heading(me, t("pack.decisions", { count: s.meetings.decisionCount }));
  header(me, [t("pack.date"), t("pack.item"), t("pack.decision")]);
  for (const d of s.meetings.decisions) row(me, [date(d.date), lang === "en" ? d.titleEn || d.title : d.title, d.decision]);
  heading(me, t("pack.overdueActions", { count: s.meetings.overdueCount }));
  header(me, [t("pack.action"), t("pack.department"), t("pack.owner"), t("pack.dueOn"), t("pack.daysLate")]);
  for (const a of s.meetings.overdue) row(me, [a.title, a.department ? name(a.department) : "", a.owner ? name(a.owner) : "", date(a.dueOn), a.daysLate]);
  heading(me, t("pack.scorecard"));
  header(me, [t("pack.department"), t("pack.assigned"), t("pack.doneOnTime"), t("pack.doneLate"), t("pack.openOverdue"), t("pack.onTimeRate"), t("pack.avgDaysLate")]);
  for (const r of [...s.meetings.scorecard.rows.filter((r) => r.assigned > 0), s.meetings.scorecard.total]) row(me, [name(r), r.assigned, r.doneOnTime, r.doneLate, r.openOverdue, pct(rowRateTenths(r)), r.avgDaysLateTenths == null ? null : r.avgDaysLateTenths / 10], [null, null, null, null, null, "pct"]);
  commentary(me, "meetings");

  return toBuffer(workbook);
}
