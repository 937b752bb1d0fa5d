// The accountability scorecard (督办考核) through its page's loader and its Excel export: known action
// items and milestones with hand-checked figures (today is pinned to 2026-11-27), the export equal to
// the page, and hostile parameters answered sanely (clamped, never 500).
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { loader as scorecardLoader } from "~/routes/meetings.scorecard";
import { loader as xlsxLoader } from "~/routes/meetings.scorecard[.]xlsx";
import { scorecardView } from "~/models/meetings/scorecard.server";
import { seedReferenceProject } from "../../prisma/seed";
import { callLoader } from "../helpers/requests";
import { download, workbookOf } from "../helpers/workbooks";

type Row = {
  kind: string;
  id: number | null;
  assigned: number;
  doneOnTime: number;
  doneLate: number;
  openOverdue: number;
  openNotDue: number;
  avgDaysLateTenths: number | null;
  onTimeRateTenths: number | null;
  oldestCarried: { itemId: number; title: string; setOn: string; days: number } | null;
};
type Page = {
  range: { from: string; to: string };
  months: string[];
  departments: Row[];
  people: Row[];
  total: Row;
  byMonth: { month: string; asOf: string; total: Row }[];
  milestones: { departmentId: number | null; total: number; onTime: number; late: number; overdue: number; pending: number; onTimeRateTenths: number | null }[];
  milestoneTotal: { total: number; onTime: number; late: number; overdue: number; pending: number; onTimeRateTenths: number | null };
  items: { id: number; title: string; state: string; daysLate: number }[];
  itemCount: number;
  trend: { key: string; rates: (number | null)[] }[];
};

const page = async (query = "") => (await callLoader(scorecardLoader, `/meetings/scorecard${query}`, { as: "member" })) as Page;
const figures = (row: Row) => [row.assigned, row.doneOnTime, row.doneLate, row.openOverdue, row.openNotDue, row.avgDaysLateTenths, row.onTimeRateTenths];
const d = (civil: string) => new Date(`${civil}T00:00:00Z`);

let projectId: number;
let eng: number;
let fin: number;
let p1: number; // in ENG
let p2: number; // in FIN
beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  // Only the items and milestones below: the seeded ones are removed (items) or retired (milestones).
  await prisma.actionItem.deleteMany({ where: { meeting: { projectId } } });
  await prisma.milestone.updateMany({ where: { projectId }, data: { retiredAt: new Date("2026-11-01T00:00:00Z") } });
  eng = (await prisma.department.findFirstOrThrow({ where: { projectId, code: "ENG" } })).id;
  fin = (await prisma.department.findFirstOrThrow({ where: { projectId, code: "FIN" } })).id;
  p1 = (await prisma.person.findFirstOrThrow({ where: { projectId, departmentId: eng }, orderBy: { id: "asc" } })).id;
  p2 = (await prisma.person.findFirstOrThrow({ where: { projectId, departmentId: fin }, orderBy: { id: "asc" } })).id;
  const meeting = async (date: string) => (await prisma.meeting.create({ data: { projectId, startsAt: new Date(`${date}T01:00:00Z`), status: "closed" } })).id;
  const sep = await meeting("2026-09-01");
  const oct = await meeting("2026-10-13");
  const nov = await meeting("2026-11-03");
  const item = (meetingId: number, title: string, departmentId: number, ownerId: number | null, dueOn: string, doneOn: string | null) =>
    prisma.actionItem.create({ data: { meetingId, title, departmentId, ownerId, dueOn: d(dueOn), status: doneOn ? "done" : "open", doneOn: doneOn ? d(doneOn) : null } });
  await item(oct, "A 按期", eng, p1, "2026-10-20", "2026-10-20"); // on time, on the due day
  await item(oct, "B 逾期2天", eng, p1, "2026-10-20", "2026-10-22"); // late 2
  await item(oct, "C 月后完成", eng, null, "2026-10-31", "2026-11-03"); // late 3, done after the month's end; no owner
  await item(nov, "D 逾期未完成", fin, p2, "2026-11-20", null); // overdue 7
  await item(nov, "E 未到期", fin, p2, "2026-11-30", null); // not yet due
  await item(sep, "F 九月遗留", fin, p2, "2026-09-15", null); // overdue 15 Sep → 27 Nov = 73 days
  await item(nov, "G 下月到期", eng, p1, "2026-12-10", null); // due in December: not counted, but carried
  const milestone = (code: string, departmentId: number, plannedEnd: string, status: string, actualEnd: string | null) =>
    prisma.milestone.create({ data: { projectId, code, kind: "permit", name: code, nameEn: code, departmentId, plannedStart: d("2026-08-01"), plannedEnd: d(plannedEnd), actualEnd: actualEnd ? d(actualEnd) : null, status } });
  await milestone("SC1", eng, "2026-10-15", "done", "2026-10-15"); // on time
  await milestone("SC2", eng, "2026-10-20", "done", "2026-10-28"); // late
  await milestone("SC3", fin, "2026-11-10", "in_progress", null); // overdue
  await milestone("SC4", eng, "2026-11-30", "not_started", null); // pending
});

describe("the scorecard page", () => {
  it("defaults to the last 6 months, not before the first meeting's month", async () => {
    const p = await page();
    expect(p.range).toEqual({ from: "2026-09", to: "2026-11" });
    expect(p.months).toEqual(["2026-09", "2026-10", "2026-11"]);
  });

  it("counts each department's and person's items as hand-checked", async () => {
    const p = await page("?from=2026-09&to=2026-11");
    const dept = (id: number) => p.departments.find((r) => r.id === id)!;
    const person = (id: number) => p.people.find((r) => r.id === id)!;
    // ENG: A on time; B 2 and C 3 days late → 2.5 days, 1/3 = 33.3 % (333 tenths). G (set 3 Nov, due Dec) is open today: 24 days.
    expect(figures(dept(eng))).toEqual([3, 1, 2, 0, 0, 25, 333]);
    expect(dept(eng).oldestCarried).toMatchObject({ title: "G 下月到期", setOn: "2026-11-03", days: 24 });
    // FIN: D 7 and F 73 days overdue → 40.0 days; E not due; 0 / 2.
    expect(figures(dept(fin))).toEqual([3, 0, 0, 2, 1, 400, 0]);
    expect(dept(fin).oldestCarried).toMatchObject({ title: "F 九月遗留", setOn: "2026-09-01", days: 87 });
    // C has no owner: p1 has A and B only.
    expect(figures(person(p1))).toEqual([2, 1, 1, 0, 0, 20, 500]);
    expect(figures(person(p2))).toEqual([3, 0, 0, 2, 1, 400, 0]);
    // (2 + 3 + 7 + 73) / 4 = 21.25 → 21.3 days; 1 / 5 = 2000 bp.
    expect(figures(p.total)).toEqual([6, 1, 2, 2, 1, 213, 200]);
    expect(p.total.oldestCarried).toMatchObject({ title: "F 九月遗留", days: 87 });
  });

  it("gives each month its figures and its carried item as of the month's end", async () => {
    const p = await page("?from=2026-09&to=2026-11");
    expect(p.byMonth.map((m) => [m.month, m.asOf, ...figures(m.total), m.total.oldestCarried?.title ?? null, m.total.oldestCarried?.days ?? null])).toEqual([
      ["2026-09", "2026-09-30", 1, 0, 0, 1, 0, 730, 0, "F 九月遗留", 29],
      ["2026-10", "2026-10-31", 3, 1, 2, 0, 0, 25, 333, "F 九月遗留", 60],
      ["2026-11", "2026-11-27", 2, 0, 0, 1, 1, 70, 0, "F 九月遗留", 87],
    ]);
    const view = await scorecardView(projectId, { from: "2026-10", to: "2026-10" }, "2026-11-27");
    // On 31 Oct C (set 13 Oct, done 3 Nov) was still open in ENG: 18 days.
    expect(view.byMonth[0].departments.find((r) => r.id === eng)!.oldestCarried).toMatchObject({ title: "C 月后完成", setOn: "2026-10-13", days: 18 });
    // The trend: ENG's rate is set in October only, FIN's in September and November.
    expect(p.trend.find((s) => s.key === `d${eng}`)!.rates).toEqual([null, 3330, null]); // basis points for the chart: 33.3 % × 100, rounded once
    expect(p.trend.find((s) => s.key === `d${fin}`)!.rates).toEqual([0, null, 0]);
  });

  it("counts the milestones by owning department, leaving retired ones out", async () => {
    const p = await page("?from=2026-09&to=2026-11");
    const ms = (id: number) => p.milestones.find((m) => m.departmentId === id)!;
    expect(ms(eng)).toMatchObject({ total: 3, onTime: 1, late: 1, overdue: 0, pending: 1, onTimeRateTenths: 500 });
    expect(ms(fin)).toMatchObject({ total: 1, onTime: 0, late: 0, overdue: 1, pending: 0, onTimeRateTenths: 0 });
    expect(p.milestoneTotal).toEqual({ total: 4, onTime: 1, late: 1, overdue: 1, pending: 1, onTimeRateTenths: 333 });
  });

  it("lists a department's or a person's items with their state and days late", async () => {
    const byDept = await page(`?from=2026-09&to=2026-11&department=${fin}`);
    expect(byDept.items.map((i) => [i.title, i.state, i.daysLate])).toEqual([
      ["F 九月遗留", "openOverdue", 73],
      ["D 逾期未完成", "openOverdue", 7],
      ["E 未到期", "openNotDue", 0],
    ]);
    const byPerson = await page(`?from=2026-09&to=2026-11&person=${p1}`);
    expect(byPerson.items.map((i) => [i.title, i.state, i.daysLate])).toEqual([
      ["A 按期", "doneOnTime", 0],
      ["B 逾期2天", "doneLate", 2],
    ]);
    expect((await page("?from=2026-09&to=2026-11")).items).toEqual([]);
    expect((await page("?from=2026-09&to=2026-11&items=all")).itemCount).toBe(6);
  });

  it("answers hostile parameters with a sane range, never an error", async () => {
    expect((await page("?month=abc")).range).toEqual({ from: "2026-09", to: "2026-11" });
    expect((await page("?month=2026-10")).months).toEqual(["2026-10"]);
    expect((await page("?from=2026-11&to=2026-09")).range).toEqual({ from: "2026-09", to: "2026-11" });
    const long = await page("?from=1943-01&to=2026-11");
    expect(long.months).toHaveLength(24);
    expect(long.range).toEqual({ from: "2024-12", to: "2026-11" });
    expect((await page("?from=9999-99&to=%00&department=abc&person=-1")).range).toEqual({ from: "2026-09", to: "2026-11" });
    expect((await page("?from=2031-01&to=2032-12")).range).toEqual({ from: "2026-11", to: "2026-11" });
    expect((await page("?department=999999")).items).toEqual([]);
    const response = await download(xlsxLoader, "/meetings/scorecard.xlsx?from=0000-00&to=2099-99&month=x");
    expect(response.status).toBe(200);
  });

  it("needs a signed-in user", async () => {
    const result = await callLoader(scorecardLoader, "/meetings/scorecard", { as: null });
    expect(result).toBeInstanceOf(Response);
    expect((result as Response).status).toBe(302);
  });
});

describe("the Excel export", () => {
  it("has the page's figures, sheet by sheet", async () => {
    const p = await page("?from=2026-09&to=2026-11");
    const workbook = await workbookOf(await download(xlsxLoader, "/meetings/scorecard.xlsx?from=2026-09&to=2026-11", { lang: "en" }));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["By department", "By owner", "By month", "Milestones", "Items"]);
    const rowsOf = (name: string) => {
      const sheet = workbook.getWorksheet(name)!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      const rows: Record<string, unknown>[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const values = (row.values as unknown[]).slice(1);
        rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
      });
      return rows;
    };
    const asPage = (r: Record<string, unknown>) => [r["Assigned"], r["Done on time"], r["Done late"], r["Open overdue"], r["Not yet due"], r["Avg. days late"] === null ? null : Math.round(Number(r["Avg. days late"]) * 10), r["On-time rate"] === null ? null : Math.round(Number(r["On-time rate"]) * 1000)];
    const departments = rowsOf("By department");
    const engName = (await prisma.department.findUniqueOrThrow({ where: { id: eng } })).nameEn;
    expect(asPage(departments.find((r) => r["Department"] === engName)!)).toEqual(figures(p.departments.find((r) => r.id === eng)!));
    expect(asPage(departments.find((r) => r["Department"] === "Total")!)).toEqual(figures(p.total));
    expect(departments).toHaveLength(p.departments.length + 1);
    const people = rowsOf("By owner");
    expect(people).toHaveLength(p.people.length);
    const p2Name = (await prisma.person.findUniqueOrThrow({ where: { id: p2 } })).nameEn;
    expect(asPage(people.find((r) => r["Owner"] === p2Name)!)).toEqual(figures(p.people.find((r) => r.id === p2)!));
    const months = rowsOf("By month").filter((r) => r["Department / Owner"] === "Total");
    expect(months.map((r) => [r["Month"], ...asPage(r)])).toEqual(p.byMonth.map((m) => [m.month, ...figures(m.total)]));
    const milestones = rowsOf("Milestones");
    const total = milestones.find((r) => r["Department"] === "Total")!;
    expect([total["Milestones"], total["On time"], total["Done late"], total["Overdue"], total["Not yet due"], Math.round(Number(total["On-time rate"]) * 1000)]).toEqual([4, 1, 1, 1, 1, 333]);
    const items = rowsOf("Items");
    expect(items.map((r) => [r["Item"], r["State"], r["Days late"]])).toEqual([
      ["F 九月遗留", "Open overdue", 73],
      ["A 按期", "Done on time", 0],
      ["B 逾期2天", "Done late", 2],
      ["C 月后完成", "Done late", 3],
      ["D 逾期未完成", "Open overdue", 7],
      ["E 未到期", "Not yet due", 0],
    ]);
  });
});

describe("after a write", () => {
  it("shows the change at once (the cached load follows the meetings area)", async () => {
    const before = await page("?from=2026-09&to=2026-11");
    expect(before.total.doneLate).toBe(2);
    const d1 = await prisma.actionItem.findFirstOrThrow({ where: { title: "D 逾期未完成" } });
    await prisma.actionItem.update({ where: { id: d1.id }, data: { status: "done", doneOn: d("2026-11-25") } }); // 5 days late
    const after = await page("?from=2026-09&to=2026-11");
    // (2 + 3 + 5 + 73) / 4 = 20.75 → 20.8 days.
    expect(figures(after.total)).toEqual([6, 1, 3, 1, 1, 208, 200]);
  });
});
