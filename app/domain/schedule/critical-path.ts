// Total float and the critical path of the milestone network, to a chosen end milestone.
// Pure and bounded: one topological order (Kahn), one forward and one backward pass, linear in
// activities + links; no recursion, so 20,000 milestones cannot overflow the stack.
//
// Conventions (the same as forecastSchedule in schedule.ts):
// - Dates are civil "YYYY-MM-DD"; an activity's end is INCLUSIVE, so its duration in days is
//   daysBetween(start, end) (a one-day activity has start === end), never negative.
// - Finish-to-start with lag: the successor starts no earlier than predecessor end + 1 + lag.
//   Start-to-start with lag: the successor starts no earlier than predecessor start + lag.
//   Lags may be negative (leads).
// - Early dates: an activity starts no earlier than its own (forecast) start, nor than any link allows;
//   the duration is kept. A done activity keeps its dates as given (actuals are not moved by the network)
//   and is never on the critical path (finished work cannot move the end).
// - Late dates: backward pass from the end milestone's late finish, which is its early finish, or the
//   `deadline` when one is given. Total float = late start − early start (= late finish − early finish).
//   Without a deadline, float is ≥ 0 except where done activities' actual dates break a link. With a
//   deadline, float is measured against it and is negative when the forecast is already later than it.
// - Critical: not done, reaches the end (or is the end), and float ≤ the end milestone's own float
//   (0 without a deadline: the longest path; with a deadline, the path that drives the end whatever
//   the float). Activities that cannot reach the end (including those after it) have null late dates
//   and null float.
// - Links whose ends are not both among the activities are ignored (as in forecastSchedule); any cycle
//   is refused, naming its activities.
import { type CivilDate } from "~/utils/dates";
import { stronglyConnectedComponents } from "./graph";

export type LinkType = "FS" | "SS";

export type NetworkActivity = {
  id: number;
  /** Forecast start: the earliest the activity may start (its own constraint). */
  start: CivilDate;
  /** Forecast end, inclusive. */
  end: CivilDate;
  /** Done activities keep their dates as given and are never critical. */
  done?: boolean;
};

export type NetworkLink = { from: number; to: number; type: LinkType; lagDays: number };

export type ActivityFloat = {
  id: number;
  earlyStart: CivilDate;
  earlyFinish: CivilDate;
  /** null when the activity cannot reach the end milestone. */
  lateStart: CivilDate | null;
  lateFinish: CivilDate | null;
  /** Late − early in days; null when the activity cannot reach the end milestone. */
  totalFloatDays: number | null;
  onCriticalPath: boolean;
};

export type CriticalPathOptions = {
  /** The end milestone; default the activity with the latest early finish (ties: lowest id). */
  endId?: number;
  /** Late finish of the end milestone; default its early finish. */
  deadline?: CivilDate;
  /** At most this many critical paths are listed (their number can grow exponentially); default 10. */
  maxPaths?: number;
};

export type CriticalPathResult =
  | {
      ok: true;
      /** null only when there are no activities. */
      endId: number | null;
      /** The end milestone's early finish (the forecast project end). */
      endFinish: CivilDate | null;
      /** The end milestone's float (0 without a deadline; deadline − endFinish with one). */
      endFloatDays: number;
      /** One entry per activity, in input order. */
      activities: ActivityFloat[];
      byId: Map<number, ActivityFloat>;
      /** Critical paths, each ordered from a first activity to the end milestone. */
      criticalPaths: number[][];
      /** True when more than maxPaths critical paths exist and only the first maxPaths are listed. */
      criticalPathsTruncated: boolean;
      /** Links between two critical activities that drive the later one (for highlighting a Gantt). */
      criticalLinks: NetworkLink[];
      /** Activities that cannot reach the end milestone (float null), in input order. */
      cannotReachEnd: number[];
    }
  | { ok: false; reason: "cycle"; cycles: number[][] }
  | { ok: false; reason: "unknown_end"; endId: number };

export function criticalPath(
  activities: NetworkActivity[],
  links: NetworkLink[],
  options: CriticalPathOptions = {},
): CriticalPathResult {
  const n = activities.length;
  const indexOf = new Map<number, number>();
  activities.forEach((a, i) => {
    if (indexOf.has(a.id)) throw new RangeError(`duplicate activity id ${a.id}`);
    indexOf.set(a.id, i);
  });
  if (options.endId !== undefined && !indexOf.has(options.endId)) {
    return { ok: false, reason: "unknown_end", endId: options.endId };
  }
  if (n === 0) {
    return {
      ok: true,
      endId: null,
      endFinish: null,
      endFloatDays: 0,
      activities: [],
      byId: new Map(),
      criticalPaths: [],
      criticalPathsTruncated: false,
      criticalLinks: [],
      cannotReachEnd: [],
    };
  }

  // Links by position; out- and in-lists hold link indices.
  const relevant = links.filter((l) => indexOf.has(l.from) && indexOf.has(l.to));
  const m = relevant.length;
  const linkFrom = new Int32Array(m);
  const linkTo = new Int32Array(m);
  const out: number[][] = Array.from({ length: n }, () => []);
  const into: number[][] = Array.from({ length: n }, () => []);
  relevant.forEach((l, k) => {
    const f = indexOf.get(l.from)!;
    const t = indexOf.get(l.to)!;
    linkFrom[k] = f;
    linkTo[k] = t;
    out[f].push(k);
    into[t].push(k);
  });

  // Topological order (Kahn). Anything left over lies on or behind a cycle.
  const indegree = new Int32Array(n);
  for (let k = 0; k < m; k++) indegree[linkTo[k]] += 1;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order.push(i);
  for (let head = 0; head < order.length; head++) {
    for (const k of out[order[head]]) {
      const t = linkTo[k];
      indegree[t] -= 1;
      if (indegree[t] === 0) order.push(t);
    }
  }
  if (order.length < n) return { ok: false, reason: "cycle", cycles: findCycles(activities, relevant) };

  // Dates as day numbers (days since 1970-01-01), converted once per distinct date.
  const { toDay, fromDay } = dayNumbers();
  const ownStart = new Float64Array(n);
  const duration = new Float64Array(n);
  activities.forEach((a, i) => {
    ownStart[i] = toDay(a.start);
    duration[i] = Math.max(0, toDay(a.end) - ownStart[i]);
  });
  const lags = Float64Array.from(relevant, (l) => l.lagDays);
  const finishToStart = Uint8Array.from(relevant, (l) => (l.type === "FS" ? 1 : 0));
  const lag = (k: number) => lags[k];
  const isFS = (k: number) => finishToStart[k] === 1;

  // Forward pass.
  const es = new Float64Array(n);
  for (const i of order) {
    let start = ownStart[i];
    if (!activities[i].done) {
      for (const k of into[i]) {
        const p = linkFrom[k];
        const earliest = isFS(k) ? es[p] + duration[p] + 1 + lag(k) : es[p] + lag(k);
        if (earliest > start) start = earliest;
      }
    }
    es[i] = start;
  }

  let end: number;
  if (options.endId !== undefined) {
    end = indexOf.get(options.endId)!;
  } else {
    end = 0;
    for (let i = 1; i < n; i++) {
      const fi = es[i] + duration[i];
      const fe = es[end] + duration[end];
      if (fi > fe || (fi === fe && activities[i].id < activities[end].id)) end = i;
    }
  }
  const endFinish = es[end] + duration[end];
  const endLateFinish = options.deadline !== undefined ? toDay(options.deadline) : endFinish;
  const endFloat = endLateFinish - endFinish;

  // Backward pass over the activities that reach the end (reverse topological order).
  const reaches = new Uint8Array(n);
  const ls = new Float64Array(n);
  reaches[end] = 1;
  ls[end] = endLateFinish - duration[end];
  for (let j = n - 1; j >= 0; j--) {
    const i = order[j];
    if (i === end) continue;
    let latest = Infinity;
    for (const k of out[i]) {
      const s = linkTo[k];
      if (!reaches[s]) continue;
      const bound = isFS(k) ? ls[s] - lag(k) - 1 - duration[i] : ls[s] - lag(k);
      if (bound < latest) latest = bound;
    }
    if (latest !== Infinity) {
      reaches[i] = 1;
      ls[i] = latest;
    }
  }

  const critical = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (reaches[i] && !activities[i].done && ls[i] - es[i] <= endFloat) critical[i] = 1;
  }

  const day = fromDay;
  const results: ActivityFloat[] = activities.map((a, i) => ({
    id: a.id,
    earlyStart: day(es[i]),
    earlyFinish: day(es[i] + duration[i]),
    lateStart: reaches[i] ? day(ls[i]) : null,
    lateFinish: reaches[i] ? day(ls[i] + duration[i]) : null,
    totalFloatDays: reaches[i] ? ls[i] - es[i] : null,
    onCriticalPath: critical[i] === 1,
  }));

  // A critical link sets its predecessor's late date (backward-tight) between two critical activities.
  const criticalIn: number[][] = Array.from({ length: n }, () => []);
  const criticalLinks: NetworkLink[] = [];
  for (let k = 0; k < m; k++) {
    const p = linkFrom[k];
    const s = linkTo[k];
    if (!critical[p] || !critical[s]) continue;
    const bound = isFS(k) ? ls[s] - lag(k) - 1 - duration[p] : ls[s] - lag(k);
    if (bound !== ls[p]) continue;
    criticalLinks.push(relevant[k]);
    if (!criticalIn[s].includes(p)) criticalIn[s].push(p);
  }
  for (const list of criticalIn) list.sort((a, b) => es[a] - es[b] || activities[a].id - activities[b].id);

  // Critical paths: walk back from the end along critical links (explicit stack); every walk ends at an
  // activity without a critical predecessor, so each leaf is one whole path. Bounded by maxPaths.
  const maxPaths = options.maxPaths ?? 10;
  const criticalPaths: number[][] = [];
  let truncated = false;
  if (critical[end]) {
    const stack: { node: number; next: number }[] = [{ node: end, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const preds = criticalIn[frame.node];
      if (preds.length === 0) {
        if (criticalPaths.length === maxPaths) {
          truncated = true;
          break;
        }
        const path: number[] = [];
        for (let j = stack.length - 1; j >= 0; j--) path.push(activities[stack[j].node].id);
        criticalPaths.push(path);
        stack.pop();
        continue;
      }
      if (frame.next < preds.length) {
        stack.push({ node: preds[frame.next], next: 0 });
        frame.next += 1;
      } else {
        stack.pop();
      }
    }
  }

  return {
    ok: true,
    endId: activities[end].id,
    endFinish: day(endFinish),
    endFloatDays: endFloat,
    activities: results,
    byId: new Map(results.map((r) => [r.id, r])),
    criticalPaths,
    criticalPathsTruncated: truncated,
    criticalLinks,
    cannotReachEnd: activities.filter((_, i) => !reaches[i]).map((a) => a.id),
  };
}

/**
 * Civil date ⇄ day number (days since 1970-01-01) by arithmetic (Howard Hinnant's days_from_civil),
 * memoised: the Date-based helpers cost microseconds each, which matters at 20,000 milestones.
 * Agrees with daysBetween/addDays in ~/utils/dates (the unit tests check it).
 */
function dayNumbers() {
  const days = new Map<CivilDate, number>();
  const dates = new Map<number, CivilDate>();
  return {
    toDay(civil: CivilDate): number {
      let d = days.get(civil);
      if (d === undefined) {
        d = civilToDayNumber(civil);
        days.set(civil, d);
      }
      return d;
    },
    fromDay(d: number): CivilDate {
      let civil = dates.get(d);
      if (civil === undefined) {
        civil = dayNumberToCivil(d);
        dates.set(d, civil);
      }
      return civil;
    },
  };
}

const CIVIL = /^(\d{4})-(\d{2})-(\d{2})$/;

export function civilToDayNumber(civil: CivilDate): number {
  const match = CIVIL.exec(civil);
  const y0 = match ? Number(match[1]) : NaN;
  const m = match ? Number(match[2]) : NaN;
  const d = match ? Number(match[3]) : NaN;
  const leap = y0 % 4 === 0 && (y0 % 100 !== 0 || y0 % 400 === 0);
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  if (!match || monthDays === undefined || d < 1 || d > monthDays) throw new RangeError(`not a date: ${civil}`);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function dayNumberToCivil(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

/** The cycles of the network: each strongly connected component with more than one activity, or one
 * activity linked to itself; ids sorted, cycles ordered by their smallest id. */
export function findCycles(activities: NetworkActivity[], links: NetworkLink[]): number[][] {
  const ids = activities.map((a) => a.id);
  const known = new Set(ids);
  const edges = new Map<number, number[]>();
  const selfLinked = new Set<number>();
  for (const l of links) {
    if (!known.has(l.from) || !known.has(l.to)) continue;
    if (l.from === l.to) selfLinked.add(l.from);
    const list = edges.get(l.from) ?? [];
    list.push(l.to);
    edges.set(l.from, list);
  }
  const component = stronglyConnectedComponents(ids, edges);
  const members = new Map<number, number[]>();
  for (const id of ids) {
    const root = component.get(id)!;
    const list = members.get(root) ?? [];
    list.push(id);
    members.set(root, list);
  }
  return [...members.values()]
    .filter((list) => list.length > 1 || selfLinked.has(list[0]))
    .map((list) => list.sort((a, b) => a - b))
    .sort((a, b) => a[0] - b[0]);
}
