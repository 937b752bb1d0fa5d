// Every record addressable by an id (in a route param or a form field) belongs to a project: a second
// project's records, made here with Prisma, can be neither read nor changed through the routes of the
// project this installation runs (issue 12: a milestone of another project could be updated).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { action as budgetAction, loader as budgetLoader } from "~/routes/budget._index";
import { action as lineAction, loader as lineLoader } from "~/routes/budget.lines.$id";
import { loader as ledgerLoader } from "~/routes/budget.payments";
import { action as planAction, loader as planLoader } from "~/routes/budget.plan";
import { action as financingAction, loader as financingLoader } from "~/routes/financing._index";
import { action as facilityAction, loader as facilityLoader } from "~/routes/financing.facilities.$id";
import { action as meetingAction, loader as meetingLoader } from "~/routes/meetings.$date";
import { loader as printLoader } from "~/routes/meetings.$date_.print";
import { action as meetingsAction, loader as meetingsLoader } from "~/routes/meetings._index";
import { action as milestoneAction, loader as milestoneLoader } from "~/routes/milestones.$id";
import { loader as milestonesLoader } from "~/routes/milestones._index";
import { loader as salesLoader } from "~/routes/sales._index";
import { action as unitAction } from "~/routes/sales.units.$code";
import { loader as overviewLoader } from "~/routes/_index";
import { seedReferenceProject } from "../../prisma/seed";
import { milestoneForm } from "../helpers/factories";
import { callAction, callLoader, payload } from "../helpers/requests";
import { leafOf, withTypicalAccounts } from "../helpers/factories";

const d = (civil: string) => new Date(`${civil}T00:00:00Z`);
/** Text that only the other project's records hold: none of it may show on this project's pages. */
const MARK = "外项目";
const MEETING_DATE = "2026-12-08"; // a Tuesday on which both projects meet

/** The other project's records, one of each kind. */
let other: {
  projectId: number;
  departmentId: number;
  personId: number;
  milestoneId: number;
  lineId: number;
  accountId: number;
  contractId: number;
  paymentId: number;
  channelId: number;
  facilityId: number;
  drawdownId: number;
  saleId: number;
  leaseId: number;
  meetingId: number;
  agendaItemId: number;
  actionItemId: number;
};
/** This project's own records that the attempts go through. */
let own: { lineId: number; accountId: number; facilityId: number };

beforeAll(async () => {
  await seedReferenceProject(prisma);
  const project = await prisma.project.create({
    data: { code: "GW-OTHER", name: `${MARK}项目`, nameEn: "Other project", totalBudgetFen: 100_000_000_000n, scheduleStart: d("2026-11-01"), scheduleEnd: d("2027-12-31") },
  });
  const projectId = project.id;
  const department = await prisma.department.create({ data: { projectId, code: "ENG", name: `${MARK}工程部`, nameEn: "Other engineering" } });
  const person = await prisma.person.create({ data: { projectId, departmentId: department.id, name: `${MARK}负责人`, nameEn: "Other lead", title: "经理", titleEn: "Manager" } });
  const milestone = await prisma.milestone.create({
    data: { projectId, code: "M03", kind: "permit", name: `${MARK}里程碑`, nameEn: "Other milestone", plannedStart: d("2026-11-02"), plannedEnd: d("2026-12-20"), note: `${MARK}备注` },
  });
  // The same line code as this project's: codes are unique per project only.
  const line = await prisma.budgetLine.create({ data: { projectId, code: "FND", name: `${MARK}科目`, nameEn: "Other line", originalFen: 10_000_000_000n } });
  // Its cost accounts carry the same codes as this project's (FND.01.01 …): codes are unique per project only.
  const accountId = await withTypicalAccounts(line);
  const contract = await prisma.contract.create({ data: { lineId: line.id, accountId, code: "OC-1", title: `${MARK}合同`, contractor: `${MARK}承包商`, amountFen: 1_000_000_000n, status: "signed" } });
  const payment = await prisma.payment.create({ data: { lineId: line.id, accountId, contractId: contract.id, paidOn: d("2026-11-10"), payee: `${MARK}收款人`, amountFen: 100_000_000n } });
  await prisma.fundPlanEntry.create({ data: { lineId: line.id, month: "2027-03", amountFen: 123_000_000n } });
  const channel = await prisma.financingChannel.create({ data: { projectId, kind: "group", name: `${MARK}渠道`, nameEn: "Other channel" } });
  const facility = await prisma.facility.create({ data: { channelId: channel.id, counterparty: `${MARK}资金方`, committedFen: 5_000_000_000n, status: "signed" } });
  const drawdown = await prisma.drawdown.create({ data: { facilityId: facility.id, plannedOn: d("2026-12-15"), plannedFen: 1_000_000_000n, note: `${MARK}提款` } });
  const sale = await prisma.saleRecord.create({
    data: { projectId, product: "apartment_presale", unitNo: `${MARK}-101`, areaCsqm: 9_000, unitPriceFen: 1_000_000n, amountFen: 90_000_000n, signedOn: d("2026-11-15"), buyerName: `${MARK}买家` },
  });
  const lease = await prisma.lease.create({
    data: { projectId, tenant: `${MARK}租户`, unitNo: "S-1", areaCsqm: 10_000, monthlyRentFen: 1_000_000n, startOn: d("2027-01-01"), endOn: d("2027-12-31"), signedOn: d("2026-11-15") },
  });
  const meeting = await prisma.meeting.create({
    data: { projectId, startsAt: new Date(`${MEETING_DATE}T01:00:00Z`), theme: `${MARK}例会`, status: "in_progress", agendaFrozenAt: new Date("2026-12-08T01:00:00Z"), chairId: person.id },
  });
  const agendaItem = await prisma.agendaItem.create({ data: { meetingId: meeting.id, source: "manual", title: `${MARK}议题`, minutes: `${MARK}纪要` } });
  const actionItem = await prisma.actionItem.create({ data: { meetingId: meeting.id, title: `${MARK}待办`, departmentId: department.id, ownerId: person.id, dueOn: d("2026-12-20") } });
  other = {
    projectId,
    departmentId: department.id,
    personId: person.id,
    milestoneId: milestone.id,
    lineId: line.id,
    accountId,
    contractId: contract.id,
    paymentId: payment.id,
    channelId: channel.id,
    facilityId: facility.id,
    drawdownId: drawdown.id,
    saleId: sale.id,
    leaseId: lease.id,
    meetingId: meeting.id,
    agendaItemId: agendaItem.id,
    actionItemId: actionItem.id,
  };

  const first = await prisma.project.findFirstOrThrow({ orderBy: { id: "asc" } });
  const ownLine = await prisma.budgetLine.findFirstOrThrow({ where: { projectId: first.id, code: "APT" } });
  const ownFacility = await prisma.facility.findFirstOrThrow({ where: { channel: { projectId: first.id }, counterparty: "集团财务公司" } });
  own = { lineId: ownLine.id, accountId: await leafOf(ownLine.id), facilityId: ownFacility.id };
});

/** Everything of the other project, and everything hanging off it, as stored. */
async function otherProjectState() {
  const projectId = other.projectId;
  return {
    project: await prisma.project.findUniqueOrThrow({ where: { id: projectId } }),
    departments: await prisma.department.findMany({ where: { projectId }, orderBy: { id: "asc" } }),
    people: await prisma.person.findMany({ where: { projectId }, orderBy: { id: "asc" } }),
    milestones: await prisma.milestone.findMany({ where: { projectId }, orderBy: { id: "asc" } }),
    dependencies: await prisma.milestoneDependency.findMany({ where: { OR: [{ predecessor: { projectId } }, { successor: { projectId } }] } }),
    lines: await prisma.budgetLine.findMany({ where: { projectId }, orderBy: { id: "asc" } }),
    revisions: await prisma.budgetRevision.findMany({ where: { line: { projectId } }, orderBy: { id: "asc" } }),
    contracts: await prisma.contract.findMany({ where: { line: { projectId } }, orderBy: { id: "asc" } }),
    payments: await prisma.payment.findMany({ where: { line: { projectId } }, orderBy: { id: "asc" } }),
    refusals: await prisma.paymentRefusal.findMany({ where: { line: { projectId } }, orderBy: { id: "asc" } }),
    plan: await prisma.fundPlanEntry.findMany({ where: { line: { projectId } }, orderBy: { id: "asc" } }),
    channels: await prisma.financingChannel.findMany({ where: { projectId }, orderBy: { id: "asc" } }),
    facilities: await prisma.facility.findMany({ where: { channel: { projectId } }, orderBy: { id: "asc" } }),
    drawdowns: await prisma.drawdown.findMany({ where: { facility: { channel: { projectId } } }, orderBy: { id: "asc" } }),
    repayments: await prisma.repayment.findMany({ where: { facility: { channel: { projectId } } }, orderBy: { id: "asc" } }),
    sales: await prisma.saleRecord.findMany({ where: { projectId }, orderBy: { id: "asc" } }),
    leases: await prisma.lease.findMany({ where: { projectId }, orderBy: { id: "asc" } }),
    receipts: await prisma.receipt.findMany({ where: { OR: [{ sale: { projectId } }, { lease: { projectId } }] }, orderBy: { id: "asc" } }),
    meetings: await prisma.meeting.findMany({ where: { projectId }, orderBy: { id: "asc" } }),
    agendaItems: await prisma.agendaItem.findMany({ where: { meeting: { projectId } }, orderBy: { id: "asc" } }),
    actionItems: await prisma.actionItem.findMany({ where: { meeting: { projectId } }, orderBy: { id: "asc" } }),
    reports: await prisma.actionReport.findMany({ where: { actionItem: { meeting: { projectId } } }, orderBy: { id: "asc" } }),
    roster: await prisma.chairRosterEntry.findMany({ where: { projectId } }),
  };
}

const key = () => ({ idempotencyKey: randomUUID() });

/** A form refused for the field that named the other project's record (400), or the record not found (404). */
function expectRefused(result: unknown, field?: string) {
  if (result instanceof Response) {
    expect(result.status).toBe(404);
    return;
  }
  const { status, data } = payload<{ errors: Record<string, unknown> }>(result);
  expect(status).toBe(400);
  if (field) expect(Object.keys(data.errors)).toContain(field);
}

const expectNotFound = (result: unknown) => expect(result instanceof Response ? result.status : "data").toBe(404);
/** A page of this project, as the loader hands it to the browser, holds nothing of the other project. */
function expectNothingOfTheOther(data: unknown) {
  expect(data).not.toBeInstanceOf(Response);
  const text = JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  expect(text).not.toContain(MARK);
}

describe("another project's records through this project's routes", () => {
  let before: Awaited<ReturnType<typeof otherProjectState>>;
  beforeAll(async () => {
    before = await otherProjectState();
  });

  it("milestones: neither shown nor updated, nor used as a drawdown's condition", async () => {
    const id = String(other.milestoneId);
    expectNotFound(await callLoader(milestoneLoader, `/milestones/${id}`, { as: "pm", params: { id } }));
    const form = { ...(await milestoneForm(other.milestoneId)), status: "in_progress", percentComplete: "50", actualStart: "2026-11-20", note: "改了别人的" };
    expectNotFound(await callAction(milestoneAction, `/milestones/${id}`, form, { as: "pm", params: { id } }));
    expectNothingOfTheOther(await callLoader(milestonesLoader, "/milestones", { as: "pm" }));
    const facility = String(own.facilityId);
    expectRefused(
      await callAction(facilityAction, `/financing/facilities/${facility}`, { intent: "drawdown", plannedOn: "2027-03-01", planned: "100", milestoneId: id, note: "", ...key() }, { as: "finance", params: { id: facility } }),
      "milestoneId",
    );
  });

  it("budget lines: neither shown nor paid, revised, contracted, transferred to or planned", async () => {
    const id = String(other.lineId);
    expectNotFound(await callLoader(lineLoader, `/budget/lines/${id}`, { as: "finance", params: { id } }));
    const onLine = (fields: Record<string, string>) => callAction(lineAction, `/budget/lines/${id}`, { ...fields, ...key() }, { as: "finance", params: { id } });
    expectRefused(await onLine({ intent: "revision", amount: "100", reason: "改别人的预算" }), "lineId");
    expectRefused(await onLine({ intent: "contract", accountId: String(other.accountId), code: "X-1", title: "t", contractor: "c", amount: "100", status: "signed" }), "accountId");
    expectRefused(await onLine({ intent: "to_come", accountId: String(other.accountId), amount: "100", reason: "改别人的估算" }), "accountId");
    expectRefused(await onLine({ intent: "transfer", toLineId: String(own.lineId), amount: "100", reason: "挪用" }), "fromLineId");
    const ownId = String(own.lineId);
    expectRefused(
      await callAction(lineAction, `/budget/lines/${ownId}`, { intent: "transfer", toLineId: id, amount: "100", reason: "转出", ...key() }, { as: "finance", params: { id: ownId } }),
      "toLineId",
    );
    expectRefused(
      await callAction(budgetAction, "/budget", { intent: "payment", accountId: String(other.accountId), contractId: "", paidOn: "2026-11-20", payee: "x", amount: "100", voucherNo: "", note: "", ...key() }, { as: "finance" }),
      "accountId",
    );
    // Nor through this project's own line page: a contract or an estimate on the other project's account.
    const ownPage = (fields: Record<string, string>) => callAction(lineAction, `/budget/lines/${own.lineId}`, { ...fields, ...key() }, { as: "finance", params: { id: String(own.lineId) } });
    expectRefused(await ownPage({ intent: "contract", accountId: String(other.accountId), code: "X-2", title: "t", contractor: "c", amount: "100", status: "signed" }), "accountId");
    expectRefused(await ownPage({ intent: "to_come", accountId: String(other.accountId), amount: "100", reason: "r" }), "accountId");
    const planField = `plan:${id}:2027-03`;
    expectRefused(await callAction(planAction, "/budget/plan", { [planField]: "999", [`version:${id}`]: "1" }, { as: "finance" }), planField);
    expectNothingOfTheOther(await callLoader(budgetLoader, "/budget", { as: "finance" }));
    expectNothingOfTheOther(await callLoader(planLoader, "/budget/plan", { as: "finance" }));
    const ledger = (await callLoader(ledgerLoader, `/budget/payments?line=${id}`, { as: "finance" })) as { rows: unknown[] };
    expect(ledger.rows).toEqual([]);
    expectNothingOfTheOther(ledger);
  });

  it("contracts: not payable on this project's line", async () => {
    expectRefused(
      await callAction(budgetAction, "/budget", { intent: "payment", accountId: String(own.accountId), contractId: String(other.contractId), paidOn: "2026-11-20", payee: "x", amount: "100", voucherNo: "", note: "", ...key() }, { as: "finance" }),
      "contractId",
    );
  });

  it("payments: not named by the banner after a payment", async () => {
    const page = (await callLoader(budgetLoader, `/budget?recorded=${other.paymentId}`, { as: "finance" })) as { recorded: unknown };
    expect(page.recorded).toBeNull();
    expectNothingOfTheOther(page);
  });

  it("facilities and channels: neither shown nor edited, drawn, repaid or given a facility", async () => {
    const id = String(other.facilityId);
    expectNotFound(await callLoader(facilityLoader, `/financing/facilities/${id}`, { as: "finance", params: { id } }));
    const onFacility = (fields: Record<string, string>) => callAction(facilityAction, `/financing/facilities/${id}`, fields, { as: "finance", params: { id } });
    expectNotFound(await onFacility({ intent: "facility", version: "1", counterparty: "改名", committed: "1亿", rate: "5", fees: "0", termMonths: "12", conditions: "", status: "signed" }));
    expectNotFound(await onFacility({ intent: "drawdown", plannedOn: "2027-03-01", planned: "100", milestoneId: "", note: "", ...key() }));
    expectNotFound(await onFacility({ intent: "actual", drawdownId: String(other.drawdownId), actualOn: "2026-11-27", actual: "100", ...key() }));
    expectNotFound(await onFacility({ intent: "repayment", dueOn: "2028-01-01", amount: "100", ...key() }));
    expectRefused(
      await callAction(financingAction, "/financing", { channelId: String(other.channelId), counterparty: "c", committed: "100万", rate: "5", fees: "0", termMonths: "12", conditions: "", status: "negotiating", ...key() }, { as: "finance" }),
      "channelId",
    );
    expectNothingOfTheOther(await callLoader(financingLoader, "/financing", { as: "finance" }));
  });

  it("drawdowns: not recorded as received through this project's facility", async () => {
    const facility = String(own.facilityId);
    expectRefused(
      await callAction(facilityAction, `/financing/facilities/${facility}`, { intent: "actual", drawdownId: String(other.drawdownId), actualOn: "2026-11-27", actual: "100", ...key() }, { as: "finance", params: { id: facility } }),
      "drawdownId",
    );
    expectNothingOfTheOther(await callLoader(facilityLoader, `/financing/facilities/${facility}`, { as: "finance", params: { id: facility } }));
  });

  it("sale records and leases: neither listed nor given receipts", async () => {
    // Deals are written on the unit page: naming the other project's deal from one of this project's units.
    const onUnit = (fields: Record<string, string>) => callAction(unitAction, "/sales/units/T1-1203", { ...fields, ...key() }, { as: "sales", params: { code: "T1-1203" } });
    const saleId = String(other.saleId);
    expectRefused(await onUnit({ intent: "receipt", saleId, receivedOn: "2026-11-20", amount: "100", kind: "payment" }), "saleId");
    expectRefused(await onUnit({ intent: "cancel", saleId, cancelledOn: "2026-11-20", reason: "退房测试", refund: "" }), "saleId");
    expectRefused(await onUnit({ intent: "rename", saleId, buyerName: "新买家", reason: "更名测试" }), "saleId");
    expectRefused(await onUnit({ intent: "change", saleId, newUnitCode: "T1-1601", price: "2000000", changedOn: "2026-11-20", reason: "换房测试" }), "saleId");
    expectNothingOfTheOther(await callLoader(salesLoader, "/sales", { as: "sales" }));
    expectNothingOfTheOther(await callLoader(salesLoader, "/sales?year=2026", { as: "sales" }));
  });

  it("meetings: the other project's meeting on the same day is neither shown nor changed", async () => {
    const params = { date: MEETING_DATE };
    expectNothingOfTheOther(await callLoader(meetingLoader, `/meetings/${MEETING_DATE}`, { as: "exec", params }));
    expectNothingOfTheOther(await callLoader(printLoader, `/meetings/${MEETING_DATE}/print`, { as: "exec", params }));
    expectNothingOfTheOther(await callLoader(meetingsLoader, "/meetings", { as: "exec" }));
    expectNothingOfTheOther(await callLoader(overviewLoader, "/", { as: "exec" }));
    // This project's own meeting that day is made and changed; the other project's stays as it was.
    expect(((await callAction(meetingAction, `/meetings/${MEETING_DATE}`, { intent: "theme", theme: "本项目例会", themeEn: "", themeArea: "engineering" }, { as: "exec", params })) as Response).status).toBe(302);
  });

  it("agenda items: their minutes cannot be written", async () => {
    const params = { date: MEETING_DATE };
    expectRefused(
      await callAction(meetingAction, `/meetings/${MEETING_DATE}`, { intent: "minutes", itemId: String(other.agendaItemId), version: "1", minutes: "改别人的纪要", decision: "" }, { as: "exec", params }),
      "itemId",
    );
  });

  it("action items, departments and people: not reported on, assigned or put on the chair roster", async () => {
    const params = { date: MEETING_DATE };
    const onMeeting = (fields: Record<string, string>) => callAction(meetingAction, `/meetings/${MEETING_DATE}`, fields, { as: "exec", params });
    expectRefused(await onMeeting({ intent: "report", actionItemId: String(other.actionItemId), text: "替别人汇报", reportedOn: "2026-11-27", done: "1" }), "actionItemId");
    expectRefused(await onMeeting({ intent: "action", title: "t", departmentId: String(other.departmentId), ownerId: "", dueOn: "2026-12-20" }), "departmentId");
    const eng = await prisma.department.findFirstOrThrow({ where: { projectId: { not: other.projectId }, code: "ENG" } });
    expectRefused(await onMeeting({ intent: "action", title: "t", departmentId: String(eng.id), ownerId: String(other.personId), dueOn: "2026-12-20" }), "ownerId");
    const roster = await prisma.chairRosterEntry.findMany({ where: { projectId: { not: other.projectId } }, orderBy: { position: "asc" } });
    const seats = [...roster.map((r) => r.personId), other.personId].map((id, i) => [`seat${i}`, String(id)]);
    expectRefused(await callAction(meetingsAction, "/meetings", { intent: "roster", ...Object.fromEntries(seats) }, { as: "exec" }), "people");
  });

  it("leaves every record of the other project exactly as it was", async () => {
    expect(await otherProjectState()).toEqual(before);
  });
});
