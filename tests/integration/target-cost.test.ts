// 目标成本 versions (issue 13, point 2) through the pages' loaders and actions: the seed's V1 is the
// current target (4.6亿 in total, the tower 24,000万 against its 24,300万 budget); a new version needs
// every leaf and a reason, stays within the approved project total, counts only once another user
// approves it on /approvals, and can be rejected; one pending version at a time; the submitter never
// approves their own; two approvers at once decide it once.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { budgetTable } from "~/models/capital.server";
import { createUser } from "~/models/users.server";
import { action as approvalsAction, loader as approvalsLoader } from "~/routes/approvals";
import { loader as budgetLoader } from "~/routes/budget._index";
import { action as targetsAction, loader as targetsLoader } from "~/routes/budget.targets";
import { fenToWanInput } from "~/utils/money";
import { seedReferenceProject } from "../../prisma/seed";
import { submittedApprovalId } from "../helpers/approvals";
import { callAction, callLoader, payload } from "../helpers/requests";

const W = (wan: number) => BigInt(Math.round(wan * 100)) * 10_000n; // 万元 → 分
type Errors = { errors: Record<string, string | { message: string; vars?: Record<string, string> }>; values: Record<string, string> };

let projectId: number;
let leafId: Record<string, number>;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  const leaves = await prisma.costAccount.findMany({ where: { projectId, parentId: { not: null } }, select: { id: true, code: true } });
  leafId = Object.fromEntries(leaves.map((leaf) => [leaf.code, leaf.id]));
  await createUser({ username: "exec2", displayName: "第二审批人", password: null, roles: ["exec"] }, { userId: null });
  await createUser({ username: "finexec", displayName: "财务兼审批", password: null, roles: ["finance", "exec"] }, { userId: null });
  // The seed's demo approvals would be decided by tests that look for "the pending one": set them aside.
  await prisma.approval.updateMany({ where: { projectId, status: "pending" }, data: { status: "rejected", decisionNote: "test set-up" } });
});

/** The current target of every leaf, as the form is prefilled, with some leaves changed (万元 by code). */
async function targetFields(changes: Record<string, string> = {}, reason = "按施工图预算调整目标成本") {
  const version = await prisma.targetCostVersion.findFirstOrThrow({ where: { projectId, status: "approved" }, orderBy: { no: "desc" }, include: { items: true } });
  const fields: Record<string, string> = { reason };
  for (const [code, id] of Object.entries(leafId)) {
    const item = version.items.find((i) => i.accountId === id);
    fields[`amount_${id}`] = changes[code] ?? fenToWanInput(item?.amountFen ?? 0n);
  }
  return fields;
}
const submit = (fields: Record<string, string>, as = "finance") => callAction(targetsAction, "/budget/targets", fields, { as });
const decide = (approvalId: number, decision: "approve" | "reject", as = "exec", note = "") => callAction(approvalsAction, "/approvals", { approvalId: String(approvalId), decision, note }, { as });
const row = async (code: string) => (await budgetTable(projectId)).find((r) => r.code === code)!;
const leafTarget = async (code: string) => (await row(code.slice(0, 3))).accounts.find((a) => a.code === code)!.dynamic.targetFen;
const counts = async () => ({ versions: await prisma.targetCostVersion.count({ where: { projectId } }), items: await prisma.targetCostItem.count(), approvals: await prisma.approval.count({ where: { projectId } }) });
const messageOf = (result: unknown, field: string) => {
  const error = payload<Errors>(result).data.errors[field];
  return typeof error === "string" ? error : error?.message;
};

describe("the seed's target (V1)", () => {
  it("is the current target: 46,000万 in total, the tower 24,000万 under its 24,300万 budget", async () => {
    const rows = await budgetTable(projectId);
    expect(rows.map((r) => [r.code, r.targetFen])).toEqual([
      ["FND", W(8000)],
      ["COM", W(14000)],
      ["APT", W(24000)],
    ]);
    expect(rows.reduce((sum, r) => sum + r.targetFen, 0n)).toBe(W(46000));
    const apt = rows.find((r) => r.code === "APT")!;
    expect(apt.budgetTargetGapFen).toBe(W(300));
    expect(apt.dynamic.targetFen).toBe(W(24000)); // the dynamic cost is measured against the target, not the budget
    const page = (await callLoader(targetsLoader, "/budget/targets", { as: "member" })) as { current: { no: number }; versions: { no: number; status: string; totalFen: string; byLine: { totalFen: string }[] }[] };
    expect(page.current.no).toBe(1);
    expect(page.versions).toHaveLength(1);
    expect(page.versions[0]).toMatchObject({ no: 1, status: "approved", totalFen: String(W(46000)) });
    expect(page.versions[0].byLine.map((l) => l.totalFen)).toEqual([String(W(8000)), String(W(14000)), String(W(24000))]);
  });
});

describe("a new target-cost version", () => {
  it("needs an amount for every leaf and a reason; bad input saves nothing and keeps what was typed", async () => {
    const before = await counts();
    const fields = await targetFields({ "APT.02.03": "abc" }, "");
    delete fields[`amount_${leafId["FND.01.01"]}`];
    const result = payload<Errors>(await submit(fields));
    expect(result.status).toBe(400);
    expect(result.data.errors[`amount_${leafId["FND.01.01"]}`]).toBe("required");
    expect(result.data.errors[`amount_${leafId["APT.02.03"]}`]).toBe("invalid_amount");
    expect(result.data.errors.reason).toBe("required");
    expect(result.data.values[`amount_${leafId["APT.02.03"]}`]).toBe("abc");
    expect(await counts()).toEqual(before);
  });

  it("may not pass the approved project total: refused 1分 over, with the ceiling, and nothing saved", async () => {
    const before = await counts();
    // 46,000万 + 0.0001万 (1元)… and 1分: 3,800.000001万 is more precise than 分 allows, so the unit is typed.
    const over = payload<Errors>(await submit(await targetFields({ "APT.02.03": "38000000.01元" })));
    expect(over.status).toBe(400);
    expect(over.data.errors.total).toEqual({ message: "target_over_ceiling", vars: { totalFen: String(W(46000) + 1n), ceilingFen: String(W(46000)), overFen: "1" } });
    expect(await counts()).toEqual(before);
  });

  it("is pending until another user approves it: the target does not move; then it becomes the current target", async () => {
    // The tower's finishes up 400万, its main structure down 400万: the total stays 46,000万.
    const submitted = await submit(await targetFields({ "APT.02.03": "4200", "APT.02.01": "11600" }));
    const approvalId = submittedApprovalId(submitted);
    expect(approvalId).not.toBeNull();
    const version = await prisma.targetCostVersion.findFirstOrThrow({ where: { projectId, no: 2 } });
    expect(version).toMatchObject({ status: "pending", totalFen: W(46000), reason: "按施工图预算调整目标成本" });
    expect(await prisma.targetCostItem.count({ where: { versionId: version.id } })).toBe(Object.keys(leafId).length);
    const approval = await prisma.approval.findUniqueOrThrow({ where: { id: approvalId! } });
    expect(approval).toMatchObject({ kind: "target_cost", subjectId: version.id, amountFen: W(46000), status: "pending" });
    expect(JSON.parse(approval.payload)).toMatchObject({ versionId: version.id });
    const submitAudit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "TargetCostVersion", entityId: version.id, action: "create" } });
    expect(submitAudit.reason).toBe("按施工图预算调整目标成本");

    // Pending: nothing counts yet.
    expect(await leafTarget("APT.02.03")).toBe(W(3800));
    expect((await row("APT")).targetFen).toBe(W(24000));

    // A second version while this one waits is refused, and saves nothing.
    const before = await counts();
    const second = await submit(await targetFields({ "FND.01.01": "100" }));
    expect(payload<Errors>(second).status).toBe(400);
    expect(messageOf(second, "form")).toBe("target_pending_exists");
    expect(await counts()).toEqual(before);

    // /approvals shows it readably: the version, its total per part and the change against the current target.
    const approvals = (await callLoader(approvalsLoader, "/approvals", { as: "exec" })) as { pending: { id: number; kind: string; target: { no: number; byLine: { code: string; totalFen: string; changeFen: string }[] } | null }[] };
    const listed = approvals.pending.find((a) => a.id === approvalId)!;
    expect(listed.kind).toBe("target_cost");
    expect(listed.target?.no).toBe(2);
    expect(listed.target?.byLine.map((l) => [l.code, l.totalFen, l.changeFen])).toEqual([
      ["FND", String(W(8000)), "0"],
      ["COM", String(W(14000)), "0"],
      ["APT", String(W(24000)), "0"],
    ]);

    // The submitter cannot approve (finance may not decide at all: 403).
    const bySubmitter = await decide(approvalId!, "approve", "finance");
    expect((bySubmitter as Response).status).toBe(403);

    expect(((await decide(approvalId!, "approve", "exec")) as Response).status).toBe(302);
    expect(await prisma.targetCostVersion.findUniqueOrThrow({ where: { id: version.id } })).toMatchObject({ status: "approved", decidedById: (await prisma.user.findUniqueOrThrow({ where: { username: "exec" } })).id });
    expect(await leafTarget("APT.02.03")).toBe(W(4200));
    expect(await leafTarget("APT.02.01")).toBe(W(11600));
    expect((await row("APT")).targetFen).toBe(W(24000));
    const decideAudit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "TargetCostVersion", entityId: version.id, action: "approve" } });
    expect(JSON.parse(decideAudit.after!)).toMatchObject({ no: 2, status: "approved" });

    // The page: V2 is current; its leaves against V1 show the change.
    const page = (await callLoader(targetsLoader, "/budget/targets", { as: "member" })) as { current: { no: number }; previous: { no: number }; changes: { accountId: number; changeFen: string }[] };
    expect(page.current.no).toBe(2);
    expect(page.previous.no).toBe(1);
    expect(page.changes.find((c) => c.accountId === leafId["APT.02.03"])?.changeFen).toBe(String(W(400)));
    expect(page.changes.find((c) => c.accountId === leafId["APT.02.01"])?.changeFen).toBe(String(-W(400)));
    expect(page.changes.find((c) => c.accountId === leafId["FND.01.01"])?.changeFen).toBe("0");
  });

  it("is refused to a submitter who is also an approver, and rejected by another leaves the target as it was", async () => {
    const submitted = await submit(await targetFields({ "COM.02.03": "2300", "COM.02.01": "6400" }), "finexec");
    const approvalId = submittedApprovalId(submitted)!;
    const own = await decide(approvalId, "approve", "finexec");
    expect(payload<Errors>(own).status).toBe(400);
    expect(messageOf(own, "decision")).toBe("approval_own_submission");
    expect((await prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).status).toBe("pending");

    const rejected = await decide(approvalId, "reject", "exec", "机电安装询价未完成，暂不调整");
    expect((rejected as Response).status).toBe(302);
    const version = await prisma.targetCostVersion.findFirstOrThrow({ where: { projectId }, orderBy: { no: "desc" } });
    expect(version).toMatchObject({ no: 3, status: "rejected" });
    expect(version.decidedAt).not.toBeNull();
    expect(await leafTarget("COM.02.03")).toBe(W(2200)); // V2's, unchanged
    const page = (await callLoader(targetsLoader, "/budget/targets", { as: "member" })) as { current: { no: number } };
    expect(page.current.no).toBe(2);
    expect(await prisma.auditLog.count({ where: { entity: "TargetCostVersion", entityId: version.id, action: "reject" } })).toBe(1);
  });

  it("two approvers at once: approved once", async () => {
    const approvalId = submittedApprovalId(await submit(await targetFields({ "FND.02.01": "3700", "FND.02.02": "1700" })))!;
    const results = await Promise.all([decide(approvalId, "approve", "exec"), decide(approvalId, "approve", "exec2"), decide(approvalId, "approve", "exec")]);
    const ok = results.filter((r) => r instanceof Response && r.status === 302);
    expect(ok).toHaveLength(1);
    const version = await prisma.targetCostVersion.findFirstOrThrow({ where: { projectId }, orderBy: { no: "desc" } });
    expect(version).toMatchObject({ no: 4, status: "approved" });
    expect(await prisma.auditLog.count({ where: { entity: "TargetCostVersion", entityId: version.id, action: "approve" } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { entity: "Approval", entityId: approvalId, action: "approve" } })).toBe(1);
    expect(await leafTarget("FND.02.01")).toBe(W(3700));
  });

  it("records once when the same form is posted twice (idempotency key)", async () => {
    const fields = { ...(await targetFields({ "APT.04.01": "510" })), idempotencyKey: "target-cost-form-key-0001" };
    const [a, b] = [await submit(fields), await submit(fields)];
    expect(submittedApprovalId(a)).not.toBeNull();
    expect(submittedApprovalId(b)).toBe(submittedApprovalId(a));
    expect(await prisma.targetCostVersion.count({ where: { projectId, status: "pending" } })).toBe(1);
    await decide(submittedApprovalId(a)!, "reject", "exec", "测试结束");
  });

  it("two submissions at once: one is pending, the other refused", async () => {
    const [a, b] = await Promise.all([submit(await targetFields({ "APT.04.02": "470" })), submit(await targetFields({ "APT.04.02": "490" }), "finexec")]);
    const ids = [submittedApprovalId(a), submittedApprovalId(b)].filter((id) => id !== null);
    expect(ids).toHaveLength(1);
    expect(messageOf(ids[0] === submittedApprovalId(a) ? b : a, "form")).toBe("target_pending_exists");
    expect(await prisma.targetCostVersion.count({ where: { projectId, status: "pending" } })).toBe(1);
    await decide(ids[0]!, "reject", "exec", "测试结束");
  });

  it("is refused at approval, and stays pending, when the approved project total was cut below it meanwhile", async () => {
    const approvalId = submittedApprovalId(await submit(await targetFields()))!;
    await prisma.project.update({ where: { id: projectId }, data: { totalBudgetFen: { decrement: 1n } } });
    try {
      const refused = await decide(approvalId, "approve", "exec");
      expect(payload<Errors>(refused).status).toBe(400);
      expect(messageOf(refused, "decision")).toBe("target_over_ceiling");
      expect((await prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).status).toBe("pending");
      expect((await prisma.targetCostVersion.findFirstOrThrow({ where: { projectId }, orderBy: { no: "desc" } })).status).toBe("pending");
    } finally {
      await prisma.project.update({ where: { id: projectId }, data: { totalBudgetFen: { increment: 1n } } });
    }
    expect(((await decide(approvalId, "reject", "exec", "测试结束")) as Response).status).toBe(302);
  });

  it("needs the capital entry permission to submit", async () => {
    const result = await submit(await targetFields(), "exec");
    expect((result as Response).status).toBe(403);
  });
});

describe("/budget", () => {
  it("shows the targets against the approved total and the part budgets (the 300万 gap stays visible)", async () => {
    const page = (await callLoader(budgetLoader, "/budget", { as: "member" })) as { target: { no: number } | null; totals: { currentFen: string; dynamic: { targetFen: string } }; projectTotalFen: string };
    expect(page.target?.no).toBe(4);
    expect(page.totals.dynamic.targetFen).toBe(String(W(46000)));
    expect(page.projectTotalFen).toBe(String(W(46000)));
    expect(page.totals.currentFen).toBe(String(W(46300)));
  });
});
