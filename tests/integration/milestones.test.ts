// The milestone pages' loader and action, called with real Requests against a fresh SQLite file
// holding the reference project.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { action as editAction, loader as editLoader } from "~/routes/milestones.$id";
import { loader as listLoader } from "~/routes/milestones._index";
import { seedReferenceProject } from "../../prisma/seed";
import { milestoneForm } from "../helpers/factories";
import { callAction, callLoader, payload } from "../helpers/requests";

let ids: Record<string, number>;

beforeAll(async () => {
  await seedReferenceProject(prisma);
  const rows = await prisma.milestone.findMany({ select: { id: true, code: true } });
  ids = Object.fromEntries(rows.map((row) => [row.code, row.id]));
});

function post(id: number, fields: Record<string, string>, as = "pm") {
  return callAction(editAction, `/milestones/${id}`, fields, { as, params: { id: String(id) } });
}

const formFor = (code: string) => milestoneForm(ids[code]);

async function listRows(query = "") {
  const result = await callLoader(listLoader, `/milestones${query}`, { as: "exec" });
  if (result instanceof Response) throw new Error(`loader answered ${result.status}`);
  return result;
}

describe("milestones list", () => {
  it("shows the whole reference plan by month, with plan approval in progress today", async () => {
    const { rows, from, to, counts } = await listRows();
    expect(from).toBe("2026-11-01");
    // The plan runs past the 2027 topping-out to handover (the cash flow's horizon; the Gantt shows the
    // schedule's months) and holds the
    // land certificates (四证) held since the land transfer.
    expect(to).toBe("2027-12-31");
    expect(rows).toHaveLength(36);
    const byCode = Object.fromEntries(rows.map((row) => [row.code, row]));
    expect(byCode.M01).toMatchObject({ kind: "permit", agency: "自然资源和规划局", status: "in_progress", plannedStart: "2026-11-11", health: "slipping", expectedEnd: "2026-12-11", slipDays: 7, ownSlipDays: 7 });
    expect(byCode.M02.plannedEnd.slice(0, 7)).toBe("2026-12");
    expect(byCode.M10).toMatchObject({ agency: "发展和改革委员会", plannedEnd: "2027-02-26" });
    expect(byCode.M21.plannedEnd).toBe("2027-06-15"); // piles done by mid-June
    expect(byCode.M22.plannedEnd).toBe("2027-09-30");
    expect(byCode.M23.plannedEnd).toBe("2027-12-31");
    expect(byCode.L01.plannedEnd.slice(0, 7)).toBe("2027-01"); // leasing policy draft in January
    expect(byCode.M08.predecessors.map((p: { code: string }) => p.code)).toEqual(["M06", "M07"]);
    expect(byCode.M28.plannedEnd).toBe("2029-06-29");
    expect(rows.filter((row) => row.certificate).map((row) => row.code).sort()).toEqual(["C01", "C02", "M14", "M19"]);
    expect(counts.total).toBe(36);
    expect(counts.done).toBe(3);
  });

  it("filters to what needs attention", async () => {
    const { rows } = await listRows("?view=attention");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => ["overdue", "slipping", "due_soon"].includes(row.health))).toBe(true);
  });

  it("answers 404 for an unknown milestone", async () => {
    expect(await callLoader(editLoader, "/milestones/99999", { as: "pm", params: { id: "99999" } })).toHaveProperty("status", 404);
    expect(await callLoader(editLoader, "/milestones/abc", { as: "pm", params: { id: "abc" } })).toHaveProperty("status", 404);
  });
});

describe("updating a milestone", () => {
  it("saves a valid update, bumps the version and audits before/after", async () => {
    const form = { ...(await formFor("M03")), percentComplete: "70", note: "材料已齐" };
    const response = await post(ids.M03, form);
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(302);
    expect((response as Response).headers.get("Location")).toContain("/milestones?saved=M03");
    const saved = await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M03 } });
    expect(saved).toMatchObject({ percentComplete: 70, note: "材料已齐", version: Number(form.version) + 1 });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Milestone", entityId: ids.M03 }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.before!)).toMatchObject({ percentComplete: 40 });
    expect(JSON.parse(audit.after!)).toMatchObject({ percentComplete: 70, note: "材料已齐" });
    const pm = await prisma.user.findUniqueOrThrow({ where: { username: "pm" } });
    expect(audit).toMatchObject({ userId: pm.id, area: "schedule", action: "update" });
  });

  it("refuses bad input with field errors, keeps the typed values and changes nothing", async () => {
    const before = await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M01 } });
    const auditsBefore = await prisma.auditLog.count();
    const form = { ...(await formFor("M01")), status: "done", percentComplete: "150", actualEnd: "2026-13-40", note: "typed text" };
    const result = payload<{ errors: Record<string, string>; values: Record<string, string> }>(await post(ids.M01, form));
    expect(result.status).toBe(400);
    expect(result.data.errors).toMatchObject({ percentComplete: "percent_range", actualEnd: "invalid_date" });
    expect(result.data.values).toMatchObject({ percentComplete: "150", note: "typed text", actualEnd: "2026-13-40" });
    expect(await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M01 } })).toEqual(before);
    expect(await prisma.auditLog.count()).toBe(auditsBefore);
  });

  it("applies the status rules on the server", async () => {
    const form = { ...(await formFor("M01")), status: "done", percentComplete: "100", actualEnd: "" };
    const result = payload<{ errors: Record<string, string> }>(await post(ids.M01, form));
    expect(result.status).toBe(400);
    expect(result.data.errors.actualEnd).toBe("done_needs_end");
  });

  it("requires a reason to change planned dates", async () => {
    const form = { ...(await formFor("M02")), plannedEnd: "2027-01-15" };
    const result = payload<{ errors: Record<string, string> }>(await post(ids.M02, form));
    expect(result.status).toBe(400);
    expect(result.data.errors.reason).toBe("reason_required");
    expect((await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M02 } })).plannedEnd.toISOString().slice(0, 10)).toBe("2026-12-25");
  });

  it("refuses a save against an older version, shows the current one and keeps the typed values", async () => {
    const stale = await formFor("M05");
    expect((await post(ids.M05, { ...stale, note: "first" })) as Response).toHaveProperty("status", 302);
    const result = payload<{ errors: Record<string, string>; values: Record<string, string>; current: { note: string; version: number } }>(
      await post(ids.M05, { ...stale, note: "second" }),
    );
    expect(result.status).toBe(409);
    expect(result.data.errors.form).toBe("stale");
    expect(result.data.current).toMatchObject({ note: "first", version: Number(stale.version) + 1 });
    expect(result.data.values.note).toBe("second");
    expect((await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M05 } })).note).toBe("first");
  });

  it("moves the forecast of dependent milestones when a predecessor slips", async () => {
    const before = Object.fromEntries((await listRows()).rows.map((row) => [row.code, row]));
    // The seed records a known delay on M01 (expected finish 11 Dec): M02 already slips, and names M01 as the cause.
    expect(before.M02.slipDays).toBe(5);
    expect(before.M02.cause?.code).toBe("M01");
    // The planning bureau needs three more weeks: M01's planned end moves from 4 Dec to 25 Dec.
    const form = { ...(await formFor("M01")), plannedEnd: "2026-12-25", reason: "规划局要求补充交通影响评价" };
    expect(((await post(ids.M01, form)) as Response).status).toBe(302);
    const after = Object.fromEntries((await listRows()).rows.map((row) => [row.code, row]));
    expect(after.M02.forecastStart).toBe("2026-12-26");
    expect(after.M02.slipDays).toBeGreaterThan(0);
    expect(after.M02.health).toBe("slipping");
    expect(after.M02.delayedBy).toEqual(["M01"]);
    // …and on down the chain: the site selection waits for the mayor's office meeting.
    expect(after.M05.forecastStart > before.M05.forecastStart).toBe(true);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Milestone", entityId: ids.M01 }, orderBy: { id: "desc" } });
    expect(audit.reason).toBe("规划局要求补充交通影响评价");
  });
});

describe("concurrent edits", () => {
  it("lets exactly one of two simultaneous saves of the same version win", async () => {
    const form = await formFor("M06");
    const results = await Promise.all([post(ids.M06, { ...form, note: "A" }), post(ids.M06, { ...form, note: "B" })]);
    const saved = results.filter((r) => r instanceof Response && r.status === 302);
    const refused = results.filter((r) => !(r instanceof Response)).map((r) => payload(r).status);
    expect(saved).toHaveLength(1);
    expect(refused).toEqual([409]);
    const row = await prisma.milestone.findUniqueOrThrow({ where: { id: ids.M06 } });
    expect(row.version).toBe(Number(form.version) + 1);
    expect(["A", "B"]).toContain(row.note);
    expect(await prisma.auditLog.count({ where: { entity: "Milestone", entityId: ids.M06 } })).toBe(1);
  });
});

describe("a long plan", () => {
  it("pages the list by 100, keeping the filter, and clamps a page out of range", async () => {
    const project = await prisma.project.findFirstOrThrow({ select: { id: true } });
    const extra = Array.from({ length: 130 }, (_, i) => ({
      projectId: project.id,
      code: `X${String(i).padStart(3, "0")}`,
      kind: "construction",
      name: `工序 ${i}`,
      nameEn: `Task ${i}`,
      plannedStart: new Date(Date.UTC(2027, 2, 1)),
      plannedEnd: new Date(Date.UTC(2027, 3, 1)),
      sortOrder: 1000 + i,
    }));
    await prisma.milestone.createMany({ data: extra });
    try {
      const first = await listRows();
      expect(first.counts.total).toBe(36 + 130);
      expect([first.page, first.pages, first.rows.length]).toEqual([1, 2, 100]);
      const second = await listRows("?page=2");
      expect([second.page, second.rows.length]).toEqual([2, 66]);
      expect(new Set([...first.rows, ...second.rows].map((r) => r.code)).size).toBe(166);
      expect((await listRows("?page=999")).page).toBe(2);
      expect((await listRows("?page=abc")).page).toBe(1);
      const leasing = await listRows("?kind=leasing");
      expect([leasing.kind, leasing.rows.map((r) => r.code)]).toEqual(["leasing", ["L01", "L02", "L03"]]);
      expect((await listRows("?kind=bogus")).kind).toBeNull();
      const attention = await listRows("?view=attention&page=2");
      expect([attention.view, attention.page, attention.pages]).toEqual(["attention", 1, 1]);
    } finally {
      await prisma.milestone.deleteMany({ where: { code: { startsWith: "X" } } });
    }
  });
});
