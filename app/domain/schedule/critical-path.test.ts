import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "~/utils/dates";
import { civilToDayNumber, criticalPath, dayNumberToCivil, findCycles, type CriticalPathResult, type NetworkActivity, type NetworkLink } from "./critical-path";

function act(id: number, start: string, end: string, done = false): NetworkActivity {
  return done ? { id, start, end, done } : { id, start, end };
}
function fs(from: number, to: number, lagDays = 0): NetworkLink {
  return { from, to, type: "FS", lagDays };
}
function ss(from: number, to: number, lagDays = 0): NetworkLink {
  return { from, to, type: "SS", lagDays };
}
function ok(result: CriticalPathResult) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

describe("criticalPath: worked examples", () => {
  it("a chain: every activity critical with zero float, one path", () => {
    const r = ok(
      criticalPath(
        [act(1, "2026-01-01", "2026-01-10"), act(2, "2026-01-11", "2026-01-20"), act(3, "2026-01-21", "2026-01-31")],
        [fs(1, 2), fs(2, 3)],
      ),
    );
    expect(r.endId).toBe(3);
    expect(r.endFinish).toBe("2026-01-31");
    expect(r.endFloatDays).toBe(0);
    for (const a of r.activities) {
      expect(a.totalFloatDays).toBe(0);
      expect(a.onCriticalPath).toBe(true);
      expect(a.lateStart).toBe(a.earlyStart);
      expect(a.lateFinish).toBe(a.earlyFinish);
    }
    expect(r.criticalPaths).toEqual([[1, 2, 3]]);
    expect(r.criticalPathsTruncated).toBe(false);
    expect(r.criticalLinks).toEqual([fs(1, 2), fs(2, 3)]);
    expect(r.cannotReachEnd).toEqual([]);
  });

  it("the forward pass pushes a successor whose own start is too early (FS: end + 1 + lag)", () => {
    const r = ok(criticalPath([act(1, "2026-01-01", "2026-01-10"), act(2, "2026-01-05", "2026-01-07")], [fs(1, 2, 3)]));
    expect(r.byId.get(2)).toMatchObject({ earlyStart: "2026-01-14", earlyFinish: "2026-01-16", totalFloatDays: 0 });
  });

  it("a fork with one slack branch: exact float in days", () => {
    // 1 → 2 (20 days) → 4 and 1 → 3 (5 days) → 4: branch 3 has 15 days of float.
    const r = ok(
      criticalPath(
        [
          act(1, "2026-03-01", "2026-03-10"),
          act(2, "2026-03-11", "2026-03-30"),
          act(3, "2026-03-11", "2026-03-15"),
          act(4, "2026-03-31", "2026-04-09"),
        ],
        [fs(1, 2), fs(1, 3), fs(2, 4), fs(3, 4)],
      ),
    );
    expect(r.byId.get(3)).toEqual({
      id: 3,
      earlyStart: "2026-03-11",
      earlyFinish: "2026-03-15",
      lateStart: "2026-03-26",
      lateFinish: "2026-03-30",
      totalFloatDays: 15,
      onCriticalPath: false,
    });
    expect(r.activities.filter((a) => a.onCriticalPath).map((a) => a.id)).toEqual([1, 2, 4]);
    expect(r.criticalPaths).toEqual([[1, 2, 4]]);
  });

  it("two equally long branches give two critical paths", () => {
    const r = ok(
      criticalPath(
        [act(1, "2026-03-01", "2026-03-01"), act(2, "2026-03-02", "2026-03-05"), act(3, "2026-03-02", "2026-03-05"), act(4, "2026-03-06", "2026-03-06")],
        [fs(1, 2), fs(1, 3), fs(2, 4), fs(3, 4)],
      ),
    );
    expect(r.criticalPaths).toEqual([
      [1, 2, 4],
      [1, 3, 4],
    ]);
    const limited = ok(
      criticalPath(
        [act(1, "2026-03-01", "2026-03-01"), act(2, "2026-03-02", "2026-03-05"), act(3, "2026-03-02", "2026-03-05"), act(4, "2026-03-06", "2026-03-06")],
        [fs(1, 2), fs(1, 3), fs(2, 4), fs(3, 4)],
        { maxPaths: 1 },
      ),
    );
    expect(limited.criticalPaths).toEqual([[1, 2, 4]]);
    expect(limited.criticalPathsTruncated).toBe(true);
  });

  it("start-to-start with lag", () => {
    // 2 starts 5 days after 1 starts and runs 10 days; it ends after 1, so the end is 2.
    // 1 is driven only through the SS link: late start = 2's late start − 5 = its early start: critical.
    const r = ok(
      criticalPath([act(1, "2026-05-01", "2026-05-08"), act(2, "2026-05-01", "2026-05-10")], [ss(1, 2, 5)]),
    );
    expect(r.byId.get(2)).toMatchObject({ earlyStart: "2026-05-06", earlyFinish: "2026-05-15", totalFloatDays: 0 });
    expect(r.byId.get(1)).toMatchObject({ lateStart: "2026-05-01", lateFinish: "2026-05-08", totalFloatDays: 0, onCriticalPath: true });
    expect(r.criticalPaths).toEqual([[1, 2]]);
    expect(r.criticalLinks).toEqual([ss(1, 2, 5)]);

    // With 3 in parallel (FS from 1, longer), the SS link has slack: 2 gets float, 1 stays critical.
    const r2 = ok(
      criticalPath(
        [act(1, "2026-05-01", "2026-05-08"), act(2, "2026-05-06", "2026-05-15"), act(3, "2026-05-09", "2026-05-20"), act(4, "2026-05-21", "2026-05-21")],
        [ss(1, 2, 5), fs(1, 3), fs(2, 4), fs(3, 4)],
      ),
    );
    expect(r2.byId.get(2)!.totalFloatDays).toBe(5);
    expect(r2.criticalPaths).toEqual([[1, 3, 4]]);
  });

  it("an activity that does not lead to the end has no float; nor does one after the end", () => {
    const r = ok(
      criticalPath(
        [act(1, "2026-01-01", "2026-01-10"), act(2, "2026-01-11", "2026-01-20"), act(3, "2026-01-05", "2026-01-06"), act(4, "2026-02-01", "2026-02-05")],
        [fs(1, 2), fs(1, 3), fs(2, 4)],
        { endId: 2 },
      ),
    );
    expect(r.endId).toBe(2);
    expect(r.cannotReachEnd).toEqual([3, 4]);
    expect(r.byId.get(3)).toEqual({
      id: 3,
      earlyStart: "2026-01-11",
      earlyFinish: "2026-01-12",
      lateStart: null,
      lateFinish: null,
      totalFloatDays: null,
      onCriticalPath: false,
    });
    expect(r.byId.get(4)!.totalFloatDays).toBeNull();
    expect(r.criticalPaths).toEqual([[1, 2]]);
  });

  it("the default end is the latest early finish (ties: lowest id)", () => {
    const r = ok(criticalPath([act(5, "2026-01-01", "2026-01-31"), act(3, "2026-01-10", "2026-01-31"), act(1, "2026-01-01", "2026-01-02")], []));
    expect(r.endId).toBe(3);
    expect(r.cannotReachEnd).toEqual([5, 1]);
  });

  it("a deadline: float measured against it, negative when the forecast is already later", () => {
    const activities = [act(1, "2026-01-01", "2026-01-10"), act(2, "2026-01-11", "2026-01-20"), act(3, "2026-01-11", "2026-01-12")];
    const links = [fs(1, 2), fs(1, 3), fs(3, 2, -8)];
    const late = ok(criticalPath(activities, links, { endId: 2, deadline: "2026-01-17" }));
    expect(late.endFloatDays).toBe(-3);
    expect(late.byId.get(1)!.totalFloatDays).toBe(-3);
    expect(late.byId.get(2)!.totalFloatDays).toBe(-3);
    // 2 may start 8 days before 3's end + 1: 3 must end by 01-08 + 8 − 1 = 01-15, it ends 01-12.
    expect(late.byId.get(3)).toMatchObject({ lateFinish: "2026-01-15", totalFloatDays: 3, onCriticalPath: false });
    expect(late.criticalPaths).toEqual([[1, 2]]);
    const early = ok(criticalPath(activities, links, { endId: 2, deadline: "2026-01-30" }));
    expect(early.endFloatDays).toBe(10);
    expect(early.byId.get(1)!.totalFloatDays).toBe(10);
    expect(early.criticalPaths).toEqual([[1, 2]]); // the driving path, whatever the float
  });

  it("done activities keep their dates and are never critical", () => {
    // 1 is done but finished late (after 2 started): negative float on 1, yet not critical.
    const r = ok(
      criticalPath([act(1, "2026-01-01", "2026-01-15", true), act(2, "2026-01-11", "2026-01-20"), act(3, "2026-01-21", "2026-01-25")], [fs(1, 2), fs(2, 3)]),
    );
    expect(r.byId.get(2)).toMatchObject({ earlyStart: "2026-01-16", earlyFinish: "2026-01-25" });
    expect(r.byId.get(1)).toMatchObject({ earlyStart: "2026-01-01", earlyFinish: "2026-01-15", totalFloatDays: 0, onCriticalPath: false });
    expect(r.criticalPaths).toEqual([[2, 3]]);

    const pushedAfterDone = ok(
      criticalPath([act(1, "2026-01-01", "2026-01-15"), act(2, "2026-01-05", "2026-01-10", true)], [fs(1, 2)], { endId: 2 }),
    );
    expect(pushedAfterDone.byId.get(2)).toMatchObject({ earlyStart: "2026-01-05", onCriticalPath: false });
    expect(pushedAfterDone.byId.get(1)!.totalFloatDays).toBe(-11); // its successor's actual start broke the link
  });

  it("a cycle is refused, naming its activities", () => {
    const result = criticalPath(
      [act(1, "2026-01-01", "2026-01-02"), act(2, "2026-01-03", "2026-01-04"), act(3, "2026-01-05", "2026-01-06"), act(4, "2026-01-07", "2026-01-08"), act(5, "2026-01-09", "2026-01-09")],
      [fs(1, 2), fs(2, 3), ss(3, 2), fs(3, 4), fs(5, 5)],
    );
    expect(result).toEqual({ ok: false, reason: "cycle", cycles: [[2, 3], [5]] });
  });

  it("an unknown end is refused; links to unknown activities are ignored; no activities is empty", () => {
    expect(criticalPath([act(1, "2026-01-01", "2026-01-02")], [], { endId: 9 })).toEqual({ ok: false, reason: "unknown_end", endId: 9 });
    const r = ok(criticalPath([act(1, "2026-01-01", "2026-01-02")], [fs(7, 1), fs(1, 8)]));
    expect(r.criticalPaths).toEqual([[1]]);
    expect(ok(criticalPath([], [])).endId).toBeNull();
    expect(findCycles([act(1, "2026-01-01", "2026-01-02")], [fs(1, 2), fs(2, 1)])).toEqual([]);
  });

  it("refuses duplicate ids", () => {
    expect(() => criticalPath([act(1, "2026-01-01", "2026-01-02"), act(1, "2026-01-01", "2026-01-02")], [])).toThrow(RangeError);
  });
});

describe("day numbers", () => {
  it("agree with daysBetween and addDays from 1960 to 2060 (and 2100, 2400), and refuse invalid dates", () => {
    let date = "1960-01-01";
    const origin = civilToDayNumber(date);
    expect(civilToDayNumber("1970-01-01")).toBe(0);
    for (let i = 0; i < 100 * 366; i += 1) {
      expect(civilToDayNumber(date)).toBe(origin + i);
      expect(dayNumberToCivil(origin + i)).toBe(date);
      date = addDays(date, 1);
    }
    expect(daysBetween("1960-01-01", date)).toBe(100 * 366);
    for (const far of ["1900-03-01", "2100-02-28", "2100-03-01", "2400-02-29", "2400-03-01"]) {
      expect(civilToDayNumber(far)).toBe(daysBetween("1970-01-01", far));
      expect(dayNumberToCivil(civilToDayNumber(far))).toBe(far);
    }
    for (const bad of ["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "2024-04-31", "x"]) {
      expect(() => civilToDayNumber(bad)).toThrow(RangeError);
    }
    expect(civilToDayNumber("2024-02-29") - civilToDayNumber("2024-02-28")).toBe(1);
  });
});

// ─── Property test against brute force ─────────────────────────────────────────

function rng(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

/** Random DAG: links only from a lower to a higher position of a random permutation. */
function randomNetwork(random: (n: number) => number, size: number) {
  const base = "2026-01-01";
  const ids = Array.from({ length: size }, (_, i) => i + 1);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const activities = ids.map((id) => {
    const start = addDays(base, random(30));
    return act(id, start, addDays(start, random(15)));
  });
  const links: NetworkLink[] = [];
  for (let a = 0; a < size; a++) {
    for (let b = a + 1; b < size; b++) {
      if (random(100) < 35) links.push({ from: ids[a], to: ids[b], type: random(2) ? "FS" : "SS", lagDays: random(11) - 3 });
    }
  }
  // Activities in scrambled order, so positions do not follow the topological order.
  activities.sort((x, y) => (x.id * 7919) % 13 - (y.id * 7919) % 13 || x.id - y.id);
  return { activities, links };
}

/**
 * Brute force over every path, in "start time" space: a path a1 → … → ak starts at a1's own start;
 * each link adds (FS) predecessor duration + 1 + lag or (SS) lag. The end starts at the longest path to
 * it. Float of v = the end's late start − (longest path to v + longest path from v to the end).
 */
function bruteForce(activities: NetworkActivity[], links: NetworkLink[], endId: number, deadlineDays: number | null) {
  const base = "2026-01-01";
  const own = new Map(activities.map((a) => [a.id, daysBetween(base, a.start)]));
  const dur = new Map(activities.map((a) => [a.id, daysBetween(a.start, a.end)]));
  const weight = (l: NetworkLink) => (l.type === "FS" ? dur.get(l.from)! + 1 + l.lagDays : l.lagDays);
  const toStart = new Map<number, number>();
  const toEnd = new Map<number, number>();
  // Every path, one link per step; prefix[i] = length from the source to the start of nodes[i].
  const walk = (nodes: number[], prefix: number[]) => {
    const last = nodes[nodes.length - 1];
    const length = prefix[prefix.length - 1];
    toStart.set(last, Math.max(toStart.get(last) ?? -Infinity, length));
    if (last === endId) {
      nodes.forEach((v, i) => toEnd.set(v, Math.max(toEnd.get(v) ?? -Infinity, length - prefix[i])));
    }
    for (const l of links) if (l.from === last) walk([...nodes, l.to], [...prefix, length + weight(l)]);
  };
  for (const a of activities) walk([a.id], [own.get(a.id)!]);
  const endStart = toStart.get(endId)!;
  const lateEndStart = deadlineDays === null ? endStart : deadlineDays - dur.get(endId)!;
  const floats = new Map<number, number | null>();
  for (const a of activities) {
    floats.set(a.id, toEnd.has(a.id) ? lateEndStart - (toStart.get(a.id)! + toEnd.get(a.id)!) : null);
  }
  /** Length of a given node sequence, taking the longest parallel link at each step. */
  const pathLength = (path: number[]) => {
    let length = own.get(path[0])!;
    for (let j = 0; j + 1 < path.length; j++) {
      length += Math.max(...links.filter((l) => l.from === path[j] && l.to === path[j + 1]).map(weight));
    }
    return length;
  };
  return { floats, endStart, projectFinish: endStart + dur.get(endId)!, pathLength };
}

describe("criticalPath: property test against a brute-force longest path", () => {
  it("200 random DAGs of up to 9 activities: float = project length − longest path through it; critical ⇔ float 0", () => {
    const random = rng(20261127);
    let checkedNodes = 0;
    let criticalSeen = 0;
    let negativeSeen = 0;
    for (let g = 0; g < 200; g++) {
      const { activities, links } = randomNetwork(random, 1 + random(9));
      const plain = ok(criticalPath(activities, links));
      // Half of the time another end milestone; half of the time a deadline.
      const endId = random(2) ? activities[random(activities.length)].id : plain.endId!;
      const deadline = random(2) ? addDays("2026-01-01", 20 + random(60)) : undefined;
      const result = ok(criticalPath(activities, links, { endId, deadline, maxPaths: 1000 }));
      const brute = bruteForce(activities, links, endId, deadline === undefined ? null : daysBetween("2026-01-01", deadline));
      expect(daysBetween("2026-01-01", result.endFinish!)).toBe(brute.projectFinish);
      const endFloat = brute.floats.get(endId)!;
      expect(result.endFloatDays).toBe(endFloat);
      for (const a of activities) {
        const got = result.byId.get(a.id)!;
        const want = brute.floats.get(a.id)!;
        expect(got.totalFloatDays, `graph ${g} activity ${a.id}`).toBe(want);
        expect(got.onCriticalPath, `graph ${g} activity ${a.id}`).toBe(want !== null && want === endFloat);
        if (got.totalFloatDays !== null) {
          expect(daysBetween(got.earlyStart, got.lateStart!)).toBe(got.totalFloatDays);
          expect(daysBetween(got.earlyFinish, got.lateFinish!)).toBe(got.totalFloatDays);
          if (deadline === undefined) {
            expect(got.totalFloatDays).toBeGreaterThanOrEqual(0);
            expect(got.onCriticalPath).toBe(got.totalFloatDays === 0);
          }
          if (got.totalFloatDays < 0) negativeSeen += 1;
        }
        checkedNodes += 1;
        if (got.onCriticalPath) criticalSeen += 1;
      }
      // Every listed critical path is a longest path to the end; together they cover every critical activity.
      expect(result.criticalPathsTruncated).toBe(false);
      for (const path of result.criticalPaths) {
        expect(path[path.length - 1]).toBe(endId);
        expect(brute.pathLength(path)).toBe(brute.endStart);
      }
      const onPaths = [...new Set(result.criticalPaths.flat())].sort((x, y) => x - y);
      expect(onPaths).toEqual(result.activities.filter((a) => a.onCriticalPath).map((a) => a.id).sort((x, y) => x - y));
      expect(new Set(result.criticalPaths.map((p) => p.join(","))).size).toBe(result.criticalPaths.length);
    }
    expect(checkedNodes).toBeGreaterThan(500);
    expect(criticalSeen).toBeGreaterThan(200);
    expect(negativeSeen).toBeGreaterThan(0);
  });
});

describe("criticalPath: large networks", () => {
  it("a 20,000-activity chain", () => {
    const activities: NetworkActivity[] = [];
    const links: NetworkLink[] = [];
    let start = "2026-01-01";
    for (let i = 1; i <= 20_000; i++) {
      activities.push(act(i, start, start));
      start = addDays(start, 1);
      if (i > 1) links.push(fs(i - 1, i));
    }
    const r = ok(criticalPath(activities, links));
    expect(r.endId).toBe(20_000);
    expect(r.criticalPaths).toHaveLength(1);
    expect(r.criticalPaths[0]).toHaveLength(20_000);
  });

  it("a 20,000-activity random network", () => {
    const random = rng(42);
    const n = 20_000;
    const activities: NetworkActivity[] = [];
    for (let i = 1; i <= n; i++) {
      const s = addDays("2026-01-01", random(365));
      activities.push(act(i, s, addDays(s, random(20))));
    }
    const links: NetworkLink[] = [];
    for (let i = 2; i <= n; i++) {
      for (let k = 0; k < 3; k++) {
        const from = Math.max(1, i - 1 - random(50));
        links.push({ from, to: i, type: random(3) ? "FS" : "SS", lagDays: random(5) });
      }
    }
    const r = ok(criticalPath(activities, links));
    expect(r.activities).toHaveLength(n);
    expect(r.criticalPaths.length).toBeGreaterThan(0);
    expect(r.criticalPaths.length).toBeLessThanOrEqual(10);
  });
});
