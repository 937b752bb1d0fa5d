// Cost accounts (成本科目) in every write (issue 13 point 1, decision 013), through the pages' actions:
// a payment outside contracts names a leaf of this project and fits the leaf's room (target − contracts
// − paid and held outside contracts), also when ten arrive at once; a payment on a contract takes the
// contract's account; payment requests, their approval, reversals and imports carry the account; a
// contract is re-filed only while nothing is paid or held on it; 待发生成本 is per leaf and sums to the
// line; a new line starts with the typical accounts.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { TYPICAL_ACCOUNTS } from "~/domain/cost/accounts";
import { budgetTable, importPayments, type ImportRow } from "~/models/capital.server";
import { refusalGroups } from "~/models/cost/refusals.server";
import { latestToCome, latestToComeByAccount } from "~/models/cost/to-come.server";
import { action as budgetAction } from "~/routes/budget._index";
import { action as contractAction, loader as contractLoader } from "~/routes/budget.contracts.$id";
import { action as lineAction, loader as lineLoader } from "~/routes/budget.lines.$id";
import { action as ledgerAction } from "~/routes/budget.payments";
import { seedReferenceProject } from "../../prisma/seed";
import { approve, submittedApprovalId } from "../helpers/approvals";
import { accountId as accountOf, withTypicalAccounts } from "../helpers/factories";
import { callAction, callLoader, payload } from "../helpers/requests";

const W = (wan: number) => BigInt(Math.round(wan * 100)) * 10_000n; // 万元 → 分
type Errors = { errors: Record<string, string | { message: string; vars?: Record<string, string> }>; values: Record<string, string> };

let projectId: number;
let line: Record<string, number>;
const account = (code: string) => accountOf(projectId, code);

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  line = Object.fromEntries((await prisma.budgetLine.findMany({ where: { projectId }, select: { id: true, code: true } })).map((l) => [l.code, l.id]));
});

const pay = (fields: Record<string, string>, as = "finance") =>
  callAction(budgetAction, "/budget", { intent: "payment", paidOn: "2026-11-20", payee: "科目测试", voucherNo: "", note: "", contractId: "", ...fields }, { as });
const onLine = (id: number, fields: Record<string, string>) => callAction(lineAction, `/budget/lines/${id}`, fields, { as: "finance", params: { id: String(id) } });
const onContract = (id: number, fields: Record<string, string>) => callAction(contractAction, `/budget/contracts/${id}`, fields, { as: "finance", params: { id: String(id) } });
const status = (result: unknown) => (result instanceof Response ? result.status : payload(result).status);
const errorsOf = (result: unknown) => payload<Errors>(result).data.errors;
const recordedPaymentId = (result: unknown) => Number(/recorded=(\d+)/.exec((result as Response).headers.get("Location") ?? "")?.[1]);
/** What a write must leave untouched when it is refused. */
const counts = async () => ({ payments: await prisma.payment.count(), refusals: await prisma.paymentRefusal.count(), requests: await prisma.paymentRequest.count(), contracts: await prisma.contract.count() });

describe("a payment outside contracts", () => {
  it("needs a cost account: a field error, nothing saved", async () => {
    const before = await counts();
    const refused = payload<Errors>(await pay({ amount: "1000" }));
    expect(refused.status).toBe(400);
    expect(refused.data.errors.accountId).toBe("account_required");
    expect(refused.data.values.amount).toBe("1000");
    expect(await counts()).toEqual(before);
  });

  it("needs a leaf of this project: a first-level account or another project's leaf is a field error, nothing saved", async () => {
    const other = await prisma.project.create({ data: { code: "GW-ACC", name: "另一项目", nameEn: "Other", totalBudgetFen: W(1000), scheduleStart: new Date("2026-11-01"), scheduleEnd: new Date("2027-12-31") } });
    const otherLine = await prisma.budgetLine.create({ data: { projectId: other.id, code: "COM", name: "另一项目科目", nameEn: "Other", originalFen: W(1000) } });
    const foreignLeaf = await withTypicalAccounts(otherLine);
    const before = await counts();
    expect(errorsOf(await pay({ accountId: String(await account("COM.02")), amount: "1000" })).accountId).toBe("account_not_leaf");
    expect(errorsOf(await pay({ accountId: String(foreignLeaf), amount: "1000" })).accountId).toBe("invalid_choice");
    expect(errorsOf(await pay({ accountId: "999999", amount: "1000" })).accountId).toBe("invalid_choice");
    expect(await counts()).toEqual(before);
  });

  it("is recorded on its leaf and its line (the account's), audited with the account's code", async () => {
    const leaf = await account("COM.04.02");
    const result = await pay({ accountId: String(leaf), amount: "12,345.67" });
    expect(status(result)).toBe(302);
    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: recordedPaymentId(result) } });
    expect(payment).toMatchObject({ accountId: leaf, lineId: line.COM, contractId: null, amountFen: 1_234_567n });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Payment", entityId: payment.id } });
    expect(JSON.parse(audit.after!)).toMatchObject({ line: "COM", account: "COM.04.02" });
  });

  it("is refused past the leaf's room (target − contracts − paid outside), naming the room to the 分; a reversal restores it", async () => {
    // 幕墙工程 COM.02.04: target 1,200万, nothing on it. A contract of 1,000万 and 150万 paid outside leave 50万.
    const leaf = await account("COM.02.04");
    expect(status(await onLine(line.COM, { intent: "contract", accountId: String(leaf), code: "HT-ROOM-1", title: "幕墙工程", contractor: "幕墙公司", amount: "1000万", signedOn: "2026-11-20", status: "signed" }))).toBe(302);
    const paid = await pay({ accountId: String(leaf), amount: "150万" });
    expect(status(paid)).toBe(302);
    const before = await counts();
    const refused = payload<Errors>(await pay({ accountId: String(leaf), amount: "500000.01" }));
    expect(refused.status).toBe(400);
    expect(refused.data.errors.amount).toEqual({ message: "over_account_room", vars: { roomFen: "50000000" } });
    // Nothing paid; the refusal is kept for the weekly meeting, on its account, with the room it met.
    expect(await counts()).toEqual({ ...before, refusals: before.refusals + 1 });
    expect(await prisma.paymentRefusal.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({ accountId: leaf, lineId: line.COM, kind: "account_room", amountFen: 50_000_001n, headroomFen: W(50) });
    // Exactly the room is fine; then nothing is left.
    expect(status(await pay({ accountId: String(leaf), amount: "50万" }))).toBe(302);
    expect(errorsOf(await pay({ accountId: String(leaf), amount: "0.01" })).amount).toEqual({ message: "over_account_room", vars: { roomFen: "0" } });
    // 红冲 of the 150万: the reversal is on the same account and gives its room back.
    const reversed = await callAction(ledgerAction, "/budget/payments", { intent: "reverse", paymentId: String(recordedPaymentId(paid)), reason: "重复付款" }, { as: "finance" });
    expect(status(reversed)).toBe(302);
    expect(await prisma.payment.findUniqueOrThrow({ where: { reversalOfId: recordedPaymentId(paid) } })).toMatchObject({ accountId: leaf, amountFen: -W(150) });
    expect(errorsOf(await pay({ accountId: String(leaf), amount: "1500000.01" })).amount).toEqual({ message: "over_account_room", vars: { roomFen: "150000000" } });
    expect(status(await pay({ accountId: String(leaf), amount: "150万" }))).toBe(302);
    // The three refusals on the leaf are one group for the agenda and the dashboard: count, largest, its room.
    const groups = (await refusalGroups(projectId, new Date(0))).filter((g) => g.accountId === leaf);
    expect(groups).toEqual([expect.objectContaining({ lineId: line.COM, accountCode: "COM.02.04", accountName: "幕墙工程", count: 3, largestFen: 150_000_001n, headroomFen: W(150) })]);
  });

  it("counts a payment held for approval against the leaf's room, carries the account through the request, and posts it on approval", async () => {
    // 电梯工程 APT.02.04: target 900万, nothing on it. 600万 is above the 500万 threshold: it waits.
    const leaf = await account("APT.02.04");
    const held = await pay({ accountId: String(leaf), amount: "600万" });
    const approvalId = submittedApprovalId(held);
    expect(approvalId).not.toBeNull();
    const request = await prisma.paymentRequest.findFirstOrThrow({ where: { status: "pending", accountId: leaf } });
    expect(request).toMatchObject({ accountId: leaf, lineId: line.APT, contractId: null, amountFen: W(600) });
    expect(errorsOf(await pay({ accountId: String(leaf), amount: "3000000.01" })).amount).toEqual({ message: "over_account_room", vars: { roomFen: "300000000" } });
    // Approved, it does not count against itself: posted on its account.
    expect(status(await approve(approvalId!))).toBe(302);
    const posted = await prisma.paymentRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(posted.status).toBe("approved");
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: posted.paymentId! } })).toMatchObject({ accountId: leaf, lineId: line.APT, amountFen: W(600) });
    expect(errorsOf(await pay({ accountId: String(leaf), amount: "3000000.01" })).amount).toEqual({ message: "over_account_room", vars: { roomFen: "300000000" } });
  });

  it("of ten at once for the last room of an account, records exactly the ones that fit", async () => {
    // 道路及园林 COM.03.02: target 200万. After 150万, 50万 is left: five of ten payments of 10万 fit.
    const leaf = String(await account("COM.03.02"));
    expect(status(await pay({ accountId: leaf, amount: "150万" }))).toBe(302);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => pay({ accountId: leaf, amount: "10万", payee: `并发${i}` })));
    expect(results.filter((r) => status(r) === 302)).toHaveLength(5);
    for (const r of results.filter((r) => status(r) !== 302)) expect(errorsOf(r).amount).toEqual({ message: "over_account_room", vars: { roomFen: "0" } });
    const paid = await prisma.payment.aggregate({ where: { accountId: Number(leaf), contractId: null }, _sum: { amountFen: true }, _count: true });
    expect(paid).toMatchObject({ _sum: { amountFen: W(200) }, _count: 6 });
  });

  it("on a leaf without a target of its own (a line opened after the approved version) only the line's budget applies", async () => {
    const created = await callAction(budgetAction, "/budget", { intent: "line", code: "NOTGT", name: "无目标科目", nameEn: "", original: "0", reason: "test" }, { as: "finance" });
    // The line ceiling refuses new budget past the approved total: open it at 0 and check the account lets the line decide.
    expect(status(created)).toBe(302);
    const leaf = await account("NOTGT.01.01");
    expect(errorsOf(await pay({ accountId: String(leaf), amount: "0.01" })).amount).toEqual({ message: "over_budget", vars: { headroomFen: "0" } });
  });
});

describe("a payment on a contract", () => {
  it("takes the contract's account; another account named is refused", async () => {
    const contract = await prisma.contract.findFirstOrThrow({ where: { code: "HT-2026-001" } });
    const contractAccount = await account("COM.01.01");
    expect(contract.accountId).toBe(contractAccount);
    const before = await counts();
    expect(errorsOf(await pay({ contractId: String(contract.id), accountId: String(await account("COM.01.02")), amount: "1万" })).accountId).toBe("account_not_on_contract");
    expect(await counts()).toEqual(before);
    const result = await pay({ contractId: String(contract.id), amount: "1万" });
    expect(status(result)).toBe(302);
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: recordedPaymentId(result) } })).toMatchObject({ accountId: contractAccount, contractId: contract.id, lineId: line.COM });
    // Naming the contract's own account is fine too.
    expect(status(await pay({ contractId: String(contract.id), accountId: String(contractAccount), amount: "1万" }))).toBe(302);
  });
});

describe("a contract", () => {
  it("is created on a leaf of the page's line: another line's leaf, a first-level account or none is a field error", async () => {
    const fields = { intent: "contract", code: "HT-ACC-1", title: "检测", contractor: "检测公司", amount: "10万", signedOn: "2026-11-20", status: "signed" };
    const before = await counts();
    expect(errorsOf(await onLine(line.FND, { ...fields, accountId: String(await account("APT.02.01")) })).accountId).toBe("account_not_on_line");
    expect(errorsOf(await onLine(line.FND, { ...fields, accountId: String(await account("FND.03")) })).accountId).toBe("account_not_leaf");
    expect(errorsOf(await onLine(line.FND, { ...fields, accountId: "" })).accountId).toBe("invalid_choice");
    expect(await counts()).toEqual(before);
    expect(status(await onLine(line.FND, { ...fields, accountId: String(await account("FND.03.02")) }))).toBe(302);
    expect(await prisma.contract.findFirstOrThrow({ where: { code: "HT-ACC-1" } })).toMatchObject({ lineId: line.FND, accountId: await account("FND.03.02") });
  });

  it("is re-filed to another leaf of its line while nothing is paid or held on it, audited with the reason", async () => {
    const from = await account("FND.02.02");
    const to = await account("FND.02.03");
    expect(status(await onLine(line.FND, { intent: "contract", accountId: String(from), code: "HT-REFILE-1", title: "止水帷幕", contractor: "某公司", amount: "100万", signedOn: "2026-11-20", status: "signed" }))).toBe(302);
    const contract = await prisma.contract.findFirstOrThrow({ where: { code: "HT-REFILE-1" } });
    // The page offers the form only while nothing blocks it (it says why otherwise).
    const blockers = async () => ((await callLoader(contractLoader, `/budget/contracts/${contract.id}`, { as: "finance", params: { id: String(contract.id) } })) as { refile: { payments: number; requests: number } }).refile;
    expect(await blockers()).toEqual({ payments: 0, requests: 0 });
    // Refused: no reason, another line's leaf, a first-level account, the same account.
    expect(errorsOf(await onContract(contract.id, { intent: "refile", accountId: String(to), reason: "" })).reason).toBe("required");
    expect(errorsOf(await onContract(contract.id, { intent: "refile", accountId: String(await account("COM.02.01")), reason: "挂错" })).accountId).toBe("account_not_on_line");
    expect(errorsOf(await onContract(contract.id, { intent: "refile", accountId: String(await account("FND.02")), reason: "挂错" })).accountId).toBe("account_not_leaf");
    expect(errorsOf(await onContract(contract.id, { intent: "refile", accountId: String(from), reason: "挂错" })).accountId).toBe("account_unchanged");
    expect((await prisma.contract.findUniqueOrThrow({ where: { id: contract.id } })).accountId).toBe(from);

    const moved = await onContract(contract.id, { intent: "refile", accountId: String(to), reason: "合同内容为土方及降排水，录入时科目选错" });
    expect(status(moved)).toBe(302);
    expect((moved as Response).headers.get("Location")).toBe(`/budget/contracts/${contract.id}?done=refiled`);
    expect((await prisma.contract.findUniqueOrThrow({ where: { id: contract.id } })).accountId).toBe(to);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Contract", entityId: contract.id, action: "update" }, orderBy: { id: "desc" } });
    expect(audit.reason).toBe("合同内容为土方及降排水，录入时科目选错");
    expect(JSON.parse(audit.before!)).toMatchObject({ account: "FND.02.02" });
    expect(JSON.parse(audit.after!)).toMatchObject({ account: "FND.02.03" });

    // A payment awaiting approval on it, then a payment: re-filing is refused, the contract stays.
    const request = await prisma.paymentRequest.create({
      data: { projectId, lineId: line.FND, accountId: to, contractId: contract.id, paidOn: new Date("2026-11-20"), payee: "某公司", amountFen: W(1) },
    });
    expect(errorsOf(await onContract(contract.id, { intent: "refile", accountId: String(from), reason: "再改" })).accountId).toEqual({ message: "refile_has_requests", vars: { count: "1" } });
    expect(await blockers()).toEqual({ payments: 0, requests: 1 });
    await prisma.paymentRequest.update({ where: { id: request.id }, data: { status: "rejected" } });
    await prisma.payment.create({ data: { lineId: line.FND, accountId: to, contractId: contract.id, paidOn: new Date("2026-11-20"), payee: "某公司", amountFen: 1n } });
    expect(errorsOf(await onContract(contract.id, { intent: "refile", accountId: String(from), reason: "再改" })).accountId).toEqual({ message: "refile_has_payments", vars: { count: "1" } });
    expect(await blockers()).toEqual({ payments: 1, requests: 0 });
    expect((await prisma.contract.findUniqueOrThrow({ where: { id: contract.id } })).accountId).toBe(to);
  });

  it("needs capital.write to be re-filed", async () => {
    const contract = await prisma.contract.findFirstOrThrow({ where: { code: "HT-ACC-1" } });
    const answer = await callAction(contractAction, `/budget/contracts/${contract.id}`, { intent: "refile", accountId: String(await account("FND.03.01")), reason: "x" }, { as: "exec", params: { id: String(contract.id) } });
    expect(status(answer)).toBe(403);
  });
});

describe("待发生成本 per leaf account", () => {
  it("sums each leaf's latest estimate to the line, on the budget table and the line page", async () => {
    expect(status(await callAction(budgetAction, "/budget", { intent: "line", code: "TOC2", name: "估算测试", nameEn: "", original: "0", reason: "test" }, { as: "finance" }))).toBe(302);
    const lineId = (await prisma.budgetLine.findUniqueOrThrow({ where: { projectId_code: { projectId, code: "TOC2" } } })).id;
    const [civil, services] = [await account("TOC2.02.01"), await account("TOC2.02.02")];
    const revise = (accountId: number, amount: string, reason = "按施工图预算") => onLine(lineId, { intent: "to_come", accountId: String(accountId), amount, reason });
    expect(status(await revise(civil, "100万"))).toBe(302);
    expect(status(await revise(services, "250万"))).toBe(302);
    expect(status(await revise(civil, "120.01万", "钢材涨价"))).toBe(302);
    // Another line's leaf from this line's page, or a first-level account: refused.
    expect(errorsOf(await revise(await account("COM.02.01"), "1万")).accountId).toBe("account_not_on_line");
    expect(errorsOf(await revise(await account("TOC2.02"), "1万")).accountId).toBe("account_not_leaf");

    expect((await latestToComeByAccount(prisma, [lineId])).get(civil)).toBe(W(120.01));
    expect((await latestToCome(prisma, [lineId])).get(lineId)).toBe(W(370.01));
    expect((await budgetTable(projectId)).find((r) => r.id === lineId)!.dynamic.toComeFen).toBe(W(370.01));
    const page = (await callLoader(lineLoader, `/budget/lines/${lineId}`, { as: "finance", params: { id: String(lineId) } })) as {
      toComeLeaves: { code: string; toComeFen: string }[];
      toCome: { account: { code: string } | null; amountFen: string; reason: string }[];
    };
    expect(page.toComeLeaves.filter((l) => l.toComeFen !== "0").map((l) => [l.code, l.toComeFen])).toEqual([
      ["TOC2.02.01", "120010000"],
      ["TOC2.02.02", "250000000"],
    ]);
    expect(page.toComeLeaves.map((l) => l.code)).toEqual(["TOC2.01.01", "TOC2.01.02", "TOC2.02.01", "TOC2.02.02", "TOC2.02.03", "TOC2.03.01", "TOC2.03.02"]);
    expect(page.toCome.map((h) => [h.account?.code, h.amountFen, h.reason])).toEqual([
      ["TOC2.02.01", "120010000", "钢材涨价"],
      ["TOC2.02.02", "250000000", "按施工图预算"],
      ["TOC2.02.01", "100000000", "按施工图预算"],
    ]);
    // The seed's lines: each line's 待发生成本 is the sum of its leaves' latest estimates.
    const byAccount = await latestToComeByAccount(prisma, [line.APT]);
    const leaves = await prisma.costAccount.findMany({ where: { lineId: line.APT, parentId: { not: null } }, select: { id: true } });
    expect((await latestToCome(prisma, [line.APT])).get(line.APT)).toBe(leaves.reduce((sum, l) => sum + (byAccount.get(l.id) ?? 0n), 0n));
  });
});

describe("a new line", () => {
  it("starts with the typical accounts, in the same transaction", async () => {
    expect(status(await callAction(budgetAction, "/budget", { intent: "line", code: "NEWL", name: "新部分", nameEn: "New part", original: "0", reason: "test" }, { as: "finance" }))).toBe(302);
    const lineId = (await prisma.budgetLine.findUniqueOrThrow({ where: { projectId_code: { projectId, code: "NEWL" } } })).id;
    const accounts = await prisma.costAccount.findMany({ where: { lineId }, orderBy: { code: "asc" }, select: { code: true, name: true, parentId: true, projectId: true } });
    const expected = TYPICAL_ACCOUNTS.flatMap((first) => [`NEWL.${first.code}`, ...first.leaves.map((leaf) => `NEWL.${first.code}.${leaf.code}`)]).sort();
    expect(accounts.map((a) => a.code)).toEqual(expected);
    expect(accounts.find((a) => a.code === "NEWL.02.03")).toMatchObject({ name: "装饰工程", projectId });
    expect(accounts.filter((a) => a.parentId === null)).toHaveLength(TYPICAL_ACCOUNTS.length);
    // A line refused (its code taken) leaves no accounts behind.
    const accountsBefore = await prisma.costAccount.count();
    expect(errorsOf(await callAction(budgetAction, "/budget", { intent: "line", code: "NEWL", name: "重复", nameEn: "", original: "0", reason: "test" }, { as: "finance" })).code).toBe("duplicate_code");
    expect(await prisma.costAccount.count()).toBe(accountsBefore);
  });
});

describe("an import", () => {
  const row = (n: number, fields: Partial<ImportRow>): ImportRow => ({ row: n, paidOn: "2026-11-26", lineCode: "COM", contractCode: "", accountId: null, payee: "导入科目测试", amountFen: W(1), voucherNo: "", note: "", ...fields });

  it("needs a leaf of the row's line outside contracts, the contract's account on a contract, and the leaf's room", async () => {
    const before = await counts();
    const result = await importPayments(projectId, [
      row(2, {}),
      row(3, { accountId: await account("APT.02.01") }),
      row(4, { accountId: await account("COM.02") }),
      row(5, { contractCode: "HT-2026-001", accountId: await account("COM.01.02") }),
      // 报批报建费 COM.01.02: target 150万, 12万 paid (the seed's corrected payment): 138万 of room, less row 7's 100万.
      row(6, { accountId: await account("COM.01.02"), amountFen: W(100) }),
      row(7, { accountId: await account("COM.01.02"), amountFen: W(38) + 1n }),
    ], { userId: null }, randomUUID());
    expect(result).toEqual({
      ok: false,
      errors: [
        { row: 2, field: "accountId", message: "account_required" },
        { row: 3, field: "accountId", message: "account_not_on_line" },
        { row: 4, field: "accountId", message: "account_not_leaf" },
        { row: 5, field: "accountId", message: "account_not_on_contract" },
        { row: 7, field: "amount", message: "over_account_room", vars: { roomFen: String(W(38)) } },
      ],
    });
    expect(await counts()).toEqual(before);
  });

  it("records each payment on its account: the named leaf, or the contract's", async () => {
    const result = await importPayments(projectId, [
      row(2, { accountId: await account("COM.04.01"), payee: "导入-科目" }),
      row(3, { contractCode: "HT-2026-001", payee: "导入-合同", amountFen: 100n }),
    ], { userId: null }, randomUUID());
    expect(result).toEqual({ ok: true, imported: 2 });
    expect(await prisma.payment.findFirstOrThrow({ where: { payee: "导入-科目" } })).toMatchObject({ accountId: await account("COM.04.01"), contractId: null });
    expect(await prisma.payment.findFirstOrThrow({ where: { payee: "导入-合同" } })).toMatchObject({ accountId: await account("COM.01.01") });
  });
});
