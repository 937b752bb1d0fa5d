// The plan editor (issue 16): adding milestones, editing their plan, dependencies (FS/SS with lag, no
// cycles), expected finishes, retiring and restoring; each write moves the stored forecasts. Called
// through the routes' loaders and actions with real Requests, against a fresh SQLite file with the seed.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma, writeTransaction } from "~/db.server";
import { scheduleView } from "~/models/milestones.server";
import { recomputeAll } from "~/models/schedule/forecast-store.server";
import { addDependency } from "~/models/schedule/plan.server";
import { action as pageAction, loader as pageLoader } from "~/routes/milestones.$id";
import { action as newAction, loader as newLoader } from "~/routes/milestones.new";
import { today } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction, callLoader, payload } from "../helpers/requests";

let projectId: number;
let ids: Record<string, number>;

type Refused = { intent: string; errors: Record<string, string | { message: string; vars?: Record<string, string> }>; values: Record<string, string>; current?: { version: number; name: string } };

beforeAll(async () => {
  const seeded = await seedReferenceProject(prisma);
  projectId = seeded.projectId;
  const rows = await prisma.milestone.findMany({ select: { id: true, code: true } });
  ids = Object.fromEntries(rows.map((row) => [row.code, row.id]));
});

function post(id: number, fields: Record<string, string>, as: string | null = "pm") {
  return callAction(pageAction, `/milestones/${id}`, fields, { as, params: { id: String(id) } });
}
function create(fields: Record<string, string>, as: string | null = "pm") {
  return callAction(newAction, "/milestones/new", fields, { as });
}
const refused = (result: unknown) => payload<Refused>(result);
const location = (result: unknown) => (result instanceof Response ? result.headers.get("Location") : null);
const versionOf = async (id: number) => String((await prisma.milestone.findUniqueOrThrow({ where: { id } })).version);

async function rowsByCode() {
  const { rows } = await scheduleView(projectId, today());
  return Object.fromEntries(rows.map((row) => [row.code, row]));
}

async function newMilestone(code: string, start: string, end: string, extra: Record<string, string> = {}) {
  const department = await prisma.department.findFirstOrThrow({ where: { projectId }, select: { id: true } });
  const result = await create({
    code,
    name: `测试节点 ${code}`,
    nameEn: `Test node ${code}`,
    kind: "construction",
    plannedStart: start,
    plannedEnd: end,
    departmentId: String(department.id),
    leaderId: "",
    agency: "",
    agencyEn: "",
    ...extra,
  });
  const match = /^\/milestones\/(\d+)\?saved=1$/.exec(location(result) ?? "");
  if (!match) throw new Error(`create ${code} answered ${JSON.stringify(result instanceof Response ? result.status : payload(result))}`);
  return Number(match[1]);
}

/** The plan form as the page would post it, filled from the stored milestone. */
async function planForm(id: number) {
  const m = await prisma.milestone.findUniqueOrThrow({ where: { id } });
  return {
    intent: "plan",
    version: String(m.version),
    code: m.code,
    name: m.name,
    nameEn: m.nameEn,
    kind: m.kind,
    plannedStart: m.plannedStart.toISOString().slice(0, 10),
    plannedEnd: m.plannedEnd.toISOString().slice(0, 10),
    departmentId: m.departmentId ? String(m.departmentId) : "",
    leaderId: m.leaderId ? String(m.leaderId) : "",
    agency: m.agency,
    agencyEn: m.agencyEn,
    ...(m.isKey ? { isKey: "on" } : {}),
    reason: "",
  };
}

describe("adding a milestone", () => {
  it("creates it with a normalised code, after the last, with its predecessors, audited and forecast", async () => {
    const leader = await prisma.person.findFirstOrThrow({ where: { projectId }, select: { id: true } });
    const maxBefore = (await prisma.milestone.aggregate({ where: { projectId }, _max: { sortOrder: true } }))._max.sortOrder!;
    const id = await newMilestone(" ｍ40 ", "2027-10-01", "2027-10-31", { leaderId: String(leader.id), isKey: "on", pred0: String(ids.M22), predType0: "FS", predLag0: "5" });
    const row = await prisma.milestone.findUniqueOrThrow({ where: { id }, include: { predecessors: true } });
    expect(row).toMatchObject({ code: "M40", isKey: true, leaderId: leader.id, version: 1, sortOrder: maxBefore + 1 });
    expect(row.predecessors).toEqual([expect.objectContaining({ predecessorId: ids.M22, type: "FS", lagDays: 5 })]);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Milestone", entityId: id } });
    expect(audit).toMatchObject({ area: "schedule", action: "create" });
    expect(JSON.parse(audit.after!)).toMatchObject({ code: "M40", predecessors: ["M22 FS+5"] });
    const rows = await rowsByCode();
    // Foundation (M22) ends 30 Sep 2027: + 1 + 5 days of lag.
    expect(rows.M40.forecastStart).toBe("2027-10-06");
    expect(rows.M40.predecessors).toEqual([{ id: ids.M22, code: "M22", type: "FS", lagDays: 5 }]);
    const stored = await prisma.milestoneForecast.findUnique({ where: { milestoneId: id } });
    expect(stored).not.toBeNull();
  });

  it("refuses a code already taken, with the typed values kept", async () => {
    const before = await prisma.milestone.count();
    const result = refused(await create({ code: "m40", name: "重复", nameEn: "Duplicate", kind: "design", plannedStart: "2027-01-01", plannedEnd: "2027-01-10" }));
    expect(result.status).toBe(400);
    expect(result.data.errors.code).toMatchObject({ message: "code_taken", vars: { code: "M40" } });
    expect(result.data.values).toMatchObject({ code: "m40", name: "重复" });
    expect(await prisma.milestone.count()).toBe(before);
  });

  it("validates the fields beside each field", async () => {
    const result = refused(
      await create({ code: "M 4/1", name: "", nameEn: "x", kind: "party", plannedStart: "2027-02-10", plannedEnd: "2027-02-01", pred0: String(ids.M01), predLag0: "400", pred1: String(ids.M01) }),
    );
    expect(result.status).toBe(400);
    expect(result.data.errors).toMatchObject({ code: "code_format", name: "required", kind: "invalid_choice", predLag0: "lag_range" });
    const rest = { code: "M41", name: "x", nameEn: "x", kind: "design" };
    const order = refused(await create({ ...rest, plannedStart: "2027-02-10", plannedEnd: "2027-02-01", pred0: String(ids.M01), pred1: String(ids.M01) }));
    expect(order.data.errors).toMatchObject({ plannedEnd: "end_before_start", pred1: "dependency_duplicate" });
  });

  it("answers 403 to the page and the post for a user without schedule.write, and creates nothing", async () => {
    const before = await prisma.milestone.count();
    expect(await callLoader(newLoader, "/milestones/new", { as: "exec" })).toHaveProperty("status", 403);
    expect(await create({ code: "M41", name: "x", nameEn: "x", kind: "design", plannedStart: "2027-01-01", plannedEnd: "2027-01-10" }, "exec")).toHaveProperty("status", 403);
    expect(await prisma.milestone.count()).toBe(before);
  });
});

describe("editing the plan", () => {
  it("saves the plan fields with before/after in the audit", async () => {
    const form = { ...(await planForm(ids.M12)), name: "监理招标（含造价咨询）", agencyEn: "Tender centre" };
    expect(location(await post(ids.M12, form))).toBe(`/milestones/${ids.M12}?saved=1#plan`);
    const row = await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M12 } });
    expect(row).toMatchObject({ name: "监理招标（含造价咨询）", agencyEn: "Tender centre", version: Number(form.version) + 1 });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Milestone", entityId: ids.M12 }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.before!)).toMatchObject({ name: "监理招标" });
    expect(JSON.parse(audit.after!)).toMatchObject({ name: "监理招标（含造价咨询）" });
  });

  it("refuses a stale version, shows the current one and keeps what was typed", async () => {
    const stale = await planForm(ids.L02);
    expect(location(await post(ids.L02, { ...stale, name: "招商计划书（第一版）" }))).toContain("saved=1");
    const result = refused(await post(ids.L02, { ...stale, name: "招商计划书（第二版）" }));
    expect(result.status).toBe(409);
    expect(result.data.errors.form).toBe("stale");
    expect(result.data.current).toMatchObject({ name: "招商计划书（第一版）", version: Number(stale.version) + 1 });
    expect(result.data.values.name).toBe("招商计划书（第二版）");
    expect((await prisma.milestone.findUniqueOrThrow({ where: { id: ids.L02 } })).name).toBe("招商计划书（第一版）");
  });

  it("needs a reason to change the planned dates", async () => {
    const form = { ...(await planForm(ids.M13)), plannedEnd: "2027-03-10" };
    const result = refused(await post(ids.M13, form));
    expect(result.status).toBe(400);
    expect(result.data.errors.reason).toBe("reason_required");
    expect((await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M13 } })).plannedEnd.toISOString().slice(0, 10)).toBe("2027-02-28");
    expect(location(await post(ids.M13, { ...form, reason: "排水方案调整" }))).toContain("saved=1");
    const rows = await rowsByCode();
    expect(rows.M13.plannedEnd).toBe("2027-03-10");
    // 止水帷幕 (M15) follows the drainage: it now starts the day after.
    expect(rows.M15.forecastStart).toBe("2027-03-11");
  });

  it("refuses another milestone's code", async () => {
    const result = refused(await post(ids.M12, { ...(await planForm(ids.M12)), code: "m11" }));
    expect(result.data.errors.code).toMatchObject({ message: "code_taken" });
  });
});

describe("dependencies", () => {
  it("adds an FS link with lag that moves the successor's stored forecast", async () => {
    const x1 = await newMilestone("X1", "2027-01-04", "2027-05-31");
    const result = await post(ids.L03, { intent: "addDependency", version: await versionOf(ids.L03), predecessorId: String(x1), type: "FS", lagDays: "3" });
    expect(location(result)).toBe(`/milestones/${ids.L03}?saved=1#dependencies`);
    const rows = await rowsByCode();
    expect(rows.L03.forecastStart).toBe("2027-06-04");
    expect(rows.L03.delayedBy).toContain("X1");
    expect(rows.L03.predecessors.map((p: { code: string }) => p.code).sort()).toEqual(["L01", "X1"]);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "MilestoneDependency" }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.after!)).toEqual({ predecessor: "X1", successor: "L03", type: "FS", lagDays: 3 });
  });

  it("adds an SS link with lag, changes it and removes it, bumping the successor's version", async () => {
    const x2 = await newMilestone("X2", "2027-02-01", "2027-02-28");
    const version = await versionOf(ids.L02);
    expect(location(await post(ids.L02, { intent: "addDependency", version, predecessorId: String(x2), type: "SS", lagDays: "10" }))).toContain("saved=1");
    expect(await versionOf(ids.L02)).toBe(String(Number(version) + 1));
    let rows = await rowsByCode();
    expect(rows.L02.forecastStart).toBe("2027-02-11");
    // A concurrent edit of L02 against the old version is refused.
    const staleEdit = refused(await post(ids.L02, { ...(await planForm(ids.L02)), version, name: "改名" }));
    expect(staleEdit.status).toBe(409);

    const dependency = await prisma.milestoneDependency.findUniqueOrThrow({ where: { predecessorId_successorId: { predecessorId: x2, successorId: ids.L02 } } });
    expect(location(await post(ids.L02, { intent: "changeDependency", version: await versionOf(ids.L02), dependencyId: String(dependency.id), type: "SS", lagDays: "20" }))).toContain("saved=1");
    rows = await rowsByCode();
    expect(rows.L02.forecastStart).toBe("2027-02-21");
    // The change can be made from the predecessor's page too (the successor's version is checked).
    expect(location(await post(x2, { intent: "changeDependency", version: await versionOf(ids.L02), dependencyId: String(dependency.id), type: "FS", lagDays: "-10" }))).toContain("saved=1");
    rows = await rowsByCode();
    expect(rows.L02.forecastStart).toBe("2027-02-19");

    expect(location(await post(ids.L02, { intent: "removeDependency", version: await versionOf(ids.L02), dependencyId: String(dependency.id) }))).toContain("saved=1");
    rows = await rowsByCode();
    expect(rows.L02.forecastStart).toBe("2027-01-04");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "MilestoneDependency", entityId: dependency.id, action: "delete" } });
    expect(JSON.parse(audit.before!)).toEqual({ predecessor: "X2", successor: "L02", type: "FS", lagDays: -10 });
  });

  it("refuses a cycle and names its path, a self-link and a duplicate pair", async () => {
    const before = await prisma.milestoneDependency.count();
    // M02 → M07 → M11 already: M11 before M02 would close the loop.
    const cycle = refused(await post(ids.M02, { intent: "addDependency", version: await versionOf(ids.M02), predecessorId: String(ids.M11), type: "FS", lagDays: "0" }));
    expect(cycle.status).toBe(400);
    expect(cycle.data.errors.predecessorId).toEqual({ message: "dependency_cycle", vars: { path: "M02 → M07 → M11 → M02" } });
    const self = refused(await post(ids.M02, { intent: "addDependency", version: await versionOf(ids.M02), predecessorId: String(ids.M02), type: "FS", lagDays: "0" }));
    expect(self.data.errors.predecessorId).toBe("dependency_self");
    const duplicate = refused(await post(ids.M02, { intent: "addDependency", version: await versionOf(ids.M02), predecessorId: String(ids.M01), type: "SS", lagDays: "0" }));
    expect(duplicate.data.errors.predecessorId).toMatchObject({ message: "dependency_duplicate_pair" });
    const twoStep = refused(await post(ids.M05, { intent: "addDependency", version: await versionOf(ids.M05), predecessorId: String(ids.M10), type: "SS", lagDays: "0" }));
    expect(twoStep.data.errors.predecessorId).toEqual({ message: "dependency_cycle", vars: { path: "M05 → M10 → M05" } });
    expect(await prisma.milestoneDependency.count()).toBe(before);
  });
});

describe("expected finish", () => {
  it("moves the milestone's forecast end and its successors', with the cause naming it", async () => {
    const version = await versionOf(ids.M05);
    expect(refused(await post(ids.M05, { intent: "setExpected", version, expectedEnd: "2027-03-15", reason: "" })).data.errors.reason).toBe("reason_needed");
    expect(refused(await post(ids.M05, { intent: "setExpected", version, expectedEnd: "2026-12-01", reason: "选址需重新论证" })).data.errors.expectedEnd).toMatchObject({
      message: "expected_before_start",
    });
    expect(location(await post(ids.M05, { intent: "setExpected", version, expectedEnd: "2027-03-15", reason: "选址需重新论证" }))).toBe(`/milestones/${ids.M05}?saved=1#expected`);
    const row = await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M05 } });
    expect(row.plannedEnd.toISOString().slice(0, 10)).toBe("2027-01-22"); // the plan is untouched
    const rows = await rowsByCode();
    expect(rows.M05.forecastEnd).toBe("2027-03-15");
    expect(rows.M05.ownSlipDays).toBeGreaterThan(0);
    expect(rows.M05.expectedReason).toBe("选址需重新论证");
    expect(rows.M10.forecastStart).toBe("2027-03-16");
    expect(rows.M10.cause?.code).toBe("M05");
    expect(rows.M14.cause?.code).toBe("M05");

    const page = (await callLoader(pageLoader, `/milestones/${ids.M10}`, { as: "exec", params: { id: String(ids.M10) } })) as { view: { cause: { code: string } } };
    expect(page.view.cause.code).toBe("M05");

    expect(location(await post(ids.M05, { intent: "clearExpected", version: await versionOf(ids.M05), reason: "论证已完成" }))).toContain("saved=1");
    const cleared = await rowsByCode();
    expect(cleared.M05.forecastEnd).toBe("2027-01-22");
    expect(cleared.M10.cause).toBeNull();
  });

  it("is refused for a milestone that is done", async () => {
    const result = refused(await post(ids.M00, { intent: "setExpected", version: await versionOf(ids.M00), expectedEnd: "2027-01-15", reason: "不适用" }));
    expect(result.data.errors.expectedEnd).toBe("expected_done");
  });
});

describe("retiring and restoring", () => {
  it("refuses a milestone something still refers to, naming what", async () => {
    const result = refused(await post(ids.M22, { intent: "retire", version: await versionOf(ids.M22), reason: "合并到主体结构" }));
    expect(result.status).toBe(400);
    const error = result.data.errors.form as { message: string; vars: { list: string } };
    expect(error.message).toBe("retire_referenced");
    expect(error.vars.list).toContain("提款计划 2027-10-08");
    expect(error.vars.list).toContain("预售资金监管节点");
    expect(error.vars.list).toContain("成本科目 FND.02.03");
    expect((await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M22 } })).retiredAt).toBeNull();
  });

  it("refuses the project's end milestone", async () => {
    await prisma.project.update({ where: { id: projectId }, data: { endMilestoneId: ids.L01 } });
    try {
      const result = refused(await post(ids.L01, { intent: "retire", version: await versionOf(ids.L01), reason: "测试" }));
      expect(result.data.errors.form).toBe("retire_end_milestone");
    } finally {
      await prisma.project.update({ where: { id: projectId }, data: { endMilestoneId: null } });
    }
  });

  it("leaves the forecasts, lets its successors move back, stays viewable, and can be restored", async () => {
    const x1 = (await prisma.milestone.findFirstOrThrow({ where: { code: "X1" } })).id;
    expect((await rowsByCode()).L03.forecastStart).toBe("2027-06-04");
    expect(refused(await post(x1, { intent: "retire", version: await versionOf(x1), reason: "" })).data.errors.reason).toBe("reason_needed");
    expect(location(await post(x1, { intent: "retire", version: await versionOf(x1), reason: "并入招商计划" }))).toContain("saved=1");
    let rows = await rowsByCode();
    expect(rows.X1).toBeUndefined();
    expect(rows.L03.forecastStart).toBe("2027-02-01");
    expect(rows.L03.predecessors.map((p: { code: string }) => p.code)).toEqual(["L01"]);
    expect(await prisma.milestoneForecast.findUnique({ where: { milestoneId: x1 } })).toBeNull();
    // Kept, with its dependency and history, and still viewable.
    expect(await prisma.milestoneDependency.count({ where: { predecessorId: x1 } })).toBe(1);
    const page = (await callLoader(pageLoader, `/milestones/${x1}`, { as: "exec", params: { id: String(x1) } })) as {
      milestone: { retiredAt: string | null; retiredReason: string };
      view: unknown;
      history: unknown[];
    };
    expect(page.milestone).toMatchObject({ retiredReason: "并入招商计划" });
    expect(page.milestone.retiredAt).not.toBeNull();
    expect(page.view).toBeNull();
    expect(page.history.length).toBeGreaterThanOrEqual(2);
    // Not offered as a predecessor, nor accepted as one.
    const choice = refused(await post(ids.L02, { intent: "addDependency", version: await versionOf(ids.L02), predecessorId: String(x1), type: "FS", lagDays: "0" }));
    expect(choice.data.errors.predecessorId).toBe("invalid_choice");
    // Its plan, progress and expected finish are frozen until it is restored.
    expect(refused(await post(x1, { ...(await planForm(x1)), name: "改名" })).data.errors.form).toBe("milestone_retired");
    expect(refused(await post(x1, { intent: "setExpected", version: await versionOf(x1), expectedEnd: "2027-06-30", reason: "已退出" })).data.errors.form).toBe("milestone_retired");
    const progress = { version: await versionOf(x1), status: "in_progress", percentComplete: "10", actualStart: "2026-11-20", actualEnd: "", plannedStart: "2027-01-04", plannedEnd: "2027-05-31", note: "", reason: "" };
    expect(refused(await post(x1, progress)).data.errors.form).toBe("milestone_retired");

    expect(location(await post(x1, { intent: "restore", version: await versionOf(x1), reason: "招商计划拆分" }))).toContain("saved=1");
    rows = await rowsByCode();
    expect(rows.X1).toBeDefined();
    expect(rows.L03.forecastStart).toBe("2027-06-04");
  });
});

describe("permissions and hostile input", () => {
  it("answers 403 to a user without schedule.write and changes nothing", async () => {
    const before = await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M12 } });
    const dependencies = await prisma.milestoneDependency.count();
    const audits = await prisma.auditLog.count();
    for (const as of ["exec", "finance", "member"]) {
      expect(await post(ids.M12, { ...(await planForm(ids.M12)), name: "越权" }, as)).toHaveProperty("status", 403);
      expect(await post(ids.M12, { intent: "retire", version: String(before.version), reason: "越权" }, as)).toHaveProperty("status", 403);
      expect(await post(ids.M12, { intent: "addDependency", version: String(before.version), predecessorId: String(ids.M01), type: "FS", lagDays: "0" }, as)).toHaveProperty("status", 403);
    }
    expect(await post(ids.M12, { intent: "retire", version: String(before.version), reason: "匿名" }, null)).toBeInstanceOf(Response);
    expect(await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M12 } })).toEqual(before);
    expect(await prisma.milestoneDependency.count()).toBe(dependencies);
    expect(await prisma.auditLog.count()).toBe(audits);
  });

  it("answers 4xx, never 500, to ids that do not exist, other projects' ids, huge numbers and junk intents", async () => {
    const other = await prisma.project.create({
      data: { code: "OTHER", name: "另一个项目", nameEn: "Other", city: "", totalBudgetFen: 0n, scheduleStart: new Date("2026-01-01"), scheduleEnd: new Date("2027-01-01") },
    });
    const a = await prisma.milestone.create({ data: { projectId: other.id, code: "O1", kind: "design", name: "外", nameEn: "Out", plannedStart: new Date("2026-12-01"), plannedEnd: new Date("2026-12-10") } });
    const b = await prisma.milestone.create({ data: { projectId: other.id, code: "O2", kind: "design", name: "外2", nameEn: "Out 2", plannedStart: new Date("2026-12-11"), plannedEnd: new Date("2026-12-20") } });
    const foreignLink = await prisma.milestoneDependency.create({ data: { predecessorId: a.id, successorId: b.id } });
    const otherDepartment = await prisma.department.create({ data: { projectId: other.id, code: "X", name: "外部", nameEn: "Outside" } });
    const before = await prisma.auditLog.count();
    const version = await versionOf(ids.M12);
    const unrelated = await prisma.milestoneDependency.findFirstOrThrow({ where: { successorId: ids.M22 } });
    const planOfM12 = await planForm(ids.M12);
    const status = async (result: unknown) => (result instanceof Response ? result.status : payload(result).status);

    const attempts: [string, () => Promise<unknown>][] = [
      ["unknown page", () => post(99999, { intent: "retire", version: "1", reason: "不存在" })],
      ["other project's page", () => post(a.id, { intent: "retire", version: "1", reason: "别的项目" })],
      ["other project's predecessor", () => post(ids.M12, { intent: "addDependency", version, predecessorId: String(a.id), type: "FS", lagDays: "0" })],
      ["unknown predecessor", () => post(ids.M12, { intent: "addDependency", version, predecessorId: "999999999", type: "FS", lagDays: "0" })],
      ["other project's dependency", () => post(ids.M12, { intent: "removeDependency", version, dependencyId: String(foreignLink.id) })],
      ["unrelated dependency", () => post(ids.M12, { intent: "changeDependency", version, dependencyId: String(unrelated.id), type: "FS", lagDays: "0" })],
      ["huge lag", () => post(ids.M12, { intent: "addDependency", version, predecessorId: String(ids.M01), type: "FS", lagDays: "99999999999999999999" })],
      ["huge version", () => post(ids.M12, { intent: "retire", version: "1e400", reason: "巨大" })],
      ["huge id", () => post(ids.M12, { intent: "removeDependency", version, dependencyId: "123456789012345678901234567890" })],
      ["junk type", () => post(ids.M12, { intent: "addDependency", version, predecessorId: String(ids.M01), type: "FF", lagDays: "0" })],
      ["junk intent", () => post(ids.M12, { intent: "constructor", version })],
      ["proto intent", () => post(ids.M12, { intent: "__proto__", version })],
      ["empty intent", () => post(ids.M12, { intent: "", version })],
      ["other project's department", () => post(ids.M12, { ...planOfM12, departmentId: String(otherDepartment.id) })],
      ["junk leader", () => post(ids.M12, { ...planOfM12, leaderId: "-1" })],
      ["junk date", () => post(ids.M12, { intent: "setExpected", version, expectedEnd: "2027-02-30", reason: "日期错误" })],
      ["far date", () => post(ids.M12, { intent: "setExpected", version, expectedEnd: "9999-12-31", reason: "太远" })],
      ["create with foreign predecessor", () => create({ code: "M99", name: "x", nameEn: "x", kind: "design", plannedStart: "2027-01-01", plannedEnd: "2027-01-10", pred0: String(a.id) })],
      ["create with huge predecessor", () => create({ code: "M99", name: "x", nameEn: "x", kind: "design", plannedStart: "2027-01-01", plannedEnd: "2027-01-10", pred0: "99999999999999" })],
      ["create with nothing", () => create({})],
    ];
    for (const [name, attempt] of attempts) {
      const answer = await status(await attempt());
      expect([name, answer >= 400 && answer < 500]).toEqual([name, true]);
    }
    expect(await prisma.auditLog.count()).toBe(before);
    expect(await prisma.milestone.count({ where: { code: "M99" } })).toBe(0);
    expect((await prisma.milestone.findUniqueOrThrow({ where: { id: a.id } })).retiredAt).toBeNull();
  });
});

describe("the stored forecasts", () => {
  it("after all these edits, equal a full recomputation (every write refreshed what it moved)", async () => {
    const outcome = await writeTransaction((tx) => recomputeAll(tx, projectId, today()));
    expect([outcome.changed, outcome.floatChanged]).toEqual([0, 0]);
  });
});

describe("a plan of 20,000 milestones", () => {
  it("finds a loop through all of them quickly, and names its ends", async () => {
    const big = await prisma.project.create({
      data: { code: "BIG", name: "大型项目", nameEn: "Big", city: "", totalBudgetFen: 0n, scheduleStart: new Date("2026-01-01"), scheduleEnd: new Date("2030-01-01") },
    });
    const count = 20_000;
    for (let i = 0; i < count; i += 2_000) {
      await prisma.milestone.createMany({
        data: Array.from({ length: 2_000 }, (_, j) => ({
          projectId: big.id,
          code: `B${String(i + j).padStart(5, "0")}`,
          kind: "construction",
          name: `工序 ${i + j}`,
          nameEn: `Task ${i + j}`,
          plannedStart: new Date("2027-01-01"),
          plannedEnd: new Date("2027-01-02"),
          sortOrder: i + j,
        })),
      });
    }
    const rows = await prisma.milestone.findMany({ where: { projectId: big.id }, orderBy: { sortOrder: "asc" }, select: { id: true, version: true } });
    for (let i = 0; i + 1 < rows.length; i += 2_000) {
      await prisma.milestoneDependency.createMany({
        data: rows.slice(i, i + 2_001).slice(0, -1).map((row, j) => ({ predecessorId: row.id, successorId: rows[i + j + 1].id })),
      });
    }
    const first = rows[0];
    const last = rows[count - 1];
    const started = Date.now();
    const result = await addDependency(big.id, first.id, { version: first.version, predecessorId: last.id, type: "FS", lagDays: 0 }, { userId: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ ok: false, status: 400 });
    const path = (result as unknown as { errors: { predecessorId: { vars: { path: string } } } }).errors.predecessorId.vars.path;
    expect(path.startsWith("B00000 → B00001")).toBe(true);
    expect(path.endsWith("B19999 → B00000")).toBe(true);
    expect(path).toContain("…（19990）…");
  }, 60_000);
});
