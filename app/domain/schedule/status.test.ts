import { describe, expect, it } from "vitest";
import { forecastAll, type EngineMilestone } from "./forecast";
import { milestoneHealth } from "./index";
import { scheduleStatusAsOf } from "./status";

const ms = (id: number, plannedStart: string, plannedEnd: string, extra: Partial<EngineMilestone> = {}): EngineMilestone => ({
  id,
  plannedStart,
  plannedEnd,
  actualStart: null,
  actualEnd: null,
  status: "not_started",
  ...extra,
});

describe("scheduleStatusAsOf", () => {
  it("judges a milestone as of the date given: on plan today, overdue a week later", () => {
    const m = ms(1, "2026-11-20", "2026-12-01", { status: "in_progress", actualStart: "2026-11-20" });
    const today = "2026-11-27";
    const meeting = "2026-12-08";
    const asOfToday = scheduleStatusAsOf(m, forecastAll([m], [], today).get(1)!, today);
    expect(asOfToday).toMatchObject({ health: "due_soon", overdue: false, slipDays: 0, forecastEnd: "2026-12-01" });
    const asOfMeeting = scheduleStatusAsOf(m, forecastAll([m], [], meeting).get(1)!, meeting);
    expect(asOfMeeting).toMatchObject({ health: "overdue", overdue: true, slipDays: 7, forecastEnd: "2026-12-08", asOf: meeting });
  });

  it("never says overdue with 0 days late, even from a forecast of an earlier date", () => {
    const m = ms(1, "2026-11-20", "2026-12-01", { status: "in_progress" });
    const stale = { end: "2026-12-01", slipDays: 0 }; // as of 2026-11-27
    const status = scheduleStatusAsOf(m, stale, "2026-12-08");
    expect(status.overdue).toBe(true);
    expect(status.slipDays).toBe(7);
    expect(status.forecastEnd).toBe("2026-12-08");
  });

  it("agrees with milestoneHealth when the forecast is of the same date", () => {
    const a = ms(1, "2026-11-02", "2026-11-20", { status: "in_progress", actualStart: "2026-11-02" });
    const b = ms(2, "2026-11-23", "2026-12-20");
    const c = ms(3, "2027-01-04", "2027-02-01");
    const d = ms(4, "2026-11-01", "2026-11-10", { status: "done", actualStart: "2026-11-01", actualEnd: "2026-11-12" });
    const network = [a, b, c, d];
    const dependencies = [{ predecessorId: 1, successorId: 2, lagDays: 0 }, { predecessorId: 2, successorId: 3, lagDays: 0 }];
    for (const date of ["2026-11-27", "2026-12-08", "2027-01-20"]) {
      const forecasts = forecastAll(network, dependencies, date);
      for (const m of network) {
        const f = forecasts.get(m.id)!;
        const status = scheduleStatusAsOf(m, f, date);
        expect(status.health).toBe(milestoneHealth(m, f, date));
        expect(status.slipDays).toBe(f.slipDays);
        if (status.overdue) expect(status.slipDays).toBeGreaterThan(0);
      }
    }
  });

  it("keeps a done milestone done, with the slip it finished with", () => {
    const d = ms(4, "2026-11-01", "2026-11-10", { status: "done", actualStart: "2026-11-01", actualEnd: "2026-11-12" });
    const status = scheduleStatusAsOf(d, forecastAll([d], [], "2026-12-08").get(4)!, "2026-12-08");
    expect(status).toMatchObject({ health: "done", overdue: false, slipDays: 2, forecastEnd: "2026-11-12" });
  });
});
