// Schedule rules: milestone statuses, forecast dates that move when a predecessor slips, and the
// health flags (overdue, slipping, due soon) the milestone page and the weekly agenda show.
// Pure: dates are civil "YYYY-MM-DD" strings; "today" is always passed in. The update form's zod schema
// is in schedule-forms.server.ts (zod stays out of the browser bundle).
import { addDays, daysBetween, maxDate, type CivilDate } from "~/utils/dates";

export const MILESTONE_KINDS = ["permit", "design", "tender", "construction", "leasing"] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const MILESTONE_STATUSES = ["not_started", "in_progress", "done", "blocked"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const DUE_SOON_DAYS = 14;

export type ScheduleMilestone = {
  id: number;
  plannedStart: CivilDate;
  plannedEnd: CivilDate;
  actualStart: CivilDate | null;
  actualEnd: CivilDate | null;
  status: MilestoneStatus;
};

export type Dependency = { predecessorId: number; successorId: number; lagDays: number };

export type Forecast = {
  start: CivilDate;
  end: CivilDate;
  /** Days the forecast end lies after the planned end (0 when on plan or early). */
  slipDays: number;
  /** Predecessors whose forecast pushes this milestone's start later than planned. */
  delayedBy: number[];
};

/**
 * The strongly connected component of every node (Tarjan's algorithm, iterative so that long chains
 * cannot overflow the stack): two nodes share a component exactly when each can reach the other.
 */
export function stronglyConnectedComponents(nodes: number[], edges: Map<number, number[]>): Map<number, number> {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const component = new Map<number, number>();
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: number; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const successors = edges.get(frame.node) ?? [];
      if (frame.next < successors.length) {
        const next = successors[frame.next];
        frame.next += 1;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter);
          counter += 1;
          stack.push(next);
          onStack.add(next);
          work.push({ node: next, next: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(next)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        let member: number;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.set(member, frame.node);
        } while (member !== frame.node);
      }
    }
  }
  return component;
}

/**
 * Forecast start and end of every milestone. Finish-to-start with lag: a milestone starts no earlier
 * than its planned start, nor than (predecessor's forecast end + 1 + lag). Unfinished work cannot
 * end before today, nor can work not yet started begin before today. Planned duration is kept.
 * Dependencies that form a cycle are ignored for the milestones on the cycle (their own dates stand).
 */
export function forecastSchedule(
  milestones: ScheduleMilestone[],
  dependencies: Dependency[],
  today: CivilDate,
): Map<number, Forecast> {
  const byId = new Map(milestones.map((m) => [m.id, m]));
  const relevant = dependencies.filter((dep) => byId.has(dep.predecessorId) && byId.has(dep.successorId));
  const successorsOf = new Map<number, number[]>();
  for (const dep of relevant) {
    const list = successorsOf.get(dep.predecessorId) ?? [];
    list.push(dep.successorId);
    successorsOf.set(dep.predecessorId, list);
  }
  // A dependency lies on a cycle when its predecessor can be reached again from its successor, that is
  // when both ends are in the same strongly connected component: one pass over the graph (Tarjan),
  // not a search per dependency.
  const component = stronglyConnectedComponents([...byId.keys()], successorsOf);
  const predecessorsOf = new Map<number, Dependency[]>();
  for (const dep of relevant) {
    if (component.get(dep.successorId) === component.get(dep.predecessorId)) continue; // on a cycle: ignored
    const list = predecessorsOf.get(dep.successorId) ?? [];
    list.push(dep);
    predecessorsOf.set(dep.successorId, list);
  }

  const result = new Map<number, Forecast>();
  const visiting = new Set<number>();

  const visit = (id: number): Forecast | null => {
    const known = result.get(id);
    if (known) return known;
    if (visiting.has(id)) return null; // cycle
    visiting.add(id);
    const m = byId.get(id)!;
    const duration = Math.max(0, daysBetween(m.plannedStart, m.plannedEnd));

    let start = m.plannedStart;
    const delayedBy: number[] = [];
    if (m.actualStart) {
      start = m.actualStart;
    } else {
      for (const dep of predecessorsOf.get(id) ?? []) {
        const predecessor = visit(dep.predecessorId);
        if (!predecessor) continue;
        const earliest = addDays(predecessor.end, 1 + dep.lagDays);
        if (earliest > m.plannedStart) delayedBy.push(dep.predecessorId);
        start = maxDate(start, earliest);
      }
      if (m.status !== "done") start = maxDate(start, today);
    }

    let end: CivilDate;
    if (m.status === "done" && m.actualEnd) {
      end = m.actualEnd;
    } else {
      end = addDays(start, duration);
      if (m.status !== "done") end = maxDate(end, today);
    }

    const forecast: Forecast = { start, end, slipDays: Math.max(0, daysBetween(m.plannedEnd, end)), delayedBy };
    visiting.delete(id);
    result.set(id, forecast);
    return forecast;
  };

  for (const m of milestones) visit(m.id);
  return result;
}

export type Health = "done" | "overdue" | "slipping" | "due_soon" | "in_progress" | "upcoming";

/**
 * One flag per milestone, most urgent first: done; overdue (planned end passed, not done);
 * slipping (forecast end later than planned); due soon (planned end within 14 days); in progress;
 * upcoming.
 */
export function milestoneHealth(m: ScheduleMilestone, forecast: Forecast, today: CivilDate): Health {
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
