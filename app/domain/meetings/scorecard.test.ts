import { describe, expect, it } from "vitest";
import { formatRate, formatShare, formatTenths, itemState, rateCellValue, rateTenths, lastDayOf, monthList, normalizeRange, openAt, scorecard, shiftMonth, type Row, type ScorecardInput, type ScorecardItem, type ScorecardMilestone } from "./scorecard";

const TODAY = "2026-11-27";
const departments = [
  { id: 1, name: "工程部", nameEn: "Engineering", planned: false },
  { id: 2, name: "成本部", nameEn: "Cost", planned: false },
  { id: 3, name: "运营部", nameEn: "Operations", planned: true },
];
const people = [
  { id: 10, name: "李明", nameEn: "Li Ming", departmentId: 1 },
  { id: 11, name: "王建国", nameEn: "Wang Jianguo", departmentId: 2 },
];
const item = (id: number, meetingDate: string, departmentId: number | null, ownerId: number | null, dueOn: string, doneOn: string | null): ScorecardItem => ({
  id,
  title: `item ${id}`,
  meetingDate,
  departmentId,
  ownerId,
  dueOn,
  status: doneOn ? "done" : "open",
  doneOn,
});
// Worked by hand with today = 2026-11-27:
const items = [
  item(1, "2026-10-08", 1, 10, "2026-10-20", "2026-10-20"), // Oct: done on the due day → on time
  item(2, "2026-10-08", 1, 10, "2026-10-20", "2026-10-21"), // Oct: late by 1 day
  item(3, "2026-10-15", 1, null, "2026-10-31", "2026-11-03"), // Oct: done after the month's end, late 3 days; no owner
  item(4, "2026-11-05", 2, 11, "2026-11-20", null), // Nov: open overdue, 27 − 20 = 7 days
  item(5, "2026-11-05", 2, 11, "2026-11-27", null), // Nov: due today → not yet due
  item(6, "2026-11-12", 1, 10, "2026-12-10", null), // Dec: after the current month, not counted; open → carried
  item(7, "2026-09-03", 2, 11, "2026-09-30", "2026-11-02"), // Sep: late 30 Sep → 2 Nov = 33 days
  item(8, "2026-08-27", 2, 11, "2026-08-31", null), // Aug: before the range; open since 27 Aug → the oldest carried
];
const milestone = (id: number, departmentId: number | null, plannedEnd: string, status: string, actualEnd: string | null): ScorecardMilestone => ({
  id,
  code: `M${id}`,
  name: `节点${id}`,
  nameEn: `M${id}`,
  departmentId,
  plannedEnd,
  actualEnd,
  status,
});
const milestones = [
  milestone(1, 1, "2026-10-15", "done", "2026-10-15"), // on time
  milestone(2, 1, "2026-10-20", "done", "2026-10-25"), // late
  milestone(3, 2, "2026-11-10", "in_progress", null), // overdue
  milestone(4, 2, "2026-11-30", "not_started", null), // pending
  milestone(5, 3, "2026-11-30", "not_started", null), // pending, a planned department
  milestone(6, 1, "2027-01-10", "not_started", null), // after the range
  milestone(7, null, "2026-09-15", "done", null), // done without an actual end: on time; no department
];
const input: ScorecardInput = { months: ["2026-09", "2026-10", "2026-11", "2026-12"], departments, people, items, milestones };

/** The figures of a row, without its names. */
const figures = (row: Row) => ({
  assigned: row.assigned,
  doneOnTime: row.doneOnTime,
  doneLate: row.doneLate,
  openOverdue: row.openOverdue,
  openNotDue: row.openNotDue,
  avg: row.avgDaysLateTenths,
  rate: row.onTimeRateTenths,
  carried: row.oldestCarried ? [row.oldestCarried.itemId, row.oldestCarried.setOn, row.oldestCarried.days] : null,
});
const zero = { assigned: 0, doneOnTime: 0, doneLate: 0, openOverdue: 0, openNotDue: 0, avg: null, rate: null };
const find = (rows: Row[], id: number | null) => rows.find((r) => r.id === id)!;

describe("item states", () => {
  it("counts the due day as on time, the day after as late, and open items against today", () => {
    expect(itemState({ status: "done", dueOn: "2026-10-20", doneOn: "2026-10-20" }, TODAY)).toEqual({ state: "doneOnTime", daysLate: 0 });
    expect(itemState({ status: "done", dueOn: "2026-10-20", doneOn: "2026-10-19" }, TODAY)).toEqual({ state: "doneOnTime", daysLate: 0 });
    expect(itemState({ status: "done", dueOn: "2026-10-20", doneOn: "2026-10-21" }, TODAY)).toEqual({ state: "doneLate", daysLate: 1 });
    expect(itemState({ status: "open", dueOn: "2026-11-26", doneOn: null }, TODAY)).toEqual({ state: "openOverdue", daysLate: 1 });
    expect(itemState({ status: "open", dueOn: TODAY, doneOn: null }, TODAY)).toEqual({ state: "openNotDue", daysLate: 0 });
  });

  it("is open at a date when set on or before it and not done by it", () => {
    const it7 = items[6]; // set 3 Sep, done 2 Nov
    expect(openAt(it7, "2026-09-02")).toBe(false);
    expect(openAt(it7, "2026-09-03")).toBe(true);
    expect(openAt(it7, "2026-11-01")).toBe(true);
    expect(openAt(it7, "2026-11-02")).toBe(false);
  });
});

describe("months", () => {
  it("steps months across years and finds their last days", () => {
    expect(shiftMonth("2026-12", 1)).toBe("2027-01");
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(monthList("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(lastDayOf("2028-02")).toBe("2028-02-29");
    expect(lastDayOf("2026-12")).toBe("2026-12-31");
  });

  it("clamps any range a client sends", () => {
    expect(normalizeRange({}, TODAY, "2026-03")).toEqual({ from: "2026-06", to: "2026-11" });
    expect(normalizeRange({}, TODAY, "2026-09")).toEqual({ from: "2026-09", to: "2026-11" }); // not before the first meeting
    expect(normalizeRange({}, TODAY, null)).toEqual({ from: "2026-06", to: "2026-11" });
    expect(normalizeRange({ from: "abc", to: "2026-13" }, TODAY, null)).toEqual({ from: "2026-06", to: "2026-11" });
    expect(normalizeRange({ from: "2026-10", to: "2026-08" }, TODAY, null)).toEqual({ from: "2026-08", to: "2026-10" });
    expect(normalizeRange({ from: "2026-10", to: "2030-01" }, TODAY, null)).toEqual({ from: "2026-10", to: "2026-11" });
    expect(normalizeRange({ from: "2027-03", to: "2027-05" }, TODAY, null)).toEqual({ from: "2026-11", to: "2026-11" });
    expect(normalizeRange({ from: "1000-01", to: "2026-11" }, TODAY, null)).toEqual({ from: "2024-12", to: "2026-11" }); // 24 months
    expect(normalizeRange({ from: "2026-05", to: "2026-05" }, TODAY, "2026-09")).toEqual({ from: "2026-05", to: "2026-05" }); // one month, as asked
  });
});

describe("scorecard", () => {
  const card = scorecard(input, TODAY);

  it("reports months up to the current one only", () => {
    expect(card.months).toEqual(["2026-09", "2026-10", "2026-11"]);
    expect(card.byMonth.map((m) => [m.month, m.asOf])).toEqual([
      ["2026-09", "2026-09-30"],
      ["2026-10", "2026-10-31"],
      ["2026-11", TODAY],
    ]);
    expect(card.asOf).toBe(TODAY);
    expect(card.items.map((i) => [i.id, i.month, i.state, i.daysLate])).toEqual([
      [7, "2026-09", "doneLate", 33],
      [1, "2026-10", "doneOnTime", 0],
      [2, "2026-10", "doneLate", 1],
      [3, "2026-10", "doneLate", 3],
      [4, "2026-11", "openOverdue", 7],
      [5, "2026-11", "openNotDue", 0],
    ]);
  });

  it("lists non-planned departments, and others only with something to show", () => {
    expect(card.departments.map((r) => r.id)).toEqual([1, 2, 3, null]); // 3 and null: milestones only
    expect(card.people.map((r) => r.id)).toEqual([10, 11]);
    expect(card.people[0].departmentId).toBe(1);
  });

  it("September: one item 33 days late; the item set 27 Aug is carried 34 days", () => {
    const sep = card.byMonth[0];
    expect(figures(find(sep.departments, 2))).toEqual({ assigned: 1, doneOnTime: 0, doneLate: 1, openOverdue: 0, openNotDue: 0, avg: 330, rate: 0, carried: [8, "2026-08-27", 34] });
    expect(figures(find(sep.departments, 1))).toEqual({ ...zero, carried: null });
    expect(figures(find(sep.people, 11))).toEqual(figures(find(sep.departments, 2)));
    expect(figures(find(sep.people, 10))).toEqual({ ...zero, carried: null });
    expect(figures(sep.total)).toEqual(figures(find(sep.departments, 2)));
  });

  it("October: on time on the due day, late by 1 and by 3 (done after the month's end)", () => {
    const oct = card.byMonth[1];
    // (1 + 3) / 2 = 2.0 days; 1 / 3 = 3333 bp. Item 3 (set 15 Oct, done 3 Nov) is open on 31 Oct: 16 days.
    expect(figures(find(oct.departments, 1))).toEqual({ assigned: 3, doneOnTime: 1, doneLate: 2, openOverdue: 0, openNotDue: 0, avg: 20, rate: 333, carried: [3, "2026-10-15", 16] });
    // Item 3 has no owner: Li Ming has items 1 and 2 only, both done by 31 Oct.
    expect(figures(find(oct.people, 10))).toEqual({ assigned: 2, doneOnTime: 1, doneLate: 1, openOverdue: 0, openNotDue: 0, avg: 10, rate: 500, carried: null });
    // Nothing due for Cost in October, but item 8 is still carried: 27 Aug → 31 Oct = 65 days.
    expect(figures(find(oct.departments, 2))).toEqual({ ...zero, carried: [8, "2026-08-27", 65] });
    expect(figures(oct.total)).toEqual({ assigned: 3, doneOnTime: 1, doneLate: 2, openOverdue: 0, openNotDue: 0, avg: 20, rate: 333, carried: [8, "2026-08-27", 65] });
  });

  it("November (the current month, as of today): overdue 7 days, one due today", () => {
    const nov = card.byMonth[2];
    expect(figures(find(nov.departments, 2))).toEqual({ assigned: 2, doneOnTime: 0, doneLate: 0, openOverdue: 1, openNotDue: 1, avg: 70, rate: 0, carried: [8, "2026-08-27", 92] });
    expect(figures(find(nov.people, 11))).toEqual(figures(find(nov.departments, 2)));
    // Engineering: nothing due in November; item 6 (due in December) is open since 12 Nov: 15 days.
    expect(figures(find(nov.departments, 1))).toEqual({ ...zero, carried: [6, "2026-11-12", 15] });
    expect(figures(find(nov.people, 10))).toEqual({ ...zero, carried: [6, "2026-11-12", 15] });
  });

  it("totals over the range", () => {
    expect(figures(find(card.departments, 1))).toEqual({ assigned: 3, doneOnTime: 1, doneLate: 2, openOverdue: 0, openNotDue: 0, avg: 20, rate: 333, carried: [6, "2026-11-12", 15] });
    // (33 + 7) / 2 = 20 tenths; 0 / 2.
    expect(figures(find(card.departments, 2))).toEqual({ assigned: 3, doneOnTime: 0, doneLate: 1, openOverdue: 1, openNotDue: 1, avg: 200, rate: 0, carried: [8, "2026-08-27", 92] });
    expect(figures(find(card.departments, 3))).toEqual({ ...zero, carried: null });
    // (1 + 3 + 33 + 7) / 4 = 11.0 days; 1 / 5 = 2000 bp.
    expect(figures(card.total)).toEqual({ assigned: 6, doneOnTime: 1, doneLate: 3, openOverdue: 1, openNotDue: 1, avg: 110, rate: 200, carried: [8, "2026-08-27", 92] });
    expect(figures(find(card.people, 10))).toEqual({ assigned: 2, doneOnTime: 1, doneLate: 1, openOverdue: 0, openNotDue: 0, avg: 10, rate: 500, carried: [6, "2026-11-12", 15] });
  });

  it("milestones by owning department and month of planned end", () => {
    const pick = (rows: typeof card.milestones) => rows.map((r) => [r.departmentId, r.total, r.onTime, r.late, r.overdue, r.pending, r.onTimeRateTenths]);
    expect(pick(card.milestones)).toEqual([
      [1, 2, 1, 1, 0, 0, 500],
      [2, 2, 0, 0, 1, 1, 0],
      [3, 1, 0, 0, 0, 1, null],
      [null, 1, 1, 0, 0, 0, 1000],
    ]);
    expect(card.milestoneTotal).toEqual({ total: 6, onTime: 2, late: 1, overdue: 1, pending: 2, onTimeRateTenths: 500 });
    expect(pick(card.byMonth[0].milestones)[3]).toEqual([null, 1, 1, 0, 0, 0, 1000]);
    expect(card.byMonth[1].milestoneTotal).toEqual({ total: 2, onTime: 1, late: 1, overdue: 0, pending: 0, onTimeRateTenths: 500 });
    expect(card.byMonth[2].milestoneTotal).toEqual({ total: 3, onTime: 0, late: 0, overdue: 1, pending: 2, onTimeRateTenths: 0 });
  });

  it("rounds the average days late and the rate half up", () => {
    const late = [1, 1, 1, 2].map((days, i) => item(20 + i, "2026-10-01", 1, 10, "2026-10-10", `2026-10-${String(10 + days)}`));
    const onTime = [item(30, "2026-10-01", 1, 10, "2026-10-10", "2026-10-10"), item(31, "2026-10-01", 1, 10, "2026-10-10", "2026-10-10")];
    const card2 = scorecard({ ...input, months: ["2026-10"], items: [...late, ...onTime], milestones: [] }, TODAY);
    // 5 / 4 = 1.25 days → 1.3 (13 tenths); 2 / 6 = 3333.3 bp → 3333.
    expect(card2.total.avgDaysLateTenths).toBe(13);
    expect(card2.total.onTimeRateTenths).toBe(333);
    const card3 = scorecard({ ...input, months: ["2026-10"], items: [...onTime, late[0]], milestones: [] }, TODAY);
    // 2 / 3 = 6666.7 bp → 6667; 1 / 1 = 1.0 day.
    expect(card3.total.onTimeRateTenths).toBe(667);
    expect(card3.total.avgDaysLateTenths).toBe(10);
    const card4 = scorecard({ ...input, months: ["2026-10"], items: [1, 2, 2].map((d, i) => item(40 + i, "2026-10-01", 1, 10, "2026-10-10", `2026-10-${String(10 + d)}`)), milestones: [] }, TODAY);
    expect(card4.total.avgDaysLateTenths).toBe(17); // 5 / 3 = 1.667 → 1.7
  });

  it("puts an item due on the last day of a month in that month, the next day in the next", () => {
    const card5 = scorecard(
      { ...input, months: ["2026-09", "2026-10"], items: [item(50, "2026-09-01", 1, 10, "2026-09-30", "2026-09-30"), item(51, "2026-09-01", 1, 10, "2026-10-01", "2026-09-30")], milestones: [] },
      TODAY,
    );
    expect(card5.byMonth.map((m) => [m.month, m.total.assigned, m.total.doneOnTime])).toEqual([
      ["2026-09", 1, 1],
      ["2026-10", 1, 1],
    ]);
    // Both were done on 30 Sep: nothing open at the end of September.
    expect(card5.byMonth[0].total.oldestCarried).toBeNull();
  });

  it("keeps empty months, with their carried items", () => {
    const card6 = scorecard({ ...input, months: ["2026-07", "2026-08"], milestones: [] }, TODAY);
    expect(card6.byMonth.map((m) => figures(m.total))).toEqual([
      { ...zero, carried: null },
      // Item 8 is due in August and open: 31 Aug → 27 Nov = 88 days late; carried 27 → 31 Aug = 4 days.
      { assigned: 1, doneOnTime: 0, doneLate: 0, openOverdue: 1, openNotDue: 0, avg: 880, rate: 0, carried: [8, "2026-08-27", 4] },
    ]);
    // No item in the range for Engineering, but it is a department of the project: a row of zeros.
    expect(figures(find(card6.byMonth[0].departments, 1))).toEqual({ ...zero, carried: null });
    expect(scorecard({ ...input, months: [] }, TODAY).total.assigned).toBe(0);
  });

  it("does not change its input (cached values are frozen)", () => {
    const frozen = Object.freeze({ ...input, items: Object.freeze(items.map((i) => Object.freeze({ ...i }))) });
    expect(() => scorecard(frozen, TODAY)).not.toThrow();
  });
});

describe("rates: one rounding (issue 18)", () => {
  it("rounds n / d once, half up to 0.1 %, from the exact counts", () => {
    expect(formatShare(6, 11)).toBe("54.5%"); // 54.545…%: not 54.6 (basis points 5455 rounded again)
    expect(formatShare(2, 3)).toBe("66.7%");
    expect(formatShare(1, 8)).toBe("12.5%");
    expect(formatShare(1, 16)).toBe("6.3%"); // 6.25 half up
    expect(formatShare(0, 0)).toBe("—");
    expect(formatShare(1, 1)).toBe("100.0%");
    expect(formatShare(0, 7)).toBe("0.0%");
    expect(formatShare(1n, 3n)).toBe("33.3%");
    expect(formatShare(-1, 16)).toBe("-6.2%"); // half up: −6.25 → −6.2
  });
  it("shows the stored rate and writes the same value to a workbook cell", () => {
    const card = scorecard({ months: ["2026-11"], departments: [], people: [], milestones: [], items: [
      ...Array.from({ length: 6 }, (_, i) => item(100 + i, "2026-11-02", null, null, "2026-11-10", "2026-11-10")),
      ...Array.from({ length: 5 }, (_, i) => item(200 + i, "2026-11-02", null, null, "2026-11-10", "2026-11-12")),
    ] }, TODAY);
    expect(card.total.onTimeRateTenths).toBe(rateTenths(6, 11));
    expect(formatRate(card.total.onTimeRateTenths)).toBe("54.5%");
    expect(rateCellValue(card.total.onTimeRateTenths)).toBe(0.545);
    expect(rateCellValue(null)).toBeNull();
  });
  it("formats average days late from integer tenths (rounded once, no float)", () => {
    expect(formatTenths(17)).toBe("1.7");
    expect(formatTenths(null)).toBe("—");
  });
});
