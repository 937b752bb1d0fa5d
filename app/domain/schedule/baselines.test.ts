import { describe, expect, it } from "vitest";
import { compareToBaseline, countVariance, directionOf, projectEndVariance, varianceDays, type ComparedMilestone } from "./baselines";

const m = (id: number, forecastStart: string | null, forecastEnd: string | null, retired = false): ComparedMilestone => ({
  id,
  code: `M${String(id).padStart(2, "0")}`,
  name: `节点${id}`,
  nameEn: `Node ${id}`,
  forecastStart,
  forecastEnd,
  ...(retired ? { retired } : {}),
});

describe("variance", () => {
  it("is forecast end − baseline end, positive when late", () => {
    expect(varianceDays("2027-12-19", "2027-12-31")).toBe(12);
    expect(varianceDays("2027-12-31", "2027-12-19")).toBe(-12);
    expect(varianceDays("2027-02-28", "2027-03-01")).toBe(1);
    expect(varianceDays("2028-02-28", "2028-03-01")).toBe(2); // leap year
    expect(directionOf(3)).toBe("late");
    expect(directionOf(-1)).toBe("early");
    expect(directionOf(0)).toBe("on_baseline");
    expect(directionOf(null)).toBeNull();
  });
});

describe("compareToBaseline", () => {
  const items = [
    { milestoneId: 1, start: "2027-01-01", end: "2027-01-31" },
    { milestoneId: 2, start: "2027-02-01", end: "2027-02-28" },
    { milestoneId: 3, start: "2027-03-01", end: "2027-03-31" },
    { milestoneId: 4, start: "2027-04-01", end: "2027-04-30" },
    { milestoneId: 99, start: "2027-04-01", end: "2027-04-30" }, // its milestone is gone entirely
  ];
  const rows = compareToBaseline(items, [
    m(1, "2027-01-01", "2027-02-05"), // 5 days late
    m(2, "2027-02-01", "2027-02-20"), // 8 days early
    m(3, "2027-03-01", "2027-03-31"), // on baseline
    m(5, "2027-05-01", "2027-05-31"), // added after the baseline
    m(4, null, null, true), // retired since
    m(6, null, null, true), // retired, never in the baseline
  ]);

  it("compares each baseline milestone, flags added and retired ones", () => {
    expect(rows.map((r) => [r.code, r.state, r.varianceDays, r.direction])).toEqual([
      ["M01", "in_baseline", 5, "late"],
      ["M02", "in_baseline", -8, "early"],
      ["M03", "in_baseline", 0, "on_baseline"],
      ["M05", "added", null, null],
      ["M04", "retired", null, null],
    ]);
    expect(rows[3]).toMatchObject({ baselineStart: null, baselineEnd: null, forecastEnd: "2027-05-31" });
    expect(rows[4]).toMatchObject({ baselineStart: "2027-04-01", baselineEnd: "2027-04-30", forecastEnd: null });
  });

  it("counts late, early, on baseline, added and retired", () => {
    expect(countVariance(rows)).toEqual({ late: 1, early: 1, onBaseline: 1, added: 1, retired: 1 });
  });

  it("measures the project end at the end milestone given", () => {
    expect(projectEndVariance(rows, 1)).toMatchObject({ code: "M01", forecastEnd: "2027-02-05", baselineEnd: "2027-01-31", varianceDays: 5, direction: "late" });
  });

  it("without an end milestone, at the latest forecast end; null variance when it was added later", () => {
    expect(projectEndVariance(rows, null)).toMatchObject({ code: "M05", baselineEnd: null, varianceDays: null });
    // A retired or unknown end falls back the same way.
    expect(projectEndVariance(rows, 4)?.code).toBe("M05");
    expect(projectEndVariance(rows, 12345)?.code).toBe("M05");
    const inBaseline = rows.filter((r) => r.state !== "added");
    expect(projectEndVariance(inBaseline, null)).toMatchObject({ code: "M03", varianceDays: 0, direction: "on_baseline" });
  });

  it("is null without active milestones", () => {
    expect(projectEndVariance([], null)).toBeNull();
    expect(projectEndVariance(compareToBaseline(items, [m(4, null, null, true)]), 4)).toBeNull();
  });
});
