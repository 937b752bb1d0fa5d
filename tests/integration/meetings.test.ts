// The weekly meeting through its pages' loaders and actions: a live agenda from every area, frozen
// at the start; action items carried over until reported done; the chair rotation with swaps.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { loader as dashboardLoader } from "~/routes/_index";
import { action as meetingAction, loader as meetingLoader } from "~/routes/meetings.$date";
import { action as meetingsAction, loader as meetingsLoader } from "~/routes/meetings._index";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction, callLoader, payload } from "../helpers/requests";
import { withTypicalAccounts } from "../helpers/factories";

type Meeting = {
  id: number | null;
  status: string;
  chair: { name: string } | null;
  agenda: { id: number; source: string; refType: string; refId: number | null; title: string; detail: string; minutes: string; version: number }[];
  carriedOver: { id: number; title: string }[];
  actionItems: { id: number; title: string }[];
};
type Upcoming = { upcoming: { date: string; chair: { name: string } | null; swapped: boolean }[] };

const open = async (date: string, as = "exec") => (await callLoader(meetingLoader, `/meetings/${date}`, { as, params: { date } })) as Meeting;
const act = (date: string, fields: Record<string, string>, as = "exec") => callAction(meetingAction, `/meetings/${date}`, fields, { as, params: { date } });

let projectId: number;
beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
});

describe("the live agenda", () => {
  it("carries every open action item and the milestones due soon or slipping", async () => {
    const m = await open("2026-12-01");
    expect(m.status).toBe("planned");
    expect(m.chair?.name).toBe("王建国"); // the theme is on funding: the general manager's area
    const actions = m.agenda.filter((i) => i.source === "action_item").map((i) => i.title);
    expect(actions).toEqual(["落实环境保护意见表材料", "编制2027年月度资金使用计划", "编制地质勘察招标文件", "起草招商政策框架"]);
    // M02 is moved by M01's expected finish: the agenda names the cause, and M01 comes with its own slip and reason.
    expect(m.agenda.filter((i) => i.source === "milestone").map((i) => i.title)).toEqual([
      "M01 规划方案报自然资源和规划局审批：自身延误 7 天（原因：局务会改期至12月10日，批复预计12月11日取得）",
      "M02 市长办公会审议规划方案：受 M01 影响延误 5 天",
      "M03 环境保护意见表",
    ]);
    expect(m.carriedOver).toHaveLength(4);
    // The action item done at an earlier meeting is not carried.
    expect(actions).not.toContain("规划方案报自然资源和规划局并跟进专家评审");
  });

  it("picks up budget lines past 90 %, refused payments, funding gaps and sales behind target", async () => {
    const line = await prisma.budgetLine.create({ data: { projectId, code: "HOT", name: "紧张科目", nameEn: "Tight", originalFen: 1_000_000n } });
    await prisma.payment.create({ data: { lineId: line.id, accountId: await withTypicalAccounts(line), paidOn: new Date("2026-11-20T00:00:00Z"), payee: "x", amountFen: 950_000n } });
    await prisma.paymentRefusal.create({ data: { lineId: line.id, amountFen: 100_000n, headroomFen: 50_000n, payee: "被拒单位", attemptedAt: new Date("2026-11-26T02:00:00Z") } });
    const m = await open("2026-12-01");
    expect(m.agenda.find((i) => i.refType === "BudgetLine")?.title).toContain("HOT");
    // Refusals come one item per line, with the count (issue 13; tests/integration/corrections.test.ts).
    expect(m.agenda.find((i) => i.refType === "PaymentRefusals" && i.refId === line.id)?.title).toBe("超预算支付被拒 1 笔：HOT 紧张科目");
    // The refusal was before the 1 December meeting: the meeting after it does not raise it again.
    expect((await open("2026-12-08")).agenda.some((i) => i.refType === "PaymentRefusals" && i.refId === line.id)).toBe(false);
    // The secured-only cash flow runs short from October 2027 (the bank and vendor loans are still
    // negotiating): the meeting raises it, with its peak and the expected scenario's first gap.
    const may = await open("2027-05-04");
    const funding = may.agenda.filter((i) => i.source === "funding");
    expect(funding).toHaveLength(1);
    expect(funding[0].detail).toMatch(/^month=2027-10;gapFen=\d+;peakMonth=\d{4}-\d{2};peakFen=\d+;expectedMonth=\d{4}-\d{2}$/);
    // Internal subscription's Q1 target is 300万 and nothing has been sold by April.
    expect(may.agenda.some((i) => i.source === "sales" && i.detail.includes("product=internal_subscription"))).toBe(true);
  });
});

describe("running a meeting", () => {
  it("freezes the agenda at the start, records minutes and new action items", async () => {
    const manual = await act("2026-12-01", { intent: "manual", title: "安全文明施工检查" });
    expect((manual as Response).status).toBe(302);
    expect((await act("2026-12-01", { intent: "start" }) as Response).status).toBe(302);
    const started = await open("2026-12-01");
    expect(started.status).toBe("in_progress");
    const frozenCount = started.agenda.length;
    expect(started.agenda.every((i) => i.id > 0)).toBe(true);
    expect(started.agenda.at(-1)?.title).toBe("安全文明施工检查");

    // Live data changes after the start do not change the frozen agenda.
    await prisma.milestone.updateMany({ where: { code: "M02" }, data: { plannedEnd: new Date("2026-12-05T00:00:00Z") } });
    expect((await open("2026-12-01")).agenda).toHaveLength(frozenCount);

    const item = started.agenda.find((i) => i.title.startsWith("M01"))!;
    expect((await act("2026-12-01", { intent: "minutes", itemId: String(item.id), version: String(item.version), minutes: "规划局本周上会", decision: "12月4日前取得批复" }) as Response).status).toBe(302);
    expect((await open("2026-12-01")).agenda.find((i) => i.id === item.id)?.minutes).toBe("规划局本周上会");

    const eng = await prisma.department.findFirstOrThrow({ where: { code: "ENG" } });
    const bad = payload<{ errors: Record<string, string> }>(await act("2026-12-01", { intent: "action", title: "", departmentId: String(eng.id), dueOn: "2026-11-30" }));
    expect(bad.data.errors).toMatchObject({ title: "required", dueOn: "due_before_meeting" });
    expect((await act("2026-12-01", { intent: "action", title: "落实勘察单位进场", departmentId: String(eng.id), ownerId: "", dueOn: "2026-12-10" }) as Response).status).toBe(302);
    expect((await open("2026-12-01")).actionItems.map((a) => a.title)).toEqual(["落实勘察单位进场"]);
  });

  it("puts the new action item on the following agenda until it is reported done", async () => {
    const next = await open("2026-12-08");
    const carried = next.carriedOver.find((a) => a.title === "落实勘察单位进场")!;
    expect(carried).toBeDefined();
    expect(next.agenda.some((i) => i.source === "action_item" && i.refId === carried.id)).toBe(true);

    // A report without "done" keeps it open; with "done" it leaves the agenda.
    expect((await act("2026-12-08", { intent: "report", actionItemId: String(carried.id), text: "已发函", reportedOn: "2026-11-27" }) as Response).status).toBe(302);
    expect((await open("2026-12-08")).carriedOver.some((a) => a.id === carried.id)).toBe(true);
    expect((await act("2026-12-08", { intent: "report", actionItemId: String(carried.id), text: "勘察单位已进场", reportedOn: "2026-11-27", done: "1" }) as Response).status).toBe(302);
    const after = await open("2026-12-15");
    expect(after.carriedOver.some((a) => a.id === carried.id)).toBe(false);
    expect(after.agenda.some((i) => i.refId === carried.id && i.source === "action_item")).toBe(false);
  });

  it("lets a department member report on their own department's items only", async () => {
    const items = await prisma.actionItem.findMany({ where: { status: "open" }, include: { department: true } });
    const leasing = items.find((i) => i.department?.code === "LEA")!;
    const office = items.find((i) => i.department?.code === "OFF")!;
    // member = 孙强 of the leasing department
    expect((await act("2026-12-08", { intent: "report", actionItemId: String(leasing.id), text: "框架已起草", reportedOn: "2026-11-27" }, "member") as Response).status).toBe(302);
    const before = await prisma.actionReport.count();
    // Another department's item: refused beside the form, what was typed kept, nothing stored.
    const refused = payload<{ errors: Record<string, string>; values: Record<string, string> }>(await act("2026-12-08", { intent: "report", actionItemId: String(office.id), text: "越权", reportedOn: "2026-11-27" }, "member"));
    expect(refused.status).toBe(400);
    expect(refused.data.errors.text).toBe("not_your_item");
    expect(refused.data.values.text).toBe("越权");
    expect(await prisma.actionReport.count()).toBe(before);
    // …and may not run the meeting.
    expect(((await act("2026-12-08", { intent: "manual", title: "x" }, "member")) as Response).status).toBe(403);
  });
});

describe("the chair", () => {
  it("is the theme's leader, the rotation only proposing for meetings without a theme; two meetings may swap", async () => {
    const before = (await callLoader(meetingsLoader, "/meetings", { as: "exec" })) as Upcoming;
    const chairs = before.upcoming.map((m) => m.chair?.name);
    // 12-01 funding → general manager; 12-08 technical → chief engineer; 12-15 and 12-22 no theme: the rotation's turn.
    expect(chairs.slice(0, 4)).toEqual(["王建国", "张伟", "李明", "张伟"]);
    const res = await callAction(meetingsAction, "/meetings", { intent: "swap", date: "2026-12-08", otherDate: "2026-12-15" }, { as: "exec" });
    expect((res as Response).status).toBe(302);
    const after = (await callLoader(meetingsLoader, "/meetings", { as: "exec" })) as Upcoming;
    expect(after.upcoming.slice(0, 5).map((m) => m.chair?.name)).toEqual(["王建国", "李明", "张伟", "张伟", "王建国"]);
    expect(after.upcoming.slice(1, 3).every((m) => m.swapped)).toBe(true);
    // A started meeting cannot be swapped.
    const refused = payload<{ errors: Record<string, string> }>(await callAction(meetingsAction, "/meetings", { intent: "swap", date: "2026-12-01", otherDate: "2026-12-08" }, { as: "exec" }));
    expect(refused.data.errors.otherDate).toBe("meeting_started");
  });

  it("follows an edited roster", async () => {
    const people = await prisma.person.findMany({ where: { name: { in: ["李明", "王建国"] } }, orderBy: { id: "asc" } });
    const res = await callAction(meetingsAction, "/meetings", { intent: "roster", seat0: String(people[0].id), seat1: String(people[1].id) }, { as: "exec" });
    expect((res as Response).status).toBe(302);
    const after = (await callLoader(meetingsLoader, "/meetings", { as: "exec" })) as Upcoming;
    expect(after.upcoming.slice(3).every((m) => ["王建国", "李明"].includes(m.chair!.name))).toBe(true);
  });
});

describe("the dashboard", () => {
  it("sums up schedule, capital, funding, sales and open actions", async () => {
    const d = (await callLoader(dashboardLoader, "/", { as: "exec" })) as {
      counts: Record<string, number>;
      budget: { differenceFen: string; paidFen: string };
      funding: { drawnFen: string; firstShort: { month: string } | null };
      actions: { count: number };
      meeting: { date: string };
    };
    // 300万 in the reference project, plus the 1万 line added above.
    expect(d.budget.differenceFen).toBe("301000000");
    expect(BigInt(d.budget.paidFen)).toBeGreaterThanOrEqual(24_000_000n);
    // 1000万 drawn on the seed's facilities, plus the sales receipts counted as funding (issue 15): the
    // seed's 12 内部认购 each with a 5万 deposit received = 60万, so 1060万 in all.
    expect(await prisma.receipt.aggregate({ _sum: { amountFen: true } })).toEqual({ _sum: { amountFen: 60_000_000n } });
    expect(d.funding.drawnFen).toBe("1060000000");
    // Led by the secured-only cash flow to completion (issue 14).
    expect(d.funding.firstShort?.month).toBe("2027-10");
    expect(d.actions.count).toBe(await prisma.actionItem.count({ where: { status: "open" } }));
    expect(d.meeting.date).toBe("2026-12-01");
  });
});
