// Schedule rules: milestone statuses, forecast dates that move when a predecessor slips, and the
// health flags (overdue, slipping, due soon) the milestone page and the weekly agenda show.
// Pure: dates are civil "YYYY-MM-DD" strings; "today" is always passed in. The update form's zod schema
// is in schedule-forms.server.ts (zod stays out of the browser bundle).
import { daysBetween, type CivilDate } from "~/utils/dates";
import { forecastAll, type EngineDependency, type EngineMilestone, type Forecast } from "./forecast";

export type { Forecast, LinkType } from "./forecast";

export const MILESTONE_KINDS = ["permit", "design", "tender", "construction", "leasing"] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const MILESTONE_STATUSES = ["not_started", "in_progress", "done", "blocked"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const DUE_SOON_DAYS = 14;

/**
 * Predecessors a new milestone can be given on the create form (more are added on its page). Here, not
 * in the form schema's .server module: the page renders the slots, and a .server export is empty in
 * the browser (the page would hydrate with none and lose what was typed).
 */
export const CREATE_PREDECESSOR_SLOTS = 3;

export type ScheduleMilestone = EngineMilestone;

export type Dependency = EngineDependency;

export { stronglyConnectedComponents } from "./graph";

/**
 * Forecast start and end of every milestone (forecast.ts holds the rules): finish-to-start or
 * start-to-start with lag, expected finishes, never before today for unfinished work; dependencies on a
 * cycle are ignored.
 */
export function forecastSchedule(milestones: ScheduleMilestone[], dependencies: Dependency[], today: CivilDate): Map<number, Forecast> {
  return forecastAll(milestones, dependencies, today);
}

export type Health = "done" | "overdue" | "slipping" | "due_soon" | "in_progress" | "upcoming";

/**
 * One flag per milestone, most urgent first: done; overdue (planned end passed, not done);
 * slipping (forecast end later than planned); due soon (planned end within 14 days); in progress;
 * upcoming.
 */
export function milestoneHealth(
  m: ScheduleMilestone | { status: MilestoneStatus; plannedEnd: CivilDate },
  forecast: Forecast | { slipDays: number },
  today: CivilDate,
): Health {
  if (m.status === "done") return "done";
  if (m.plannedEnd < today) return "overdue";
  if (forecast.slipDays > 0) return "slipping";
  if (daysBetween(today, m.plannedEnd) <= DUE_SOON_DAYS) return "due_soon";
  if (m.status === "in_progress") return "in_progress";
  return "upcoming";
}

export function countHealth(healths: Health[]): Record<Health, number> {
  const counts: Record<Health, number> = { done: 0, overdue: 0, slipping: 0, due_soon: 0, in_progress: 0, upcoming: 0 };
  for (const h of healths) counts[h] += 1;
  return counts;
}

// ─── Updating a milestone ────────────────────────────────────────────────────

/** A change of planned dates rewrites the baseline: it needs a reason on record. */
export function plannedDatesChanged(
  current: { plannedStart: CivilDate; plannedEnd: CivilDate },
  update: { plannedStart: CivilDate; plannedEnd: CivilDate },
): boolean {
  return current.plannedStart !== update.plannedStart || current.plannedEnd !== update.plannedEnd;
}
