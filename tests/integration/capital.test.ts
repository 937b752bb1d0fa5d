// The capital rules through the budget pages' actions: no payment over budget, contracts within the
// line, revisions with reasons, transfers that conserve the total, the fund-usage plan.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { budgetTable } from "~/models/capital.server";
import { action as budgetAction, loader as budgetLoader } from "~/routes/budget._index";
import { action as lineAction } from "~/routes/budget.lines.$id";
import { action as planAction } from "~/routes/budget.plan";
import { seedReferenceProject } from "../../prisma/seed";
import { raiseProjectTotal, submitAndApprove } from "../helpers/approvals";
import { leafOf } from "../helpers/factories";
import { callAction, callLoader, payload } from "../helpers/requests";

let projectId: number;
let line: Record<string, number>;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  const lines = await prisma.budgetLine.findMany({ select: { id: true, code: true } });
  line = Object.fromEntries(lines.map((l) => [l.code, l.id]));
});

const figures = async (code: string) => (await budgetTable(projectId)).find((row) => row.code === code)!;
const pay = (fields: Record<string, string>, as = "finance") =>
  callAction(budgetAction, "/budget", { intent: "payment", paidOn: "2026-11-20", payee: "测试单位", voucherNo: "", note: "", contractId: "", ...fields }, { as });
const onLine = (id: number, fields: Record<string, string>, as = "finance") => callAction(lineAction, `/budget/lines/${id}`, fields, { as, params: { id: String(id) } });
type Errors = { errors: Record<string, string | { message: string; vars?: Record<string, string> }>; values: Record<string, string> };
/** The payment banner the budget page shows after a redirect to `location`. */
const bannerAt = async (location: string | null) =>
  ((await callLoader(budgetLoader, location!, { as: "finance" })) as { recorded: { line: { code: string }; payee: string; amountFen: string; usedBps: number; warn: boolean } | null }).recorded;

describe("the budget page", () => {
  it("compares budget and actual and shows the 300万 gap to the project budget", async () => {
    const page = (await callLoader(budgetLoader, "/budget", { as: "exec" })) as { rows: { code: string; currentFen: string; paidFen: string }[]; differenceFen: string; projectTotalFen: string; totals: { currentFen: string } };
    expect(page.rows.map((r) => [r.code, r.currentFen])).toEqual([
      ["FND", "8000000000"],
      ["COM", "14000000000"],
      ["APT", "24300000000"],
    ]);
    expect(page.totals.currentFen).toBe("46300000000");
    expect(page.projectTotalFen).toBe("46000000000");
    expect(page.differenceFen).toBe("300000000"); // 300万元, shown, not hidden
  });
});

describe("recording payments", () => {
  // The test lines below add budget: past the seed's 300万 excess, the project ceiling would refuse them.
  beforeAll(() => raiseProjectTotal(projectId, 100_000_000_00n));

  it("records a payment within the budget, with its audit record", async () => {
    const before = await figures("COM");
    const result = (await pay({ accountId: String(await leafOf(line.COM)), amount: "1,000,000.50" })) as Response;
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toMatch(/^\/budget\?recorded=\d+$/);
    expect(await bannerAt(result.headers.get("Location"))).toMatchObject({ line: { code: "COM" }, payee: "测试单位", amountFen: "100000050", warn: false });
    const after = await figures("COM");
    expect(after.paidFen - before.paidFen).toBe(100_000_050n);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Payment" }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.after!)).toMatchObject({ amountFen: "100000050", line: "COM" });
  });

  it("refuses a payment over the line's headroom, names the headroom, and saves no payment", async () => {
    // Bring a new line to 100万 of budget for a clean headroom.
    const created = (await callAction(budgetAction, "/budget", { intent: "line", code: "TST", name: "测试科目", nameEn: "Test", original: "100万", reason: "test" }, { as: "finance" })) as Response;
    expect(created.status).toBe(302);
    const tst = (await prisma.budgetLine.findUniqueOrThrow({ where: { projectId_code: { projectId, code: "TST" } } })).id;
    line.TST = tst;
    expect(((await pay({ accountId: String(await leafOf(tst)), amount: "600000" })) as Response).status).toBe(302);
    const paymentsBefore = await prisma.payment.count();
    const refused = payload<Errors>(await pay({ accountId: String(await leafOf(tst)), amount: "400000.01", payee: "超付单位" }));
    expect(refused.status).toBe(400);
    expect(refused.data.errors.amount).toEqual({ message: "over_budget", vars: { headroomFen: "40000000" } });
    expect(refused.data.values).toMatchObject({ amount: "400000.01", payee: "超付单位" });
    expect(await prisma.payment.count()).toBe(paymentsBefore);
    const refusal = await prisma.paymentRefusal.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(refusal).toMatchObject({ lineId: tst, amountFen: 40_000_001n, headroomFen: 40_000_000n, payee: "超付单位" });
    // Exactly the headroom is fine, and warns (the line is then 100 % used).
    const exact = (await pay({ accountId: String(await leafOf(tst)), amount: "400000" })) as Response;
    expect(await bannerAt(exact.headers.get("Location"))).toMatchObject({ usedBps: 10_000, warn: true });
    expect((await figures("TST")).headroomFen).toBe(0n);
  });

  it("warns, without blocking, once the line shows 90.0 % used (89.95 %, rounded half up as shown)", async () => {
    await callAction(budgetAction, "/budget", { intent: "line", code: "W90", name: "预警科目", nameEn: "", original: "1000", reason: "test" }, { as: "finance" });
    const w90 = (await prisma.budgetLine.findFirstOrThrow({ where: { code: "W90" } })).id;
    expect(await bannerAt(((await pay({ accountId: String(await leafOf(w90)), amount: "899.49" })) as Response).headers.get("Location"))).toMatchObject({ warn: false }); // 89.949 %: "89.9%"
    expect(await bannerAt(((await pay({ accountId: String(await leafOf(w90)), amount: "0.01" })) as Response).headers.get("Location"))).toMatchObject({ warn: true }); // 89.95 %: "90.0%"
  });

  it("refuses a payment above what its contract still owes", async () => {
    const contract = await prisma.contract.findFirstOrThrow({ where: { code: "HT-2026-001" } }); // 300万 + 18万 approved change: 90万 advance and 38.25万 progress paid
    const refused = payload<Errors>(await pay({ contractId: String(contract.id), amount: "1897500.01" }));
    expect(refused.data.errors.amount).toEqual({ message: "over_contract", vars: { headroomFen: "189750000" } });
    // The payment goes to the contract's cost account: naming another is refused.
    const otherAccount = payload<Errors>(await pay({ accountId: String(await leafOf(line.APT)), contractId: String(contract.id), amount: "1" }));
    expect(otherAccount.data.errors.accountId).toBe("account_not_on_contract");
  });

  it("validates every field on the server and keeps what was typed", async () => {
    const result = payload<Errors>(await pay({ accountId: "abc", amount: "12.345", paidOn: "2027-01-01", payee: "" }));
    expect(result.status).toBe(400);
    expect(result.data.errors).toMatchObject({ accountId: "invalid_choice", amount: "invalid_amount", paidOn: "not_in_future", payee: "required" });
    expect(result.data.values.amount).toBe("12.345");
    for (const [amount, message] of [["-5", "amount_positive"], ["0", "amount_positive"], ["NaN", "invalid_amount"], ["1e9", "invalid_amount"], ["200亿", "amount_too_large"]]) {
      expect(payload<Errors>(await pay({ accountId: String(await leafOf(line.COM)), amount })).data.errors.amount).toBe(message);
    }
  });

  it("never lets parallel payments overrun the last headroom", async () => {
    await callAction(budgetAction, "/budget", { intent: "line", code: "RACE", name: "并发科目", nameEn: "", original: "100万", reason: "test" }, { as: "finance" });
    const race = (await prisma.budgetLine.findFirstOrThrow({ where: { code: "RACE" } })).id;
    const account = String(await leafOf(race));
    const results = await Promise.all(Array.from({ length: 200 }, () => pay({ accountId: account, amount: "10000" })));
    const accepted = results.filter((r) => r instanceof Response && r.status === 302).length;
    expect(accepted).toBe(100);
    const after = await figures("RACE");
    expect(after.paidFen).toBe(100_000_000n);
    expect(after.headroomFen).toBe(0n);
  }, 120_000); // 200 serialized write transactions: a correctness test, given time on a loaded machine
});

describe("contracts, revisions and transfers", () => {
  it("keeps contracts within the line's budget until it is revised", async () => {
    const fnd = await figures("FND"); // 8000万, nothing contracted
    const tooBig = payload<Errors>(await onLine(line.FND, { intent: "contract", accountId: String(await leafOf(line.FND)), status: "signed", code: "HT-PILE", title: "桩基工程", contractor: "某桩基公司", amount: "8000.01万", signedOn: "2026-11-20" }));
    expect(tooBig.data.errors.amount).toEqual({ message: "over_commitment", vars: { headroomFen: fnd.currentFen.toString() } });
    expect(((await onLine(line.FND, { intent: "contract", accountId: String(await leafOf(line.FND)), status: "signed", code: "HT-PILE", title: "桩基工程", contractor: "某桩基公司", amount: "7500万", signedOn: "2026-11-20" })) as Response).status).toBe(302);
    const duplicate = payload<Errors>(await onLine(line.FND, { intent: "contract", accountId: String(await leafOf(line.FND)), status: "signed", code: "HT-PILE", title: "x", contractor: "y", amount: "1" }));
    expect(duplicate.data.errors.code).toBe("duplicate_code");
    expect((await figures("FND")).committedFen).toBe(75_000_000_00n);
  });

  it("requires a reason for a revision and refuses a cut below what is contracted", async () => {
    const noReason = payload<Errors>(await onLine(line.FND, { intent: "revision", amount: "100万", reason: "" }));
    expect(noReason.data.errors.reason).toBe("required");
    const tooDeep = payload<Errors>(await onLine(line.FND, { intent: "revision", amount: "-600万", reason: "压缩" }));
    expect(tooDeep.data.errors.amount).toEqual({ message: "below_floor", vars: { floorFen: "7500000000" } });
    // Submitted by finance, carried out when an approver approves it.
    expect(((await submitAndApprove(onLine(line.FND, { intent: "revision", amount: "-500万", reason: "桩基优化设计节省" }))) as Response).status).toBe(302);
    expect((await figures("FND")).currentFen).toBe(7_500_000_000n);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "BudgetLine", entityId: line.FND }, orderBy: { id: "desc" } });
    expect(audit.reason).toBe("桩基优化设计节省");
  });

  it("moves budget between lines with the total conserved", async () => {
    const totalBefore = (await budgetTable(projectId)).reduce((sum, row) => sum + row.currentFen, 0n);
    expect(((await submitAndApprove(onLine(line.APT, { intent: "transfer", toLineId: String(line.COM), amount: "300万", reason: "商业面积调增" }))) as Response).status).toBe(302);
    expect((await figures("APT")).currentFen).toBe(24_000_000_000n);
    expect((await figures("COM")).currentFen).toBe(14_300_000_000n);
    const totalAfter = (await budgetTable(projectId)).reduce((sum, row) => sum + row.currentFen, 0n);
    expect(totalAfter).toBe(totalBefore);
    const same = payload<Errors>(await onLine(line.APT, { intent: "transfer", toLineId: String(line.APT), amount: "1", reason: "x" }));
    expect(same.data.errors.toLineId).toBe("same_line");
    const drained = payload<Errors>(await onLine(line.TST, { intent: "transfer", toLineId: String(line.COM), amount: "1", reason: "x" }));
    expect(drained.data.errors.amount).toMatchObject({ message: "below_floor" });
  });
});

describe("the fund-usage plan", () => {
  it("saves the grid in 万元 and audits the lines that changed", async () => {
    const versions = Object.fromEntries((await prisma.budgetLine.findMany({ select: { id: true, planVersion: true } })).map((l) => [`version:${l.id}`, String(l.planVersion)]));
    const result = (await callAction(planAction, "/budget/plan", { ...versions, [`plan:${line.FND}:2027-03`]: "812.5", [`plan:${line.COM}:2027-03`]: "100" }, { as: "finance" })) as Response;
    expect(result.status).toBe(302);
    const entry = await prisma.fundPlanEntry.findUniqueOrThrow({ where: { lineId_month: { lineId: line.FND, month: "2027-03" } } });
    expect(entry.amountFen).toBe(812_500_000n);
    const audits = await prisma.auditLog.findMany({ where: { entity: "FundPlan" } });
    expect(audits.map((a) => a.entityId)).toEqual([line.FND]); // COM's March was already 100万
  });

  it("refuses the whole grid when one cell is bad", async () => {
    const bad = payload<Errors>(await callAction(planAction, "/budget/plan", { [`plan:${line.FND}:2027-04`]: "1", [`plan:${line.COM}:2027-04`]: "abc" }, { as: "finance" }));
    expect(bad.status).toBe(400);
    expect(bad.data.errors[`plan:${line.COM}:2027-04`]).toBe("invalid_amount");
    const april = await prisma.fundPlanEntry.findUniqueOrThrow({ where: { lineId_month: { lineId: line.FND, month: "2027-04" } } });
    expect(april.amountFen).toBe(900_000_000n); // unchanged
  });
});
