// Lost updates (issue 12): the fund-usage plan grid and meeting minutes carry the version they showed,
// like milestones. Two people saving from the same version: the second is refused (409) with what the
// first saved, keeps what they typed, and nothing of the first is lost.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { action as planAction, loader as planLoader } from "~/routes/budget.plan";
import { action as meetingAction, loader as meetingLoader } from "~/routes/meetings.$date";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction, callLoader, payload } from "../helpers/requests";

type PlanPage = { lines: { id: number; code: string; planVersion: number }[]; months: string[]; cells: Record<string, string> };
type Conflict = { lineId: number; code: string; planVersion: number; months: { month: string; theirsFen: string; yoursFen: string }[] };
type Refused = { errors: Record<string, unknown>; values: Record<string, string>; conflicts?: Conflict[]; current?: { version: number; minutes: string; decision: string } };

let line: Record<string, number>;

beforeAll(async () => {
  await seedReferenceProject(prisma);
  line = Object.fromEntries((await prisma.budgetLine.findMany({ select: { id: true, code: true } })).map((l) => [l.code, l.id]));
  // A second person in each role that the two forms need.
  for (const [username, role] of [["finance2", "finance"], ["exec2", "exec"]]) {
    await prisma.user.create({ data: { username, displayName: username, roles: { create: [{ role }] } } });
  }
});

/** The plan grid exactly as the page's form posts it: every cell, and each row's version and shown cells. */
async function openPlan(as: string) {
  const page = (await callLoader(planLoader, "/budget/plan", { as })) as PlanPage;
  const form: Record<string, string> = {};
  for (const l of page.lines) {
    form[`version:${l.id}`] = String(l.planVersion);
    const shown: Record<string, string> = {};
    for (const month of page.months) {
      const value = page.cells[`plan:${l.id}:${month}`] ?? "";
      form[`plan:${l.id}:${month}`] = value;
      if (value) shown[month] = value;
    }
    form[`shown:${l.id}`] = JSON.stringify(shown);
  }
  return form;
}

const savePlan = (form: Record<string, string>, as: string) => callAction(planAction, "/budget/plan", form, { as });
const cell = async (code: string, month: string) =>
  (await prisma.fundPlanEntry.findUnique({ where: { lineId_month: { lineId: line[code], month } } }))?.amountFen ?? 0n;
const planVersion = async (code: string) => (await prisma.budgetLine.findUniqueOrThrow({ where: { id: line[code] } })).planVersion;

describe("the fund-usage plan grid", () => {
  it("refuses the second of two saves from the same version with 409, shows the first's values, keeps the typed ones and loses nothing", async () => {
    const [first, second] = [await openPlan("finance"), await openPlan("finance2")];
    const [fndVersion, comVersion, aptVersion] = [await planVersion("FND"), await planVersion("COM"), await planVersion("APT")];
    const aptMay = await cell("APT", "2027-05");

    // The first saves FND and COM.
    const saved = (await savePlan({ ...first, [`plan:${line.FND}:2027-03`]: "111", [`plan:${line.COM}:2027-04`]: "222" }, "finance")) as Response;
    expect(saved.status).toBe(302);
    expect([await planVersion("FND"), await planVersion("COM"), await planVersion("APT")]).toEqual([fndVersion + 1, comVersion + 1, aptVersion]);
    const auditsAfterFirst = await prisma.auditLog.count({ where: { entity: "FundPlan" } });

    // The second, from the same starting version, changes FND (saved meanwhile) and APT (not).
    const typed = { ...second, [`plan:${line.FND}:2027-03`]: "333", [`plan:${line.APT}:2027-05`]: "444" };
    const refused = payload<Refused>(await savePlan(typed, "finance2"));
    expect(refused.status).toBe(409);
    expect(refused.data.errors.form).toEqual({ message: "plan_stale", vars: { lines: "FND" } });
    // What the first saved, beside what the second typed; COM, which the second did not touch, is no conflict.
    expect(refused.data.conflicts).toEqual([
      expect.objectContaining({ code: "FND", planVersion: fndVersion + 1, months: [{ month: "2027-03", theirsFen: "111000000", yoursFen: "333000000" }] }),
    ]);
    expect(refused.data.values).toMatchObject({ [`plan:${line.FND}:2027-03`]: "333", [`plan:${line.APT}:2027-05`]: "444" });

    // Nothing of the first is lost, nothing of the second is half-saved.
    expect(await cell("FND", "2027-03")).toBe(111_000_000n);
    expect(await cell("COM", "2027-04")).toBe(222_000_000n);
    expect(await cell("APT", "2027-05")).toBe(aptMay);
    expect([await planVersion("FND"), await planVersion("COM"), await planVersion("APT")]).toEqual([fndVersion + 1, comVersion + 1, aptVersion]);
    expect(await prisma.auditLog.count({ where: { entity: "FundPlan" } })).toBe(auditsAfterFirst);

    // Having seen the conflict, the second saves again on purpose (the form now names FND's current version).
    const again = (await savePlan({ ...typed, [`version:${line.FND}`]: String(fndVersion + 1) }, "finance2")) as Response;
    expect(again.status).toBe(302);
    expect(await cell("FND", "2027-03")).toBe(333_000_000n);
    expect(await cell("APT", "2027-05")).toBe(444_000_000n);
    expect(await cell("COM", "2027-04")).toBe(222_000_000n); // the first's COM stands: the second never touched it
  });

  it("lets two people save different rows from the same version, and both saves stand", async () => {
    const [first, second] = [await openPlan("finance"), await openPlan("finance2")];
    expect(((await savePlan({ ...first, [`plan:${line.COM}:2027-07`]: "71" }, "finance")) as Response).status).toBe(302);
    expect(((await savePlan({ ...second, [`plan:${line.APT}:2027-07`]: "72" }, "finance2")) as Response).status).toBe(302);
    expect(await cell("COM", "2027-07")).toBe(71_000_000n);
    expect(await cell("APT", "2027-07")).toBe(72_000_000n);
  });

  it("counts every row that differs as changed when the form does not say what it showed", async () => {
    const form = await openPlan("finance");
    const aptAugust = await cell("APT", "2027-08");
    expect(((await savePlan({ ...form, [`plan:${line.COM}:2027-08`]: "81" }, "finance")) as Response).status).toBe(302);
    const bare = Object.fromEntries(Object.entries(form).filter(([name]) => !name.startsWith("shown:")));
    const refused = payload<Refused>(await savePlan({ ...bare, [`plan:${line.APT}:2027-08`]: "1" }, "finance2"));
    expect(refused.status).toBe(409);
    expect(refused.data.conflicts?.map((c) => c.code)).toEqual(["COM"]);
    expect(await cell("COM", "2027-08")).toBe(81_000_000n);
    expect(await cell("APT", "2027-08")).toBe(aptAugust);
  });

  it("accepts exactly one of many parallel saves of the same row from the same version", async () => {
    const form = await openPlan("finance");
    const version = await planVersion("FND");
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => savePlan({ ...form, [`plan:${line.FND}:2027-09`]: String(900 + i) }, i % 2 ? "finance2" : "finance")),
    );
    const statuses = results.map((r) => (r instanceof Response ? r.status : payload(r).status));
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    expect(await planVersion("FND")).toBe(version + 1);
    const winner = Number(await cell("FND", "2027-09")) / 1_000_000;
    expect(winner).toBeGreaterThanOrEqual(900);
    expect(winner).toBeLessThan(912);
  }, 60_000);
});

describe("meeting minutes", () => {
  const date = "2026-12-01";
  type Page = { agenda: { id: number; version: number; minutes: string; decision: string }[] };
  const open = async (as: string) => (await callLoader(meetingLoader, `/meetings/${date}`, { as, params: { date } })) as Page;
  const save = (fields: Record<string, string>, as: string) => callAction(meetingAction, `/meetings/${date}`, { intent: "minutes", ...fields }, { as, params: { date } });

  beforeAll(async () => {
    expect(((await callAction(meetingAction, `/meetings/${date}`, { intent: "start" }, { as: "exec", params: { date } })) as Response).status).toBe(302);
  });

  it("refuses the second of two saves from the same version with 409, shows the first's minutes, keeps the typed ones and loses nothing", async () => {
    const [item] = (await open("exec")).agenda;
    const seenBySecond = (await open("exec2")).agenda.find((i) => i.id === item.id)!;
    expect(seenBySecond.version).toBe(item.version);

    const first = (await save({ itemId: String(item.id), version: String(item.version), minutes: "甲：规划局周四上会", decision: "甲：周五前回复" }, "exec")) as Response;
    expect(first.status).toBe(302);

    const refused = payload<Refused>(await save({ itemId: String(item.id), version: String(seenBySecond.version), minutes: "乙：另一份纪要", decision: "" }, "exec2"));
    expect(refused.status).toBe(409);
    expect(refused.data.errors.form).toEqual({ message: "minutes_stale", vars: { version: String(item.version + 1) } });
    expect(refused.data.current).toMatchObject({ version: item.version + 1, minutes: "甲：规划局周四上会", decision: "甲：周五前回复" });
    expect(refused.data.values).toMatchObject({ minutes: "乙：另一份纪要", decision: "" });
    const stored = await prisma.agendaItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(stored).toMatchObject({ minutes: "甲：规划局周四上会", decision: "甲：周五前回复", version: item.version + 1 });

    // A deliberate second save against the version the conflict showed goes through.
    const again = (await save({ itemId: String(item.id), version: String(refused.data.current!.version), minutes: "乙：另一份纪要", decision: "甲：周五前回复" }, "exec2")) as Response;
    expect(again.status).toBe(302);
    expect(await prisma.agendaItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ minutes: "乙：另一份纪要", version: item.version + 2 });
    expect((await open("exec")).agenda.find((i) => i.id === item.id)).toMatchObject({ minutes: "乙：另一份纪要", version: item.version + 2 });
  });

  it("accepts exactly one of many parallel saves from the same version", async () => {
    const item = (await open("exec")).agenda[1];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => save({ itemId: String(item.id), version: String(item.version), minutes: `并发 ${i}`, decision: "" }, i % 2 ? "exec2" : "exec")),
    );
    const statuses = results.map((r) => (r instanceof Response ? r.status : payload(r).status));
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    expect(await prisma.agendaItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ version: item.version + 1 });
  }, 60_000);

  it("refuses minutes without the version the form showed", async () => {
    const item = (await open("exec")).agenda[2];
    const refused = payload<Refused>(await save({ itemId: String(item.id), minutes: "无版本", decision: "" }, "exec"));
    expect(refused.status).toBe(400);
    expect(refused.data.values.minutes).toBe("无版本");
    expect((await prisma.agendaItem.findUniqueOrThrow({ where: { id: item.id } })).minutes).toBe("");
  });
});
