// The meeting as the plan describes it (issue 17): the theme picks the chair (领导分工), stand-ins and
// swaps recorded; a held meeting's page and print are a record later changes do not alter; typed
// outcomes and items carried to the next meeting; members report on their own items, beside the form.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { action as meetingAction, loader as meetingLoader } from "~/routes/meetings.$date";
import { loader as printLoader } from "~/routes/meetings.$date_.print";
import { action as leadersAction, loader as leadersLoader } from "~/routes/settings.leaders";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction, callLoader, payload } from "../helpers/requests";

type Person = { id: number; name: string };
type Meeting = {
  id: number | null;
  status: string;
  theme: string;
  themeArea: string;
  chair: Person | null;
  chairBasis: string;
  chairNote: string;
  absentLeader: Person | null;
  agenda: { id: number; source: string; refType: string; refId: number | null; title: string; detail: string; minutes: string; decision: string; outcome: string; carriedFromId: number | null; version: number }[];
  carriedOver: { id: number; title: string; owner: string; ownerEn: string; reportHere: { text: string } | null; doneHere: boolean; reportable: boolean }[];
  actionItems: { id: number; title: string; agendaItemId: number | null }[];
};
type Refusal = { errors: Record<string, string>; values: Record<string, string> };

const open = async (date: string, as = "exec") => (await callLoader(meetingLoader, `/meetings/${date}`, { as, params: { date } })) as Meeting;
const print = async (date: string, as = "exec") => (await callLoader(printLoader, `/meetings/${date}/print`, { as, params: { date } })) as Meeting;
const act = (date: string, fields: Record<string, string>, as = "exec") => callAction(meetingAction, `/meetings/${date}`, fields, { as, params: { date } });
const ok = async (date: string, fields: Record<string, string>, as = "exec") => {
  const res = await act(date, fields, as);
  if (!(res instanceof Response)) throw new Error(`refused: ${JSON.stringify(payload(res).data)}`);
  expect(res.status).toBe(302);
};
const personId = async (name: string) => (await prisma.person.findFirstOrThrow({ where: { name } })).id;

beforeAll(async () => {
  await seedReferenceProject(prisma);
});

describe("the chair follows the theme (领导分工)", () => {
  it("is the leader of the theme's area, and follows a change of leader until the meeting starts", async () => {
    expect((await open("2026-12-15")).chairBasis).toBe("rotation"); // no theme yet: a proposal only
    await ok("2026-12-15", { intent: "theme", theme: "主体招标准备", themeEn: "Main-works tender preparation", themeArea: "engineering" });
    let m = await open("2026-12-15");
    expect([m.chair?.name, m.chairBasis, m.themeArea]).toEqual(["李明", "theme", "engineering"]);
    // The 分工 changes: engineering passes to the chief engineer; the planned meeting follows.
    const leaders = (await callLoader(leadersLoader, "/settings/leaders", { as: "exec" })) as { areas: { area: string; personId: number | null }[] };
    const fields = Object.fromEntries(leaders.areas.map((a) => [a.area, a.personId ? String(a.personId) : ""]));
    const res = await callAction(leadersAction, "/settings/leaders", { ...fields, engineering: String(await personId("张伟")) }, { as: "exec" });
    expect((res as Response).status).toBe(302);
    m = await open("2026-12-15");
    expect(m.chair?.name).toBe("张伟");
    await callAction(leadersAction, "/settings/leaders", fields, { as: "exec" });
    expect((await open("2026-12-15")).chair?.name).toBe("李明");
  });

  it("refuses a theme without its area, beside the field, keeping what was typed", async () => {
    const refused = payload<Refusal>(await act("2026-12-22", { intent: "theme", theme: "安全文明施工", themeEn: "", themeArea: "" }));
    expect(refused.status).toBe(400);
    expect(refused.data.errors.themeArea).toBe("choose_area");
    expect(refused.data.values.theme).toBe("安全文明施工");
  });

  it("records a stand-in with the reason, never the leader himself, and goes back to the leader when cleared", async () => {
    const pm = String(await personId("李明"));
    const chief = String(await personId("张伟"));
    expect(payload<Refusal>(await act("2026-12-15", { intent: "stand_in", personId: pm, reason: "出差" })).data.errors.personId).toBe("same_as_leader");
    expect(payload<Refusal>(await act("2026-12-15", { intent: "stand_in", personId: chief, reason: "" })).data.errors.reason).toBe("required");
    await ok("2026-12-15", { intent: "stand_in", personId: chief, reason: "项目经理赴省厅汇报" });
    let m = await open("2026-12-15");
    expect([m.chair?.name, m.chairBasis, m.chairNote, m.absentLeader?.name]).toEqual(["张伟", "stand_in", "项目经理赴省厅汇报", "李明"]);
    await ok("2026-12-15", { intent: "stand_in", personId: "", reason: "" });
    m = await open("2026-12-15");
    expect([m.chair?.name, m.chairBasis]).toEqual(["李明", "theme"]);
  });

  it("does not start a meeting without a theme", async () => {
    const refused = payload<Refusal>(await act("2026-12-29", { intent: "start" }));
    expect(refused.data.errors.theme).toBe("theme_required");
    expect((await open("2026-12-29")).status).toBe("planned");
    expect(await prisma.agendaItem.count({ where: { meeting: { startsAt: new Date("2026-12-29T01:00:00Z") } } })).toBe(0);
  });
});

describe("members report on their own items", () => {
  it("offers forms only on the member's department's items and on items assigned to them", async () => {
    // member = 孙强 (leasing). An office item assigned to him personally is his to report on.
    const office = await prisma.department.findFirstOrThrow({ where: { code: "OFF" } });
    const sun = await personId("孙强");
    const meeting = await prisma.meeting.findFirstOrThrow({ where: { startsAt: new Date("2026-11-24T01:00:00Z") } });
    const his = await prisma.actionItem.create({ data: { meetingId: meeting.id, title: "商业招商与物业衔接方案", departmentId: office.id, ownerId: sun, dueOn: new Date("2026-12-10T00:00:00Z") } });
    const m = await open("2026-12-01", "member");
    const reportable = m.carriedOver.filter((a) => a.reportable).map((a) => a.title).sort();
    expect(reportable).toEqual(["商业招商与物业衔接方案", "起草招商政策框架"].sort());
    expect((await open("2026-12-01", "exec")).carriedOver.every((a) => a.reportable)).toBe(true);
    await ok("2026-12-01", { intent: "report", actionItemId: String(his.id), text: "已与物业公司对接", reportedOn: "2026-11-27" }, "member");
    expect(await prisma.actionReport.count({ where: { actionItemId: his.id } })).toBe(1);
  });
});

describe("reports: whose item it is decides, and the server dates them", () => {
  it("lets the project manager report on his department's item, dated by the meeting, not by the form", async () => {
    const pmView = await open("2026-12-01", "pm");
    const survey = pmView.carriedOver.find((a) => a.title === "编制地质勘察招标文件")!;
    expect(survey.reportable).toBe(true);
    expect(pmView.carriedOver.find((a) => a.title === "起草招商政策框架")!.reportable).toBe(false);
    // A forged date before the item was set is not taken: the report is dated today (before the meeting's day).
    await ok("2026-12-01", { intent: "report", actionItemId: String(survey.id), text: "勘察招标文件初稿完成", reportedOn: "2026-11-01" }, "pm");
    const report = await prisma.actionReport.findFirstOrThrow({ where: { actionItemId: survey.id }, orderBy: { id: "desc" } });
    expect(report.reportedOn.toISOString().slice(0, 10)).toBe("2026-11-27");
  });

  it("answers ids with stray whitespace with a redirect, never a 500", async () => {
    const m = await open("2026-12-01");
    const leasing = m.carriedOver.find((a) => a.title === "起草招商政策框架")!;
    const res = await act("2026-12-01", { intent: "report", actionItemId: `\n${leasing.id}\u2028`, text: "调研中" });
    expect((res as Response).status).toBe(302);
    expect((res as Response).headers.get("Location")).toBe(`/meetings/2026-12-01#action-${leasing.id}`);
  });

  it("leaves no meeting row behind a refused swap or stand-in", async () => {
    const before = await prisma.meeting.count();
    expect(payload<Refusal>(await act("2027-02-02", { intent: "stand_in", personId: String(await personId("张伟")), reason: "出差" })).data.errors.personId).toBe("theme_first");
    expect(payload<Refusal>(await act("2027-02-09", { intent: "start" })).data.errors.theme).toBe("theme_required");
    expect(await prisma.meeting.count()).toBe(before);
  });
});

describe("a held meeting is a record", () => {
  let snapshot: Meeting;

  it("runs the 12-01 meeting: reports, typed outcomes (a decision needs its text), an action item from an agenda item, an item carried", async () => {
    await ok("2026-12-01", { intent: "start" });
    const m = await open("2026-12-01");
    expect(m.status).toBe("in_progress");
    expect([m.chair?.name, m.chairBasis]).toEqual(["王建国", "theme"]);
    // 11-24 carried M01 to this meeting explicitly.
    const carried = m.agenda.find((i) => i.source === "carried")!;
    expect(carried.title).toContain("M01");
    expect(carried.carriedFromId).not.toBeNull();
    const funding = m.agenda.find((i) => i.source === "funding") ?? m.agenda.find((i) => i.source === "milestone")!;
    const refused = payload<Refusal>(await act("2026-12-01", { intent: "minutes", itemId: String(funding.id), version: String(funding.version), minutes: "讨论", decision: "", outcome: "decision" }));
    expect(refused.data.errors.decision).toBe("decision_required");
    await ok("2026-12-01", { intent: "minutes", itemId: String(funding.id), version: String(funding.version), minutes: "讨论融资安排", decision: "12月底前提交授信申请", outcome: "action" });
    const fin = await prisma.department.findFirstOrThrow({ where: { code: "FIN" } });
    await ok("2026-12-01", { intent: "action", title: "提交授信申请", departmentId: String(fin.id), ownerId: "", dueOn: "2026-12-29", agendaItemId: String(funding.id) });
    const manual = m.agenda.find((i) => i.source === "milestone")!;
    await ok("2026-12-01", { intent: "minutes", itemId: String(manual.id), version: String(manual.version), minutes: "下周再议", decision: "", outcome: "carry" });
    const survey = m.carriedOver.find((a) => a.title === "编制地质勘察招标文件")!;
    await ok("2026-12-01", { intent: "report", actionItemId: String(survey.id), text: "初稿完成，待审核", reportedOn: "2026-11-27" });
    const plan = m.carriedOver.find((a) => a.title === "编制2027年月度资金使用计划")!;
    await ok("2026-12-01", { intent: "report", actionItemId: String(plan.id), text: "已完成", reportedOn: "2026-11-27", done: "1" });
    await ok("2026-12-01", { intent: "close" });
    snapshot = await print("2026-12-01");
    expect(snapshot.actionItems.find((a) => a.title === "提交授信申请")?.agendaItemId).toBe(funding.id);
    expect(snapshot.carriedOver.find((a) => a.id === survey.id)?.reportHere?.text).toBe("初稿完成，待审核");
    expect(snapshot.carriedOver.find((a) => a.id === plan.id)?.doneHere).toBe(true);
    expect(snapshot.carriedOver.find((a) => a.id === survey.id)?.ownerEn).toBe("Engineering/Zhang Wei");
    // Closed: no forms, no more reports or minutes.
    expect(snapshot.carriedOver.every((a) => !a.reportable)).toBe(true);
    expect(payload<Refusal>(await act("2026-12-01", { intent: "report", actionItemId: String(survey.id), text: "补充", reportedOn: "2026-11-27" })).data.errors.text).toBe("meeting_closed");
    const item = snapshot.agenda[0];
    expect(payload<Refusal>(await act("2026-12-01", { intent: "minutes", itemId: String(item.id), version: String(item.version), minutes: "改", decision: "", outcome: "" })).data.errors.form).toBe("meeting_closed");
  });

  it("puts the carried item on the next agenda", async () => {
    const next = await open("2026-12-08");
    const carried = next.agenda.filter((i) => i.source === "carried");
    expect(carried.map((i) => i.detail)).toEqual(["from=2026-12-01"]);
  });

  it("prints the same after later changes: items reported done next week, a new leader, a renamed department", async () => {
    const survey = snapshot.carriedOver.find((a) => a.title === "编制地质勘察招标文件")!;
    await ok("2026-12-08", { intent: "report", actionItemId: String(survey.id), text: "已定稿", reportedOn: "2026-11-27", done: "1" });
    await prisma.department.updateMany({ where: { code: "ENG" }, data: { name: "工程管理部", nameEn: "Engineering Management" } });
    await prisma.areaLeader.updateMany({ where: { area: "finance" }, data: { personId: await personId("赵丽") } });
    await prisma.person.updateMany({ where: { name: "王建国" }, data: { title: "董事长" } });
    const later = await print("2026-12-01");
    expect(later.agenda).toEqual(snapshot.agenda);
    expect(later.carriedOver).toEqual(snapshot.carriedOver);
    expect(later.chair?.name).toBe("王建国");
    expect([later.theme, later.themeArea, later.chairBasis]).toEqual([snapshot.theme, snapshot.themeArea, snapshot.chairBasis]);
    expect(later.actionItems.map((a) => a.title)).toEqual(snapshot.actionItems.map((a) => a.title));
  });
});

describe("the leaders screen", () => {
  it("refuses an unknown person beside the area and lets no member change the 分工", async () => {
    const refused = payload<Refusal>(await callAction(leadersAction, "/settings/leaders", { finance: "999999" }, { as: "exec" }));
    expect(refused.status).toBe(400);
    expect(refused.data.errors.finance).toBe("invalid_choice");
    const forbidden = await callAction(leadersAction, "/settings/leaders", { finance: "" }, { as: "member" });
    expect((forbidden as Response).status).toBe(403);
    expect(await prisma.areaLeader.count({ where: { area: "finance" } })).toBe(1);
  });
});
