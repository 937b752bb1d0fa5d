// 放款条件 and 资本金 (issue 14, point 4) through the financing pages' loaders and actions, against a fresh
// SQLite file holding the reference project (today pinned to 2026-11-27): the bank's drawdowns are
// flagged (四证 missing M14/M19, equity 13.04 % < 25 %, M19 not done) and cannot be marked drawn without
// an override that someone other than its submitter approves; equity contributions and their reversals
// move the ratio; a contribution is reversed once, even by two reversals at once.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { createUser } from "~/models/users.server";
import { loader as approvalsLoader } from "~/routes/approvals";
import { action as facilityAction, loader as facilityLoader } from "~/routes/financing.facilities.$id";
import { action as indexAction, loader as indexLoader } from "~/routes/financing._index";
import { seedReferenceProject } from "../../prisma/seed";
import { approve, submittedApprovalId } from "../helpers/approvals";
import { callAction, callLoader, payload } from "../helpers/requests";

/** 万元 → 分, as the loaders send it (a decimal string). */
const W = (wan: number) => String(BigInt(Math.round(wan * 100)) * 10_000n);

let projectId: number;
let bankId: number;
let vendorId: number;
let m19Drawdown: number;
let milestoneId: Record<string, number>;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  await createUser({ username: "finexec", displayName: "财务兼审批", password: null, roles: ["finance", "exec"] }, { userId: null });
  milestoneId = Object.fromEntries((await prisma.milestone.findMany({ select: { id: true, code: true } })).map((m) => [m.code, m.id]));
  bankId = (await prisma.facility.findFirstOrThrow({ where: { counterparty: "城市商业银行·信托计划" } })).id;
  vendorId = (await prisma.facility.findFirstOrThrow({ where: { counterparty: "桩基及总包单位垫资" } })).id;
  m19Drawdown = (await prisma.drawdown.findFirstOrThrow({ where: { facilityId: bankId, dependsOnMilestoneId: milestoneId.M19 } })).id;
});

type Errors = { errors: Record<string, string | { message: string; vars?: Record<string, string> }>; values: Record<string, string> };
type FacilityPage = Exclude<Awaited<ReturnType<typeof facilityLoader>>, Response>;
type IndexPage = Exclude<Awaited<ReturnType<typeof indexLoader>>, Response>;

const facilityPage = async (id: number, as = "exec") => (await callLoader(facilityLoader, `/financing/facilities/${id}`, { as, params: { id: String(id) } })) as FacilityPage;
const indexPage = async (as = "exec") => (await callLoader(indexLoader, "/financing", { as })) as IndexPage;
const onFacility = (id: number, fields: Record<string, string>, as = "finance") => callAction(facilityAction, `/financing/facilities/${id}`, fields, { as, params: { id: String(id) } });
const onIndex = (fields: Record<string, string>, as = "finance") => callAction(indexAction, "/financing", fields, { as });
const errorsOf = (result: unknown) => payload<Errors>(result).data.errors;
const messageOf = (result: unknown, field: string) => {
  const error = errorsOf(result)[field];
  return typeof error === "string" ? error : error?.message;
};
const draw = (drawdownId: number, as = "finance") => onFacility(bankId, { intent: "actual", drawdownId: String(drawdownId), actualOn: "2026-11-27", actual: "3000万" }, as);

describe("the bank facility's loan conditions", () => {
  it("are all unmet in the reference project, and its undrawn drawdowns are flagged", async () => {
    const page = await facilityPage(bankId);
    expect(page.unmet).toEqual(["four_certificates", "equity_ratio", "milestone"]);
    expect(page.conditions.map((c) => [c.kind, c.met])).toEqual([
      ["four_certificates", false],
      ["equity_ratio", false],
      ["milestone", false],
    ]);
    expect(page.conditions[0].detail).toEqual({
      kind: "four_certificates",
      missing: [
        { kind: "works_planning", reason: "not_done", codes: ["M14"] },
        { kind: "construction", reason: "not_done", codes: ["M19"] },
      ],
    });
    // 6,000万 of 4.6亿 = 13.04 %, below the 25 % required.
    expect(page.conditions[1].detail).toEqual({ kind: "equity_ratio", ratioBps: 1304, requiredBps: 2500, paidFen: W(6000), totalFen: W(46000) });
    expect(page.conditions[2].detail).toMatchObject({ kind: "milestone", milestoneId: milestoneId.M19, milestone: { code: "M19", done: false } });

    const index = await indexPage();
    expect(index.unmetByFacility[bankId]).toEqual(["four_certificates", "equity_ratio", "milestone"]);
    expect(index.unmetByFacility[vendorId]).toBeUndefined();
    expect(index.equity).toMatchObject({ paidFen: W(6000), totalFen: W(46000), ratioBps: 1304, requiredBps: 2500, reached: false, shortFen: W(5500), statutory: { ordinaryHousing: 2000, other: 2500 } });
    expect(index.equity.contributions).toHaveLength(1);
  });

  it("refuses to record a drawdown of the bank as drawn while they are unmet", async () => {
    const refused = await draw(m19Drawdown);
    expect(payload(refused).status).toBe(400);
    expect(errorsOf(refused)).toEqual({ drawdownId: { message: "conditions_unmet", vars: { kinds: "four_certificates,equity_ratio,milestone", count: "3" } } });
    expect(await prisma.drawdown.findUniqueOrThrow({ where: { id: m19Drawdown } })).toMatchObject({ actualOn: null, actualFen: null, overrideApprovalId: null });
  });

  it("are added and removed by finance, with errors beside the fields", async () => {
    expect(messageOf(await onFacility(vendorId, { intent: "condition", kind: "milestone", milestoneId: "", note: "" }), "milestoneId")).toBe("required");
    expect(messageOf(await onFacility(vendorId, { intent: "condition", kind: "equity_ratio", equityRatio: "120" }), "equityRatio")).toBe("ratio_format");
    const bad = await onFacility(vendorId, { intent: "condition", kind: "bogus", note: "保留" });
    expect(messageOf(bad, "kind")).toBe("invalid_choice");
    expect(payload<Errors>(bad).data.values.note).toBe("保留");
    expect(((await onFacility(vendorId, { intent: "condition", kind: "milestone", milestoneId: String(milestoneId.M20), note: "确定总包" }, "exec")) as Response).status).toBe(403);

    const added = (await onFacility(vendorId, { intent: "condition", kind: "milestone", milestoneId: String(milestoneId.M20), note: "确定总包" })) as Response;
    expect(added.status).toBe(302);
    expect(messageOf(await onFacility(vendorId, { intent: "condition", kind: "milestone", milestoneId: String(milestoneId.M20) }), "kind")).toBe("condition_exists");
    const page = await facilityPage(vendorId);
    expect(page.unmet).toEqual(["milestone"]);
    const conditionId = page.conditions[0].id;
    // A condition of another facility is not this one's to remove.
    const bankCondition = (await prisma.facilityCondition.findFirstOrThrow({ where: { facilityId: bankId } })).id;
    expect(messageOf(await onFacility(vendorId, { intent: "removeCondition", conditionId: String(bankCondition) }), "conditionId")).toBe("invalid_choice");
    expect(((await onFacility(vendorId, { intent: "removeCondition", conditionId: String(conditionId) })) as Response).status).toBe(302);
    expect((await facilityPage(vendorId)).conditions).toEqual([]);
    const audits = await prisma.auditLog.findMany({ where: { entity: "FacilityCondition", entityId: conditionId }, orderBy: { id: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["create", "delete"]);
  });
});

describe("a conditions override", () => {
  it("is not needed (and refused) when the facility's conditions are met", async () => {
    const vendorDrawdown = (await prisma.drawdown.findFirstOrThrow({ where: { facilityId: vendorId } })).id;
    expect(messageOf(await onFacility(vendorId, { intent: "override", drawdownId: String(vendorDrawdown), reason: "无需" }), "drawdownId")).toBe("conditions_met");
  });

  it("needs a reason, cannot be approved by its submitter, and once approved by another lets the drawdown be drawn", async () => {
    const noReason = await onFacility(bankId, { intent: "override", drawdownId: String(m19Drawdown), reason: " " }, "finexec");
    expect(messageOf(noReason, "reason")).toBe("required");

    const submitted = await onFacility(bankId, { intent: "override", drawdownId: String(m19Drawdown), reason: "银行同意先放款，施工许可证一个月内补齐" }, "finexec");
    const approvalId = submittedApprovalId(submitted)!;
    expect(approvalId).toBeGreaterThan(0);
    expect(await prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({ kind: "drawdown_override", subjectId: m19Drawdown, status: "pending", amountFen: BigInt(W(3000)) });
    // One at a time per drawdown.
    expect(messageOf(await onFacility(bankId, { intent: "override", drawdownId: String(m19Drawdown), reason: "再次" }), "drawdownId")).toBe("override_pending");
    // Pending is not enough.
    expect(messageOf(await draw(m19Drawdown), "drawdownId")).toBe("conditions_unmet");

    // On /approvals, described with the facility and the date.
    const approvals = (await callLoader(approvalsLoader, "/approvals", { as: "exec" })) as { pending: { id: number; kind: string; payee: string }[] };
    expect(approvals.pending.find((p) => p.id === approvalId)).toMatchObject({ kind: "drawdown_override", payee: "城市商业银行·信托计划 · 2027-06-01" });

    // The submitter may decide approvals, but not their own.
    const own = await approve(approvalId, "finexec");
    expect(messageOf(own, "decision")).toBe("approval_own_submission");
    expect((await prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).status).toBe("pending");
    expect(((await approve(approvalId, "exec", "同意豁免")) as Response).status).toBe(302);
    expect((await prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).status).toBe("approved");
    expect((await facilityPage(bankId)).overrides.find((o) => o.drawdownId === m19Drawdown)).toMatchObject({ approvalId, status: "approved", used: false });
    expect(messageOf(await onFacility(bankId, { intent: "override", drawdownId: String(m19Drawdown), reason: "再次" }), "drawdownId")).toBe("override_approved");

    // The other drawdown of the bank still waits for its own override.
    const other = (await prisma.drawdown.findFirstOrThrow({ where: { facilityId: bankId, id: { not: m19Drawdown } } })).id;
    expect(messageOf(await draw(other), "drawdownId")).toBe("conditions_unmet");

    const drawn = (await draw(m19Drawdown)) as Response;
    expect(drawn.status).toBe(302);
    expect(await prisma.drawdown.findUniqueOrThrow({ where: { id: m19Drawdown } })).toMatchObject({ actualFen: BigInt(W(3000)), overrideApprovalId: approvalId });
    const page = await facilityPage(bankId);
    expect(page.overrides.find((o) => o.drawdownId === m19Drawdown)).toMatchObject({ approvalId, used: true });
    // Drawn: no further override.
    expect(messageOf(await onFacility(bankId, { intent: "override", drawdownId: String(m19Drawdown), reason: "再次" }), "drawdownId")).toBe("already_drawn");
  });

  it("of a drawdown drawn meanwhile is refused at approval and stays pending", async () => {
    // Drawdown planned on a facility whose condition is then removed: drawn without an override.
    const added = (await onFacility(vendorId, { intent: "condition", kind: "milestone", milestoneId: String(milestoneId.M20) })) as Response;
    expect(added.status).toBe(302);
    const vendorDrawdown = (await prisma.drawdown.findFirstOrThrow({ where: { facilityId: vendorId } })).id;
    const approvalId = submittedApprovalId(await onFacility(vendorId, { intent: "override", drawdownId: String(vendorDrawdown), reason: "总包已确定，先行垫资" }))!;
    const conditionId = (await prisma.facilityCondition.findFirstOrThrow({ where: { facilityId: vendorId } })).id;
    await onFacility(vendorId, { intent: "removeCondition", conditionId: String(conditionId) });
    expect(((await onFacility(vendorId, { intent: "actual", drawdownId: String(vendorDrawdown), actualOn: "2026-11-27", actual: "100万" })) as Response).status).toBe(302);
    expect(messageOf(await approve(approvalId, "exec"), "decision")).toBe("already_drawn");
    expect((await prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).status).toBe("pending");
    expect((await prisma.drawdown.findUniqueOrThrow({ where: { id: vendorDrawdown } })).overrideApprovalId).toBeNull();
  });
});

describe("the project's equity", () => {
  it("moves the ratio with a contribution and its reversal, which needs a reason and happens once", async () => {
    expect(((await onIndex({ intent: "equity", receivedOn: "2026-11-20", amount: "5500万", source: "集团公司", note: "二期" }, "exec")) as Response).status).toBe(403);
    const invalid = await onIndex({ intent: "equity", receivedOn: "2026-12-01", amount: "-1", source: "", note: "保留" });
    expect(errorsOf(invalid)).toMatchObject({ receivedOn: "not_in_future", amount: "amount_positive", source: "required" });
    expect(payload<Errors>(invalid).data.values).toMatchObject({ intent: "equity", note: "保留" });

    const added = (await onIndex({ intent: "equity", receivedOn: "2026-11-20", amount: "5500万", source: "集团公司", note: "资本金二期" })) as Response;
    expect(added.status).toBe(302);
    let equity = (await indexPage()).equity;
    // 1.15亿 of 4.6亿 = 25 %: the bank's equity condition is met.
    expect(equity).toMatchObject({ paidFen: W(11500), ratioBps: 2500, reached: true, shortFen: "0" });
    expect((await facilityPage(bankId)).conditions.find((c) => c.kind === "equity_ratio")!.met).toBe(true);

    const contribution = equity.contributions.find((c) => c.note === "资本金二期")!;
    expect(messageOf(await onIndex({ intent: "equity_reversal", contributionId: String(contribution.id), reason: "" }), "reason")).toBe("required");
    const reversed = (await onIndex({ intent: "equity_reversal", contributionId: String(contribution.id), reason: "重复登记" })) as Response;
    expect(reversed.status).toBe(302);
    equity = (await indexPage()).equity;
    expect(equity).toMatchObject({ paidFen: W(6000), ratioBps: 1304, reached: false });
    const reversal = equity.contributions.find((c) => c.reversalOfId === contribution.id)!;
    expect(reversal).toMatchObject({ amountFen: `-${W(5500)}`, reason: "重复登记", receivedOn: "2026-11-20" });
    expect(equity.contributions.find((c) => c.id === contribution.id)!.reversedById).toBe(reversal.id);
    expect((await facilityPage(bankId)).conditions.find((c) => c.kind === "equity_ratio")!.met).toBe(false);

    // Twice: refused; a reversal itself: refused; another project's or unknown id: refused.
    expect(messageOf(await onIndex({ intent: "equity_reversal", contributionId: String(contribution.id), reason: "再冲" }), "contributionId")).toBe("equity_already_reversed");
    expect(messageOf(await onIndex({ intent: "equity_reversal", contributionId: String(reversal.id), reason: "冲回" }), "contributionId")).toBe("equity_reversal_of_reversal");
    expect(messageOf(await onIndex({ intent: "equity_reversal", contributionId: "999999", reason: "x" }), "contributionId")).toBe("invalid_choice");
    const audits = await prisma.auditLog.findMany({ where: { entity: "EquityContribution", entityId: { in: [contribution.id, reversal.id] } }, orderBy: { id: "asc" } });
    expect(audits.map((a) => [a.entityId, a.action, a.reason])).toEqual([
      [contribution.id, "create", ""],
      [reversal.id, "create", "重复登记"],
    ]);
  });

  it("records a contribution once for copies of one post", async () => {
    const fields = { intent: "equity", receivedOn: "2026-11-21", amount: "10万", source: "集团公司", note: "重复提交", idempotencyKey: "equity-copy-test-key-0001.equity" };
    const results = await Promise.all([onIndex(fields), onIndex(fields)]);
    expect(results.map((r) => (r as Response).status)).toEqual([302, 302]);
    expect(await prisma.equityContribution.count({ where: { note: "重复提交" } })).toBe(1);
  });

  it("lets one of two concurrent reversals of the same contribution through", async () => {
    const added = (await onIndex({ intent: "equity", receivedOn: "2026-11-22", amount: "100万", source: "集团公司", note: "并发冲销" })) as Response;
    expect(added.status).toBe(302);
    const id = (await prisma.equityContribution.findFirstOrThrow({ where: { note: "并发冲销", reversalOfId: null } })).id;
    const results = await Promise.all([
      onIndex({ intent: "equity_reversal", contributionId: String(id), reason: "并发一" }),
      onIndex({ intent: "equity_reversal", contributionId: String(id), reason: "并发二" }, "finexec"),
    ]);
    const ok = results.filter((r) => r instanceof Response && r.status === 302);
    const refused = results.filter((r) => !(r instanceof Response));
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(messageOf(refused[0], "contributionId")).toBe("equity_already_reversed");
    expect(await prisma.equityContribution.count({ where: { reversalOfId: id } })).toBe(1);
    const sum = await prisma.equityContribution.aggregate({ where: { projectId }, _sum: { amountFen: true } });
    expect(sum._sum.amountFen).toBe(BigInt(W(6010)));
  });
});
