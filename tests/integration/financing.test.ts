// The financing pages' loaders and actions against a fresh SQLite file holding the reference project
// (today pinned to 2026-11-27): channels and the funding gap, drawdowns that move with the milestones
// they wait for, facilities and drawdowns written by finance, sales receipts keyed once, the export.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { loader as exportLoader } from "~/routes/financing.export[.]xlsx";
import { action as facilityAction, loader as facilityLoader } from "~/routes/financing.facilities.$id";
import { action as indexAction, loader as indexLoader } from "~/routes/financing._index";
import { action as milestoneAction } from "~/routes/milestones.$id";
import { addDays, civilToDate } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";
import { milestoneForm } from "../helpers/factories";
import { callAction, callLoader, payload } from "../helpers/requests";
import { download as downloadExport, workbookOf, type DownloadOptions } from "../helpers/workbooks";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** 万元 → 分, as the loaders send it (a decimal string). */
const W = (wan: number) => String(BigInt(Math.round(wan * 100)) * 10_000n);

let projectId: number;
let channelId: Record<string, number>;
let milestoneId: Record<string, number>;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  channelId = Object.fromEntries((await prisma.financingChannel.findMany({ select: { id: true, kind: true } })).map((c) => [c.kind, c.id]));
  milestoneId = Object.fromEntries((await prisma.milestone.findMany({ select: { id: true, code: true } })).map((m) => [m.code, m.id]));
});

type View = Exclude<Awaited<ReturnType<typeof indexLoader>>, Response>;
type Errors = { errors: Record<string, string | { message: string; vars?: Record<string, string> }>; values: Record<string, string> };

async function view(as = "exec"): Promise<View> {
  const result = await callLoader(indexLoader, "/financing", { as });
  if (result instanceof Response) throw new Error(`loader answered ${result.status}`);
  return result;
}
const channelOf = (v: View, kind: string) => v.channels.find((c) => c.kind === kind)!;
const facilityOf = (v: View, counterparty: string) => v.channels.flatMap((c) => c.facilities).find((f) => f.counterparty === counterparty)!;
const gapMonth = (v: View, month: string) => v.gap.find((m) => m.month === month)!;

const createFacility = (fields: Record<string, string>, as = "finance") => callAction(indexAction, "/financing", fields, { as });
const onFacility = (id: number, fields: Record<string, string>, as = "finance") => callAction(facilityAction, `/financing/facilities/${id}`, fields, { as, params: { id: String(id) } });
const facilityIdFrom = (response: Response) => Number(/^\/financing\/facilities\/(\d+)$/.exec(response.headers.get("Location") ?? "")![1]);

describe("the financing page", () => {
  it("shows the seven channels, the drawn 1000万 on group financing and the 2亿 start-up target", async () => {
    const v = await view();
    expect(v.channels.map((c) => [c.kind, c.name, c.targetFen])).toEqual([
      ["bank_trust", "银信融资", W(6000)],
      ["vendor", "厂商融资", W(2000)],
      ["social", "社会融资", W(2000)],
      ["group", "集团融资", W(5000)],
      ["presale", "产权预售", W(3000)],
      ["rent_prepay", "租金预付", W(1000)],
      ["internal_subscription", "内部认购", W(1000)],
    ]);
    expect(v.channelOptions).toHaveLength(7);
    expect(v.startup).toEqual({ targetFen: W(20000), year: 2027 });
    expect(channelOf(v, "group")).toMatchObject({ committedFen: W(5000), securedFen: W(5000), drawnFen: W(1000), salesFen: "0", expectedFen: W(4000) });
    // The bank is still negotiating: committed but not secured.
    expect(channelOf(v, "bank_trust")).toMatchObject({ committedFen: W(6000), securedFen: "0", drawnFen: "0", expectedFen: W(6000) });
    // The seed's 12 internal subscriptions (内部认购) hold a 5万 deposit each: 60万 received in that channel.
    expect(channelOf(v, "internal_subscription")).toMatchObject({ committedFen: "0", drawnFen: W(60), salesFen: W(60) });
    expect(v.totals).toEqual({ targetFen: W(20000), committedFen: W(15000), securedFen: W(5000), drawnFen: W(1060), expectedFen: W(14000), expectedInYearFen: W(15060) });

    const group = facilityOf(v, "集团财务公司");
    expect(group.status).toBe("drawing");
    expect(group.drawdowns[0]).toMatchObject({ plannedOn: "2026-11-10", actualOn: "2026-11-12", actualFen: W(1000), forecast: { on: "2026-11-12", amountFen: W(1000), drawn: true, flag: null } });
    const bank = facilityOf(v, "城市商业银行·信托计划");
    expect(bank.drawdowns.map((d) => [d.milestone?.code, d.forecast.on, d.forecast.flag])).toEqual([
      ["M19", "2027-06-01", null],
      ["M22", "2027-10-08", null],
    ]);
    expect(bank.flagged).toBe(false);
    // 5000万 × 4.5 % + 6000万 × 7.8 % + 2000万 × 0 % + 2000万 × 10 % over 1.5亿 = 5.95 %.
    expect(v.cost).toEqual({ averageRateBps: 595, annualInterestFen: W(893), feesFen: W(60) });
  });

  it("shows the funding gap of the secured-only cash flow to completion, not the fund-usage plan against every facility", async () => {
    const v = await view();
    expect(v.currentMonth).toBe("2026-11");
    // To completion: past Dec 2027 to the group loan's maturity (Nov 2029, after handover in Jun 2029).
    expect(v.gap[0].month).toBe("2026-11");
    expect(v.gap.at(-1)!.month).toBe("2029-11");
    // November: the payments made (240万 of design advances) against equity 6000万 + the drawn 1000万 + the
    // seed's 60万 of internal-subscription deposits…
    expect(gapMonth(v, "2026-11")).toMatchObject({ fundsFen: W(7060), shortFen: "0" });
    // …and this month's share of the remaining dynamic cost (the month is not over).
    expect(BigInt(gapMonth(v, "2026-11").spendFen)).toBeGreaterThan(BigInt(W(240)));
    // June 2027: only the group's 2000万 counts; the bank's 3000万 and the vendor's 2000万 are still negotiating.
    expect(gapMonth(v, "2027-06").fundsFen).toBe(W(2000));
    // Everything still to spend is spent by completion (paid + remaining dynamic cost ≈ 4.54亿, with interest and repayments).
    expect(BigInt(v.gap.at(-1)!.spendCumulativeFen)).toBeGreaterThan(45_000_000_000n);
    expect(v.securedSummary.firstGap).not.toBeNull();
    expect(v.securedSummary.firstGap!.month <= (v.expectedSummary.firstGap?.month ?? "9999-12")).toBe(true);
    expect(BigInt(v.securedSummary.peak!.gapFen)).toBeGreaterThanOrEqual(BigInt(v.expectedSummary.peak!.gapFen));
  });

  it("is readable by every signed-in role and not by visitors", async () => {
    for (const as of ["admin", "pm", "finance", "sales", "member"]) expect((await view(as)).channels).toHaveLength(7);
    const anonymous = (await callLoader(indexLoader, "/financing")) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("a slipped milestone", () => {
  const replan = async (code: string, plannedEnd: string, reason: string) =>
    callAction(milestoneAction, `/milestones/${milestoneId[code]}`, { ...(await milestoneForm(milestoneId[code])), plannedEnd, reason }, { as: "pm", params: { id: String(milestoneId[code]) } });

  it("moves the drawdowns waiting for it by its slip, and the gap with them", async () => {
    const before = await view();
    // The main-works tender (M17) runs two months longer: the construction permit M19 and the
    // contractor choice M20 that wait for it slip, and the foundation M22 after them.
    const saved = (await replan("M17", "2027-06-30", "招标文件补充，主体工程招标延期")) as Response;
    expect(saved.status).toBe(302);

    const after = await view();
    const bank = facilityOf(after, "城市商业银行·信托计划");
    const [permitLoan, foundationLoan] = bank.drawdowns;
    expect(permitLoan.milestone).toMatchObject({ code: "M19", forecastEnd: "2027-07-23", slipDays: 56 });
    expect(permitLoan.forecast).toEqual({ id: permitLoan.id, on: "2027-07-27", amountFen: W(3000), drawn: false, delayDays: 56, flag: "milestone_slip" });
    expect(permitLoan.forecast.on).toBe(addDays(permitLoan.plannedOn, permitLoan.milestone!.slipDays));
    expect(foundationLoan.milestone).toMatchObject({ code: "M22", slipDays: 38 });
    expect(foundationLoan.forecast).toMatchObject({ on: "2027-11-15", delayDays: 38, flag: "milestone_slip" });
    expect(bank.flagged).toBe(true);
    expect(facilityOf(after, "桩基及总包单位垫资").drawdowns[0].forecast).toMatchObject({ on: "2027-07-27", delayDays: 56, flag: "milestone_slip" });
    // The drawdown that waits for no milestone stays.
    expect(facilityOf(after, "集团财务公司").drawdowns.map((d) => d.forecast.on)).toEqual(["2026-11-12", "2027-02-26", "2027-06-15"]);

    // What the slip does to the cash flow (spending and drawdowns both move): cashflow.test.ts.

    // Back on plan, the drawdowns are back on their dates.
    expect(((await replan("M17", "2027-04-30", "恢复原计划")) as Response).status).toBe(302);
    const restored = await view();
    expect(facilityOf(restored, "城市商业银行·信托计划").drawdowns.map((d) => [d.forecast.on, d.forecast.flag])).toEqual([
      ["2027-06-01", null],
      ["2027-10-08", null],
    ]);
  });

  it("never expects the money before the milestone when the milestone itself is re-planned later", async () => {
    // M19 re-planned to end 15 July (no slip against its new plan): the loan planned for 1 June
    // cannot come before the permit.
    await prisma.milestone.update({ where: { id: milestoneId.M19 }, data: { plannedEnd: civilToDate("2027-07-15") } });
    try {
      const [permitLoan] = facilityOf(await view(), "城市商业银行·信托计划").drawdowns;
      expect(permitLoan.forecast).toMatchObject({ on: "2027-07-15", delayDays: 44, flag: "before_milestone" });
    } finally {
      await prisma.milestone.update({ where: { id: milestoneId.M19 }, data: { plannedEnd: civilToDate("2027-05-28") } });
    }
    expect(facilityOf(await view(), "城市商业银行·信托计划").drawdowns[0].forecast.on).toBe("2027-06-01");
  });
});

describe("facilities and drawdowns, written by finance", () => {
  let facilityId: number;

  it("creates a facility and goes to its page, with an audit record", async () => {
    const result = (await createFacility({
      channelId: String(channelId.social),
      counterparty: "  社会投资人B（定向）  ",
      committed: "1,000万",
      rate: "6.5",
      fees: "",
      termMonths: "18",
      conditions: "",
      status: "signed",
    })) as Response;
    expect(result.status).toBe(302);
    facilityId = facilityIdFrom(result);
    const row = await prisma.facility.findUniqueOrThrow({ where: { id: facilityId } });
    expect(row).toMatchObject({ channelId: channelId.social, counterparty: "社会投资人B（定向）", committedFen: 1_000_000_000n, rateBps: 650, feesFen: 0n, termMonths: 18, conditions: "", status: "signed", version: 1 });
    const finance = await prisma.user.findUniqueOrThrow({ where: { username: "finance" } });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Facility", entityId: facilityId } });
    expect(audit).toMatchObject({ userId: finance.id, area: "financing", action: "create" });
    expect(JSON.parse(audit.after!)).toMatchObject({ channel: "social", committedFen: W(1000), rateBps: 650 });
    // Its page shows it.
    const page = (await callLoader(facilityLoader, `/financing/facilities/${facilityId}`, { as: "exec", params: { id: String(facilityId) } })) as { facility: { counterparty: string; committedFen: string }; channel: { kind: string } };
    expect(page.facility).toMatchObject({ counterparty: "社会投资人B（定向）", committedFen: W(1000) });
    expect(page.channel.kind).toBe("social");
    // …and the channel counts it as committed and secured.
    expect(channelOf(await view(), "social")).toMatchObject({ committedFen: W(3000), securedFen: W(1000) });
  });

  it("refuses invalid fields with their errors, keeps what was typed and saves nothing", async () => {
    const facilities = await prisma.facility.count();
    const audits = await prisma.auditLog.count();
    const typed = { channelId: "abc", counterparty: " ", committed: "12.345", rate: "7.855", fees: "-1", termMonths: "十二", conditions: "保留的条件", status: "closed" };
    const result = payload<Errors>(await createFacility(typed));
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({
      channelId: "invalid_choice",
      counterparty: "required",
      committed: "invalid_amount",
      rate: "rate_format",
      fees: "amount_negative",
      termMonths: "term_format",
      status: "invalid_choice",
    });
    expect(result.data.values).toEqual({ ...typed, idempotencyKey: expect.any(String) });
    // A channel that does not exist is refused by the model, beside its field.
    const unknown = payload<Errors>(await createFacility({ channelId: "99999", counterparty: "某资金方", committed: "100", status: "negotiating" }));
    expect(unknown.status).toBe(400);
    expect(unknown.data.errors).toEqual({ channelId: "invalid_choice" });
    expect(unknown.data.values.counterparty).toBe("某资金方");
    expect(await prisma.facility.count()).toBe(facilities);
    expect(await prisma.auditLog.count()).toBe(audits);
  });

  it("plans drawdowns up to the commitment and refuses one beyond it, naming the room left", async () => {
    const planned = (await onFacility(facilityId, { intent: "drawdown", plannedOn: "2026-12-15", planned: "600万", milestoneId: "", note: "首期" })) as Response;
    expect(planned.status).toBe(302);
    expect(planned.headers.get("Location")).toBe(`/financing/facilities/${facilityId}?done=drawdown`);
    const drawdowns = await prisma.drawdown.count();
    const over = payload<Errors & { intent: string }>(await onFacility(facilityId, { intent: "drawdown", plannedOn: "2027-01-15", planned: "400.01万", milestoneId: String(milestoneId.M19), note: "二期" }));
    expect(over.status).toBe(400);
    expect(over.data.intent).toBe("drawdown");
    expect(over.data.errors).toEqual({ planned: { message: "over_facility", vars: { headroomFen: W(400) } } });
    expect(over.data.values).toMatchObject({ planned: "400.01万", plannedOn: "2027-01-15", note: "二期" });
    expect(await prisma.drawdown.count()).toBe(drawdowns);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Drawdown" }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.after!)).toMatchObject({ facilityId, planned: W(600), plannedOn: "2026-12-15" });
  });

  it("refuses a milestone that does not exist, beside its field", async () => {
    const drawdowns = await prisma.drawdown.count();
    for (const id of ["99999", "0"]) {
      const result = payload<Errors>(await onFacility(facilityId, { intent: "drawdown", plannedOn: "2027-01-15", planned: "1", milestoneId: id }));
      expect(result.status, id).toBe(400);
      expect(result.data.errors, id).toEqual({ milestoneId: "invalid_choice" });
    }
    expect(await prisma.drawdown.count()).toBe(drawdowns);
  });

  it("records the money received: the facility is then drawing, with an audit record", async () => {
    const drawdown = await prisma.drawdown.findFirstOrThrow({ where: { facilityId } });
    const before = await view();
    // Not in the future, and not more than the facility.
    const future = payload<Errors>(await onFacility(facilityId, { intent: "actual", drawdownId: String(drawdown.id), actualOn: "2026-11-28", actual: "600万" }));
    expect(future.status).toBe(400);
    expect(future.data.errors).toEqual({ actualOn: "not_in_future" });
    const tooMuch = payload<Errors>(await onFacility(facilityId, { intent: "actual", drawdownId: String(drawdown.id), actualOn: "2026-11-27", actual: "1000.01万" }));
    expect(tooMuch.data.errors).toEqual({ actual: { message: "over_facility", vars: { headroomFen: W(1000) } } });
    expect((await prisma.drawdown.findUniqueOrThrow({ where: { id: drawdown.id } })).actualOn).toBeNull();

    const recorded = (await onFacility(facilityId, { intent: "actual", drawdownId: String(drawdown.id), actualOn: "2026-11-26", actual: "599.5万" })) as Response;
    expect(recorded.status).toBe(302);
    expect(recorded.headers.get("Location")).toBe(`/financing/facilities/${facilityId}?done=actual`);
    expect(await prisma.drawdown.findUniqueOrThrow({ where: { id: drawdown.id } })).toMatchObject({ actualOn: civilToDate("2026-11-26"), actualFen: 599_500_000n, plannedFen: 600_000_000n });
    expect((await prisma.facility.findUniqueOrThrow({ where: { id: facilityId } })).status).toBe("drawing");
    const finance = await prisma.user.findUniqueOrThrow({ where: { username: "finance" } });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Drawdown", entityId: drawdown.id, action: "update" } });
    expect(audit).toMatchObject({ userId: finance.id, area: "financing" });
    expect(JSON.parse(audit.before!)).toEqual({ actualOn: null, actualFen: null });
    expect(JSON.parse(audit.after!)).toEqual({ actualOn: "2026-11-26", actualFen: "599500000" });

    const after = await view();
    expect(BigInt(channelOf(after, "social").drawnFen) - BigInt(channelOf(before, "social").drawnFen)).toBe(599_500_000n);
    expect(BigInt(after.totals.drawnFen) - BigInt(before.totals.drawnFen)).toBe(599_500_000n);
    expect(facilityOf(after, "社会投资人B（定向）")).toMatchObject({ status: "drawing", drawnFen: W(599.5), expectedFen: "0" });
    // The money moved from December (planned) to November (received).
    expect(BigInt(gapMonth(after, "2026-11").fundsFen) - BigInt(gapMonth(before, "2026-11").fundsFen)).toBe(599_500_000n);
    expect(BigInt(gapMonth(before, "2026-12").fundsFen) - BigInt(gapMonth(after, "2026-12").fundsFen)).toBe(600_000_000n);
  });

  it("moves only a signed or approved facility to drawing", async () => {
    const negotiating = facilityIdFrom((await createFacility({ channelId: String(channelId.vendor), counterparty: "洽谈中垫资方", committed: "100万", status: "negotiating" })) as Response);
    expect(((await onFacility(negotiating, { intent: "drawdown", plannedOn: "2026-11-20", planned: "10万" })) as Response).status).toBe(302);
    const drawdown = await prisma.drawdown.findFirstOrThrow({ where: { facilityId: negotiating } });
    expect(((await onFacility(negotiating, { intent: "actual", drawdownId: String(drawdown.id), actualOn: "2026-11-27", actual: "10万" })) as Response).status).toBe(302);
    expect((await prisma.facility.findUniqueOrThrow({ where: { id: negotiating } })).status).toBe("negotiating");

    const approved = facilityIdFrom((await createFacility({ channelId: String(channelId.vendor), counterparty: "已审批垫资方", committed: "100万", status: "approved" })) as Response);
    await onFacility(approved, { intent: "drawdown", plannedOn: "2026-11-20", planned: "10万" });
    const approvedDrawdown = await prisma.drawdown.findFirstOrThrow({ where: { facilityId: approved } });
    expect(((await onFacility(approved, { intent: "actual", drawdownId: String(approvedDrawdown.id), actualOn: "2026-11-27", actual: "10万" })) as Response).status).toBe(302);
    expect((await prisma.facility.findUniqueOrThrow({ where: { id: approved } })).status).toBe("drawing");
  });

  it("refuses recording the same drawdown twice, and changes nothing", async () => {
    const drawdown = await prisma.drawdown.findFirstOrThrow({ where: { facilityId } });
    const audits = await prisma.auditLog.count();
    const again = payload<Errors>(await onFacility(facilityId, { intent: "actual", drawdownId: String(drawdown.id), actualOn: "2026-11-27", actual: "1" }));
    expect(again.status).toBe(400);
    expect(again.data.errors).toEqual({ drawdownId: "already_drawn" });
    expect(await prisma.drawdown.findUniqueOrThrow({ where: { id: drawdown.id } })).toEqual(drawdown);
    expect(await prisma.auditLog.count()).toBe(audits);
  });

  it("lets only one of two simultaneous recordings of the same drawdown through", async () => {
    expect(((await onFacility(facilityId, { intent: "drawdown", plannedOn: "2026-12-20", planned: "100万" })) as Response).status).toBe(302);
    const drawdown = await prisma.drawdown.findFirstOrThrow({ where: { facilityId, actualOn: null } });
    const fields = { intent: "actual", drawdownId: String(drawdown.id), actualOn: "2026-11-27" };
    const results = await Promise.all([onFacility(facilityId, { ...fields, actual: "100万" }), onFacility(facilityId, { ...fields, actual: "99万" })]);
    expect(results.filter((r) => r instanceof Response && r.status === 302)).toHaveLength(1);
    expect(results.filter((r) => !(r instanceof Response)).map((r) => payload<Errors>(r).data.errors)).toEqual([{ drawdownId: "already_drawn" }]);
    expect(await prisma.auditLog.count({ where: { entity: "Drawdown", entityId: drawdown.id, action: "update" } })).toBe(1);
  });

  it("refuses an edit against a stale version with 409, keeps what was typed and changes nothing", async () => {
    const current = await prisma.facility.findUniqueOrThrow({ where: { id: facilityId } });
    const form = { intent: "facility", version: String(current.version), counterparty: current.counterparty, committed: "1200万", rate: "6.5", fees: "0", termMonths: "18", conditions: "", status: "drawing" };
    expect(((await onFacility(facilityId, { ...form, conditions: "第一次修改" })) as Response).status).toBe(302);
    const saved = await prisma.facility.findUniqueOrThrow({ where: { id: facilityId } });
    expect(saved).toMatchObject({ committedFen: 1_200_000_000n, conditions: "第一次修改", version: current.version + 1 });
    const audits = await prisma.auditLog.count();

    const stale = payload<Errors & { intent: string }>(await onFacility(facilityId, { ...form, committed: "2000万", conditions: "过期的修改" }));
    expect(stale.status).toBe(409);
    expect(stale.data.intent).toBe("facility");
    expect(stale.data.errors).toEqual({ form: { message: "stale", vars: { version: String(saved.version) } } });
    expect(stale.data.values).toMatchObject({ committed: "2000万", conditions: "过期的修改" });
    expect(await prisma.facility.findUniqueOrThrow({ where: { id: facilityId } })).toEqual(saved);
    expect(await prisma.auditLog.count()).toBe(audits);
  });

  it("does not let an edit opened before the money was recorded put the status back", async () => {
    const id = facilityIdFrom((await createFacility({ channelId: String(channelId.social), counterparty: "签约待提款方", committed: "100万", status: "signed" })) as Response);
    await onFacility(id, { intent: "drawdown", plannedOn: "2026-12-01", planned: "50万" });
    // Someone opens the edit form (version 1, signed)…
    const opened = await prisma.facility.findUniqueOrThrow({ where: { id } });
    const form = { intent: "facility", version: String(opened.version), counterparty: opened.counterparty, committed: "100万", rate: "0", fees: "0", termMonths: "0", conditions: "补充放款条件", status: opened.status };
    // …meanwhile the money comes in and the facility is drawing…
    const drawdown = await prisma.drawdown.findFirstOrThrow({ where: { facilityId: id } });
    expect(((await onFacility(id, { intent: "actual", drawdownId: String(drawdown.id), actualOn: "2026-11-27", actual: "50万" })) as Response).status).toBe(302);
    expect((await prisma.facility.findUniqueOrThrow({ where: { id } })).status).toBe("drawing");
    // …so the form's save is refused instead of quietly setting it back to "signed".
    expect(payload(await onFacility(id, form)).status).toBe(409);
    expect((await prisma.facility.findUniqueOrThrow({ where: { id } })).status).toBe("drawing");
  });

  it("refuses cutting the commitment below what is drawn and planned", async () => {
    const current = await prisma.facility.findUniqueOrThrow({ where: { id: facilityId } });
    // 599.5万 drawn + 100万 drawn = 699.5万.
    const result = payload<Errors>(await onFacility(facilityId, { intent: "facility", version: String(current.version), counterparty: current.counterparty, committed: "699.49万", rate: "6.5", status: "drawing" }));
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ committed: { message: "below_drawdowns", vars: { floorFen: W(699.5) } } });
    expect(await prisma.facility.findUniqueOrThrow({ where: { id: facilityId } })).toEqual(current);
  });

  it("adds a repayment, which is cash out in its month", async () => {
    const before = await view();
    const result = (await onFacility(facilityId, { intent: "repayment", dueOn: "2027-03-20", amount: "200万" })) as Response;
    expect(result.status).toBe(302);
    expect(await prisma.repayment.findFirstOrThrow({ where: { facilityId } })).toMatchObject({ dueOn: civilToDate("2027-03-20"), amountFen: 200_000_000n, paidOn: null });
    const after = await view();
    // A repayment is cash out in its month: 200万, less the interest it saves from its day (a few 千元).
    const outRise = BigInt(gapMonth(after, "2027-03").spendFen) - BigInt(gapMonth(before, "2027-03").spendFen);
    expect(outRise).toBeGreaterThan(190_000_000n);
    expect(outRise).toBeLessThanOrEqual(200_000_000n);
    const balanceFall = BigInt(gapMonth(before, "2027-12").balanceFen) - BigInt(gapMonth(after, "2027-12").balanceFen);
    expect(balanceFall).toBeGreaterThan(190_000_000n);
    expect(balanceFall).toBeLessThanOrEqual(200_000_000n);
  });

  it("answers 404 for a facility that does not exist", async () => {
    expect(await callLoader(facilityLoader, "/financing/facilities/99999", { as: "exec", params: { id: "99999" } })).toHaveProperty("status", 404);
    expect(await onFacility(99999, { intent: "repayment", dueOn: "2027-03-20", amount: "1" })).toHaveProperty("status", 404);
  });
});

describe("sales receipts", () => {
  it("flow into the pre-sale, internal subscription and rent prepayment channels, keyed once", async () => {
    const before = await view();
    const counts = { facilities: await prisma.facility.count(), drawdowns: await prisma.drawdown.count() };
    const sale = (product: string, unitNo: string, amountFen: bigint) =>
      prisma.saleRecord.create({ data: { projectId, product, unitNo, areaCsqm: 10_000, unitPriceFen: amountFen / 100n, amountFen, signedOn: civilToDate("2026-11-20") } });
    const apartment = await sale("apartment_presale", "A-1201", 3_000_000_00n);
    const shop = await sale("commercial_sale", "S-101", 5_000_000_00n);
    const employee = await sale("internal_subscription", "A-0802", 1_200_000_00n);
    const lease = await prisma.lease.create({
      data: { projectId, tenant: "某连锁超市", unitNo: "B1-01", areaCsqm: 200_000, monthlyRentFen: 10_000_000n, startOn: civilToDate("2027-12-01"), endOn: civilToDate("2032-11-30"), signedOn: civilToDate("2026-11-25"), prepaidRentFen: 60_000_000n },
    });
    await prisma.receipt.createMany({
      data: [
        { saleId: apartment.id, receivedOn: civilToDate("2026-11-20"), amountFen: 900_000_00n }, // 90万 down payment
        { saleId: shop.id, receivedOn: civilToDate("2026-10-30"), amountFen: 1_000_000_00n }, // 100万, before the plan: counted in November
        { saleId: employee.id, receivedOn: civilToDate("2026-11-25"), amountFen: 1_200_000_00n }, // 120万
        { leaseId: lease.id, receivedOn: civilToDate("2026-11-26"), amountFen: 60_000_000n }, // 60万 prepaid rent
      ],
    });

    const after = await view();
    const rise = (kind: string, key: "drawnFen" | "salesFen" | "expectedFen" | "committedFen") => BigInt(channelOf(after, kind)[key]) - BigInt(channelOf(before, kind)[key]);
    expect(rise("presale", "drawnFen")).toBe(1_900_000_00n);
    expect(channelOf(after, "presale").salesFen).toBe(W(190));
    expect(rise("internal_subscription", "drawnFen")).toBe(1_200_000_00n);
    expect(channelOf(after, "internal_subscription").salesFen).toBe(W(60 + 120)); // the seed's deposits and these
    expect(rise("rent_prepay", "drawnFen")).toBe(60_000_000n);
    expect(channelOf(after, "rent_prepay").salesFen).toBe(W(60));
    for (const kind of ["bank_trust", "vendor", "social", "group"]) expect(rise(kind, "drawnFen"), kind).toBe(0n);
    for (const kind of ["presale", "internal_subscription", "rent_prepay"]) {
      expect(rise(kind, "committedFen"), kind).toBe(0n);
      expect(rise(kind, "expectedFen"), kind).toBe(0n);
    }
    // Keyed once: counted once in the totals and the gap, and no financing record was made for them.
    expect(BigInt(after.totals.drawnFen) - BigInt(before.totals.drawnFen)).toBe(3_700_000_00n);
    expect(BigInt(after.totals.expectedInYearFen) - BigInt(before.totals.expectedInYearFen)).toBe(3_700_000_00n);
    // The gap counts pre-sale money through the escrow (预售资金监管, 3,000元/m² key amount, nothing
    // released before the foundation node): of the flat's 90万 the first 30万 (100 m² × 3,000元) stays
    // supervised, 60万 is free; of the shop's 100万, 70万. Subscription and rent count in full:
    // 60 + 70 + 120 + 60 = 310万 in November.
    const risen = (month: string) => BigInt(gapMonth(after, month).fundsFen) - BigInt(gapMonth(before, month).fundsFen);
    expect(risen("2026-11")).toBe(3_100_000_00n);
    // What the buyers still owe (210万 + 400万) is expected 60 days after signing, in January, above the key: all free.
    expect(risen("2027-01")).toBe(6_100_000_00n);
    // The 60万 key amounts come back when the foundation (M22, 30 % of the key) and later nodes are reached.
    expect(risen("2027-09")).toBe(18_000_000n);
    expect({ facilities: await prisma.facility.count(), drawdowns: await prisma.drawdown.count() }).toEqual(counts);
  });
});

describe("the financing export", () => {
  const download = (options: DownloadOptions = {}) => downloadExport(exportLoader, "/financing/export.xlsx", options);
  const values = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
  const rows = (sheet: ExcelJS.Worksheet) => Array.from({ length: sheet.rowCount - 1 }, (_, i) => values(sheet, i + 2));

  it("downloads channels, facilities with their drawdowns and the monthly gap, numbers as numbers", async () => {
    const response = await download();
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(XLSX);
    expect(response.headers.get("Content-Disposition")).toContain('attachment; filename="groundwork-financing-2026-11-27.xlsx"');
    const workbook = await workbookOf(response);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["融资渠道", "融资项目与提款", "资金缺口"]);
    for (const sheet of workbook.worksheets) {
      expect(sheet.getRow(1).font?.bold, sheet.name).toBe(true);
      expect(sheet.views[0], sheet.name).toMatchObject({ state: "frozen", ySplit: 1 });
    }
    const v = await view();

    const channels = workbook.getWorksheet("融资渠道")!;
    // The /financing page's column names (issue 13, point 10); the unit is in the cells' format.
    expect(values(channels, 1)).toEqual(["融资渠道", "目标", "授信/承诺", "已落实", "已到位", "其中销售收款", "待到位（预测）"]);
    expect(values(channels, 5)).toEqual(["集团融资", 50_000_000, 50_000_000, 50_000_000, 10_000_000, 0, 40_000_000]);
    expect(rows(channels).map((r) => r[0])).toEqual([...v.channels.map((c) => c.name), "合计"]);
    const total = values(channels, 9);
    expect(total.slice(0, 2)).toEqual(["合计", 200_000_000]);
    expect(total[4]).toBe(Number(v.totals.drawnFen) / 100);
    const target = channels.getRow(2).getCell(2);
    expect(typeof target.value).toBe("number");
    expect(target.numFmt).toBe('#,##0.00"元"');

    const facilities = workbook.getWorksheet("融资项目与提款")!;
    expect(values(facilities, 1)).toEqual(["融资渠道", "资金方", "状态", "年利率", "计划日期", "计划金额", "预计到位", "预警", "顺延天数", "实际日期", "实际到位", "前提里程碑", "备注"]);
    const drawn = rows(facilities).find((r) => r[1] === "集团财务公司" && r[10] !== undefined)!;
    expect(drawn.slice(0, 11)).toEqual(["集团融资", "集团财务公司", "提款中", 0.045, civilToDate("2026-11-10"), 10_000_000, civilToDate("2026-11-12"), undefined, undefined, civilToDate("2026-11-12"), 10_000_000]);
    expect(drawn[12]).toBe("首笔集团借款");
    const drawnRow = facilities.getRow(rows(facilities).indexOf(drawn) + 2);
    expect(drawnRow.getCell(4).numFmt).toBe("0.00%");
    expect(drawnRow.getCell(5).numFmt).toBe("yyyy-mm-dd");
    expect(drawnRow.getCell(6).numFmt).toBe('#,##0.00"元"');
    expect(drawnRow.getCell(11).numFmt).toBe('#,##0.00"元"');
    const bank = rows(facilities).filter((r) => r[1] === "城市商业银行·信托计划");
    expect(bank.map((r) => [r[2], r[3], r[4], r[5], r[6], r[11]])).toEqual([
      ["洽谈中", 0.078, civilToDate("2027-06-01"), 30_000_000, civilToDate("2027-06-01"), "M19"],
      ["洽谈中", 0.078, civilToDate("2027-10-08"), 30_000_000, civilToDate("2027-10-08"), "M22"],
    ]);
    // One row per drawdown of every facility.
    expect(facilities.rowCount - 1).toBe(v.channels.flatMap((c) => c.facilities).reduce((n, f) => n + Math.max(1, f.drawdowns.length), 0));

    const gap = workbook.getWorksheet("资金缺口")!;
    // The page's secured-only cash flow to completion, month by month, under the page's column names.
    expect(values(gap, 1)).toEqual(["月份", "资金流出", "资金到位", "累计计划支出", "累计到位资金", "余缺", "缺口"]);
    expect(gap.rowCount - 1).toBe(v.gap.length);
    expect(rows(gap).map((r) => r[0])).toEqual(v.gap.map((m) => civilToDate(`${m.month}-01`)));
    expect(gap.getRow(2).getCell(1).numFmt).toBe("yyyy-mm");
    expect(rows(gap).map((r) => r[1])).toEqual(v.gap.map((m) => Number(m.spendFen) / 100));
    expect(rows(gap).map((r) => r[2])).toEqual(v.gap.map((m) => Number(m.fundsFen) / 100));
    const last = v.gap.at(-1)!;
    expect(values(gap, v.gap.length + 1).slice(3)).toEqual([Number(last.spendCumulativeFen) / 100, Number(last.fundsCumulativeFen) / 100, Number(last.balanceFen) / 100, Number(last.shortFen) / 100]);
    expect(rows(gap).every((r) => r.slice(1).every((cell) => typeof cell === "number"))).toBe(true);
  });

  it("speaks English when the user chose it", async () => {
    const workbook = await workbookOf(await download({ lang: "en" }));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Channels", "Facilities and drawdowns", "Funding gap"]);
    expect(values(workbook.getWorksheet("Channels")!, 5).slice(0, 2)).toEqual(["Group financing", 50_000_000]);
    expect(values(workbook.getWorksheet("Facilities and drawdowns")!, 1).slice(0, 4)).toEqual(["Channel", "Counterparty", "Status", "Annual rate"]);
  });

  it("is for signed-in users only", async () => {
    const response = await download({ as: null });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
  });
});
