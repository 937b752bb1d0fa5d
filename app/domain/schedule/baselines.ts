// A baseline (基线) against today's forecast: per milestone the variance in days (forecast end −
// baseline end; positive = late), the milestones added since the baseline was saved, the baseline's
// milestones retired since, and the variance of the project end. Pure: the models hand in the rows.
import { daysBetween, type CivilDate } from "~/utils/dates";

export type BaselineItemInput = {
  milestoneId: number;
  start: CivilDate;
  end: CivilDate;
};

/** A milestone as the comparison names it; forecast dates only for active milestones. */
export type ComparedMilestone = {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  forecastStart: CivilDate | null;
  forecastEnd: CivilDate | null;
  /** Retired from the plan since (kept in the baseline, left out of the forecast). */
  retired?: boolean;
};

export type VarianceDirection = "late" | "early" | "on_baseline";

export type ComparisonRow = {
  milestoneId: number;
  code: string;
  name: string;
  nameEn: string;
  baselineStart: CivilDate | null;
  baselineEnd: CivilDate | null;
  forecastStart: CivilDate | null;
  forecastEnd: CivilDate | null;
  /** Forecast end − baseline end in days (positive = late); null when either is missing. */
  varianceDays: number | null;
  direction: VarianceDirection | null;
  /** in_baseline: compared; added: not in the baseline (added later); retired: in the baseline, retired since. */
  state: "in_baseline" | "added" | "retired";
};

export type VarianceCounts = { late: number; early: number; onBaseline: number; added: number; retired: number };

export type EndVariance = {
  milestoneId: number;
  code: string;
  name: string;
  nameEn: string;
  forecastEnd: CivilDate;
  /** null when the end milestone was not in the baseline (added later). */
  baselineEnd: CivilDate | null;
  varianceDays: number | null;
  direction: VarianceDirection | null;
};

/** Forecast end − baseline end, in days (positive = late). */
export function varianceDays(baselineEnd: CivilDate, forecastEnd: CivilDate): number {
  return daysBetween(baselineEnd, forecastEnd);
}

export function directionOf(days: number | null): VarianceDirection | null {
  if (days === null) return null;
  return days > 0 ? "late" : days < 0 ? "early" : "on_baseline";
}

/**
 * One row per milestone: the active ones in the order given (compared, or "added" when the baseline
 * does not hold them), then the baseline's milestones that are retired now. Baseline items whose
 * milestone is neither given as active nor as retired (deleted) are left out.
 */
export function compareToBaseline(items: readonly BaselineItemInput[], milestones: readonly ComparedMilestone[]): ComparisonRow[] {
  const itemOf = new Map(items.map((item) => [item.milestoneId, item]));
  const active: ComparisonRow[] = [];
  const retired: ComparisonRow[] = [];
  for (const m of milestones) {
    const item = itemOf.get(m.id) ?? null;
    if (m.retired) {
      if (!item) continue; // retired and never in this baseline: nothing to say
      retired.push({ ...base(m), baselineStart: item.start, baselineEnd: item.end, forecastStart: null, forecastEnd: null, varianceDays: null, direction: null, state: "retired" });
      continue;
    }
    const variance = item && m.forecastEnd ? varianceDays(item.end, m.forecastEnd) : null;
    active.push({
      ...base(m),
      baselineStart: item?.start ?? null,
      baselineEnd: item?.end ?? null,
      forecastStart: m.forecastStart,
      forecastEnd: m.forecastEnd,
      varianceDays: variance,
      direction: directionOf(variance),
      state: item ? "in_baseline" : "added",
    });
  }
  return [...active, ...retired];
}

const base = (m: ComparedMilestone) => ({ milestoneId: m.id, code: m.code, name: m.name, nameEn: m.nameEn });

export function countVariance(rows: readonly ComparisonRow[]): VarianceCounts {
  const counts: VarianceCounts = { late: 0, early: 0, onBaseline: 0, added: 0, retired: 0 };
  for (const row of rows) {
    if (row.state === "added") counts.added += 1;
    else if (row.state === "retired") counts.retired += 1;
    else if (row.direction === "late") counts.late += 1;
    else if (row.direction === "early") counts.early += 1;
    else if (row.direction === "on_baseline") counts.onBaseline += 1;
  }
  return counts;
}

/**
 * The project end against the baseline: the end milestone given (the project's end milestone), or,
 * without one, the active milestone with the latest forecast end (ties: the first in order), compared
 * with the baseline's end of that same milestone. null when there is no active milestone.
 */
export function projectEndVariance(rows: readonly ComparisonRow[], endMilestoneId: number | null): EndVariance | null {
  const active = rows.filter((row) => row.state !== "retired" && row.forecastEnd !== null);
  let end = endMilestoneId !== null ? active.find((row) => row.milestoneId === endMilestoneId) ?? null : null;
  if (!end) {
    for (const row of active) if (!end || row.forecastEnd! > end.forecastEnd!) end = row;
  }
  if (!end) return null;
  return {
    milestoneId: end.milestoneId,
    code: end.code,
    name: end.name,
    nameEn: end.nameEn,
    forecastEnd: end.forecastEnd!,
    baselineEnd: end.baselineEnd,
    varianceDays: end.varianceDays,
    direction: end.direction,
  };
}

/** A baseline's name, at most this many characters (here, not in a .server module: the page uses it). */
export const BASELINE_NAME_MAX = 60;
