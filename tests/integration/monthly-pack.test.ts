// The monthly executive pack through its pages' loaders and actions: its figures are the pages' figures,
// commentaries are written by the area's leader only, and issuing freezes the pack (page and workbook).
import ExcelJS from "exceljs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import type { PackSnapshot } from "~/domain/reports/pack";
import { loader as budgetLoader } from "~/routes/budget._index";
import { loader as cashflowLoader } from "~/routes/financing.cashflow";
import { loader as financingLoader } from "~/routes/financing._index";
import { loader as milestonesLoader } from "~/routes/milestones._index";
import { action as packAction, loader as packLoader } from "~/routes/reports.$month";
import { loader as xlsxLoader } from "~/routes/reports.$month[.]xlsx";
import { loader as archiveLoader } from "~/routes/reports._index";
import { loader as salesLoader } from "~/routes/sales._index";
import { yuan } from "~/models/cost/io/workbook.server";
import { scorecardView } from "~/models/meetings/scorecard.server";
import { changeFigures } from "~/models/reports/pack.server";
import { formatRate } from "~/domain/meetings/scorecard";
import { rowRateTenths } from "~/domain/reports/pack";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction, callLoader, payload } from "../helpers/requests";
import { leafOf } from "../helpers/factories";

type Pack = { status: string; live: boolean; snapshot: PackSnapshot; writable: string[]; canIssue: boolean; version: number };
const MONTH = "2026-11";
const open = async (month = MONTH, as = "exec") => (await callLoader(packLoader, `/reports/${month}`, { as, params: { month } })) as Pack;
const post = (fields: Record<string, string>, as: string, month = MONTH) => callAction(packAction, `/reports/${month}`, fields, { as, params: { month } });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const page = async (loader: any, path: string, as = "exec") => (await callLoader(loader, path, { as })) as any;

async function workbookCells(month = MONTH, lang?: string) {
  const response = (await callLoader(xlsxLoader, `/reports/${month}.xlsx`, { as: "exec", params: { month }, headers: lang ? { Cookie: "" } : {} })) as Response;
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
  const text: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => text.push(String(cell.value)))));
  return { names: workbook.worksheets.map((w) => w.name), text };
}

let projectId: number;
beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
});

describe("the pack's figures are the pages'", () => {
  it("schedule: the health counts and the end forecast of /milestones", async () => {
    const pack = await open();
    const milestones = await page(milestonesLoader, "/milestones");
    const { total: _total, critical, ...counts } = milestones.counts;
    expect(pack.snapshot.schedule.counts).toEqual(counts);
    expect(pack.snapshot.schedule.total).toBe(milestones.counts.total);
    // The pack lists the unfinished critical milestones: the page's critical list without the done ones.
    const criticalPage = await page(milestonesLoader, "/milestones?critical=1&view=all");
    const unfinished = criticalPage.rows.filter((r: { critical: boolean; health: string }) => r.critical && r.health !== "done");
    expect(pack.snapshot.schedule.criticalCount).toBe(unfinished.length);
    expect(pack.snapshot.schedule.critical.map((r) => r.code)).toEqual(unfinished.map((r: { code: string }) => r.code));
    expect(criticalPage.counts.critical).toBe(critical);
    expect(pack.snapshot.schedule.criticalCount).toBe(critical - criticalPage.rows.filter((r: { critical: boolean; health: string }) => r.critical && r.health === "done").length);
    expect(pack.snapshot.schedule.end?.code).toBe(milestones.end.code);
    expect(pack.snapshot.schedule.end?.forecastEnd).toBe(milestones.end.forecastEnd);
  });

  it("cost: 动态成本, target and paid of /budget", async () => {
    const pack = await open();
    const budget = await page(budgetLoader, "/budget");
    expect(pack.snapshot.cost.dynamic.dynamicFen).toBe(budget.totals.dynamic.dynamicFen);
    expect(pack.snapshot.cost.dynamic.targetFen).toBe(budget.totals.dynamic.targetFen);
    expect(pack.snapshot.cost.budget.paidFen).toBe(budget.totals.paidFen);
    expect(pack.snapshot.cost.budget.currentFen).toBe(budget.totals.currentFen);
    expect(pack.snapshot.cost.budget.differenceFen).toBe(budget.differenceFen);
    const month = budget.months.find((m: { month: string }) => m.month === MONTH);
    expect(pack.snapshot.cost.month.plannedFen).toBe(month.planFen);
    expect(pack.snapshot.cost.month.paidFen).toBe(month.paidFen);
  });

  it("cash: the first gap and the peak of both scenarios on /financing/cashflow, and the financing totals of /financing", async () => {
    const pack = await open();
    const cashflow = await page(cashflowLoader, "/financing/cashflow");
    for (const scenario of ["secured", "expected"] as const) {
      expect(pack.snapshot.cash.scenarios[scenario].firstGap).toEqual(cashflow.summaries[scenario].firstGap);
      expect(pack.snapshot.cash.scenarios[scenario].peak).toEqual(cashflow.summaries[scenario].peak);
    }
    const financing = await page(financingLoader, "/financing");
    expect(pack.snapshot.cash.financing.securedFen).toBe(financing.totals.securedFen);
    expect(pack.snapshot.cash.financing.drawnFen).toBe(financing.totals.drawnFen);
    expect(pack.snapshot.cash.financing.targetFen).toBe(financing.totals.targetFen);
    // Hoped-for money is never counted as secured.
    expect(BigInt(pack.snapshot.cash.financing.securedFen)).toBeLessThanOrEqual(BigInt(financing.totals.committedFen));
  });

  it("sales: achievement against target by product on /sales", async () => {
    const pack = await open();
    const sales = await page(salesLoader, "/sales?year=2026");
    for (const product of sales.byProduct) {
      const row = pack.snapshot.sales.byProduct.find((p) => p.product === product.product)!;
      expect(row.yearTargetFen).toBe(product.year.targetFen);
      expect(row.yearAchievedFen).toBe(product.year.achievedFen);
      expect(row.monthAchievedFen).toBe(product.months[10].achievedFen);
    }
    expect(pack.snapshot.sales.receivables.overdueFen).toBe(sales.receivables.overdueFen);
  });

  it("meetings: the meetings held in the month, and the action items overdue at its end", async () => {
    // GROUNDWORK_TODAY 2026-11-27: the month runs to today. Set at the 17 Nov meeting: one item due
    // 20 Nov still open (overdue 7 days), one due 20 Nov done that day (on time: not listed), one due
    // today (not yet overdue: not listed).
    const meeting = await prisma.meeting.findFirstOrThrow({ where: { projectId, startsAt: { gte: new Date("2026-11-16T16:00:00Z"), lt: new Date("2026-11-17T16:00:00Z") } } });
    const department = await prisma.department.findFirstOrThrow({ where: { projectId, code: "ENG" } });
    const due = new Date("2026-11-20T00:00:00Z");
    await prisma.actionItem.createMany({
      data: [
        { meetingId: meeting.id, title: "包测-逾期未办", departmentId: department.id, dueOn: due },
        { meetingId: meeting.id, title: "包测-按期办结", departmentId: department.id, dueOn: due, status: "done", doneOn: due },
        { meetingId: meeting.id, title: "包测-今日到期", departmentId: department.id, dueOn: new Date("2026-11-27T00:00:00Z") },
      ],
    });
    const pack = await open();
    expect(pack.snapshot.meetings.held.map((m) => m.date)).toEqual(["2026-11-17", "2026-11-24"]);
    const ours = pack.snapshot.meetings.overdue.filter((a) => a.title.startsWith("包测-"));
    expect(ours).toEqual([{ title: "包测-逾期未办", department: { name: department.name, nameEn: department.nameEn }, owner: null, dueOn: "2026-11-20", daysLate: 7 }]);
    expect(pack.snapshot.meetings.overdueCount).toBe(pack.snapshot.meetings.overdue.length);
    // The month's scorecard is the accountability scorecard's, for the same month.
    const card = await scorecardView(projectId, { from: MONTH, to: MONTH }, "2026-11-27");
    expect(pack.snapshot.meetings.scorecard.source).toBe("scorecard");
    expect(pack.snapshot.meetings.scorecard.total).toMatchObject({ assigned: card.total.assigned, doneOnTime: card.total.doneOnTime, doneLate: card.total.doneLate, openOverdue: card.total.openOverdue, onTimeRateTenths: card.total.onTimeRateTenths });
    // One rounding: the pack shows the scorecard page's rate text.
    expect(formatRate(rowRateTenths(pack.snapshot.meetings.scorecard.total))).toBe(formatRate(card.total.onTimeRateTenths));
    expect(pack.snapshot.meetings.scorecard.rows.map((r) => r.name)).toEqual(card.departments.map((r) => r.name));
  });
});

describe("the month's contract changes and decisions", () => {
  const change = async (code: string, createdAt: string, extra: Record<string, unknown> = {}) => {
    const contract = await prisma.contract.findFirstOrThrow({ where: { line: { projectId } }, orderBy: { id: "asc" } });
    await prisma.contractChange.create({ data: { contractId: contract.id, kind: "design_change", code, title: code, claimedFen: 10_000n, estimateFen: 9_000n, createdAt: new Date(createdAt), ...extra } });
  };

  it("counts changes by Shanghai days: 1 Dec 07:30 is December, 1 Nov 00:30 is November", async () => {
    const nov = { from: "2026-11-01", to: "2026-11-30" };
    const dec = { from: "2026-12-01", to: "2026-12-31" };
    const before = { nov: await changeFigures(projectId, nov), dec: await changeFigures(projectId, dec) };
    await change("PK-T1", "2026-11-30T23:30:00Z"); // 1 Dec 07:30 Shanghai: not November
    // Submitted 1 Nov 00:30 Shanghai (November); approved 1 Dec 07:00 Shanghai (December).
    await change("PK-T2", "2026-10-31T16:30:00Z", { status: "approved", approvedFen: 8_000n, decidedAt: new Date("2026-11-30T23:00:00Z") });
    // Submitted 10 Nov; rejected 30 Nov 23:59 Shanghai (November).
    await change("PK-T3", "2026-11-10T02:00:00Z", { status: "rejected", decidedAt: new Date("2026-11-30T15:59:00Z") });
    const after = { nov: await changeFigures(projectId, nov), dec: await changeFigures(projectId, dec) };
    const delta = (key: "submittedCount" | "approvedCount" | "rejectedCount", m: "nov" | "dec") => after[m][key] - before[m][key];
    expect([delta("submittedCount", "nov"), delta("approvedCount", "nov"), delta("rejectedCount", "nov")]).toEqual([2, 0, 1]);
    expect([delta("submittedCount", "dec"), delta("approvedCount", "dec"), delta("rejectedCount", "dec")]).toEqual([1, 1, 0]);
    expect(BigInt(after.nov.claimedFen) - BigInt(before.nov.claimedFen)).toBe(20_000n);
    expect(BigInt(after.dec.approvedFen) - BigInt(before.dec.approvedFen)).toBe(8_000n);
    expect(after.nov.pendingCount - before.nov.pendingCount).toBe(1);

    // The draft pack of November (to today, 27 Nov) counts PK-T2 and PK-T3 as submitted in it.
    const pack = await open();
    expect(pack.snapshot.cost.changes).toEqual(await changeFigures(projectId, { from: "2026-11-01", to: "2026-11-27" }));
    const submittedInNov = await prisma.contractChange.count({ where: { contract: { line: { projectId } }, createdAt: { gte: new Date("2026-10-31T16:00:00Z"), lt: new Date("2026-11-27T16:00:00Z") } } });
    expect(pack.snapshot.cost.changes.submittedCount).toBe(submittedInNov);
  });

  it("lists the decisions recorded at the month's meetings, and none of another month's", async () => {
    const nov24 = await prisma.meeting.findFirstOrThrow({ where: { projectId, startsAt: { gte: new Date("2026-11-23T16:00:00Z"), lt: new Date("2026-11-24T16:00:00Z") } } });
    await prisma.agendaItem.create({ data: { meetingId: nov24.id, source: "manual", title: "包测议题", titleEn: "Pack test item", decision: "同意增设临时排水沟", sortOrder: 99 } });
    // 31 Oct 23:00 Shanghai: an October meeting, whatever UTC says.
    const october = await prisma.meeting.create({ data: { projectId, startsAt: new Date("2026-10-31T15:00:00Z"), status: "closed" } });
    await prisma.agendaItem.create({ data: { meetingId: october.id, source: "manual", title: "十月议题", decision: "十月决议", sortOrder: 1 } });
    const pack = await open();
    const m = pack.snapshot.meetings;
    expect(m.decisions).toContainEqual({ date: "2026-11-24", title: "包测议题", titleEn: "Pack test item", decision: "同意增设临时排水沟" });
    expect(m.decisions.some((d) => d.decision === "十月决议")).toBe(false);
    expect(m.held.map((h) => h.date)).toEqual(["2026-11-17", "2026-11-24"]);
    const decided = { OR: [{ decision: { not: "" } }, { outcome: "decision" }] };
    const inNovember = { projectId, status: { in: ["in_progress", "closed"] }, startsAt: { gte: new Date("2026-10-31T16:00:00Z"), lt: new Date("2026-11-27T16:00:00Z") } };
    expect(m.decisionCount).toBe(await prisma.agendaItem.count({ where: { ...decided, meeting: inNovember } }));
    expect(m.held.find((h) => h.date === "2026-11-24")?.decisions).toBe(await prisma.agendaItem.count({ where: { ...decided, meetingId: nov24.id } }));
    await prisma.agendaItem.deleteMany({ where: { meetingId: october.id } });
    await prisma.meeting.delete({ where: { id: october.id } });
  });
});

describe("a pack is read, not scrolled", () => {
  it("lists at most 20 drawdowns of the month with the full count, and totals them all", async () => {
    const facility = await prisma.facility.findFirstOrThrow({ where: { channel: { projectId } }, orderBy: { id: "asc" } });
    const before = (await open("2026-11")).snapshot.cash;
    const created = await prisma.drawdown.createManyAndReturn({
      data: Array.from({ length: 25 }, (_, i) => ({ facilityId: facility.id, plannedOn: new Date(`2026-11-${String(1 + i).padStart(2, "0")}T00:00:00Z`), plannedFen: 100_00n })),
      select: { id: true },
    });
    const cash = (await open("2026-11")).snapshot.cash;
    expect(cash.drawdowns).toHaveLength(20);
    expect(cash.drawdownCount).toBe((before.drawdownCount ?? before.drawdowns.length) + 25);
    expect(BigInt(cash.drawdownTotals.plannedFen) - BigInt(before.drawdownTotals.plannedFen)).toBe(2_500_00n);
    await prisma.drawdown.deleteMany({ where: { id: { in: created.map((d) => d.id) } } });
  });
});

describe("commentaries", () => {
  it("are written by the area's leader only", async () => {
    const pm = await open(MONTH, "pm");
    expect(pm.writable).toEqual(["schedule"]);
    expect((await open(MONTH, "sales")).writable).toEqual(["sales"]);

    const saved = payload(await post({ intent: "commentary", area: "schedule", version: "0", text: "M01 局务会改期，规划批复顺延一周。" }, "pm"));
    expect(saved.status).toBe(200);
    expect(saved.data.saved).toBe(true);
    expect(payload(await post({ intent: "commentary", area: "sales", version: "0", text: "认购按计划推进。" }, "sales")).status).toBe(200);

    // The PM is not the finance leader: refused beside the field (not a 403 page), nothing written.
    const refused = payload<{ errors: Record<string, unknown>; area: string }>(await post({ intent: "commentary", area: "cash", version: "0", text: "伪造" }, "pm"));
    expect(refused.status).toBe(403);
    expect(refused.data.area).toBe("cash");
    expect(refused.data.errors.text).toBe("pack_not_area_leader");

    const pack = await open();
    expect(pack.snapshot.commentaries.schedule.text).toContain("局务会改期");
    expect(pack.snapshot.commentaries.schedule.author?.name).toBe("李明");
    expect(pack.snapshot.commentaries.cash.text).toBe("");
  });

  it("check the leader inside the write: a read outside it authorises nothing", async () => {
    // As if a read outside the transaction still saw the PM as the finance lead (a reassignment racing
    // the save): the write's own read decides.
    const pm = await prisma.user.findUniqueOrThrow({ where: { username: "pm" } });
    const stale = vi.spyOn(prisma.areaLeader, "findUnique").mockResolvedValue({ personId: pm.personId } as never);
    try {
      const refused = payload<{ errors: Record<string, unknown> }>(await post({ intent: "commentary", area: "cash", version: "0", text: "抢写" }, "pm"));
      expect(refused.status).toBe(403);
      expect(refused.data.errors.text).toBe("pack_not_area_leader");
    } finally {
      stale.mockRestore();
    }
    expect((await open()).snapshot.commentaries.cash.text).toBe("");
  });

  it("are version-checked and limited to 4000 characters", async () => {
    const stale = payload<{ errors: Record<string, { message: string }> }>(await post({ intent: "commentary", area: "schedule", version: "0", text: "旧版本" }, "pm"));
    expect(stale.status).toBe(409);
    expect(stale.data.errors.text).toMatchObject({ message: "pack_commentary_stale" });
    const long = payload<{ errors: Record<string, string>; values: Record<string, string> }>(await post({ intent: "commentary", area: "schedule", version: "1", text: "长".repeat(4001) }, "pm"));
    expect(long.status).toBe(400);
    expect(long.data.errors.text).toBe("pack_commentary_too_long");
    expect(long.data.values.text).toHaveLength(4001);
    expect(payload(await post({ intent: "commentary", area: "nowhere", version: "0", text: "x" }, "pm")).status).toBe(400);
  });
});

describe("issuing", () => {
  it("is for pack.issue holders only", async () => {
    const refused = (await post({ intent: "issue", version: "0" }, "pm")) as Response;
    expect(refused.status).toBe(403);
    expect((await open(MONTH, "pm")).canIssue).toBe(false);
    expect((await open(MONTH, "exec")).canIssue).toBe(true);
  });

  it("refuses an issue from a page that did not show the latest commentary", async () => {
    const seen = await open();
    const saved = payload<{ version: number }>(await post({ intent: "commentary", area: "sales", version: String((await open(MONTH, "sales")).snapshot.commentaries.sales.version), text: "认购按计划推进，12月启动内部认购。" }, "sales"));
    expect(saved.status).toBe(200);
    const stale = payload<{ errors: Record<string, string | { message: string }> }>(await post({ intent: "issue", version: String(seen.version), early: "1" }, "exec"));
    expect(stale.status).toBe(409);
    expect(JSON.stringify(stale.data.errors.form)).toContain("pack_stale");
    expect((await open()).status).toBe("draft");
  });

  it("of the current month is refused without the early confirmation, and nothing changes", async () => {
    const seen = (await open()) as Pack & { monthRunning: boolean };
    expect(seen.monthRunning).toBe(true);
    const audits = await prisma.auditLog.count({ where: { entity: "MonthlyPack" } });
    const refused = payload<{ errors: Record<string, unknown>; values: Record<string, string> }>(await post({ intent: "issue", version: String(seen.version) }, "exec"));
    expect(refused.status).toBe(409);
    expect(refused.data.errors.early).toBe("pack_month_not_over");
    expect(refused.data.errors.form).toBeUndefined();
    const after = await open();
    expect(after.status).toBe("draft");
    expect(after.version).toBe(seen.version);
    expect(await prisma.auditLog.count({ where: { entity: "MonthlyPack" } })).toBe(audits);
  });

  it("freezes the figures and commentaries: later data changes alter neither the page nor the workbook", async () => {
    const before = await open();
    const issued = (await post({ intent: "issue", version: String(before.version), early: "1" }, "exec")) as Response;
    expect(issued.status).toBe(302);
    expect(issued.headers.get("Location")).toBe(`/reports/${MONTH}?issued=1`);
    const frozen = await open();
    expect(frozen.status).toBe("issued");
    expect(frozen.live).toBe(false);
    expect(frozen.writable).toEqual([]);
    expect(frozen.canIssue).toBe(false);
    const paidBefore = frozen.snapshot.cost.budget.paidFen;
    const monthPaidBefore = frozen.snapshot.cost.month.paidFen;
    const countsBefore = frozen.snapshot.schedule.counts;

    // A payment in the month and a milestone finished, straight through the database.
    const line = await prisma.budgetLine.findFirstOrThrow({ where: { projectId }, orderBy: { id: "asc" } });
    await prisma.payment.create({ data: { lineId: line.id, accountId: await leafOf(line.id), paidOn: new Date("2026-11-25T00:00:00Z"), payee: "冻结后付款", amountFen: 12_345_600n } });
    const milestone = await prisma.milestone.findFirstOrThrow({ where: { projectId, status: { not: "done" } }, orderBy: { id: "asc" } });
    await prisma.milestone.update({ where: { id: milestone.id }, data: { status: "done", percentComplete: 100, actualStart: new Date("2026-11-01T00:00:00Z"), actualEnd: new Date("2026-11-26T00:00:00Z") } });

    // The pages moved …
    const budget = await page(budgetLoader, "/budget");
    expect(budget.totals.paidFen).toBe((BigInt(paidBefore) + 12_345_600n).toString());
    // … the issued pack did not.
    const after = await open();
    expect(after.snapshot.cost.budget.paidFen).toBe(paidBefore);
    expect(after.snapshot.cost.month.paidFen).toBe(monthPaidBefore);
    expect(after.snapshot.schedule.counts).toEqual(countsBefore);
    expect(after.snapshot.commentaries.schedule.text).toContain("局务会改期");
    expect(after.snapshot).toEqual(frozen.snapshot);

    const { names, text } = await workbookCells();
    expect(names).toHaveLength(6);
    expect(text.some((cell) => cell.includes("局务会改期"))).toBe(true);
    expect(text).not.toContain("123456");
    // The paid to date in the workbook is the frozen figure, in 元, not the page's new one.
    expect(text).toContain(String(yuan(BigInt(paidBefore))));
    expect(text).not.toContain(String(yuan(BigInt(paidBefore) + 12_345_600n)));

    // Commentaries are frozen too.
    const late = payload<{ errors: Record<string, string> }>(await post({ intent: "commentary", area: "schedule", version: "1", text: "改不了" }, "pm"));
    expect(late.data.errors.text).toBe("pack_already_issued");
  });

  it("is refused twice, and the archive shows who issued it", async () => {
    const again = payload<{ errors: Record<string, string> }>(await post({ intent: "issue", version: "2" }, "exec"));
    expect(again.status).toBe(409);
    expect(again.data.errors.form).toBe("pack_already_issued");
    const archive = (await callLoader(archiveLoader, "/reports", { as: "member" })) as { packs: { month: string; status: string; issuedBy: { name: string; nameEn: string } | null }[] };
    expect(archive.packs[0]).toMatchObject({ month: MONTH, status: "issued" });
    expect(archive.packs[0].issuedBy).toEqual({ name: "王建国", nameEn: "Wang Jianguo" });
    const audit = await prisma.auditLog.findFirst({ where: { entity: "MonthlyPack" }, orderBy: { id: "desc" } });
    expect(audit?.after).toContain('"issued"');
  });
});

describe("months that are not a pack's", () => {
  it.each(["2026-13", "abc", "9999-01", "2027-01", "2026-10"])("%s → 404", async (month) => {
    const response = (await callLoader(packLoader, `/reports/${month}`, { as: "exec", params: { month } })) as Response;
    expect(response.status).toBe(404);
    const xlsx = (await callLoader(xlsxLoader, `/reports/${month}.xlsx`, { as: "exec", params: { month } })) as Response;
    expect(xlsx.status).toBe(404);
    const issue = (await post({ intent: "issue", version: "0" }, "exec", month)) as Response;
    expect(issue.status).toBe(404);
  });
});
