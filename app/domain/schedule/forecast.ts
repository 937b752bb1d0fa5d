// The forecast engine: each milestone's forecast start and end, its slip, and which milestone causes
// that slip. One rule for a single milestone (forecastOne), applied to the whole network
// (forecastAll) or to what a change can move (recomputeForecasts: the changed milestones and their
// successors, stopping where nothing moved). The incremental result equals the full one; the tests
// check it on random networks and edits.
//
// Conventions (as in critical-path.ts): dates are civil "YYYY-MM-DD", ends are inclusive.
// - Start: the actual start once started; otherwise the planned start, pushed by each predecessor
//   (finish-to-start: its end + 1 + lag; start-to-start: its start + lag), and, unless done, not before
//   today.
// - End: the actual end once done; otherwise start + planned duration, not before the expected finish
//   (a known delay recorded on the milestone), and not before today.
// - Slip = forecast end − planned end (≥ 0). The part its predecessors explain (the end had it done its
//   own work on plan from where they push it) is inherited; the rest is its own (its expected finish,
//   its own lateness). The cause of an inherited slip is the predecessor that drives the start, or, when
//   that one only passes on a slip, the milestone it names: the slip stays with the milestone causing it.
// - Dependencies whose two ends lie on one cycle are ignored by forecastAll (the plan editor refuses
//   cycles; older data may hold one); recomputeForecasts reports a cycle so the caller recomputes all.
import { addDays, daysBetween, maxDate, type CivilDate } from "~/utils/dates";
import { stronglyConnectedComponents } from "./graph";

export type LinkType = "FS" | "SS";
export const LINK_TYPES = ["FS", "SS"] as const;

export type EngineMilestone = {
  id: number;
  plannedStart: CivilDate;
  plannedEnd: CivilDate;
  actualStart: CivilDate | null;
  actualEnd: CivilDate | null;
  status: "not_started" | "in_progress" | "done" | "blocked";
  expectedEnd?: CivilDate | null;
};

export type EngineDependency = { predecessorId: number; successorId: number; lagDays: number; type?: LinkType };

export type Forecast = {
  start: CivilDate;
  end: CivilDate;
  /** Days the forecast end lies after the planned end (0 when on plan or early). */
  slipDays: number;
  /** The part of the slip this milestone causes itself. */
  ownSlipDays: number;
  /** The milestone whose own slip moves this one (null when its slip, if any, is all its own). */
  causeId: number | null;
  /** Predecessors whose forecast pushes this milestone's start later than planned. */
  delayedBy: number[];
};

/** The forecast of one milestone from its predecessors' forecasts. */
export function forecastOne(
  m: EngineMilestone,
  predecessors: { dependency: EngineDependency; forecast: Forecast }[],
  today: CivilDate,
): Forecast {
  const duration = Math.max(0, daysBetween(m.plannedStart, m.plannedEnd));
  const done = m.status === "done";
  let driven = m.plannedStart;
  let driver: { id: number; forecast: Forecast } | null = null;
  const pushing: number[] = [];
  for (const { dependency, forecast } of predecessors) {
    const earliest =
      dependency.type === "SS" ? addDays(forecast.start, dependency.lagDays) : addDays(forecast.end, 1 + dependency.lagDays);
    if (earliest > m.plannedStart) pushing.push(dependency.predecessorId);
    if (earliest > driven) {
      driven = earliest;
      driver = { id: dependency.predecessorId, forecast };
    }
  }
  const start = m.actualStart ?? (done ? driven : maxDate(driven, today));
  let end: CivilDate;
  if (done && m.actualEnd) end = m.actualEnd;
  else {
    end = addDays(start, duration);
    if (m.expectedEnd) end = maxDate(end, m.expectedEnd);
    if (!done) end = maxDate(end, today);
  }
  const slipDays = Math.max(0, daysBetween(m.plannedEnd, end));
  const inherited = Math.min(slipDays, Math.max(0, daysBetween(m.plannedEnd, addDays(driven, duration))));
  const causeId =
    inherited > 0 && driver ? (driver.forecast.ownSlipDays > 0 || driver.forecast.causeId === null ? driver.id : driver.forecast.causeId) : null;
  return { start, end, slipDays, ownSlipDays: slipDays - inherited, causeId, delayedBy: m.actualStart ? [] : pushing };
}

export function sameForecast(a: Forecast, b: Forecast): boolean {
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.slipDays === b.slipDays &&
    a.ownSlipDays === b.ownSlipDays &&
    a.causeId === b.causeId &&
    a.delayedBy.length === b.delayedBy.length &&
    a.delayedBy.every((id, i) => id === b.delayedBy[i])
  );
}

/** Every milestone's forecast. Dependencies naming a milestone not in the list are ignored. */
export function forecastAll(milestones: EngineMilestone[], dependencies: EngineDependency[], today: CivilDate): Map<number, Forecast> {
  const byId = new Map(milestones.map((m) => [m.id, m]));
  const relevant = dependencies.filter((d) => byId.has(d.predecessorId) && byId.has(d.successorId) && d.predecessorId !== d.successorId);
  const successorIds = new Map<number, number[]>();
  for (const d of relevant) {
    const list = successorIds.get(d.predecessorId) ?? [];
    list.push(d.successorId);
    successorIds.set(d.predecessorId, list);
  }
  // Both ends in one strongly connected component: the dependency lies on a cycle and is ignored.
  const component = stronglyConnectedComponents([...byId.keys()], successorIds);
  const acyclic = relevant.filter((d) => component.get(d.predecessorId) !== component.get(d.successorId));
  const predecessorsOf = new Map<number, EngineDependency[]>();
  const successorsOf = new Map<number, number[]>();
  const indegree = new Map<number, number>(milestones.map((m) => [m.id, 0]));
  for (const d of acyclic) {
    (predecessorsOf.get(d.successorId) ?? predecessorsOf.set(d.successorId, []).get(d.successorId)!).push(d);
    (successorsOf.get(d.predecessorId) ?? successorsOf.set(d.predecessorId, []).get(d.predecessorId)!).push(d.successorId);
    indegree.set(d.successorId, indegree.get(d.successorId)! + 1);
  }
  const result = new Map<number, Forecast>();
  const queue = milestones.filter((m) => indegree.get(m.id) === 0).map((m) => m.id);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    const predecessors = (predecessorsOf.get(id) ?? []).map((dependency) => ({ dependency, forecast: result.get(dependency.predecessorId)! }));
    result.set(id, forecastOne(byId.get(id)!, predecessors, today));
    for (const next of successorsOf.get(id) ?? []) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  return result;
}

/** What recomputeForecasts reads: the part of the network a change can reach, and the stored forecasts. */
export type NetworkAccess = {
  milestone: (id: number) => EngineMilestone | undefined;
  /** Dependencies into the milestone (only those whose predecessor is an active milestone). */
  predecessors: (id: number) => EngineDependency[];
  successors: (id: number) => number[];
  stored: (id: number) => Forecast | undefined;
};

export type RecomputeResult =
  | { ok: true; changed: Map<number, Forecast>; recomputed: number; reached: number }
  | { ok: false; reason: "cycle" };

/**
 * The forecasts a change can move: the seeds (milestones changed, added, or moved by today's date) and
 * everything after them, in topological order; a milestone is recomputed only when it is a seed or a
 * predecessor's forecast changed, so propagation stops where nothing moved. Returns the forecasts that
 * differ from the stored ones (or were not stored).
 */
export function recomputeForecasts(seeds: Iterable<number>, network: NetworkAccess, today: CivilDate): RecomputeResult {
  const seedSet = new Set<number>();
  for (const id of seeds) if (network.milestone(id)) seedSet.add(id);
  // Everything reachable from the seeds.
  const reached = new Set<number>(seedSet);
  const stack = [...seedSet];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const next of network.successors(id)) {
      if (!reached.has(next) && network.milestone(next)) {
        reached.add(next);
        stack.push(next);
      }
    }
  }
  // Kahn's order within the reached part (a predecessor outside it keeps its stored forecast).
  const indegree = new Map<number, number>();
  for (const id of reached) indegree.set(id, 0);
  for (const id of reached) for (const next of network.successors(id)) if (reached.has(next)) indegree.set(next, indegree.get(next)! + 1);
  const queue = [...reached].filter((id) => indegree.get(id) === 0);
  const changed = new Map<number, Forecast>();
  let recomputed = 0;
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    const dependencies = network.predecessors(id).filter((d) => network.milestone(d.predecessorId));
    if (seedSet.has(id) || dependencies.some((d) => changed.has(d.predecessorId))) {
      recomputed += 1;
      const predecessors: { dependency: EngineDependency; forecast: Forecast }[] = [];
      let missing = false;
      for (const dependency of dependencies) {
        const forecast = changed.get(dependency.predecessorId) ?? network.stored(dependency.predecessorId);
        if (!forecast) missing = true;
        else predecessors.push({ dependency, forecast });
      }
      if (missing) return { ok: false, reason: "cycle" }; // a predecessor never computed: recompute all
      const next = forecastOne(network.milestone(id)!, predecessors, today);
      const before = network.stored(id);
      if (!before || !sameForecast(before, next)) changed.set(id, next);
    }
    for (const next of network.successors(id)) {
      if (!reached.has(next)) continue;
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  if (queue.length < reached.size) return { ok: false, reason: "cycle" };
  return { ok: true, changed, recomputed, reached: reached.size };
}

/**
 * The milestones today's date can move since the forecasts were computed as of `asOf`: unfinished
 * ones whose forecast start (not yet started) or end lies before today.
 */
export function movedByToday(
  rows: { id: number; done: boolean; started: boolean; start: CivilDate; end: CivilDate }[],
  today: CivilDate,
): number[] {
  return rows.filter((r) => !r.done && ((!r.started && r.start < today) || r.end < today)).map((r) => r.id);
}
