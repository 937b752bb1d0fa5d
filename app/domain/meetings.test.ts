import { describe, expect, it } from "vitest";
import { addDays } from "~/utils/dates";
import { buildAgenda, meetingInstant, parseDetail, rotationChair, upcomingDates, type AgendaInput, type AgendaMilestone } from "./meetings";
import { forecastAll } from "./schedule/forecast";
import { rosterSchema } from "./meetings-forms.server";

describe("meeting dates", () => {
  it("finds the coming Tuesdays from any day, the day itself included", () => {
    expect(upcomingDates(2, "2026-11-27", 3)).toEqual(["2026-12-01", "2026-12-08", "2026-12-15"]); // a Friday
    expect(upcomingDates(2, "2026-12-01", 1)).toEqual(["2026-12-01"]); // a Tuesday
    expect(upcomingDates(1, "2026-12-28", 2)).toEqual(["2026-12-28", "2027-01-04"]); // across the year
  });

  it("puts 09:00 Shanghai at 01:00 UTC", () => {
    expect(meetingInstant("2026-12-01", "09:00").toISOString()).toBe("2026-12-01T01:00:00.000Z");
    expect(meetingInstant("2026-12-01", "07:30").toISOString()).toBe("2026-11-30T23:30:00.000Z");
  });
});

describe("chair rotation", () => {
  const roster = ["GM", "PM", "CE"];
  it("rotates through the roster week by week from the series start", () => {
    expect(["2026-11-17", "2026-11-24", "2026-12-01", "2026-12-08", "2026-12-15"].map((d) => rotationChair(roster, "2026-11-17", d))).toEqual(["GM", "PM", "CE", "GM", "PM"]);
  });
  it("handles dates before the series start and an empty roster", () => {
    expect(rotationChair(roster, "2026-11-17", "2026-11-10")).toBe("CE");
    expect(rotationChair([], "2026-11-17", "2026-11-24")).toBeNull();
  });
  it("refuses a roster naming someone twice", () => {
    expect(rosterSchema.safeParse({ seat0: "1", seat1: "2", seat2: "1" }).success).toBe(false);
    expect(rosterSchema.safeParse({ seat0: "", seat1: "" }).success).toBe(false);
    expect(rosterSchema.parse({ seat0: "3", seat1: "", seat2: "1", seat3: "2" }).people).toEqual([3, 1, 2]);
  });
});

const NO_GAP: AgendaInput["cashflow"] = { firstGap: null, peak: null, expectedFirstGap: null };

function input(overrides: Partial<AgendaInput> = {}): AgendaInput {
  return { meetingDate: "2026-12-01", previousMeetingDate: "2026-11-24", openActions: [], milestones: [], budgetLines: [], refusals: [], cashflow: NO_GAP, sales: [], manual: [], ...overrides };
}

describe("the agenda rules", () => {
  it("lists every open action item, overdue, due this week or later", () => {
    const items = buildAgenda(input({
      openActions: [
        { id: 3, title: "later", dueOn: "2026-12-20", department: "工程部", departmentEn: "Eng", owner: "张伟", ownerEn: "Zhang" },
        { id: 1, title: "late", dueOn: "2026-11-30", department: "办公室", departmentEn: "Office", owner: "刘芳", ownerEn: "Liu" },
        { id: 2, title: "this week", dueOn: "2026-12-05", department: "财务部", departmentEn: "Fin", owner: "赵丽", ownerEn: "Zhao" },
      ],
    }));
    expect(items.map((i) => [i.refId, parseDetail(i.detail).state])).toEqual([[1, "overdue"], [2, "due"], [3, "open"]]);
    expect(items.every((i) => i.source === "action_item")).toBe(true);
  });

  it("takes milestones overdue, slipping or due within 14 days of the meeting, and no others", () => {
    const m = (id: number, plannedEnd: string, slipDays: number, status: AgendaMilestone["status"] = "in_progress"): AgendaMilestone =>
      ({ id, code: `M${id}`, name: "n", nameEn: "n", status, plannedEnd, forecastEnd: slipDays ? addDays(plannedEnd, slipDays) : plannedEnd < "2026-12-01" ? "2026-12-01" : plannedEnd, slipDays });
    const items = buildAgenda(input({
      milestones: [m(1, "2026-11-30", 1), m(2, "2027-03-01", 10), m(3, "2026-12-15", 0), m(4, "2026-12-16", 0), m(5, "2026-11-01", 0, "done")],
    }));
    expect(items.map((i) => [i.refId, parseDetail(i.detail).state])).toEqual([[1, "overdue"], [2, "slipping"], [3, "due_soon"]]);
  });

  it("takes its flags and days from one date: overdue is never 0 days late", () => {
    // The forecast as of today (27 Nov) says on plan; the meeting a week after the planned end judges
    // the same milestone overdue, and late by the days since its planned end.
    const m: AgendaMilestone = { id: 1, code: "M01", name: "规划审批", nameEn: "Plan approval", status: "in_progress", plannedEnd: "2026-12-04", forecastEnd: "2026-12-04", slipDays: 0 };
    const [item] = buildAgenda(input({ meetingDate: "2026-12-08", milestones: [m] }));
    const facts = parseDetail(item.detail);
    expect(facts).toMatchObject({ state: "overdue", slipDays: "4", forecastEnd: "2026-12-08" });
    // As of its own date (the meeting's), the forecast engine agrees.
    const network = [{ id: 1, plannedStart: "2026-11-11", plannedEnd: "2026-12-04", actualStart: "2026-11-11", actualEnd: null, status: "in_progress" as const }];
    const f = forecastAll(network, [], "2026-12-08").get(1)!;
    const [judged] = buildAgenda(input({ meetingDate: "2026-12-08", milestones: [{ ...m, forecastEnd: f.end, slipDays: f.slipDays }] }));
    expect(judged.detail).toBe(item.detail);
    for (const i of buildAgenda(input({ meetingDate: "2026-12-08", milestones: [m, { ...m, id: 2, code: "M02", plannedEnd: "2026-12-01" }] }))) {
      const d = parseDetail(i.detail);
      if (d.state === "overdue") expect(Number(d.slipDays)).toBeGreaterThan(0);
    }
  });

  it("names the milestone that moves a successor, and lists that one with its own slip and reason", () => {
    const cause: AgendaMilestone = { id: 5, code: "M05", name: "选址意见书", nameEn: "Site selection", status: "in_progress", plannedEnd: "2027-01-22", forecastEnd: "2027-01-31", slipDays: 9, ownSlipDays: 9, cause: null, expectedEnd: "2027-01-31", expectedReason: "规划局补件" };
    const moved: AgendaMilestone = { id: 10, code: "M10", name: "核准", nameEn: "Approval", status: "not_started", plannedEnd: "2027-02-26", forecastEnd: "2027-03-07", slipDays: 9, ownSlipDays: 0, cause: { id: 5, code: "M05" } };
    const items = buildAgenda(input({ meetingDate: "2027-01-05", milestones: [cause, moved] }));
    expect(items.map((i) => i.title)).toEqual(["M05 选址意见书：自身延误 9 天（原因：规划局补件）", "M10 核准：受 M05 影响延误 9 天"]);
    expect(items[1].titleEn).toBe("M10 Approval: slips 9 days, moved by M05");
    expect(items[0].titleEn).toBe("M05 Site selection: own slip 9 days (reason: 规划局补件)");
    expect(parseDetail(items[1].detail)).toMatchObject({ state: "slipping", slipDays: "9", cause: "M05" });
    expect(parseDetail(items[0].detail)).toMatchObject({ state: "slipping", ownSlipDays: "9", expectedEnd: "2027-01-31" });
    // A cause already done (it finished late) is still listed, as done.
    const done = buildAgenda(input({ meetingDate: "2027-01-05", milestones: [{ ...cause, status: "done", forecastEnd: "2027-01-31" }, moved] }));
    expect(done.map((i) => [i.refId, parseDetail(i.detail).state])).toEqual([[5, "done"], [10, "slipping"]]);
  });

  it("gives one refusal item per cost account, naming the account, when refusals are grouped by account", () => {
    const items = buildAgenda(input({
      refusals: [
        { lineId: 1, lineCode: "COM", lineName: "商业", lineNameEn: "Podium", accountId: 7, accountCode: "COM.02.04", accountName: "幕墙工程", accountNameEn: "Curtain wall", count: 47, largestFen: 150_000_001n, headroomFen: 150_000_000n, latestOn: "2026-11-25" },
        { lineId: 1, lineCode: "COM", lineName: "商业", lineNameEn: "Podium", accountId: 8, accountCode: "COM.01.02", accountName: "报批报建费", accountNameEn: "", count: 1, largestFen: 10n, headroomFen: 5n, latestOn: "2026-11-24" },
      ],
    }));
    const refusals = items.filter((i) => i.refType === "PaymentRefusals");
    expect(refusals.map((i) => i.title)).toEqual(["支付超出可用额度被拒 47 笔：COM 商业 · COM.02.04 幕墙工程", "支付超出可用额度被拒 1 笔：COM 商业 · COM.01.02 报批报建费"]);
    expect(refusals[1].titleEn).toBe("1 payment refused for lack of room: COM Podium · COM.01.02 报批报建费");
    expect(parseDetail(refusals[0].detail)).toMatchObject({ count: "47", largestFen: "150000001", headroomFen: "150000000", accountId: "7" });
  });

  it("raises budget lines past 90 % and payments refused since the previous meeting", () => {
    const items = buildAgenda(input({
      budgetLines: [
        { id: 1, code: "A", name: "a", nameEn: "a", usedBps: 9000, overNinetyPercent: true, headroomFen: 5n },
        { id: 2, code: "B", name: "b", nameEn: "b", usedBps: 8999, overNinetyPercent: false, headroomFen: 5n },
      ],
      refusals: [
        { lineId: 1, lineCode: "A", lineName: "a", lineNameEn: "a", count: 12, largestFen: 1_000_001n, headroomFen: 1_000_000n, latestOn: "2026-11-25" },
        { lineId: 2, lineCode: "B", lineName: "b", lineNameEn: "b", count: 1, largestFen: 10n, headroomFen: 5n, latestOn: "2026-11-24" },
      ],
    }));
    expect(items.map((i) => [i.refType, i.refId])).toEqual([["BudgetLine", 1], ["PaymentRefusals", 1], ["PaymentRefusals", 2]]);
    expect(items[1].title).toBe("超预算支付被拒 12 笔：A a");
    expect(items[2].titleEn).toBe("1 payment refused for lack of budget: B b");
    expect(parseDetail(items[1].detail)).toEqual({ count: "12", largestFen: "1000001", headroomFen: "1000000", latestOn: "2026-11-25", lineId: "1" });
  });

  it("raises a part over its target, or holding a leaf over its own, naming the red leaves (issue 13)", () => {
    const W = (wan: number) => BigInt(wan) * 1_000_000n;
    const dynamic = (level: "ok" | "amber" | "red", varianceWan: number) => ({ dynamicFen: W(1000 + varianceWan), targetFen: W(1000), varianceFen: W(varianceWan), level });
    const leaf = (code: string, name: string, nameEn: string, level: "ok" | "amber" | "red", varianceWan: number) => ({ code, name, nameEn, leaf: true, level, varianceFen: W(varianceWan) });
    const base = { usedBps: 1000, overNinetyPercent: false, headroomFen: 5n };
    const items = buildAgenda(input({
      budgetLines: [
        // Red, with two red leaves (and a red first-level account, which is not repeated).
        { id: 1, code: "APT", name: "公寓", nameEn: "Tower", ...base, dynamic: dynamic("red", 432), accountAlerts: [{ ...leaf("APT.02", "建筑安装工程费", "Construction", "red", 480), leaf: false }, leaf("APT.02.03", "装饰装修", "Finishes", "red", 400), leaf("APT.01.01", "设计费", "Design", "red", 32)] },
        // Amber while one leaf is red.
        { id: 2, code: "FND", name: "基础", nameEn: "Foundation", ...base, dynamic: dynamic("amber", -280), accountAlerts: [leaf("FND.02.01", "桩基工程", "Piles", "red", 100), leaf("FND.03.01", "监理费", "Supervision", "amber", -10)] },
        // Amber leaves only: nothing to raise.
        { id: 3, code: "COM", name: "商业", nameEn: "Podium", ...base, dynamic: dynamic("amber", -10), accountAlerts: [leaf("COM.02.02", "机电安装", "Services", "amber", -100)] },
      ],
    }));
    expect(items.map((i) => [i.refType, i.refId])).toEqual([["DynamicCost", 1], ["DynamicCost", 2]]);
    expect(items[0].title).toBe("APT 公寓 动态成本超目标成本：APT.02.03 装饰装修 超目标 400.00万元；APT.01.01 设计费 超目标 32.00万元");
    expect(items[0].titleEn).toBe("APT Tower: dynamic cost over its target: APT.02.03 Finishes over target by ¥4.00M; APT.01.01 Design over target by ¥0.32M");
    expect(parseDetail(items[0].detail)).toMatchObject({ varianceFen: String(W(432)), redAccounts: "APT.02.03,APT.01.01" });
    expect(items[1].title).toBe("FND 基础 有科目超目标成本：FND.02.01 桩基工程 超目标 100.00万元");
  });

  it("raises one funding item from the secured-only cash flow: its first gap and peak, the expected first gap beside them", () => {
    const cashflow = { firstGap: { month: "2027-10", gapFen: 1_866_486_132n }, peak: { month: "2029-11", gapFen: 39_974_750_000n }, expectedFirstGap: { month: "2027-12", gapFen: 2_564_219_470n } };
    const items = buildAgenda(input({ cashflow }));
    expect(items).toHaveLength(1);
    expect(items[0].title).toBe("资金缺口（仅计已落实资金）：2027年10月起，峰值2029年11月");
    expect(items[0].titleEn).toBe("Funding gap (secured money only): from Oct 2027, peak in Nov 2029");
    expect(parseDetail(items[0].detail)).toEqual({ month: "2027-10", gapFen: "1866486132", peakMonth: "2029-11", peakFen: "39974750000", expectedMonth: "2027-12" });
    // No gap in the secured scenario: nothing to raise, whatever the expected one says.
    expect(buildAgenda(input({ cashflow: { ...NO_GAP, expectedFirstGap: cashflow.expectedFirstGap } }))).toHaveLength(0);
    // A gap whose peak is behind the meeting is history, not an agenda item.
    expect(buildAgenda(input({ meetingDate: "2030-01-07", cashflow }))).toHaveLength(0);
  });

  it("names products behind their target to date, and not those on or ahead", () => {
    const items = buildAgenda(input({ sales: [
      { product: "internal_subscription", productName: "内部认购", productNameEn: "Sub", targetToDateFen: 100n, achievedToDateFen: 40n },
      { product: "commercial_lease", productName: "招商", productNameEn: "Lease", targetToDateFen: 100n, achievedToDateFen: 100n },
    ] }));
    expect(items).toHaveLength(1);
    expect(parseDetail(items[0].detail)).toMatchObject({ product: "internal_subscription", gapFen: "60" });
  });

  it("ends with the items added by hand, in the order of the rules", () => {
    const items = buildAgenda(input({
      manual: [{ id: 9, title: "安全生产检查", titleEn: "", detail: "" }],
      cashflow: { firstGap: { month: "2026-12", gapFen: 1n }, peak: { month: "2026-12", gapFen: 1n }, expectedFirstGap: null },
      openActions: [{ id: 1, title: "a", dueOn: "2026-12-01", department: "", departmentEn: "", owner: "", ownerEn: "" }],
    }));
    expect(items.map((i) => i.source)).toEqual(["action_item", "funding", "manual"]);
    expect(items[2].titleEn).toBe("安全生产检查");
  });
});
