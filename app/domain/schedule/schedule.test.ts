import { describe, expect, it } from "vitest";
import {
  countHealth,
  DUE_SOON_DAYS,
  forecastSchedule as forecastWithCauses,
  milestoneHealth,
  plannedDatesChanged,
  type Dependency,
  type Forecast,
  type Health,
  type ScheduleMilestone,
  stronglyConnectedComponents,
} from "./index";
import { milestoneUpdateSchema } from "./forms.server";

/** The fields these tests were written for; the cause of a slip is tested in forecast.test.ts. */
const forecastSchedule = (...args: Parameters<typeof forecastWithCauses>) =>
  new Map([...forecastWithCauses(...args)].map(([id, f]) => [id, { start: f.start, end: f.end, slipDays: f.slipDays, delayedBy: f.delayedBy }]));

const TODAY = "2026-11-27";
const EARLY = "2026-10-01"; // a "today" before every plan below, so no clamping to today

function ms(id: number, plannedStart: string, plannedEnd: string, extra: Partial<ScheduleMilestone> = {}): ScheduleMilestone {
  return { id, plannedStart, plannedEnd, actualStart: null, actualEnd: null, status: "not_started", ...extra };
}

function dep(predecessorId: number, successorId: number, lagDays = 0): Dependency {
  return { predecessorId, successorId, lagDays };
}

describe("forecastSchedule", () => {
  it("returns a forecast for every milestone", () => {
    const result = forecastSchedule([ms(1, "2026-11-01", "2026-11-20"), ms(2, "2026-12-01", "2026-12-31")], [], EARLY);
    expect([...result.keys()].sort()).toEqual([1, 2]);
  });

  it("keeps the plan when everything is on plan", () => {
    const milestones = [ms(1, "2026-11-01", "2026-11-20"), ms(2, "2026-11-21", "2026-12-10"), ms(3, "2026-12-11", "2026-12-31")];
    const result = forecastSchedule(milestones, [dep(1, 2), dep(2, 3)], EARLY);
    expect(result.get(1)).toEqual({ start: "2026-11-01", end: "2026-11-20", slipDays: 0, delayedBy: [] });
    expect(result.get(2)).toEqual({ start: "2026-11-21", end: "2026-12-10", slipDays: 0, delayedBy: [] });
    expect(result.get(3)).toEqual({ start: "2026-12-11", end: "2026-12-31", slipDays: 0, delayedBy: [] });
  });

  describe("an overdue predecessor pushes its successors", () => {
    // 1 should have ended 2026-11-20 but is still in progress on 2026-11-27: it cannot end before
    // today, so it slips 7 days. 2 (planned to start the day after 1) and 3 (the day after 2) follow.
    const milestones = [
      ms(1, "2026-11-01", "2026-11-20", { status: "in_progress", actualStart: "2026-11-01" }),
      ms(2, "2026-11-21", "2026-12-10"), // 19 days
      ms(3, "2026-12-11", "2026-12-31"), // 20 days
    ];
    const result = forecastSchedule(milestones, [dep(1, 2), dep(2, 3)], TODAY);

    it("the late milestone ends today", () => {
      expect(result.get(1)).toEqual({ start: "2026-11-01", end: "2026-11-27", slipDays: 7, delayedBy: [] });
    });

    it("its successor starts the day after and keeps its duration", () => {
      expect(result.get(2)).toEqual({ start: "2026-11-28", end: "2026-12-17", slipDays: 7, delayedBy: [1] });
    });

    it("the successor's successor slips by the same 7 days", () => {
      expect(result.get(3)).toEqual({ start: "2026-12-18", end: "2027-01-07", slipDays: 7, delayedBy: [2] });
    });

    it("does not depend on the order the milestones are given in", () => {
      const reversed = forecastSchedule([...milestones].reverse(), [dep(2, 3), dep(1, 2)], TODAY);
      for (const id of [1, 2, 3]) expect(reversed.get(id)).toEqual(result.get(id));
    });
  });

  it("lets slack in the plan absorb a small slip", () => {
    // 2 is pushed to end 2026-12-17; 3 was planned to start 2026-12-20, so it has 2 days of slack.
    const milestones = [
      ms(1, "2026-11-01", "2026-11-20", { status: "in_progress", actualStart: "2026-11-01" }),
      ms(2, "2026-11-21", "2026-12-10"),
      ms(3, "2026-12-20", "2026-12-31"),
    ];
    const result = forecastSchedule(milestones, [dep(1, 2), dep(2, 3)], TODAY);
    expect(result.get(2)?.slipDays).toBe(7);
    expect(result.get(3)).toEqual({ start: "2026-12-20", end: "2026-12-31", slipDays: 0, delayedBy: [] });
  });

  it("passes on only the part of a slip the slack cannot absorb", () => {
    // 2 ends 2026-12-17 (7 days late); 3 was planned to start 2026-12-15, 4 days after 2's planned end.
    const milestones = [
      ms(1, "2026-11-01", "2026-11-20", { status: "in_progress", actualStart: "2026-11-01" }),
      ms(2, "2026-11-21", "2026-12-10"),
      ms(3, "2026-12-15", "2026-12-31"),
    ];
    const result = forecastSchedule(milestones, [dep(1, 2), dep(2, 3)], TODAY);
    expect(result.get(3)).toEqual({ start: "2026-12-18", end: "2027-01-03", slipDays: 3, delayedBy: [2] });
  });

  describe("lag", () => {
    const predecessor = ms(1, "2026-11-01", "2026-11-20");

    it("a positive lag leaves a gap after the predecessor", () => {
      const result = forecastSchedule([predecessor, ms(2, "2026-11-21", "2026-11-30")], [dep(1, 2, 5)], EARLY);
      expect(result.get(2)).toEqual({ start: "2026-11-26", end: "2026-12-05", slipDays: 5, delayedBy: [1] });
    });

    it("a negative lag allows a planned overlap", () => {
      // 2 is planned to start 6 days before 1 ends: lag −6 permits exactly that.
      const result = forecastSchedule([predecessor, ms(2, "2026-11-15", "2026-11-30")], [dep(1, 2, -6)], EARLY);
      expect(result.get(2)).toEqual({ start: "2026-11-15", end: "2026-11-30", slipDays: 0, delayedBy: [] });
    });

    it("a negative lag smaller than the planned overlap still pushes", () => {
      const overlapFive = forecastSchedule([predecessor, ms(2, "2026-11-15", "2026-11-30")], [dep(1, 2, -5)], EARLY);
      expect(overlapFive.get(2)).toEqual({ start: "2026-11-16", end: "2026-12-01", slipDays: 1, delayedBy: [1] });
      const noOverlap = forecastSchedule([predecessor, ms(2, "2026-11-15", "2026-11-30")], [dep(1, 2, 0)], EARLY);
      expect(noOverlap.get(2)).toEqual({ start: "2026-11-21", end: "2026-12-06", slipDays: 6, delayedBy: [1] });
    });
  });

  it("takes the latest of several predecessors and names every one that delays", () => {
    const milestones = [
      ms(1, "2026-11-01", "2026-11-25"), // pushes 3 to 11-26
      ms(2, "2026-11-01", "2026-11-28"), // pushes 3 to 11-29
      ms(4, "2026-11-01", "2026-11-10"), // no push
      ms(3, "2026-11-21", "2026-11-30"),
    ];
    const result = forecastSchedule(milestones, [dep(1, 3), dep(2, 3), dep(4, 3)], EARLY);
    expect(result.get(3)).toEqual({ start: "2026-11-29", end: "2026-12-08", slipDays: 8, delayedBy: [1, 2] });
  });

  describe("a done milestone", () => {
    it("uses its actual end, even when that is later than planned", () => {
      const milestones = [
        ms(1, "2026-11-01", "2026-11-20", { status: "done", actualStart: "2026-11-01", actualEnd: "2026-11-25" }),
        ms(2, "2026-12-01", "2026-12-10"),
      ];
      const result = forecastSchedule(milestones, [dep(1, 2, 10)], TODAY);
      expect(result.get(1)).toEqual({ start: "2026-11-01", end: "2026-11-25", slipDays: 5, delayedBy: [] });
      // 11-25 + 1 + 10 = 12-06: five days after 2's planned start.
      expect(result.get(2)).toEqual({ start: "2026-12-06", end: "2026-12-15", slipDays: 5, delayedBy: [1] });
    });

    it("is not pushed to today: its actual end stands even though it is in the past", () => {
      const result = forecastSchedule(
        [ms(1, "2026-10-01", "2026-10-31", { status: "done", actualStart: "2026-10-03", actualEnd: "2026-10-20" })],
        [],
        TODAY,
      );
      expect(result.get(1)).toEqual({ start: "2026-10-03", end: "2026-10-20", slipDays: 0, delayedBy: [] });
    });

    it("finishing early does not pull its successor earlier than planned", () => {
      const milestones = [
        ms(1, "2026-11-01", "2026-11-20", { status: "done", actualStart: "2026-11-01", actualEnd: "2026-11-10" }),
        ms(2, "2026-12-01", "2026-12-10"),
      ];
      const result = forecastSchedule(milestones, [dep(1, 2)], TODAY);
      expect(result.get(1)?.slipDays).toBe(0);
      expect(result.get(2)).toEqual({ start: "2026-12-01", end: "2026-12-10", slipDays: 0, delayedBy: [] });
    });
  });

  describe("unfinished work", () => {
    it("in progress past its planned end ends no earlier than today", () => {
      const result = forecastSchedule([ms(1, "2026-10-01", "2026-10-10", { status: "in_progress", actualStart: "2026-10-01" })], [], TODAY);
      expect(result.get(1)).toEqual({ start: "2026-10-01", end: TODAY, slipDays: 48, delayedBy: [] });
    });

    it("in progress with an actual start keeps its planned duration from that start", () => {
      const result = forecastSchedule([ms(1, "2026-11-20", "2026-12-09", { status: "in_progress", actualStart: "2026-11-25" })], [], TODAY);
      expect(result.get(1)).toEqual({ start: "2026-11-25", end: "2026-12-14", slipDays: 5, delayedBy: [] });
    });

    it("not started although planned to have started begins today and keeps its duration", () => {
      const result = forecastSchedule([ms(1, "2026-11-01", "2026-11-10")], [], TODAY);
      expect(result.get(1)).toEqual({ start: TODAY, end: "2026-12-06", slipDays: 26, delayedBy: [] });
    });

    it("blocked work is treated as unfinished too", () => {
      const result = forecastSchedule([ms(1, "2026-10-01", "2026-10-10", { status: "blocked", actualStart: "2026-10-01" })], [], TODAY);
      expect(result.get(1)?.end).toBe(TODAY);
    });

    it("planned entirely in the future is left alone", () => {
      const result = forecastSchedule([ms(1, "2027-01-01", "2027-03-31")], [], TODAY);
      expect(result.get(1)).toEqual({ start: "2027-01-01", end: "2027-03-31", slipDays: 0, delayedBy: [] });
    });
  });

  it("ignores dependencies on milestones it was not given", () => {
    const result = forecastSchedule([ms(2, "2026-11-21", "2026-11-30")], [dep(99, 2, 30), dep(2, 98)], EARLY);
    expect(result.get(2)).toEqual({ start: "2026-11-21", end: "2026-11-30", slipDays: 0, delayedBy: [] });
    expect(result.size).toBe(1);
  });

  describe("cycles", () => {
    it("a two-milestone cycle does not hang, and both keep their own dates whatever the order", () => {
      const a = ms(1, "2026-11-01", "2026-11-10");
      const b = ms(2, "2026-11-11", "2026-11-20");
      const deps = [dep(1, 2), dep(2, 1)];
      for (const order of [[a, b], [b, a]]) {
        const result = forecastSchedule(order, deps, EARLY);
        expect(result.get(1)).toEqual({ start: "2026-11-01", end: "2026-11-10", slipDays: 0, delayedBy: [] });
        expect(result.get(2)).toEqual({ start: "2026-11-11", end: "2026-11-20", slipDays: 0, delayedBy: [] });
      }
    });

    it("a self-dependency is ignored", () => {
      const result = forecastSchedule([ms(1, "2026-11-01", "2026-11-10")], [dep(1, 1, 5)], EARLY);
      expect(result.get(1)).toEqual({ start: "2026-11-01", end: "2026-11-10", slipDays: 0, delayedBy: [] });
    });

    it("a longer cycle is ignored, while a milestone after it is still scheduled from it", () => {
      const milestones = [
        ms(1, "2026-11-01", "2026-11-10"),
        ms(2, "2026-11-11", "2026-11-20"),
        ms(3, "2026-11-21", "2026-11-30"),
        ms(4, "2026-11-25", "2026-12-04"),
      ];
      const deps = [dep(1, 2), dep(2, 3), dep(3, 1), dep(3, 4)];
      const result = forecastSchedule(milestones, deps, EARLY);
      expect(result.get(1)?.end).toBe("2026-11-10");
      expect(result.get(2)?.end).toBe("2026-11-20");
      expect(result.get(3)?.end).toBe("2026-11-30");
      expect(result.get(4)).toEqual({ start: "2026-12-01", end: "2026-12-10", slipDays: 6, delayedBy: [3] });
    });
  });
});

describe("milestoneHealth", () => {
  const onPlan = (m: ScheduleMilestone): Forecast => ({ start: m.plannedStart, end: m.plannedEnd, slipDays: 0, ownSlipDays: 0, causeId: null, delayedBy: [] });

  it("done wins over everything, even a past planned end", () => {
    const m = ms(1, "2026-10-01", "2026-10-31", { status: "done", actualStart: "2026-10-01", actualEnd: "2026-11-05" });
    expect(milestoneHealth(m, { ...onPlan(m), slipDays: 5 }, TODAY)).toBe("done");
  });

  it("overdue when the planned end has passed and it is not done", () => {
    const m = ms(1, "2026-10-01", "2026-11-26", { status: "in_progress", actualStart: "2026-10-01" });
    expect(milestoneHealth(m, { ...onPlan(m), end: TODAY, slipDays: 1 }, TODAY)).toBe("overdue");
    expect(milestoneHealth({ ...m, status: "blocked" }, onPlan(m), TODAY)).toBe("overdue");
    expect(milestoneHealth({ ...m, status: "not_started", actualStart: null }, onPlan(m), TODAY)).toBe("overdue");
  });

  it("not overdue on the planned end day itself", () => {
    const m = ms(1, "2026-10-01", TODAY, { status: "in_progress", actualStart: "2026-10-01" });
    expect(milestoneHealth(m, onPlan(m), TODAY)).toBe("due_soon");
  });

  it("slipping when the forecast ends later than planned", () => {
    const m = ms(1, "2027-01-01", "2027-03-31");
    expect(milestoneHealth(m, { ...onPlan(m), end: "2027-04-02", slipDays: 2 }, TODAY)).toBe("slipping");
  });

  it("slipping outranks due soon", () => {
    const m = ms(1, "2026-11-01", "2026-12-01", { status: "in_progress", actualStart: "2026-11-01" });
    expect(milestoneHealth(m, { ...onPlan(m), slipDays: 3 }, TODAY)).toBe("slipping");
  });

  it(`due soon up to exactly ${DUE_SOON_DAYS} days ahead, not 15`, () => {
    expect(DUE_SOON_DAYS).toBe(14);
    const at14 = ms(1, "2026-11-01", "2026-12-11", { status: "in_progress", actualStart: "2026-11-01" });
    const at15 = ms(2, "2026-11-01", "2026-12-12", { status: "in_progress", actualStart: "2026-11-01" });
    expect(milestoneHealth(at14, onPlan(at14), TODAY)).toBe("due_soon");
    expect(milestoneHealth(at15, onPlan(at15), TODAY)).toBe("in_progress");
    const notStarted14 = ms(3, "2026-12-01", "2026-12-11");
    const notStarted15 = ms(4, "2026-12-01", "2026-12-12");
    expect(milestoneHealth(notStarted14, onPlan(notStarted14), TODAY)).toBe("due_soon");
    expect(milestoneHealth(notStarted15, onPlan(notStarted15), TODAY)).toBe("upcoming");
  });

  it("in progress when started, on plan and not due soon", () => {
    const m = ms(1, "2026-11-01", "2027-02-28", { status: "in_progress", actualStart: "2026-11-01" });
    expect(milestoneHealth(m, onPlan(m), TODAY)).toBe("in_progress");
  });

  it("upcoming when not started, on plan and not due soon", () => {
    const m = ms(1, "2027-01-01", "2027-03-31");
    expect(milestoneHealth(m, onPlan(m), TODAY)).toBe("upcoming");
  });

  it("agrees with forecastSchedule on a slipped chain", () => {
    const milestones = [
      ms(1, "2026-11-01", "2026-11-20", { status: "in_progress", actualStart: "2026-11-01" }),
      ms(2, "2026-11-21", "2026-12-10"),
      ms(3, "2027-01-10", "2027-03-31"),
    ];
    const forecasts = forecastSchedule(milestones, [dep(1, 2), dep(2, 3)], TODAY);
    expect(milestones.map((m) => milestoneHealth(m, forecasts.get(m.id)!, TODAY))).toEqual(["overdue", "slipping", "upcoming"]);
  });
});

describe("countHealth", () => {
  it("counts zero for every flag when there is nothing", () => {
    expect(countHealth([])).toEqual({ done: 0, overdue: 0, slipping: 0, due_soon: 0, in_progress: 0, upcoming: 0 });
  });

  it("counts each flag", () => {
    const healths: Health[] = ["done", "overdue", "overdue", "slipping", "due_soon", "due_soon", "due_soon", "upcoming"];
    expect(countHealth(healths)).toEqual({ done: 1, overdue: 2, slipping: 1, due_soon: 3, in_progress: 0, upcoming: 1 });
  });
});

describe("milestoneUpdateSchema", () => {
  const schema = milestoneUpdateSchema(TODAY);

  // Form values as submitted (strings), for an in-progress milestone that passes every rule.
  const base = {
    version: "3",
    status: "in_progress",
    percentComplete: "40",
    actualStart: "2026-11-01",
    actualEnd: "",
    plannedStart: "2026-10-15",
    plannedEnd: "2026-12-31",
    note: "",
    reason: "",
  };

  /** The first message per field, as parseForm shows them. */
  function errorsOf(input: Record<string, unknown>): Record<string, string> {
    const result = schema.safeParse(input);
    if (result.success) return {};
    const errors: Record<string, string> = {};
    for (const issue of result.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return errors;
  }

  describe("valid input", () => {
    it("in progress: transforms numbers and turns an empty date into null", () => {
      const result = schema.safeParse(base);
      expect(result.success).toBe(true);
      expect(result.data).toEqual({
        version: 3,
        status: "in_progress",
        percentComplete: 40,
        actualStart: "2026-11-01",
        actualEnd: null,
        plannedStart: "2026-10-15",
        plannedEnd: "2026-12-31",
        note: "",
        reason: "",
      });
    });

    it("blocked follows the same rules as in progress", () => {
      expect(schema.safeParse({ ...base, status: "blocked" }).success).toBe(true);
    });

    it("done: 100 %, both actual dates, the end may be today", () => {
      const result = schema.safeParse({ ...base, status: "done", percentComplete: "100", actualStart: "2026-10-15", actualEnd: TODAY });
      expect(result.success).toBe(true);
      expect(result.data).toMatchObject({ status: "done", percentComplete: 100, actualStart: "2026-10-15", actualEnd: TODAY });
    });

    it("done on the day it started", () => {
      const result = schema.safeParse({ ...base, status: "done", percentComplete: "100", actualStart: TODAY, actualEnd: TODAY });
      expect(result.success).toBe(true);
    });

    it("not started: 0 % and no actual dates (blank or whitespace become null)", () => {
      const result = schema.safeParse({ ...base, status: "not_started", percentComplete: "0", actualStart: "", actualEnd: "   " });
      expect(result.success).toBe(true);
      expect(result.data).toMatchObject({ status: "not_started", percentComplete: 0, actualStart: null, actualEnd: null });
    });

    it("trims dates and percent", () => {
      const result = schema.safeParse({ ...base, percentComplete: " 40 ", actualStart: " 2026-11-01 ", plannedStart: " 2026-10-15 " });
      expect(result.data).toMatchObject({ percentComplete: 40, actualStart: "2026-11-01", plannedStart: "2026-10-15" });
    });

    it("defaults a missing note and reason to empty strings, and keeps them when given", () => {
      const { note: _note, reason: _reason, ...withoutText } = base;
      expect(schema.safeParse(withoutText).data).toMatchObject({ note: "", reason: "" });
      expect(schema.safeParse({ ...base, note: "等待规划批复", reason: " 设计变更 " }).data).toMatchObject({ note: "等待规划批复", reason: "设计变更" });
    });

    it("accepts a zero-length plan (start = end) and the range limits 2000-01-01 and 2100-12-31", () => {
      expect(schema.safeParse({ ...base, plannedStart: "2026-12-31", plannedEnd: "2026-12-31" }).success).toBe(true);
      expect(schema.safeParse({ ...base, plannedStart: "2000-01-01", plannedEnd: "2100-12-31" }).success).toBe(true);
    });
  });

  describe("status rules", () => {
    it("not started with an actual start → not_started_no_actual on actualStart", () => {
      expect(errorsOf({ ...base, status: "not_started", percentComplete: "0", actualStart: "2026-11-01" })).toEqual({
        actualStart: "not_started_no_actual",
      });
    });

    it("not started with an actual end → not_started_no_actual on actualEnd", () => {
      expect(errorsOf({ ...base, status: "not_started", percentComplete: "0", actualStart: "", actualEnd: "2026-11-20" })).toEqual({
        actualEnd: "not_started_no_actual",
      });
    });

    it("not started above 0 % → not_started_zero on percentComplete", () => {
      expect(errorsOf({ ...base, status: "not_started", percentComplete: "5", actualStart: "" })).toEqual({
        percentComplete: "not_started_zero",
      });
    });

    it.each(["in_progress", "blocked"])("%s without an actual start → started_needs_start on actualStart", (status) => {
      expect(errorsOf({ ...base, status, actualStart: "" })).toEqual({ actualStart: "started_needs_start" });
    });

    it.each(["in_progress", "blocked"])("%s with an actual end → only_done_has_end on actualEnd", (status) => {
      expect(errorsOf({ ...base, status, actualEnd: "2026-11-20" })).toEqual({ actualEnd: "only_done_has_end" });
    });

    it.each(["in_progress", "blocked"])("%s at 100 % → unfinished_below_100 on percentComplete", (status) => {
      expect(errorsOf({ ...base, status, percentComplete: "100" })).toEqual({ percentComplete: "unfinished_below_100" });
    });

    it("in progress at 0 % or 99 % is fine", () => {
      expect(errorsOf({ ...base, percentComplete: "0" })).toEqual({});
      expect(errorsOf({ ...base, percentComplete: "99" })).toEqual({});
    });

    const done = { ...base, status: "done", percentComplete: "100", actualStart: "2026-10-15", actualEnd: "2026-11-20" };

    it("done without an actual start → started_needs_start on actualStart", () => {
      expect(errorsOf({ ...done, actualStart: "" })).toEqual({ actualStart: "started_needs_start" });
    });

    it("done without an actual end → done_needs_end on actualEnd", () => {
      expect(errorsOf({ ...done, actualEnd: "" })).toEqual({ actualEnd: "done_needs_end" });
    });

    it("done below 100 % → done_is_100 on percentComplete", () => {
      expect(errorsOf({ ...done, percentComplete: "99" })).toEqual({ percentComplete: "done_is_100" });
    });

    it("reports every broken rule at once, on its own field", () => {
      expect(errorsOf({ ...done, actualStart: "", actualEnd: "", percentComplete: "50" })).toEqual({
        actualStart: "started_needs_start",
        actualEnd: "done_needs_end",
        percentComplete: "done_is_100",
      });
    });
  });

  describe("date order and the future", () => {
    it("planned end before planned start → end_before_start on plannedEnd", () => {
      expect(errorsOf({ ...base, plannedStart: "2026-12-31", plannedEnd: "2026-12-30" })).toEqual({ plannedEnd: "end_before_start" });
    });

    it("actual end before actual start → end_before_start on actualEnd", () => {
      expect(errorsOf({ ...base, status: "done", percentComplete: "100", actualStart: "2026-11-10", actualEnd: "2026-11-09" })).toEqual({
        actualEnd: "end_before_start",
      });
    });

    it("refuses an actual start after today → not_in_future on actualStart", () => {
      expect(errorsOf({ ...base, actualStart: "2026-11-28" })).toEqual({ actualStart: "not_in_future" });
    });

    it("refuses an actual end after today → not_in_future on actualEnd", () => {
      expect(errorsOf({ ...base, status: "done", percentComplete: "100", actualEnd: "2026-11-28" })).toEqual({ actualEnd: "not_in_future" });
    });

    it("judges the future against the today it was built with", () => {
      const later = milestoneUpdateSchema("2026-11-28");
      expect(later.safeParse({ ...base, actualStart: "2026-11-28" }).success).toBe(true);
    });

    it("allows planned dates in the future", () => {
      expect(errorsOf({ ...base, plannedStart: "2027-01-01", plannedEnd: "2027-12-31" })).toEqual({});
    });
  });

  describe("field formats", () => {
    it.each(["101", "1000", "-1", "abc", "4.5", "50%", "1e2"])("percent %j → percent_range", (percentComplete) => {
      expect(errorsOf({ ...base, percentComplete })).toEqual({ percentComplete: "percent_range" });
    });

    it("an empty percent → required", () => {
      expect(errorsOf({ ...base, percentComplete: "" })).toEqual({ percentComplete: "required" });
      expect(errorsOf({ ...base, percentComplete: "  " })).toEqual({ percentComplete: "required" });
    });

    it.each(["2026-13-01", "2026-02-30", "2026-2-3", "2026/11/01", "yesterday"])("invalid date %j → invalid_date", (value) => {
      expect(errorsOf({ ...base, plannedStart: value })).toMatchObject({ plannedStart: "invalid_date" });
      expect(errorsOf({ ...base, actualStart: value })).toMatchObject({ actualStart: "invalid_date" });
    });

    it("dates outside 2000–2100 → date_out_of_range", () => {
      expect(errorsOf({ ...base, plannedStart: "1999-12-31" })).toMatchObject({ plannedStart: "date_out_of_range" });
      expect(errorsOf({ ...base, plannedEnd: "2101-01-01" })).toMatchObject({ plannedEnd: "date_out_of_range" });
      expect(errorsOf({ ...base, actualStart: "1999-12-31" })).toMatchObject({ actualStart: "date_out_of_range" });
    });

    it("an empty planned date → required", () => {
      expect(errorsOf({ ...base, plannedStart: "" })).toMatchObject({ plannedStart: "required" });
      expect(errorsOf({ ...base, plannedEnd: " " })).toMatchObject({ plannedEnd: "required" });
    });

    it("an unknown status → invalid_choice", () => {
      expect(errorsOf({ ...base, status: "finished" })).toMatchObject({ status: "invalid_choice" });
      expect(errorsOf({ ...base, status: "" })).toMatchObject({ status: "invalid_choice" });
    });

    it("too long a note or reason → too_long", () => {
      expect(errorsOf({ ...base, note: "x".repeat(2000) })).toEqual({});
      expect(errorsOf({ ...base, note: "x".repeat(2001) })).toEqual({ note: "too_long" });
      expect(errorsOf({ ...base, reason: "x".repeat(500) })).toEqual({});
      expect(errorsOf({ ...base, reason: "x".repeat(501) })).toEqual({ reason: "too_long" });
    });

    it.each(["0", "-1", "1.5", "abc"])("version %j is refused", (version) => {
      expect(errorsOf({ ...base, version })).toHaveProperty("version");
    });
  });
});

describe("plannedDatesChanged", () => {
  const current = { plannedStart: "2026-11-01", plannedEnd: "2026-11-30" };

  it("is false when both planned dates are unchanged", () => {
    expect(plannedDatesChanged(current, { plannedStart: "2026-11-01", plannedEnd: "2026-11-30" })).toBe(false);
  });

  it("is true when the start moves", () => {
    expect(plannedDatesChanged(current, { plannedStart: "2026-11-02", plannedEnd: "2026-11-30" })).toBe(true);
  });

  it("is true when the end moves", () => {
    expect(plannedDatesChanged(current, { plannedStart: "2026-11-01", plannedEnd: "2026-12-01" })).toBe(true);
  });

  it("is true when both move", () => {
    expect(plannedDatesChanged(current, { plannedStart: "2026-12-01", plannedEnd: "2026-12-30" })).toBe(true);
  });
});

describe("stronglyConnectedComponents", () => {
  const graph = (edges: [number, number][]) => {
    const map = new Map<number, number[]>();
    for (const [from, to] of edges) map.set(from, [...(map.get(from) ?? []), to]);
    return map;
  };
  const groups = (components: Map<number, number>) => {
    const byRoot = new Map<number, number[]>();
    for (const [node, root] of components) byRoot.set(root, [...(byRoot.get(root) ?? []), node].sort((a, b) => a - b));
    return [...byRoot.values()].sort((a, b) => a[0] - b[0]);
  };

  it("puts nodes together exactly when each reaches the other", () => {
    // 1→2→3→1 is a cycle, 3→4, 4→5→4 another, 6 alone, 7→7 a self-loop.
    const components = stronglyConnectedComponents([1, 2, 3, 4, 5, 6, 7], graph([[1, 2], [2, 3], [3, 1], [3, 4], [4, 5], [5, 4], [7, 7]]));
    expect(groups(components)).toEqual([[1, 2, 3], [4, 5], [6], [7]]);
  });

  it("agrees with a reachability search on random graphs", () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 50; round++) {
      const nodes = Array.from({ length: 12 }, (_, i) => i);
      const edges = Array.from({ length: 14 }, () => [random(12), random(12)] as [number, number]);
      const map = graph(edges);
      const reaches = (from: number, to: number) => {
        const seen = new Set<number>();
        const stack = [from];
        while (stack.length) {
          const id = stack.pop()!;
          if (id === to) return true;
          if (seen.has(id)) continue;
          seen.add(id);
          stack.push(...(map.get(id) ?? []));
        }
        return false;
      };
      const components = stronglyConnectedComponents(nodes, map);
      for (const a of nodes) for (const b of nodes) expect(components.get(a) === components.get(b), `${a} ${b}`).toBe(reaches(a, b) && reaches(b, a));
    }
  });

  it("handles a chain of 100,000 without overflowing the stack", () => {
    const n = 100_000;
    const edges = new Map(Array.from({ length: n - 1 }, (_, i) => [i, [i + 1]] as [number, number[]]));
    expect(new Set(stronglyConnectedComponents(Array.from({ length: n }, (_, i) => i), edges).values()).size).toBe(n);
  });
});
