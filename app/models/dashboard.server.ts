// The overview page's figures: a summary of every area, computed once per state of the data (the
// read-model cache keys it by every area it reads) and handed out as plain data until something changes.
import { reconcile, sumFigures } from "~/domain/capital";
import { sumDynamic } from "~/domain/cost/dynamic-cost";
import { plain } from "~/utils/plain";
import { budgetTable } from "./capital.server";
import { cashflowView, gapPoints } from "./cashflow.server";
import { financingView } from "./financing.server";
import { listOpenActionItems, nextMeeting } from "./meetings.server";
import { forecastsCurrent, scheduleSummary } from "./milestones.server";
import { refusalGroups } from "./cost/refusals.server";
import { cachedRead } from "./read-cache.server";
import { addDays, civilToDate } from "~/utils/dates";
import { salesView } from "./sales/overview.server";

type ProjectSummary = { id: number; name: string; nameEn: string; totalBudgetFen: bigint; startupCapitalYear: number };

export async function dashboardView(project: ProjectSummary, now: string) {
  await forecastsCurrent(project.id, now);
  return cachedRead(`dashboard:${project.id}`, ["core", "schedule", "forecast", "capital", "financing", "sales", "meetings"], now, () => computeDashboard(project, now));
}

async function computeDashboard(project: ProjectSummary, now: string) {
  const [schedule, lines, financing, cashflow, sales, actions, meeting, refusals] = await Promise.all([
    // The schedule's part from the stored forecasts, summed by the database (milestones.server.ts).
    scheduleSummary(project.id, now),
    budgetTable(project.id),
    financingView(project.id, now),
    cashflowView(project.id, now),
    salesView(project.id, project.startupCapitalYear, now),
    listOpenActionItems(project.id),
    nextMeeting(project.id, now),
    // Refused payments of the last 30 days, one entry per line (issue 13, point 9).
    refusalGroups(project.id, civilToDate(addDays(now, -30))),
  ]);
  const totals = sumFigures(lines);
  const budget = reconcile(project.totalBudgetFen, totals.originalFen + totals.revisionsFen);
  const salesTarget = sales.byProduct.reduce((sum, p) => sum + p.year.targetFen, 0n);
  const salesAchieved = sales.byProduct.reduce((sum, p) => sum + p.year.achievedFen, 0n);
  return plain({
    project: { name: project.name, nameEn: project.nameEn, year: project.startupCapitalYear },
    today: now,
    // The same health categories, judged as of the same day, as /milestones shows (one status everywhere).
    counts: schedule.counts,
    // Whether a slip on the 关键路径 moves the end: the end milestone's planned and forecast finish, the
    // milestone causing its slip (its own slip and the reason of its expected finish), and up to three
    // critical milestones that slip, each with its cause.
    end: schedule.end,
    criticalSlipping: schedule.criticalSlipping,
    // Only what the page shows: the dashboard is served on every visit, and its data is encoded each time.
    nextKey: schedule.nextKey,
    lines: lines.map((l) => ({ code: l.code, name: l.name, nameEn: l.nameEn, currentFen: l.currentFen, committedFen: l.committedFen, paidFen: l.paidFen, overNinetyPercent: l.overNinetyPercent })),
    // 动态成本 against the target: the project's total, and the lines near (amber) or over (red) their
    // target or holding a leaf over its own, worst first, each naming its red leaf accounts.
    dynamicCost: {
      total: sumDynamic(lines.map((l) => l.dynamic)),
      lines: lines
        .filter((l) => l.dynamic.level !== "ok" || l.accountAlerts.some((a) => a.leaf && a.level === "red"))
        .sort((a, b) => b.dynamic.targetUsedBps - a.dynamic.targetUsedBps)
        .map((l) => ({
          id: l.id,
          code: l.code,
          name: l.name,
          nameEn: l.nameEn,
          dynamicFen: l.dynamic.dynamicFen,
          targetFen: l.dynamic.targetFen,
          varianceFen: l.dynamic.varianceFen,
          targetUsedBps: l.dynamic.targetUsedBps,
          level: l.dynamic.level,
          redAccounts: l.accountAlerts.filter((a) => a.leaf && a.level === "red").map((a) => ({ id: a.id, code: a.code, name: a.name, nameEn: a.nameEn, varianceFen: a.varianceFen })),
        })),
    },
    budget: { projectTotalFen: budget.projectTotalFen, linesFen: budget.linesCurrentFen, differenceFen: budget.differenceFen, paidFen: totals.paidFen, committedFen: totals.committedFen },
    // Led by the secured-only cash flow to completion (issue 14): hoped-for money does not hide a gap.
    funding: {
      targetFen: financing.startup.targetFen,
      drawnFen: financing.totals.drawnFen,
      target: financing.target,
      firstShort: cashflow.scenarios.secured.firstGap ? { month: cashflow.scenarios.secured.firstGap.month, shortFen: cashflow.scenarios.secured.firstGap.gapFen } : null,
      peak: cashflow.scenarios.secured.peak,
      expectedFirstShort: cashflow.scenarios.expected.firstGap,
      gap: gapPoints(cashflow.scenarios.secured.months),
    },
    sales: {
      year: sales.year,
      targetFen: salesTarget,
      achievedFen: salesAchieved,
      byProduct: sales.byProduct.map((p) => ({ product: p.product, targetFen: p.year.targetFen, achievedFen: p.year.achievedFen })),
      overdueFen: sales.receivables.overdueFen,
      overdueDeals: sales.receivables.overdueDeals,
      subscribedCsqm: sales.subscription.subscribedCsqm,
      subscriptionTargetCsqm: sales.subscription.targetMinCsqm,
      agencySigning: sales.agency ? { state: sales.agency.signing, dueOn: sales.agency.signDueOn } : null,
    },
    actions: {
      count: actions.length,
      overdue: actions.filter((a) => a.dueOn < now).length,
      top: actions.slice(0, 5).map((a) => ({ id: a.id, title: a.title, dueOn: a.dueOn, department: a.department })),
    },
    meeting,
    refusals,
  });
}
