// Contract changes (变更/签证), settlement (结算) and 动态成本 through the pages' loaders and actions:
// an approved change moves the contract value, the line's commitment and the dynamic cost; a change
// that would overrun the line is refused; twenty approvals at once approve once; settlement closes
// the contract to changes; 待发生成本 is revised with a reason; a line over target is red on /budget
// and on the agenda.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { budgetTable } from "~/models/capital.server";
import { loader as dashboardLoader } from "~/routes/_index";
import { loader as budgetLoader } from "~/routes/budget._index";
import { action as contractAction, loader as contractLoader } from "~/routes/budget.contracts.$id";
import { action as lineAction } from "~/routes/budget.lines.$id";
import { loader as meetingLoader } from "~/routes/meetings.$date";
import { seedReferenceProject } from "../../prisma/seed";
import { withTypicalAccounts } from "../helpers/factories";
import { callAction, callLoader, payload } from "../helpers/requests";
import { approveTargets } from "../helpers/targets";

const W = (wan: number) => BigInt(Math.round(wan * 100)) * 10_000n;
type Errors = { errors: Record<string, string | { message: string; vars?: Record<string, string> }>; values: Record<string, string> };

let projectId: number;
beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
});

const figures = async (lineId: number) => (await budgetTable(projectId)).find((row) => row.id === lineId)!;
const onContract = (id: number, fields: Record<string, string>, as = "finance") => callAction(contractAction, `/budget/contracts/${id}`, fields, { as, params: { id: String(id) } });
const onLine = (id: number, fields: Record<string, string>, as = "finance") => callAction(lineAction, `/budget/lines/${id}`, fields, { as, params: { id: String(id) } });
const contractPage = async (id: number) =>
  (await callLoader(contractLoader, `/budget/contracts/${id}`, { as: "exec", params: { id: String(id) } })) as { value: { currentFen: string; approvedChangesFen: string; pendingEstimatesFen: string }; changes: { id: number; code: string; status: string }[] };
const changeId = async (contractId: number, code: string) => (await prisma.contractChange.findUniqueOrThrow({ where: { contractId_code: { contractId, code } } })).id;
const enterChange = (contractId: number, code: string, claimed: string, estimate: string) => onContract(contractId, { intent: "change", kind: "site_instruction", code, title: "现场签证：基坑降水延长", claimed, estimate });
const decide = (contractId: number, id: number, fields: Record<string, string>, as = "exec") => onContract(contractId, { intent: "decide", changeId: String(id), reason: "按现场记录核定", ...fields }, as);

/**
 * A line of its own with the typical cost accounts and one signed contract on its first leaf, whose
 * approved target is the line's budget: `budget` and `contract` in 万元.
 */
async function lineWithContract(code: string, budget: number, contract: number) {
  const line = await prisma.budgetLine.create({ data: { projectId, code, name: `测试${code}`, nameEn: code, originalFen: W(budget), sortOrder: 50 } });
  const leafId = await withTypicalAccounts(line);
  await approveTargets(projectId, { [leafId]: W(budget) });
  const created = await prisma.contract.create({ data: { lineId: line.id, accountId: leafId, code: `HT-${code}`, title: "测试合同", contractor: "测试单位", amountFen: W(contract), status: "signed" } });
  return { lineId: line.id, contractId: created.id, leafId };
}

describe("a change on a contract", () => {
  it("moves the contract value, the line's commitment and the dynamic cost when approved", async () => {
    const { lineId, contractId } = await lineWithContract("CHG", 1000, 600);
    const before = await figures(lineId);
    expect(before.committedFen).toBe(W(600));
    expect(((await enterChange(contractId, "QZ-001", "60万", "40万")) as Response).status).toBe(302);
    const pending = await figures(lineId);
    expect(pending.committedFen).toBe(W(600)); // a pending change commits nothing…
    expect(pending.dynamic.dynamicFen - before.dynamic.dynamicFen).toBe(W(40)); // …but its estimate counts
    const approved = (await decide(contractId, await changeId(contractId, "QZ-001"), { decision: "approve", approved: "45万" })) as Response;
    expect(approved.status).toBe(302);
    expect(approved.headers.get("Location")).toBe(`/budget/contracts/${contractId}?done=approved`);
    const after = await figures(lineId);
    expect(after.committedFen).toBe(W(645));
    expect(after.dynamic.dynamicFen - before.dynamic.dynamicFen).toBe(W(45)); // the estimate gives way to the approved amount
    const page = await contractPage(contractId);
    expect(page.value).toMatchObject({ currentFen: String(W(645)), approvedChangesFen: String(W(45)), pendingEstimatesFen: "0" });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "ContractChange", entityId: await changeId(contractId, "QZ-001") }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.after!)).toMatchObject({ status: "approved", approvedFen: String(W(45)), contractValueFen: String(W(645)) });
    expect(audit.reason).toBe("按现场记录核定");
  });

  it("is never decided by whoever entered it", async () => {
    const { contractId } = await lineWithContract("OWN", 1000, 100);
    await enterChange(contractId, "QZ-001", "10万", "10万");
    const own = payload<Errors>(await decide(contractId, await changeId(contractId, "QZ-001"), { decision: "approve", approved: "10万" }, "finance"));
    expect(own.status).toBe(400);
    expect(own.data.errors.form).toBe("change_own_submission");
    expect((await prisma.contractChange.findFirstOrThrow({ where: { contractId } })).status).toBe("pending");
  });

  it("is refused, with the room left, when approving it would commit more than the line's budget", async () => {
    const { lineId, contractId } = await lineWithContract("OVR", 100, 90);
    await enterChange(contractId, "QZ-001", "20万", "15万");
    const id = await changeId(contractId, "QZ-001");
    const refused = payload<Errors>(await decide(contractId, id, { decision: "approve", approved: "100000.01" }));
    expect(refused.status).toBe(400);
    expect(refused.data.errors.approved).toEqual({ message: "over_commitment", vars: { headroomFen: String(W(10)) } });
    expect(refused.data.values).toMatchObject({ approved: "100000.01" });
    expect((await prisma.contractChange.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
    expect((await figures(lineId)).committedFen).toBe(W(90));
    // Exactly the room left is fine.
    expect(((await decide(contractId, id, { decision: "approve", approved: "10万" })) as Response).status).toBe(302);
    expect((await figures(lineId)).committedFen).toBe(W(100));
  });

  it("above the approval threshold goes to an approver and stays pending", async () => {
    const { lineId, contractId } = await lineWithContract("BIG", 5000, 1000);
    await enterChange(contractId, "BG-001", "80万", "70万");
    const id = await changeId(contractId, "BG-001");
    const submitted = (await decide(contractId, id, { decision: "approve", approved: "60万" })) as Response; // threshold 50万
    expect(submitted.headers.get("Location")).toBe(`/budget/contracts/${contractId}?done=submitted`);
    expect((await prisma.contractChange.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
    expect(await prisma.approval.findFirst({ where: { kind: "change", subjectId: id, status: "pending" } })).toMatchObject({ amountFen: W(60) });
    expect((await figures(lineId)).committedFen).toBe(W(1000));
    // While it waits, the contract page cannot decide it again.
    expect(payload<Errors>(await decide(contractId, id, { decision: "reject" })).data.errors.form).toBe("change_awaiting_approval");
  });

  it("approved by twenty at once is approved once", { timeout: 120_000 }, async () => {
    const { lineId, contractId } = await lineWithContract("RACE", 1000, 500);
    await enterChange(contractId, "QZ-001", "30万", "30万");
    const id = await changeId(contractId, "QZ-001");
    const results = await Promise.all(Array.from({ length: 20 }, () => decide(contractId, id, { decision: "approve", approved: "30万" })));
    const accepted = results.filter((r) => r instanceof Response && r.status === 302);
    expect(accepted).toHaveLength(1);
    for (const r of results.filter((r) => !(r instanceof Response))) expect(payload<Errors>(r).data.errors.form).toBe("change_already_decided");
    expect((await figures(lineId)).committedFen).toBe(W(530));
    expect(await prisma.auditLog.count({ where: { entity: "ContractChange", entityId: id, action: "update" } })).toBe(1);
  });
});

describe("settlement", () => {
  it("waits for pending changes, fixes the value, and closes the contract to changes", async () => {
    const { lineId, contractId } = await lineWithContract("STL", 1000, 400);
    await enterChange(contractId, "QZ-001", "10万", "8万");
    const settle = (amount: string) => onContract(contractId, { intent: "settle", settled: amount, settledOn: "2026-11-20", reason: "结算审计完成" });
    expect(payload<Errors>(await settle("405万")).data.errors.form).toEqual({ message: "change_pending_before_settlement", vars: { count: "1" } });
    await decide(contractId, await changeId(contractId, "QZ-001"), { decision: "reject" });
    expect(((await settle("395万")) as Response).status).toBe(302);
    expect((await figures(lineId)).committedFen).toBe(W(395)); // the settled amount replaces the value
    const contract = await prisma.contract.findUniqueOrThrow({ where: { id: contractId } });
    expect(contract).toMatchObject({ status: "settled", settledFen: W(395) });
    const refused = payload<Errors>(await enterChange(contractId, "QZ-002", "5万", "5万"));
    expect(refused.status).toBe(400);
    expect(refused.data.errors.form).toBe("contract_closed_to_changes");
    expect(await prisma.contractChange.count({ where: { contractId } })).toBe(1);
    expect(payload<Errors>(await settle("396万")).data.errors.form).toBe("contract_not_settleable");
  });
});

describe("待发生成本 and the target", () => {
  it("is revised with a reason, audited, kept as history, and moves the dynamic cost", async () => {
    const { lineId, leafId } = await lineWithContract("TOC", 1000, 300);
    const accountId = String(leafId);
    const noReason = payload<Errors>(await onLine(lineId, { intent: "to_come", accountId, amount: "500万", reason: "" }));
    expect(noReason.data.errors.reason).toBe("required");
    expect(noReason.data.values.amount).toBe("500万");
    expect(((await onLine(lineId, { intent: "to_come", accountId, amount: "500万", reason: "按施工图预算" })) as Response).status).toBe(302);
    expect((await figures(lineId)).dynamic).toMatchObject({ dynamicFen: W(800), level: "ok" });
    expect(((await onLine(lineId, { intent: "to_come", accountId, amount: "680万", reason: "钢材涨价" })) as Response).status).toBe(302);
    expect((await figures(lineId)).dynamic).toMatchObject({ toComeFen: W(680), dynamicFen: W(980), targetFen: W(1000), varianceFen: -W(20), level: "amber" });
    // The target is the approved version's, not the budget: a new approved version moves it, the budget stays.
    await approveTargets(projectId, { [leafId]: W(1100) });
    expect(await figures(lineId)).toMatchObject({ currentFen: W(1000), targetFen: W(1100), budgetTargetGapFen: -W(100), dynamic: { varianceFen: -W(120), level: "ok" } });
    expect(await prisma.toComeEstimate.count({ where: { lineId } })).toBe(2); // append-only history
    // Audited on the leaf account it estimates (models/cost/to-come.server.ts).
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "CostAccount", entityId: leafId }, orderBy: { id: "desc" } });
    expect(audit.reason).toBe("钢材涨价");
    expect(JSON.parse(audit.before!)).toMatchObject({ toComeFen: String(W(500)) });
  });

  it("a line over its target is red on /budget, on the dashboard and on the agenda", async () => {
    const { lineId, leafId } = await lineWithContract("RED", 1000, 300);
    await onLine(lineId, { intent: "to_come", accountId: String(leafId), amount: "700.01万", reason: "地下水位高于预期，增加降水" }); // 1,000.01万: 100分 over
    const page = (await callLoader(budgetLoader, "/budget", { as: "exec" })) as { rows: { id: number; dynamic: { level: string; varianceFen: string } }[] };
    expect(page.rows.find((r) => r.id === lineId)!.dynamic).toMatchObject({ level: "red", varianceFen: "10000" });
    const dashboard = (await callLoader(dashboardLoader, "/", { as: "exec" })) as { dynamicCost: { lines: { id: number; level: string }[] } };
    expect(dashboard.dynamicCost.lines.find((l) => l.id === lineId)?.level).toBe("red");
    const meeting = (await callLoader(meetingLoader, "/meetings/2026-12-01", { as: "exec", params: { date: "2026-12-01" } })) as { agenda: { refType: string; refId: number | null; detail: string }[] };
    const item = meeting.agenda.find((i) => i.refType === "DynamicCost" && i.refId === lineId);
    expect(item?.detail).toContain("varianceFen=10000");
  });

  it("the demo shows the tower over its target and the foundation near it", async () => {
    const rows = await budgetTable(projectId);
    const level = (code: string) => rows.find((r) => r.code === code)!.dynamic.level;
    expect([level("FND"), level("COM"), level("APT")]).toEqual(["amber", "ok", "red"]);
    expect(rows.find((r) => r.code === "COM")!.committedFen).toBe(W(318)); // 300万 + the approved 18万 change
  });
});
