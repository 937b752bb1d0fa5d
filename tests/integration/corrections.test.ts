// Corrections (issue 13, point 8) and grouped refusals (point 9): a payment is reversed (红冲) by a new
// row with a reason, once, restoring the room of its line and contract; payments cannot be changed or
// deleted in the database; a contract entered wrongly is voided once its payments net to zero, and then
// commits nothing; refused payments reach the agenda and dashboard as one entry per line.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { budgetTable } from "~/models/capital.server";
import { dashboardView } from "~/models/dashboard.server";
import { liveAgenda } from "~/models/meetings.server";
import { requireProject } from "~/models/project.server";
import { action as ledgerAction, loader as ledgerLoader } from "~/routes/budget.payments";
import { action as lineAction } from "~/routes/budget.lines.$id";
import { civilToDate, today } from "~/utils/dates";
import { loader as exportLoader } from "~/routes/budget.export[.]xlsx";
import { seedReferenceProject } from "../../prisma/seed";
import { download, workbookOf } from "../helpers/workbooks";
import { leafOf } from "../helpers/factories";
import { callAction, callLoader, payload } from "../helpers/requests";

let projectId: number;
let lineId: number;
let accountId: number;
let financeId: number;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  lineId = (await prisma.budgetLine.findFirstOrThrow({ where: { projectId, code: "APT" }, select: { id: true } })).id;
  accountId = await leafOf(lineId);
  financeId = (await prisma.user.findUniqueOrThrow({ where: { username: "finance" }, select: { id: true } })).id;
});

const row = async () => (await budgetTable(projectId)).find((r) => r.id === lineId)!;
const contractPaid = async (contractId: number) => (await prisma.payment.aggregate({ where: { contractId }, _sum: { amountFen: true } }))._sum.amountFen ?? 0n;
/** A payment as recordPayment leaves it (its rules are tested in capital.test.ts). */
const aPayment = (amountFen: bigint, contractId: number | null = null, voucherNo = "") =>
  prisma.payment.create({ data: { lineId, accountId, contractId, paidOn: civilToDate("2026-11-20"), payee: "更正测试", amountFen, voucherNo, createdById: financeId }, select: { id: true } });
const reverse = (paymentId: number, reason = "重复录入", as = "finance") => callAction(ledgerAction, "/budget/payments", { intent: "reverse", paymentId: String(paymentId), reason }, { as });
const voidIt = (contractId: number, reason = "合同录错", as = "finance") =>
  callAction(lineAction, `/budget/lines/${lineId}`, { intent: "void", contractId: String(contractId), reason }, { as, params: { id: String(lineId) } });
type Errors = { errors: Record<string, string | { message: string; vars?: Record<string, string> }>; values: Record<string, string> };

describe("reversing a payment (红冲)", () => {
  it("writes a negative row dated today with the reason, restores the line's and the contract's room, and audits it", async () => {
    const contract = await prisma.contract.create({ data: { lineId, accountId, code: "HT-RV-1", title: "更正测试合同", contractor: "某单位", amountFen: 5_000_000n, status: "signed" }, select: { id: true } });
    const before = await row();
    const payment = await aPayment(1_234_567n, contract.id, "记-RV-001");
    expect((await row()).headroomFen).toBe(before.headroomFen - 1_234_567n);

    const result = (await reverse(payment.id)) as Response;
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe(`/budget/payments?reversed=${payment.id}#payment-${payment.id}`);
    const reversal = await prisma.payment.findUniqueOrThrow({ where: { reversalOfId: payment.id } });
    // On the same line, cost account (成本科目) and contract as the payment it reverses.
    expect(reversal).toMatchObject({ kind: "reversal", amountFen: -1_234_567n, lineId, accountId, contractId: contract.id, reason: "重复录入", createdById: financeId });
    expect(reversal.paidOn).toEqual(civilToDate(today()));
    expect((await row()).headroomFen).toBe(before.headroomFen);
    expect(await contractPaid(contract.id)).toBe(0n);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Payment", entityId: reversal.id } });
    expect(audit).toMatchObject({ userId: financeId, area: "capital", reason: "重复录入" });

    // The ledger shows both, linked, and its total is net.
    const page = (await callLoader(ledgerLoader, `/budget/payments?line=${lineId}`, { as: "exec" })) as {
      rows: { id: number; kind: string; reversalOfId: number | null; reversalOf: { id: number; paidOn: string; voucherNo: string } | null; reversedBy: { id: number; paidOn: string; reason: string; voucherNo: string } | null }[];
      totals: { totalFen: string };
    };
    // Each side names the other by voucher and date (the page shows those, not row ids).
    expect(page.rows.find((r) => r.id === payment.id)?.reversedBy).toEqual({ id: reversal.id, reason: "重复录入", paidOn: today(), voucherNo: reversal.voucherNo });
    expect(page.rows.find((r) => r.id === reversal.id)).toMatchObject({ kind: "reversal", reversalOfId: payment.id, reversalOf: { id: payment.id, paidOn: "2026-11-20", voucherNo: "记-RV-001" } });
    expect(BigInt(page.totals.totalFen)).toBe((await row()).paidFen);
  });

  it("exports both rows with their kind and the reason, linked", async () => {
    const payment = await aPayment(654_321n);
    await reverse(payment.id, "金额录错");
    const reversal = await prisma.payment.findUniqueOrThrow({ where: { reversalOfId: payment.id }, select: { id: true } });
    const workbook = await workbookOf(await download(exportLoader, "/budget/export.xlsx", {}, "finance"));
    const sheet = workbook.getWorksheet("支付台账")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    // The ledger page's columns, then the reversal note (issue 13, point 10); a reversal names the voucher
    // it reverses (here none was entered: the payment's number stands in).
    expect(header.slice(-3)).toEqual(["录入人", "类型", "红冲说明"]);
    const byAmount = new Map<number, unknown[]>();
    sheet.eachRow((r, n) => { if (n > 1) byAmount.set(Number(r.getCell(6).value), (r.values as unknown[]).slice(1)); });
    expect(byAmount.get(6543.21)!.slice(-2)).toEqual(["支付", `已于 ${today()} 红冲（#${reversal.id}）：金额录错`]);
    expect(byAmount.get(-6543.21)!.slice(-2)).toEqual(["红冲", `红冲 #${payment.id}：金额录错`]);
  });

  it("needs a reason, keeps what was typed, and lets only finance reverse", async () => {
    const payment = await aPayment(100n);
    const refused = payload<Errors>(await reverse(payment.id, "  "));
    expect(refused.status).toBe(400);
    expect(refused.data.errors.reason).toBe("correction_reason");
    expect(((await reverse(payment.id, "越权", "exec")) as Response).status).toBe(403);
    expect(await prisma.payment.count({ where: { reversalOfId: payment.id } })).toBe(0);
    const unknown = payload<Errors>(await reverse(999_999));
    expect(unknown.data.errors.reason).toBe("invalid_choice");
  });

  it("refuses the reversal of a reversal, and a second reversal", async () => {
    const payment = await aPayment(200n);
    expect(((await reverse(payment.id)) as Response).status).toBe(302);
    const reversal = await prisma.payment.findUniqueOrThrow({ where: { reversalOfId: payment.id }, select: { id: true } });
    expect(payload<Errors>(await reverse(reversal.id)).data.errors.reason).toBe("reversal_of_reversal");
    expect(payload<Errors>(await reverse(payment.id)).data.errors.reason).toBe("already_reversed");
    expect(await prisma.payment.count({ where: { OR: [{ reversalOfId: payment.id }, { reversalOfId: reversal.id }] } })).toBe(1);
  });

  it("reverses once when 20 requests (each its own form) reverse the same payment at once", async () => {
    const payment = await aPayment(300_000n);
    const before = await row();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => reverse(payment.id, `并发 ${i}`)));
    const redirected = results.filter((r) => r instanceof Response && r.status === 302);
    expect(redirected).toHaveLength(1);
    for (const r of results.filter((r) => !(r instanceof Response))) expect(payload<Errors>(r).data.errors.reason).toBe("already_reversed");
    expect(await prisma.payment.count({ where: { reversalOfId: payment.id } })).toBe(1);
    expect((await row()).paidFen).toBe(before.paidFen - 300_000n);
  }, 120_000);

  it("answers a copy of the same form (same key) with the first reversal", async () => {
    const payment = await aPayment(400n);
    const fields = { intent: "reverse", paymentId: String(payment.id), reason: "双击", idempotencyKey: "corrections-test-key-0001.reverse" };
    const [first, second] = [await callAction(ledgerAction, "/budget/payments", fields, { as: "finance" }), await callAction(ledgerAction, "/budget/payments", fields, { as: "finance" })];
    expect((first as Response).headers.get("Location")).toBe((second as Response).headers.get("Location"));
    expect(await prisma.payment.count({ where: { reversalOfId: payment.id } })).toBe(1);
  });
});

describe("payments are append-only in the database", () => {
  it("refuses an UPDATE or DELETE of a payment, even in raw SQL", async () => {
    const payment = await aPayment(500n);
    await expect(prisma.$executeRaw`UPDATE "Payment" SET "amountFen" = 1 WHERE "id" = ${payment.id}`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`DELETE FROM "Payment" WHERE "id" = ${payment.id}`).rejects.toThrow(/append-only/);
    await expect(prisma.payment.deleteMany({ where: { id: payment.id } })).rejects.toThrow(/append-only/);
    expect(await prisma.payment.findUnique({ where: { id: payment.id }, select: { amountFen: true } })).toEqual({ amountFen: 500n });
  });
});

describe("voiding a contract (作废)", () => {
  it("is refused while its payments do not net to zero, allowed after their reversal, and frees the commitment", async () => {
    const contract = await prisma.contract.create({ data: { lineId, accountId, code: "HT-VOID-1", title: "录错的合同", contractor: "某单位", amountFen: 7_000_000n, status: "signed" }, select: { id: true } });
    const payment = await aPayment(1_000n, contract.id);
    const refused = payload<Errors>(await voidIt(contract.id));
    expect(refused.status).toBe(400);
    expect(refused.data.errors.contractId).toEqual({ message: "contract_has_payments", vars: { paidFen: "1000" } });
    expect(refused.data.values.reason).toBe("合同录错");
    expect((await prisma.contract.findUniqueOrThrow({ where: { id: contract.id } })).status).toBe("signed");

    expect(((await reverse(payment.id, "付错合同")) as Response).status).toBe(302);
    const committedBefore = (await row()).committedFen;
    const voided = (await voidIt(contract.id)) as Response;
    expect(voided.status).toBe(302);
    expect(await prisma.contract.findUniqueOrThrow({ where: { id: contract.id }, select: { status: true, voidReason: true } })).toEqual({ status: "voided", voidReason: "合同录错" });
    expect((await row()).committedFen).toBe(committedBefore - 7_000_000n);
    expect(await prisma.auditLog.count({ where: { entity: "Contract", entityId: contract.id, reason: "合同录错" } })).toBe(1);

    // Void: no second voiding, no reason-less voiding, and no payment on it.
    expect(payload<Errors>(await voidIt(contract.id)).data.errors.contractId).toBe("contract_voided");
    const other = await prisma.contract.create({ data: { lineId, accountId, code: "HT-VOID-2", title: "另一份", contractor: "某单位", amountFen: 100n, status: "signed" }, select: { id: true } });
    expect(payload<Errors>(await voidIt(other.id, "")).data.errors.reason).toBe("correction_reason");
    expect(((await voidIt(other.id, "越权", "exec")) as Response).status).toBe(403);
  });
});

describe("refused payments on the agenda and the dashboard", () => {
  it("are one entry per line with the count, the largest amount and the latest date (47 refusals on 2 lines → 2 items)", async () => {
    const project = await prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true } });
    const [a, b] = await Promise.all(
      ["RFA", "RFB"].map((code, i) => prisma.budgetLine.create({ data: { projectId: project.id, code, name: `拒付测试${code}`, nameEn: `Refusal test ${code}`, originalFen: 1_000_000n, sortOrder: 90 + i }, select: { id: true } })),
    );
    const rows = Array.from({ length: 47 }, (_, i) => ({
      lineId: i < 30 ? a.id : b.id,
      amountFen: i === 7 ? 1_000_001n : 500n + BigInt(i),
      headroomFen: i === 7 ? 1_000_000n : 400n,
      payee: `单位${i}`,
      attemptedAt: new Date(Date.UTC(2026, 10, 26, 1, i)), // 26 Nov 2026, after the seed's last meeting, before 1 Dec
    }));
    await prisma.paymentRefusal.createMany({ data: rows });
    const agenda = await liveAgenda(projectId, "2026-12-01", "2026-11-27");
    const refusals = agenda.filter((item) => item.refType === "PaymentRefusals" && [a.id, b.id].includes(item.refId!));
    expect(refusals.map((item) => [item.refId, item.title])).toEqual([
      [b.id, "超预算支付被拒 17 笔：RFB 拒付测试RFB"],
      [a.id, "超预算支付被拒 30 笔：RFA 拒付测试RFA"],
    ]);
    expect(refusals[1].detail).toBe(`count=30;largestFen=1000001;headroomFen=1000000;latestOn=2026-11-26;lineId=${a.id}`);
    expect(agenda.some((item) => item.refType === "PaymentRefusal")).toBe(false);

    const dashboard = await dashboardView(await requireProject(), "2026-11-27");
    const groups = (dashboard.refusals as { lineId: number; count: number; largestFen: string }[]).filter((g) => [a.id, b.id].includes(g.lineId));
    expect(groups.map((g) => [g.lineId, g.count, g.largestFen])).toEqual([[b.id, 17, "546"], [a.id, 30, "1000001"]]);
  });
});
