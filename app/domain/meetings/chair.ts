// Who chairs a weekly meeting. The plan: one theme per meeting, chaired by the leader in charge of that
// work (领导分工: the general manager, the project manager or the supervising engineer, …). So a meeting
// whose theme is on an area is chaired by that area's leader; a leader who cannot attend is replaced by a
// stand-in with the reason recorded; two meetings may swap chairs; a meeting without a theme yet shows the
// rotation's turn as a proposal only (a meeting cannot start without a theme). Pure.
import { daysBetween, type CivilDate } from "~/utils/dates";
import type { LeaderArea } from "./areas";

export type ChairBasis = "theme" | "stand_in" | "swap" | "rotation" | "none";

/** What is stored about a meeting's chair (null: the meeting has no row yet). */
export type StoredChair<P> = {
  themeArea: string;
  chair: P | null;
  /** theme | stand_in | swap | rotation | "" (rows kept before chairs followed themes) */
  chairBasis: string;
  status: string;
} | null;

export type ChairChoice<P> = {
  chair: P | null;
  basis: ChairBasis;
  /** The leader the theme calls for (null without a theme, or when the area has no leader). */
  leader: P | null;
};

/**
 * The chair of the meeting on `date`:
 * 1. a meeting that has started keeps the chair it started with (the record does not follow later changes);
 * 2. a stand-in or a swap recorded for the meeting holds;
 * 3. a theme on an area: the area's leader;
 * 4. otherwise the rotation's turn (a proposal until the theme is set).
 */
export function chooseChair<P extends { id: number }>(input: {
  date: CivilDate;
  stored: StoredChair<P>;
  leaders: ReadonlyMap<string, P>;
  roster: readonly P[];
  seriesStart: CivilDate | null;
}): ChairChoice<P> {
  const { stored, leaders } = input;
  const leader = stored?.themeArea ? leaders.get(stored.themeArea) ?? null : null;
  if (stored && stored.status !== "planned") {
    const basis: ChairBasis = isBasis(stored.chairBasis) ? stored.chairBasis : stored.chair ? "theme" : "none";
    return { chair: stored.chair, basis, leader };
  }
  if (stored?.chair && (stored.chairBasis === "stand_in" || stored.chairBasis === "swap")) return { chair: stored.chair, basis: stored.chairBasis, leader };
  if (leader) return { chair: leader, basis: "theme", leader };
  // Rows from before themes picked chairs keep the chair they were given.
  if (stored?.chair && stored.chairBasis === "") return { chair: stored.chair, basis: "rotation", leader: null };
  const turn = rotationChair(input.roster, input.seriesStart ?? input.date, input.date);
  return { chair: turn, basis: turn ? "rotation" : "none", leader: null };
}

function isBasis(value: string): value is ChairBasis {
  return value === "theme" || value === "stand_in" || value === "swap" || value === "rotation";
}

/**
 * The rotation: the meeting `weeks` weeks after the series began is chaired by roster[weeks mod n] —
 * only a proposal for meetings whose theme is not set yet.
 */
export function rotationChair<T>(roster: readonly T[], seriesStart: CivilDate, date: CivilDate): T | null {
  if (roster.length === 0) return null;
  const weeks = Math.floor(daysBetween(seriesStart, date) / 7);
  return roster[((weeks % roster.length) + roster.length) % roster.length];
}

/** Why a meeting cannot start yet: a theme and its area are required, and someone must chair. */
export function startBlocker(meeting: { theme: string; themeArea: string }, choice: ChairChoice<unknown>): "theme_required" | "no_chair" | null {
  if (!meeting.theme.trim() || !meeting.themeArea) return "theme_required";
  if (!choice.chair) return "no_chair";
  return null;
}

/** A stand-in chairs in place of the theme's leader: someone else, with a reason. */
export function standInBlocker(input: { themeArea: string; leaderId: number | null; standInId: number }): "theme_first" | "same_as_leader" | null {
  if (!input.themeArea) return "theme_first";
  if (input.leaderId === input.standInId) return "same_as_leader";
  return null;
}

export type { LeaderArea };
