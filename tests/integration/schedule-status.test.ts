// One status for a milestone everywhere (issue 16): the overview counts the same health categories as
// /milestones, an agenda judges its schedule items as of the meeting's date, and a slip on the 关键路径
// is told on the overview (does it move the end?) and on the agenda (which milestone moves which).
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { parseDetail } from "~/domain/meetings";
import { scheduleView } from "~/models/milestones.server";
import { loader as dashboardLoader } from "~/routes/_index";
import { loader as meetingLoader } from "~/routes/meetings.$date";
import { loader as listLoader } from "~/routes/milestones._index";
import { addDays, civilToDate, today } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";
import { callLoader } from "../helpers/requests";

type AgendaItem = { refType: string; refId: number | null; title: string; titleEn: string; detail: string };
type Dashboard = Awaited<ReturnType<typeof dashboardLoader>>;

const dashboard = async () => (await callLoader(dashboardLoader, "/", { as: "exec" })) as Dashboard;
const agenda = async (date: string) => ((await callLoader(meetingLoader, `/meetings/${date}`, { as: "exec", params: { date } })) as { agenda: AgendaItem[] }).agenda.filter((i) => i.refType === "Milestone");
const item = (items: AgendaItem[], code: string) => items.find((i) => i.title.startsWith(`${code} `));

let projectId: number;
beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
});

describe("one status vocabulary", () => {
  it("counts on the overview what /milestones counts, in the same health categories", async () => {
    const list = (await callLoader(listLoader, "/milestones", { as: "exec" })) as { counts: Record<string, number> };
    const d = await dashboard();
    const healths = ["done", "due_soon", "in_progress", "overdue", "slipping", "upcoming"];
    expect(Object.keys(d.counts).sort()).toEqual(healths);
    expect(d.counts).toEqual(Object.fromEntries(healths.map((h) => [h, list.counts[h]])));
    expect(Object.values(d.counts).reduce((a, b) => a + b, 0)).toBe(list.counts.total);
  });

  it("judges a meeting a week ahead as of its date: overdue there, never 0 days late", async () => {
    const now = today();
    expect(now).toBe("2026-11-27");
    // M01 (plan approval) was due on 4 December; its approval is expected on 11 December: slipping
    // today, overdue at the 8 December meeting, late by the same 7 days.
    const view = await scheduleView(projectId, now);
    expect(view.rows.find((r) => r.code === "M01")).toMatchObject({ health: "slipping", slipDays: 7 });
    const items = await agenda("2026-12-08");
    const m01 = parseDetail(item(items, "M01")!.detail);
    expect(m01).toMatchObject({ state: "overdue", plannedEnd: "2026-12-04", forecastEnd: "2026-12-11", slipDays: "7", ownSlipDays: "7" });
    // Its successor M02 moves with it, and the agenda says by whom; M01 comes with its own slip and reason.
    const m02 = item(items, "M02")!;
    expect(m02.title).toMatch(/^M02 .+：受 M01 影响延误 5 天$/);
    expect(m02.titleEn).toMatch(/: slips 5 days, moved by M01$/);
    expect(parseDetail(m02.detail)).toMatchObject({ state: "slipping", slipDays: "5", cause: "M01" });
    expect(item(items, "M01")!.title).toMatch(/：自身延误 7 天（原因：局务会改期.+）$/);
    for (const i of items) {
      const facts = parseDetail(i.detail);
      if (facts.state === "overdue") expect(Number(facts.slipDays)).toBeGreaterThan(0);
      // Every item's flag is judged as of the meeting's date.
      if (facts.state === "overdue") expect(facts.plannedEnd < "2026-12-08").toBe(true);
      else expect(facts.plannedEnd >= "2026-12-08").toBe(true);
    }
    // The meeting of 1 December, before M01's planned end, does not call it overdue.
    expect(parseDetail(item(await agenda("2026-12-01"), "M01")!.detail)).toMatchObject({ state: "slipping", slipDays: "7" });
  });

  it("says the end is on plan while no critical milestone slips", async () => {
    const d = await dashboard();
    expect(d.end).not.toBeNull();
    expect(d.end!.slipDays).toBe(0);
    expect(d.end!.forecastEnd).toBe(d.end!.plannedEnd);
    expect(d.criticalSlipping).toEqual([]);
  });

  it("names the end's new forecast and its cause once a critical milestone records an expected finish", async () => {
    const before = await scheduleView(projectId, today());
    const end = before.end!;
    // A critical milestone not yet done, ahead of the end: recorded 9 days late, by a direct write.
    const critical = before.rows.find((r) => r.critical && r.status !== "done" && r.id !== end.id && r.floatDays === 0 && r.plannedStart > "2027-01-01")!;
    expect(critical).toBeDefined();
    const successor = before.rows.find((r) => r.predecessors.some((p) => p.id === critical.id) && r.critical)!;
    expect(successor).toBeDefined();
    await prisma.milestone.update({
      where: { id: critical.id },
      data: { expectedEnd: civilToDate(addDays(critical.plannedEnd, 9)), expectedReason: "桩基检测不合格返工" },
    });

    const d = await dashboard();
    expect(d.end!.slipDays).toBe(9);
    expect(d.end!.forecastEnd).toBe(addDays(end.plannedEnd, 9));
    expect(d.end!.cause).toMatchObject({ code: critical.code, ownSlipDays: 9, reason: "桩基检测不合格返工" });
    expect(d.criticalSlipping.length).toBeGreaterThan(0);
    expect(d.criticalSlipping.length).toBeLessThanOrEqual(3);
    expect(d.criticalSlipping[0]).toMatchObject({ code: critical.code, slipDays: 9, cause: null });
    expect(d.criticalSlipping.slice(1).every((r) => r.cause === critical.code)).toBe(true);

    // The agenda names the cause of the moved successor, and lists the cause with its own slip and reason.
    const items = await agenda("2026-12-01");
    const moved = item(items, successor.code)!;
    expect(moved.title).toContain(`受 ${critical.code} 影响延误 9 天`);
    expect(parseDetail(moved.detail)).toMatchObject({ state: "slipping", cause: critical.code });
    const cause = item(items, critical.code)!;
    expect(cause.title).toContain("自身延误 9 天（原因：桩基检测不合格返工）");
    expect(parseDetail(cause.detail)).toMatchObject({ ownSlipDays: "9", expectedEnd: addDays(critical.plannedEnd, 9) });
  });
});
