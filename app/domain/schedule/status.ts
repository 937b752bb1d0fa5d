// One status for a milestone wherever it is shown (the milestone page, the overview, a meeting's
// agenda), judged as of one date: today on the pages, the meeting's date on its agenda. The status is
// the health flag (milestoneHealth); the entered progress state (未开始/进行中/已完成/受阻) is only
// shown beside it as 进度状态. Pure.
import { daysBetween, type CivilDate } from "~/utils/dates";
import { milestoneHealth, type Health, type MilestoneStatus } from "./index";

export type ScheduleStatus = {
  /** The one status shown (health.* labels). */
  health: Health;
  /** Planned end before the date and not done. */
  overdue: boolean;
  /** Days the forecast end lies after the planned end, as of the date. */
  slipDays: number;
  forecastEnd: CivilDate;
  /** The date everything above is judged as of. */
  asOf: CivilDate;
};

/**
 * The milestone's status as of `date`, from a forecast made as of that same date (forecastAll with
 * `date` as "today", or the stored forecasts when `date` is today). Unfinished work cannot finish
 * before the date it is judged on, so an overdue milestone is always late by at least the days since
 * its planned end: a forecast that says less (made as of an earlier date) is brought to the date, and
 * "overdue" never comes with "0 days late".
 */
export function scheduleStatusAsOf(
  m: { status: MilestoneStatus; plannedEnd: CivilDate },
  forecast: { end: CivilDate; slipDays: number },
  date: CivilDate,
): ScheduleStatus {
  const done = m.status === "done";
  const forecastEnd = done || forecast.end >= date ? forecast.end : date;
  const slipDays = done ? forecast.slipDays : Math.max(forecast.slipDays, daysBetween(m.plannedEnd, forecastEnd), 0);
  const health = milestoneHealth(m, { slipDays }, date);
  return { health, overdue: health === "overdue", slipDays, forecastEnd, asOf: date };
}

