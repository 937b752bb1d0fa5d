// Maker-checker approvals and the project ceiling (issue 13, points 6 and 7), through the pages'
// actions: revisions, transfers, project-budget revisions and large payments are submitted by one
// user and carried out only when another user with approvals.decide approves; two approvers at once
// decide once; the line budgets, payments and commitments stay under the approved project total.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { budgetTable } from "~/models/capital.server";
import { createUser } from "~/models/users.server";
import { action as approvalsAction, loader as approvalsLoader } from "~/routes/approvals";
import { action as budgetAction, loader as budgetLoader } from "~/routes/budget._index";
import { action as lineAction } from "~/routes/budget.lines.$id";
import { loader as dashboardLoader } from "~/routes/_index";
import { loader as meetingLoader } from "~/routes/meetings.$date";
import { seedReferenceProject } from "../../prisma/seed";
import { leafOf, withTypicalAccounts } from "../helpers/factories";
import { callAction, callLoader, payload } from "../helpers/requests";

let projectId: number;
let line: Record<string, number>;
const WAN = 1_000_000n; // 1万元 in 分

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  const lines = await prisma.budgetLine.findMany({ select: { id: true, code: true } });
  line = Object.fromEntries(lines.map((l) => [l.code, l.id]));
  await createUser({ username: "exec2", displayName: "第二审批人", password: null, roles: ["exec"] }, { userId: null });
  await createUser({ username: "finexec", displayName: "财务兼审批", password: null, roles: ["finance", "exec"] }, { userId: null });
  // The seed's demo approval would be decided by tests that approve "everything pending": set it aside.
  await prisma.approval.updateMany({ where: { projectId, status: "pending" }, data: { status: "rejected", decisionNote: "test set-up" } });
});

type Errors = { errors: Record<string, string | { message: string; vars?: Record<string, string> }> };
const figures = async (code: string) => (await budgetTable(projectId)).find((row) => row.code === code)!;
const onLine = (id: number, fields: Record<string, string>, as = "finance") => callAction(lineAction, `/budget/lines/${id}`, fields, { as, params: { id: String(id) } });
const decide = (approvalId: number, decision: "approve" | "reject", as = "exec", note = "") =>
  callAction(approvalsAction, "/approvals", { approvalId: String(approvalId), decision, note }, { as });
const pay = (fields: Record<string, string>, as = "finance") =>
  callAction(budgetAction, "/budget", { intent: "payment", paidOn: "2026-11-20", payee: "大额付款单位", voucherNo: "", note: "进度款", contractId: "", ...fields }, { as });
const submittedId = (result: unknown) => {
  expect(result).toBeInstanceOf(Response);
  const match = /[?&]submitted=(\d+)/.exec((result as Response).headers.get("Location") ?? "");
  expect(match, (result as Response).headers.get("Location") ?? "").not.toBeNull();
  return Number(match![1]);
};
const messageOf = (result: unknown, field: string) => {
  const error = payload<Errors>(result).data.errors[field];
  return typeof error === "string" ? error : error?.message;
};

describe("the project ceiling", () => {
  it("keeps the 300万 over the approved total visible on /budget until a project-budget approval resolves it", async () => {
    type Page = { ceiling: { overFen: string; totalFen: string; pendingProjectBudget: number } };
    const before = (await callLoader(budgetLoader, "/budget", { as: "exec" })) as Page;
    expect(before.ceiling).toMatchObject({ overFen: "300000000", totalFen: "46000000000" });

    // A raise of a line is refused while the lines stand past the total; so is a new line.
    expect(messageOf(await onLine(line.COM, { intent: "revision", amount: "1", reason: "调增" }), "amount")).toBe("over_project_lines");
    expect(messageOf(await callAction(budgetAction, "/budget", { intent: "line", code: "NEW", name: "新科目", nameEn: "", original: "1", reason: "x" }, { as: "finance" }), "original")).toBe("over_project_lines");

    const approvalId = submittedId(await callAction(budgetAction, "/budget", { intent: "project_budget", amount: "300万", reason: "董事会批准总预算调增" }, { as: "finance" }));
    const pending = (await callLoader(budgetLoader, "/budget", { as: "exec" })) as Page;
    expect(pending.ceiling).toMatchObject({ overFen: "300000000", pendingProjectBudget: 1 }); // nothing counts until approved
    expect(((await decide(approvalId, "approve")) as Response).status).toBe(302);

    const after = (await callLoader(budgetLoader, "/budget", { as: "exec" })) as Page;
    expect(after.ceiling).toMatchObject({ overFen: "0", totalFen: "46300000000", pendingProjectBudget: 0 });
    expect(await prisma.projectBudgetRevision.findFirstOrThrow({ where: { approvalId } })).toMatchObject({ amountFen: 300n * WAN });
    // The lines now add to the total exactly: a raise of 1分 is still refused.
    expect(messageOf(await onLine(line.COM, { intent: "revision", amount: "0.01", reason: "调增" }), "amount")).toBe("over_project_lines");
  });

  it("refuses a payment that would take the project's payments past the approved total", async () => {
    const project = await prisma.project.findUniqueOrThrow({ where: { id: projectId } });
    const paid = (await budgetTable(projectId)).reduce((sum, row) => sum + row.paidFen, 0n);
    const held = (await prisma.paymentRequest.aggregate({ where: { status: "pending" }, _sum: { amountFen: true } }))._sum.amountFen ?? 0n;
    // Test set-up: an approved total just 1万 above what is paid and held.
    await prisma.project.update({ where: { id: projectId }, data: { totalBudgetFen: paid + held + WAN } });
    try {
      const refused = await pay({ accountId: String(await leafOf(line.APT)), amount: "10000.01" });
      expect(messageOf(refused, "amount")).toBe("over_project_total");
      expect((await pay({ accountId: String(await leafOf(line.APT)), amount: "10000" })) as Response).toMatchObject({ status: 302 });
      // And a contract past the total: committed already exceeds this lowered total.
      const contract = await onLine(line.APT, { intent: "contract", accountId: String(await leafOf(line.APT)), code: "CEIL-1", title: "超总额合同", contractor: "某单位", amount: "1", signedOn: "", status: "signed" });
      expect(messageOf(contract, "amount")).toMatch(/over_project_commitment|over_commitment/);
    } finally {
      await prisma.project.update({ where: { id: projectId }, data: { totalBudgetFen: project.totalBudgetFen } });
    }
  });
});

describe("a budget revision", () => {
  it("is submitted, changes nothing, and applies only when another user approves it", async () => {
    const before = await figures("FND");
    const revisions = await prisma.budgetRevision.count();
    const approvalId = submittedId(await onLine(line.FND, { intent: "revision", amount: "-10万", reason: "桩基优化" }));
    expect(await prisma.budgetRevision.count()).toBe(revisions);
    expect((await figures("FND")).currentFen).toBe(before.currentFen);
    const approval = await prisma.approval.findUniqueOrThrow({ where: { id: approvalId } });
    expect(approval).toMatchObject({ kind: "budget_revision", status: "pending", amountFen: -10n * WAN, reason: "桩基优化" });

    const page = (await callLoader(approvalsLoader, "/approvals", { as: "exec" })) as { pending: { id: number; kind: string; submittedBy: string; amountFen: string }[] };
    expect(page.pending.find((p) => p.id === approvalId)).toMatchObject({ kind: "budget_revision", amountFen: "-10000000" });

    const decided = (await decide(approvalId, "approve", "exec", "同意")) as Response;
    expect(decided.status).toBe(302);
    expect((await figures("FND")).currentFen).toBe(before.currentFen - 10n * WAN);
    expect(await prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({ status: "approved", decisionNote: "同意" });
    const audits = await prisma.auditLog.findMany({ where: { entity: "Approval", entityId: approvalId }, orderBy: { id: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["submit", "approve"]);
  });

  it("cannot be approved by its submitter, and not at all by a user without approvals.decide", async () => {
    const approvalId = submittedId(await onLine(line.FND, { intent: "revision", amount: "-1万", reason: "自批测试" }, "finexec"));
    const own = await decide(approvalId, "approve", "finexec");
    expect(payload(own).status).toBe(400);
    expect(messageOf(own, "decision")).toBe("approval_own_submission");
    const forbidden = (await decide(approvalId, "approve", "finance")) as Response;
    expect(forbidden.status).toBe(403);
    expect(await prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({ status: "pending" });
    // Rejected by another approver, with a reason: nothing applied.
    const revisions = await prisma.budgetRevision.count();
    expect(messageOf(await decide(approvalId, "reject", "exec", ""), "note")).toBe("reject_needs_note");
    expect(((await decide(approvalId, "reject", "exec", "无依据")) as Response).status).toBe(302);
    expect(await prisma.budgetRevision.count()).toBe(revisions);
    expect(messageOf(await decide(approvalId, "approve", "exec2"), "decision")).toBe("approval_not_pending");
  });

  it("re-checks its rules at decision time: a cut that no longer fits is refused and stays pending", async () => {
    const current = (await figures("FND")).currentFen;
    const committed = (await figures("FND")).committedFen;
    // Cut to exactly what is bound, twice: the first approval fits, the second no longer does.
    const cut = (current - committed) / 100n;
    const a = submittedId(await onLine(line.FND, { intent: "revision", amount: `-${cut}`, reason: "调减一" }));
    const b = submittedId(await onLine(line.FND, { intent: "revision", amount: "-1", reason: "调减二" }));
    expect(((await decide(a, "approve")) as Response).status).toBe(302);
    const refused = await decide(b, "approve");
    expect(messageOf(refused, "amount")).toBe("below_floor");
    expect(await prisma.approval.findUniqueOrThrow({ where: { id: b } })).toMatchObject({ status: "pending" });
    await decide(b, "reject", "exec", "已无余额");
  });

  it("is decided once when twenty approvers approve it at the same time", { timeout: 60_000 }, async () => {
    const revisions = await prisma.budgetRevision.count();
    const apt = (await figures("APT")).currentFen;
    const approvalId = submittedId(await onLine(line.APT, { intent: "transfer", toLineId: String(line.COM), amount: "50万", reason: "商业面积调增" }));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => decide(approvalId, "approve", i % 2 ? "exec" : "exec2")));
    const approved = results.filter((r) => r instanceof Response && r.status === 302).length;
    expect(approved).toBe(1);
    for (const r of results.filter((r) => !(r instanceof Response))) expect(messageOf(r, "decision")).toBe("approval_not_pending");
    expect(await prisma.budgetRevision.count()).toBe(revisions + 2);
    expect((await figures("APT")).currentFen).toBe(apt - 50n * WAN);
    expect(await prisma.auditLog.count({ where: { entity: "Approval", entityId: approvalId, action: "approve" } })).toBe(1);
  });
});

describe("a payment above the approval threshold", () => {
  it("waits for approval, holds its amount against the line, and posts on approval", async () => {
    const before = await figures("APT");
    const payments = await prisma.payment.count();
    const account = await leafOf(line.APT);
    const approvalId = submittedId(await pay({ accountId: String(account), amount: "600万" }));
    expect(await prisma.payment.count()).toBe(payments);
    const request = await prisma.paymentRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    // The request carries its cost account (成本科目) and its line (the account's).
    expect(request).toMatchObject({ status: "pending", amountFen: 600n * WAN, paymentId: null, accountId: account, lineId: line.APT, contractId: null });
    expect(await prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({ kind: "payment", subjectId: request.id });
    const banner = (await callLoader(budgetLoader, `/budget?submitted=${approvalId}`, { as: "finance" })) as { submitted: { kind: string; amountFen: string } };
    expect(banner.submitted).toMatchObject({ kind: "payment", amountFen: "600000000" });

    expect(((await decide(approvalId, "approve")) as Response).status).toBe(302);
    const posted = await prisma.paymentRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(posted.status).toBe("approved");
    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: posted.paymentId! } });
    expect(payment).toMatchObject({ amountFen: 600n * WAN, lineId: line.APT, accountId: account });
    expect((await figures("APT")).paidFen).toBe(before.paidFen + 600n * WAN);
  });

  it("at the threshold records at once", async () => {
    expect(((await pay({ accountId: String(await leafOf(line.APT)), amount: "500万" })) as Response).headers.get("Location")).toMatch(/recorded=/);
  });

  it("counts pending requests against the line's room: of ten large requests at once only what fits waits", { timeout: 60_000 }, async () => {
    // Test set-up: a line with room for one 600万 request.
    const room = await prisma.budgetLine.create({ data: { projectId, code: "HELD", name: "大额测试", nameEn: "Held", originalFen: 1000n * WAN, sortOrder: 99 } });
    const leaf = String(await withTypicalAccounts(room));
    const results = await Promise.all(Array.from({ length: 10 }, () => pay({ accountId: leaf, amount: "600万" })));
    const held = results.filter((r) => r instanceof Response && r.status === 302);
    expect(held).toHaveLength(1);
    for (const r of results.filter((r) => !(r instanceof Response))) expect(messageOf(r, "amount")).toBe("over_budget");
    expect(await prisma.paymentRequest.count({ where: { lineId: room.id, status: "pending" } })).toBe(1);
    // The room left is 400万 while the request waits; rejected, its amount is free again.
    expect(messageOf(await pay({ accountId: leaf, amount: "400.01万" }), "amount")).toBe("over_budget");
    const approvalId = submittedId(held[0]);
    expect(((await decide(approvalId, "reject", "exec", "资料不全")) as Response).status).toBe(302);
    expect(await prisma.paymentRequest.count({ where: { lineId: room.id, status: "rejected" } })).toBe(1);
    expect(((await pay({ accountId: leaf, amount: "900万" })) as Response).status).toBe(302);
  });
});

describe("pending approvals where approvers look", () => {
  it("shows on the dashboard (to approvers) and as one item on the meeting agenda", async () => {
    submittedId(await onLine(line.APT, { intent: "revision", amount: "-2万", reason: "议程测试" }));
    const pending = await prisma.approval.count({ where: { projectId, status: "pending" } });
    const forExec = (await callLoader(dashboardLoader, "/", { as: "exec" })) as { approvals: { count: number; top: { reason: string }[] } | null };
    expect(forExec.approvals?.count).toBe(pending);
    expect(forExec.approvals?.top.some((item) => item.reason === "议程测试")).toBe(true);
    const forMember = (await callLoader(dashboardLoader, "/", { as: "member" })) as { approvals: unknown };
    expect(forMember.approvals).toBeNull();
    const meeting = (await callLoader(meetingLoader, "/meetings/2026-12-01", { as: "exec", params: { date: "2026-12-01" } })) as { agenda: { refType: string; title: string }[] };
    const items = meeting.agenda.filter((item) => item.refType === "Approval");
    expect(items).toHaveLength(1);
    expect(items[0].title).toBe(`待审批事项 ${pending} 项`);
  });
});
