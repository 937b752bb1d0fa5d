import { describe, expect, it } from "vitest";
import { capped, emptyCommentaries, firstDay, inPeriod, lastDay, monthAllowed, monthNotOver, nextMonth, onTimeRateTenths, overdueAt, rowRateTenths, packMonths, packPeriod, parseMonth, readSnapshot, simpleScorecard, SNAPSHOT_VERSION } from "./pack";

describe("months", () => {
  it("accepts YYYY-MM between 2000 and 2100 only", () => {
    expect(parseMonth("2026-11")).toBe("2026-11");
    for (const bad of ["2026-13", "2026-00", "abc", "9999-01", "1999-12", "2026-1", "2026-11-01", "", null, undefined]) expect(parseMonth(bad)).toBeNull();
  });
  it("knows the first, last and next month", () => {
    expect(firstDay("2026-02")).toBe("2026-02-01");
    expect(lastDay("2028-02")).toBe("2028-02-29");
    expect(lastDay("2026-12")).toBe("2026-12-31");
    expect(nextMonth("2026-12")).toBe("2027-01");
  });
  it("runs a month's flows to its end, or to today in the current month", () => {
    expect(packPeriod("2026-11", "2026-12-03")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(packPeriod("2026-12", "2026-12-03")).toEqual({ from: "2026-12-01", to: "2026-12-03" });
    expect(inPeriod("2026-11-30", { from: "2026-11-01", to: "2026-11-30" })).toBe(true);
    expect(inPeriod("2026-12-01", { from: "2026-11-01", to: "2026-11-30" })).toBe(false);
    expect(inPeriod(null, { from: "2026-11-01", to: "2026-11-30" })).toBe(false);
  });
  it("lists the project's months newest first and allows none after the current one", () => {
    expect(packMonths("2026-11-01", "2027-01-15")).toEqual(["2027-01", "2026-12", "2026-11"]);
    expect(packMonths("2027-03-01", "2026-12-03")).toEqual(["2026-12"]);
    expect(monthAllowed("2026-12", "2026-11-01", "2026-12-03")).toBe(true);
    expect(monthAllowed("2027-01", "2026-11-01", "2026-12-03")).toBe(false);
    expect(monthAllowed("2026-10", "2026-11-01", "2026-12-03")).toBe(false);
  });
});

describe("overdue at the month's end", () => {
  it("is due before the as-of day and not done by it", () => {
    expect(overdueAt({ dueOn: "2026-11-20", doneOn: null }, "2026-11-30")).toBe(10);
    expect(overdueAt({ dueOn: "2026-11-30", doneOn: null }, "2026-11-30")).toBeNull();
    expect(overdueAt({ dueOn: "2026-11-20", doneOn: "2026-11-25" }, "2026-11-30")).toBeNull();
    // Done after the month's end: still overdue at it.
    expect(overdueAt({ dueOn: "2026-11-20", doneOn: "2026-12-02" }, "2026-11-30")).toBe(10);
  });
});

describe("the pack's own scorecard", () => {
  const dept = (id: number, name: string) => ({ id, name, nameEn: name.toUpperCase() });
  it("counts the items due in the month per department, as of the period's end", () => {
    const items = [
      { dueOn: "2026-11-10", doneOn: "2026-11-10", department: dept(1, "a") },
      { dueOn: "2026-11-10", doneOn: "2026-11-12", department: dept(1, "a") },
      { dueOn: "2026-11-20", doneOn: null, department: dept(2, "b") },
      { dueOn: "2026-11-29", doneOn: "2026-12-01", department: dept(2, "b") },
      { dueOn: "2026-12-05", doneOn: null, department: dept(2, "b") }, // another month
    ];
    const card = simpleScorecard(items, { from: "2026-11-01", to: "2026-11-30" }, { name: "合计", nameEn: "Total" });
    expect(card.rows.map((r) => [r.name, r.assigned, r.doneOnTime, r.doneLate, r.openOverdue, r.onTimeRateTenths])).toEqual([
      ["a", 2, 1, 1, 0, 500],
      ["b", 2, 0, 0, 2, 0],
    ]);
    expect(card.total).toMatchObject({ assigned: 4, doneOnTime: 1, doneLate: 1, openOverdue: 2, onTimeRateTenths: 250 });
  });
  it("leaves the rate empty when nothing is due yet", () => {
    expect(onTimeRateTenths(0, 0, 0)).toBeNull();
    expect(onTimeRateTenths(2, 1, 0)).toBe(667);
    expect(onTimeRateTenths(6, 3, 2)).toBe(545); // 54.545…% → 54.5 %, rounded once
  });
  it("reads the rate of an older snapshot's row from its counts", () => {
    const row = { name: "a", nameEn: "A", assigned: 11, doneOnTime: 6, doneLate: 3, openOverdue: 2, onTimeRateBps: 5455 };
    expect(rowRateTenths(row)).toBe(545);
    expect(rowRateTenths({ ...row, onTimeRateTenths: null })).toBeNull();
  });
});

describe("snapshots", () => {
  it("reads only what this code wrote", () => {
    expect(readSnapshot(null)).toBeNull();
    expect(readSnapshot("{not json")).toBeNull();
    expect(readSnapshot(JSON.stringify({ version: 99, month: "2026-11" }))).toBeNull();
    expect(readSnapshot(JSON.stringify({ version: SNAPSHOT_VERSION, month: "2026-11" }))?.month).toBe("2026-11");
  });
  it("names the sections without a commentary", () => {
    const c = (text: string) => ({ text });
    expect(emptyCommentaries({ schedule: c("ok"), cost: c(" "), cash: c(""), sales: c("x"), meetings: c("y") })).toEqual(["cost", "cash"]);
  });
  it("cuts long lists and keeps their count", () => {
    expect(capped([1, 2, 3], 2)).toEqual({ rows: [1, 2], count: 3 });
  });
});

describe("issuing before the month is over", () => {
  it("needs confirming while the month runs, its last day included; past months do not", () => {
    expect(monthNotOver("2026-11", "2026-11-27")).toBe(true);
    expect(monthNotOver("2026-11", "2026-11-30")).toBe(true);
    expect(monthNotOver("2026-11", "2026-12-01")).toBe(false);
    expect(monthNotOver("2026-10", "2026-11-27")).toBe(false);
  });
});
