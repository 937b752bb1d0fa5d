import { describe, expect, it } from "vitest";
import { addDays } from "~/utils/dates";
import { forecastAll, movedByToday, recomputeForecasts, type EngineDependency, type EngineMilestone, type Forecast } from "./forecast";

const EARLY = "2026-10-01";

function ms(id: number, plannedStart: string, plannedEnd: string, extra: Partial<EngineMilestone> = {}): EngineMilestone {
  return { id, plannedStart, plannedEnd, actualStart: null, actualEnd: null, status: "not_started", expectedEnd: null, ...extra };
}
const fs = (predecessorId: number, successorId: number, lagDays = 0): EngineDependency => ({ predecessorId, successorId, lagDays, type: "FS" });
const ss = (predecessorId: number, successorId: number, lagDays = 0): EngineDependency => ({ predecessorId, successorId, lagDays, type: "SS" });

describe("start-to-start links", () => {
  it("lets the successor start lag days after the predecessor starts, overlapping it", () => {
    const result = forecastAll([ms(1, "2026-11-01", "2026-11-30"), ms(2, "2026-11-05", "2026-11-20")], [ss(1, 2, 10)], EARLY);
    expect(result.get(2)).toMatchObject({ start: "2026-11-11", end: "2026-11-26", slipDays: 6, delayedBy: [1] });
  });

  it("moves the successor when the predecessor's start moves, not its end", () => {
    const longer = forecastAll([ms(1, "2026-11-01", "2026-12-31"), ms(2, "2026-11-05", "2026-11-20")], [ss(1, 2, 0)], EARLY);
    expect(longer.get(2)).toMatchObject({ start: "2026-11-05", end: "2026-11-20", slipDays: 0 });
  });
});

describe("expected finish (a known delay recorded without touching the plan)", () => {
  const plan = [ms(1, "2027-01-01", "2027-01-31", { expectedEnd: "2027-02-10" }), ms(2, "2027-02-01", "2027-02-28"), ms(3, "2027-03-01", "2027-03-31")];
  const result = forecastAll(plan, [fs(1, 2), fs(2, 3)], EARLY);

  it("moves the milestone's forecast end, and its slip is its own", () => {
    expect(result.get(1)).toMatchObject({ end: "2027-02-10", slipDays: 10, ownSlipDays: 10, causeId: null });
  });

  it("moves its successors, whose slip is inherited and names it as the cause, down the chain", () => {
    expect(result.get(2)).toMatchObject({ start: "2027-02-11", slipDays: 10, ownSlipDays: 0, causeId: 1 });
    expect(result.get(3)).toMatchObject({ slipDays: 10, ownSlipDays: 0, causeId: 1 });
  });

  it("never ends a milestone earlier than planned duration allows (an earlier expected finish is ignored)", () => {
    const early = forecastAll([ms(1, "2027-01-01", "2027-01-31", { expectedEnd: "2027-01-10" })], [], EARLY);
    expect(early.get(1)).toMatchObject({ end: "2027-01-31", slipDays: 0 });
  });

  it("splits a slip between what a milestone inherits and what it adds itself", () => {
    const both = forecastAll([ms(1, "2027-01-01", "2027-01-31", { expectedEnd: "2027-02-10" }), ms(2, "2027-02-01", "2027-02-28", { expectedEnd: "2027-03-20" })], [fs(1, 2)], EARLY);
    // Pushed 10 days by M1 (to 03-10), then its own expected finish adds 10 more.
    expect(both.get(2)).toMatchObject({ end: "2027-03-20", slipDays: 20, ownSlipDays: 10, causeId: 1 });
  });
});

describe("the cause of a slip stays with the milestone that causes it", () => {
  it("names the overdue milestone, not the successor that passes the slip on", () => {
    // M1 was due 11-10 and is not done: on 11-27 it ends today at the earliest (17 days late, its own).
    const result = forecastAll([ms(1, "2026-11-01", "2026-11-10", { status: "in_progress", actualStart: "2026-11-01" }), ms(2, "2026-11-11", "2026-11-20"), ms(3, "2026-11-21", "2026-12-10")], [fs(1, 2), fs(2, 3)], "2026-11-27");
    expect(result.get(1)).toMatchObject({ slipDays: 17, ownSlipDays: 17, causeId: null });
    expect(result.get(3)!.causeId).toBe(1);
    expect(result.get(3)!.ownSlipDays).toBe(0);
  });

  it("names the predecessor that drives the start when several push it", () => {
    const result = forecastAll(
      [ms(1, "2027-01-01", "2027-01-31", { expectedEnd: "2027-02-05" }), ms(2, "2027-01-01", "2027-01-31", { expectedEnd: "2027-02-15" }), ms(3, "2027-02-01", "2027-02-28")],
      [fs(1, 3), fs(2, 3)],
      EARLY,
    );
    expect(result.get(3)).toMatchObject({ causeId: 2, slipDays: 15, delayedBy: [1, 2] });
  });

  it("has no cause when nothing slips, and slack absorbs a small slip", () => {
    const result = forecastAll([ms(1, "2027-01-01", "2027-01-31", { expectedEnd: "2027-02-03" }), ms(2, "2027-02-10", "2027-02-28")], [fs(1, 2)], EARLY);
    expect(result.get(2)).toMatchObject({ slipDays: 0, causeId: null, ownSlipDays: 0 });
  });
});

// ─── The incremental recompute equals a full one ──────────────────────────────────────────────────

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed by its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Net = { milestones: Map<number, EngineMilestone>; dependencies: EngineDependency[] };

function randomNetwork(rand: () => number, n: number): Net {
  const milestones = new Map<number, EngineMilestone>();
  for (let id = 1; id <= n; id++) milestones.set(id, randomMilestone(rand, id));
  const dependencies: EngineDependency[] = [];
  const seen = new Set<string>();
  // Links only from a lower id to a higher one: acyclic by construction, as the plan editor keeps it.
  for (let k = 0; k < n * 1.5; k++) {
    const a = 1 + Math.floor(rand() * n);
    const b = 1 + Math.floor(rand() * n);
    if (a === b) continue;
    const [from, to] = a < b ? [a, b] : [b, a];
    if (seen.has(`${from}-${to}`)) continue;
    seen.add(`${from}-${to}`);
    dependencies.push({ predecessorId: from, successorId: to, lagDays: Math.floor(rand() * 21) - 10, type: rand() < 0.3 ? "SS" : "FS" });
  }
  return { milestones, dependencies };
}

function randomMilestone(rand: () => number, id: number): EngineMilestone {
  const start = addDays("2026-10-01", Math.floor(rand() * 200));
  const end = addDays(start, Math.floor(rand() * 60));
  const roll = rand();
  if (roll < 0.2) return ms(id, start, end, { status: "done", actualStart: start, actualEnd: addDays(end, Math.floor(rand() * 20) - 5) });
  if (roll < 0.4) return ms(id, start, end, { status: "in_progress", actualStart: addDays(start, Math.floor(rand() * 10)) });
  return ms(id, start, end, { expectedEnd: rand() < 0.2 ? addDays(end, Math.floor(rand() * 30)) : null });
}

/** One random change to the network; returns the seeds a writer would pass (what it changed). */
function randomEdit(rand: () => number, net: Net): number[] {
  const ids = [...net.milestones.keys()];
  const pick = () => ids[Math.floor(rand() * ids.length)];
  const roll = rand();
  if (roll < 0.35) {
    const id = pick();
    const fresh = randomMilestone(rand, id);
    net.milestones.set(id, fresh);
    return [id];
  }
  if (roll < 0.5) {
    const id = pick();
    const m = net.milestones.get(id)!;
    net.milestones.set(id, { ...m, expectedEnd: rand() < 0.3 ? null : addDays(m.plannedEnd, Math.floor(rand() * 40)) });
    return [id];
  }
  if (roll < 0.65) {
    const a = pick();
    const b = pick();
    if (a === b) return [];
    const [from, to] = a < b ? [a, b] : [b, a];
    if (net.dependencies.some((d) => d.predecessorId === from && d.successorId === to)) return [];
    net.dependencies.push({ predecessorId: from, successorId: to, lagDays: Math.floor(rand() * 21) - 10, type: rand() < 0.5 ? "SS" : "FS" });
    return [to];
  }
  if (roll < 0.8 && net.dependencies.length > 0) {
    const [removed] = net.dependencies.splice(Math.floor(rand() * net.dependencies.length), 1);
    return [removed.successorId];
  }
  if (roll < 0.9) {
    // Retire a milestone: it leaves the network, its successors are the seeds.
    const id = pick();
    if (net.milestones.size <= 2) return [];
    const successors = net.dependencies.filter((d) => d.predecessorId === id).map((d) => d.successorId);
    net.milestones.delete(id);
    ids.splice(ids.indexOf(id), 1);
    return successors;
  }
  // Add a milestone after some existing one.
  const id = Math.max(...ids) + 1;
  net.milestones.set(id, randomMilestone(rand, id));
  const from = pick();
  net.dependencies.push({ predecessorId: from, successorId: id, lagDays: 0, type: "FS" });
  return [id];
}

function access(net: Net, stored: Map<number, Forecast>) {
  const predecessors = new Map<number, EngineDependency[]>();
  const successors = new Map<number, number[]>();
  for (const d of net.dependencies) {
    if (!net.milestones.has(d.predecessorId) || !net.milestones.has(d.successorId)) continue;
    (predecessors.get(d.successorId) ?? predecessors.set(d.successorId, []).get(d.successorId)!).push(d);
    (successors.get(d.predecessorId) ?? successors.set(d.predecessorId, []).get(d.predecessorId)!).push(d.successorId);
  }
  return {
    milestone: (id: number) => net.milestones.get(id),
    predecessors: (id: number) => predecessors.get(id) ?? [],
    successors: (id: number) => successors.get(id) ?? [],
    stored: (id: number) => stored.get(id),
  };
}

describe("recomputeForecasts (incremental)", () => {
  it("equals a full recompute after every one of many random edits, and after days pass", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = random(seed);
      const net = randomNetwork(rand, 40);
      let today = "2026-11-01";
      let stored = forecastAll([...net.milestones.values()], net.dependencies, today);
      for (let step = 0; step < 25; step++) {
        let seeds: number[];
        if (rand() < 0.15) {
          // A new day: the writer passes no seeds; the milestones the date moves are found from the stored forecasts.
          today = addDays(today, 1 + Math.floor(rand() * 20));
          seeds = movedByToday(
            [...stored].map(([id, f]) => {
              const m = net.milestones.get(id)!;
              return { id, done: m.status === "done", started: m.actualStart !== null, start: f.start, end: f.end };
            }),
            today,
          );
        } else seeds = randomEdit(rand, net);
        for (const id of [...stored.keys()]) if (!net.milestones.has(id)) stored.delete(id);
        const result = recomputeForecasts(seeds, access(net, stored), today);
        expect(result.ok, `seed ${seed} step ${step}`).toBe(true);
        if (!result.ok) return;
        const next = new Map(stored);
        for (const [id, f] of result.changed) next.set(id, f);
        const full = forecastAll([...net.milestones.values()], net.dependencies, today);
        expect(Object.fromEntries(next), `seed ${seed} step ${step}`).toEqual(Object.fromEntries(full));
        stored = next;
      }
    }
  });

  it("recomputes only what the change can reach, and stops where nothing moved", () => {
    // Two independent chains of 50; a change at the head of one never touches the other.
    const milestones: EngineMilestone[] = [];
    const dependencies: EngineDependency[] = [];
    for (let i = 0; i < 100; i++) {
      const start = addDays("2027-01-01", (i % 50) * 10);
      milestones.push(ms(i + 1, start, addDays(start, 9)));
      if (i % 50 !== 0) dependencies.push(fs(i, i + 1));
    }
    const net: Net = { milestones: new Map(milestones.map((m) => [m.id, m])), dependencies };
    const stored = forecastAll(milestones, dependencies, EARLY);
    net.milestones.set(1, { ...net.milestones.get(1)!, expectedEnd: "2027-01-15" });
    const moved = recomputeForecasts([1], access(net, stored), EARLY);
    expect(moved.ok && moved.reached).toBe(50);
    expect(moved.ok && moved.changed.size).toBe(50);
    // A change that moves nothing (a note, say) recomputes the seed alone.
    const still = recomputeForecasts([60], access(net, stored), EARLY);
    expect(still.ok && still.recomputed).toBe(1);
    expect(still.ok && still.changed.size).toBe(0);
  });

  it("reports a cycle instead of looping, so the caller recomputes all", () => {
    const net: Net = { milestones: new Map([1, 2, 3].map((id) => [id, ms(id, "2027-01-01", "2027-01-10")])), dependencies: [fs(1, 2), fs(2, 3), fs(3, 2)] };
    const stored = new Map<number, Forecast>();
    expect(recomputeForecasts([1], access(net, stored), EARLY)).toEqual({ ok: false, reason: "cycle" });
  });
});

describe("movedByToday", () => {
  it("picks the unfinished milestones whose forecast start (not started) or end lies before today", () => {
    const rows = [
      { id: 1, done: false, started: false, start: "2026-11-20", end: "2026-12-20" },
      { id: 2, done: false, started: true, start: "2026-11-20", end: "2026-12-20" },
      { id: 3, done: false, started: true, start: "2026-11-01", end: "2026-11-26" },
      { id: 4, done: true, started: true, start: "2026-11-01", end: "2026-11-10" },
      { id: 5, done: false, started: false, start: "2026-11-27", end: "2026-12-20" },
    ];
    expect(movedByToday(rows, "2026-11-27")).toEqual([1, 3]);
  });
});
