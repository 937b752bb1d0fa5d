// Baselines (基线) and the critical path to a chosen end: saving a baseline, the comparison with the
// forecast after the plan moves, and the milestone list's baseline / end / critical-path options, with
// real Requests against a fresh SQLite file holding the reference project.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { loader as listLoader } from "~/routes/milestones._index";
import { action as baselineAction, loader as baselineLoader } from "~/routes/milestones.baselines";
import { scheduleView } from "~/models/milestones.server";
import { baselineComparison } from "~/models/schedule/baselines.server";
import { criticalToEnd } from "~/models/schedule/critical.server";
import { addDays, daysBetween, today } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction, callLoader, payload } from "../helpers/requests";

let ids: Record<string, number>;
let projectId: number;
const NAME = "2027年度计划（已批准）";

beforeAll(async () => {
  await seedReferenceProject(prisma);
  const rows = await prisma.milestone.findMany({ select: { id: true, code: true, projectId: true } });
  ids = Object.fromEntries(rows.map((row) => [row.code, row.id]));
  projectId = rows[0].projectId;
});

function saveAs(fields: Record<string, string>, as = "pm") {
  return callAction(baselineAction, "/milestones/baselines", fields, { as });
}

async function load<T>(loader: (args: never) => Promise<T>, path: string): Promise<T> {
  const result = await callLoader(loader as never, path, { as: "exec" });
  if (result instanceof Response) throw new Error(`loader answered ${result.status}`);
  return result as T;
}
const listRows = (query = "") => load(listLoader, `/milestones${query}`) as ReturnType<typeof listLoader>;
const baselinePage = (query = "") => load(baselineLoader, `/milestones/baselines${query}`) as ReturnType<typeof baselineLoader>;

describe("saving a baseline", () => {
  let baselineId: number;

  it("copies the plan of every active milestone, audited", async () => {
    const response = await saveAs({ name: NAME, note: "董事会批准" });
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(302);
    const location = (response as Response).headers.get("Location")!;
    baselineId = Number(/id=(\d+)/.exec(location)![1]);
    expect(location).toContain("saved=1");
    const active = await prisma.milestone.findMany({ where: { retiredAt: null }, select: { id: true, plannedStart: true, plannedEnd: true } });
    const items = await prisma.baselineItem.findMany({ where: { baselineId } });
    expect(items).toHaveLength(active.length);
    const m23 = active.find((m) => m.id === ids.M23)!;
    expect(items.find((item) => item.milestoneId === ids.M23)).toMatchObject({ start: m23.plannedStart, end: m23.plannedEnd });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Baseline", entityId: baselineId } });
    const pm = await prisma.user.findUniqueOrThrow({ where: { username: "pm" } });
    expect(audit).toMatchObject({ userId: pm.id, area: "schedule", action: "create" });
    expect(JSON.parse(audit.after!)).toMatchObject({ name: NAME, milestones: active.length });

    const page = await baselinePage(`?id=${baselineId}&saved=1`);
    expect(page.saved).toBe(true);
    expect(page.baselines[0]).toMatchObject({ id: baselineId, name: NAME, note: "董事会批准", createdBy: "李明（项目经理）", items: active.length });
  });

  it("refuses a duplicate name, a long or empty name beside the field, keeping what was typed", async () => {
    const before = await prisma.baseline.count();
    const duplicate = payload<{ errors: Record<string, unknown>; values: Record<string, string> }>(await saveAs({ name: ` ${NAME} `, note: "again" }));
    expect(duplicate.status).toBe(400);
    expect(duplicate.data.errors.name).toMatchObject({ message: "baseline_name_taken" });
    expect(duplicate.data.values).toMatchObject({ note: "again" });
    const long = payload<{ errors: Record<string, unknown> }>(await saveAs({ name: "计".repeat(61), note: "" }));
    expect(long.data.errors.name).toBe("baseline_name_too_long");
    expect(payload<{ errors: Record<string, unknown> }>(await saveAs({ name: "   " })).data.errors.name).toBe("required");
    expect(await saveAs({ name: "计".repeat(60) })).toHaveProperty("status", 302);
    expect(await prisma.baseline.count()).toBe(before + 1); // the 60-character name was accepted
  });

  it("is for project managers only", async () => {
    const before = await prisma.baseline.count();
    for (const as of ["exec", "finance", "member"]) {
      const response = await saveAs({ name: `by ${as}` }, as);
      expect(response).toHaveProperty("status", 403);
    }
    expect(await prisma.baseline.count()).toBe(before);
  });

  it("compares with the forecast after the plan moves: variance = forecast − baseline, per milestone and at the end", async () => {
    const now = today();
    const fresh = await baselineComparison(projectId, baselineId, now);
    const view0 = await scheduleView(projectId, now);
    const forecast0 = new Map(view0.rows.map((row) => [row.id, row]));
    // Right after saving, the variance is each milestone's slip against its plan.
    for (const row of fresh!.rows) {
      const f = forecast0.get(row.milestoneId)!;
      expect(row.varianceDays).toBe(daysBetween(f.plannedEnd, f.forecastEnd));
    }

    // After: a known delay on the foundations (direct write: detected and recomputed on the next read),
    // a new milestone and a retired one.
    const m22 = await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M22 } });
    await prisma.milestone.update({ where: { id: ids.M22 }, data: { expectedEnd: new Date(m22.plannedEnd.getTime() + 12 * 86_400_000), expectedReason: "地下水位高" } });
    const added = await prisma.milestone.create({
      data: { projectId, code: "X01", kind: "construction", name: "新增节点", nameEn: "Added node", plannedStart: new Date("2027-05-01"), plannedEnd: new Date("2027-05-31") },
    });
    await prisma.milestone.update({ where: { id: ids.L01 }, data: { retiredAt: new Date(), retiredReason: "并入 L02" } });

    const view = await scheduleView(projectId, now);
    const byId = new Map(view.rows.map((row) => [row.id, row]));
    expect(byId.get(ids.M22)!.forecastEnd).toBe(addDays(m22.plannedEnd.toISOString().slice(0, 10), 12));
    const comparison = (await baselineComparison(projectId, baselineId, now))!;
    const items = new Map((await prisma.baselineItem.findMany({ where: { baselineId } })).map((i) => [i.milestoneId, i.end.toISOString().slice(0, 10)]));
    for (const row of comparison.rows.filter((r) => r.state === "in_baseline")) {
      expect(row.baselineEnd).toBe(items.get(row.milestoneId));
      expect(row.forecastEnd).toBe(byId.get(row.milestoneId)!.forecastEnd);
      expect(row.varianceDays).toBe(daysBetween(row.baselineEnd!, row.forecastEnd!));
    }
    expect(comparison.rows.find((r) => r.milestoneId === ids.M22)!.varianceDays).toBe(12);
    expect(comparison.rows.find((r) => r.milestoneId === added.id)).toMatchObject({ state: "added", varianceDays: null });
    expect(comparison.rows.find((r) => r.milestoneId === ids.L01)).toMatchObject({ state: "retired", varianceDays: null });
    expect(comparison.counts.added).toBe(1);
    expect(comparison.counts.retired).toBe(1);
    expect(comparison.counts.late).toBe(comparison.rows.filter((r) => r.state === "in_baseline" && r.varianceDays! > 0).length);

    // The project end: the end milestone (M23, topping-out) against its own baseline finish.
    expect(view.end!.code).toBe("M23");
    expect(comparison.end).toMatchObject({ code: "M23", forecastEnd: view.end!.forecastEnd, baselineEnd: items.get(ids.M23) });
    expect(comparison.end!.varianceDays).toBe(daysBetween(items.get(ids.M23)!, view.end!.forecastEnd));
    expect(comparison.end!.varianceDays).toBeGreaterThanOrEqual(12);

    // The page: the comparison, and "only late".
    const page = await baselinePage(`?id=${baselineId}`);
    expect(page.comparison!.end!.varianceDays).toBe(comparison.end!.varianceDays);
    const late = await baselinePage(`?id=${baselineId}&late=1`);
    expect(late.rows.length).toBe(comparison.counts.late);
    expect(late.rows.every((r) => r.direction === "late")).toBe(true);
  });

  it("keeps the baseline when the plan changes later", async () => {
    const before = await prisma.baselineItem.findUniqueOrThrow({ where: { baselineId_milestoneId: { baselineId, milestoneId: ids.M21 } } });
    await prisma.milestone.update({ where: { id: ids.M21 }, data: { plannedEnd: new Date("2027-06-30") } });
    expect(await prisma.baselineItem.findUniqueOrThrow({ where: { baselineId_milestoneId: { baselineId, milestoneId: ids.M21 } } })).toEqual(before);
  });

  it("shows the baseline on the milestone list (?baseline=)", async () => {
    const comparison = (await baselineComparison(projectId, baselineId, today()))!;
    const variance = new Map(comparison.rows.map((r) => [r.code, r]));
    const { rows, baseline } = await listRows(`?baseline=${baselineId}`);
    expect(baseline).toEqual({ id: baselineId, name: NAME });
    for (const row of rows) {
      const v = variance.get(row.code)!;
      expect(row.varianceDays).toBe(v.varianceDays);
      expect(row.baselineEnd).toBe(v.baselineEnd);
    }
    expect(rows.find((r) => r.code === "X01")).toMatchObject({ baselineEnd: null, varianceDays: null });
    expect(rows.some((r) => r.code === "L01")).toBe(false);
  });
});

describe("critical path on the milestone list", () => {
  it("uses the stored float to the project end by default, the same as criticalToEnd", async () => {
    const { rows, end, counts } = await listRows();
    expect(end).toMatchObject({ code: "M23", isDefault: true });
    const computed = await criticalToEnd(projectId, ids.M23, today());
    if (!computed?.ok) throw new Error("no critical path");
    for (const row of rows) {
      expect(row.floatDays).toBe(computed.floatById[row.id] ?? null);
      expect(row.critical).toBe(computed.criticalIds.includes(row.id));
    }
    expect(rows.find((r) => r.code === "M23")).toMatchObject({ critical: true, floatDays: 0 });
    expect(rows.find((r) => r.code === "M26")!.floatDays).toBeNull(); // after the end
    expect(counts.critical).toBe(computed.criticalIds.length);
    expect(computed.endFinish).toBe(rows.find((r) => r.code === "M23")!.forecastEnd);
  });

  it("recomputes float and the critical path to a chosen end (?end=CODE)", async () => {
    const { rows, end } = await listRows("?end=M21");
    expect(end).toMatchObject({ code: "M21", isDefault: false });
    const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));
    expect(byCode.M21).toMatchObject({ critical: true, floatDays: 0 });
    expect(byCode.M22.floatDays).toBeNull();
    expect(byCode.M23.floatDays).toBeNull();
    expect(byCode.M23.critical).toBe(false);
    expect(rows.filter((r) => r.critical).every((r) => r.floatDays !== null && r.floatDays <= 0)).toBe(true);
  });

  it("filters to the critical path, keeping the other options", async () => {
    const all = await listRows("?end=M21");
    const { rows, criticalOnly, end } = await listRows("?critical=1&end=M21&view=all");
    expect(criticalOnly).toBe(true);
    expect(end!.code).toBe("M21");
    expect(rows.length).toBe(all.counts.critical);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.critical)).toBe(true);
    const kind = await listRows("?critical=1&kind=construction");
    expect(kind.rows.every((r) => r.critical && r.kind === "construction")).toBe(true);
  });

  it("never fails on junk query values", async () => {
    for (const query of [
      "?baseline=abc",
      "?baseline=999999",
      "?baseline=-1",
      "?baseline=1e3",
      "?end=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      "?end=",
      "?critical=yes&page=-4",
      "?baseline=&end=&critical=&kind=%00",
    ]) {
      const result = await listRows(query);
      expect(result.rows.length).toBeGreaterThan(0);
      expect(result.end!.code).toBe("M23");
      expect(JSON.stringify(result)).not.toContain("<script>");
    }
    expect((await listRows("?baseline=999999")).baseline).toBeNull();
    for (const query of ["?id=abc", "?id=999999", "?id=-1", "?id=%3Cscript%3E", "?late=1&page=x"]) {
      const page = await baselinePage(query);
      expect(page.comparison).toBeNull();
      expect(JSON.stringify(page)).not.toContain("<script>");
    }
    expect((await baselinePage("?id=999999")).missing).toBe(true);
  });

  it("answers the hostile posts with 400, never 500", async () => {
    expect(payload(await saveAs({})).status).toBe(400);
    expect(payload(await saveAs({ name: "a\u0000b" })).status).toBe(400);
    expect(payload(await saveAs({ name: ["x"].join(""), note: "n".repeat(501) })).status).toBe(400);
  });
});
