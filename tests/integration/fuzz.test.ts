// Random and hostile input to every action (fast-check): never a 500, every refusal a field error,
// and the money invariants intact afterwards (no line paid over budget, the subscription cap held,
// transfers conserving the total).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { action as budgetAction } from "~/routes/budget._index";
import { action as lineAction } from "~/routes/budget.lines.$id";
import { action as contractAction } from "~/routes/budget.contracts.$id";
import { action as planAction } from "~/routes/budget.plan";
import { action as ledgerAction } from "~/routes/budget.payments";
import { action as facilityAction } from "~/routes/financing.facilities.$id";
import { action as financingAction } from "~/routes/financing._index";
import { action as loginAction } from "~/routes/login";
import { action as meetingAction } from "~/routes/meetings.$date";
import { action as meetingsAction } from "~/routes/meetings._index";
import { action as milestoneAction } from "~/routes/milestones.$id";
import { action as accountAction } from "~/routes/account";
import { action as adminUserAction } from "~/routes/admin.users.$id";
import { action as salesAction } from "~/routes/sales._index";
import { action as unitAction } from "~/routes/sales.units.$code";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction } from "../helpers/requests";
import { leafOf } from "../helpers/factories";

const hostile = fc.oneof(
  fc.constant(""),
  fc.constant(" "),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 3000, maxLength: 6000 }),
  fc.constantFrom("-1", "0", "NaN", "Infinity", "1e309", "9".repeat(40), "-9999999999999999999", "0.001", "1,2,3", "12.345", "１２３"),
  fc.constantFrom("'; DROP TABLE Payment; --", "<script>alert(1)</script>", "\" OR 1=1 --", "${7*7}", "\u0000", "../../etc/passwd"),
  fc.constantFrom("0000-00-00", "2026-02-30", "1899-12-31", "2999-01-01", "2026-13-01", "yesterday", "2026/11/27"),
  fc.constantFrom("999999999", "abc", "[]", "{}", "true", "null"),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
);

type Target = { name: string; role: string; call: (fields: Record<string, string>) => Promise<unknown>; base: () => Promise<Record<string, string>> };
let targets: Target[] = [];

beforeAll(async () => {
  await seedReferenceProject(prisma);
  const apt = (await prisma.budgetLine.findFirstOrThrow({ where: { code: "APT" } })).id;
  const com = (await prisma.budgetLine.findFirstOrThrow({ where: { code: "COM" } })).id;
  const aptLeaf = await leafOf(apt);
  const aptContract = (await prisma.contract.findFirstOrThrow({ where: { code: "HT-2026-002" } })).id;
  const aptChange = (await prisma.contractChange.findFirstOrThrow({ where: { contractId: aptContract } })).id;
  const milestone = await prisma.milestone.findFirstOrThrow({ where: { code: "M06" } });
  const facility = (await prisma.facility.findFirstOrThrow({ where: { counterparty: "集团财务公司" } })).id;
  const channel = (await prisma.financingChannel.findFirstOrThrow({ where: { kind: "social" } })).id;
  const eng = (await prisma.department.findFirstOrThrow({ where: { code: "ENG" } })).id;
  const on = (action: (args: never) => Promise<unknown>, path: string, role: string, params: Record<string, string> = {}) => (fields: Record<string, string>) =>
    callAction(action as never, path, fields, { as: role, params });
  targets = [
    { name: "milestone", role: "pm", call: on(milestoneAction as never, `/milestones/${milestone.id}`, "pm", { id: String(milestone.id) }), base: async () => ({ version: String((await prisma.milestone.findUniqueOrThrow({ where: { id: milestone.id } })).version), status: "not_started", percentComplete: "0", actualStart: "", actualEnd: "", plannedStart: "2027-01-04", plannedEnd: "2027-01-29", note: "", reason: "" }) },
    { name: "payment", role: "finance", call: on(budgetAction as never, "/budget", "finance"), base: async () => ({ intent: "payment", accountId: String(aptLeaf), contractId: "", paidOn: "2026-11-20", payee: "x", amount: "1000", voucherNo: "", note: "" }) },
    { name: "line", role: "finance", call: on(budgetAction as never, "/budget", "finance"), base: async () => ({ intent: "line", code: "FZ", name: "x", nameEn: "", original: "100", reason: "r" }) },
    { name: "contract", role: "finance", call: on(lineAction as never, `/budget/lines/${apt}`, "finance", { id: String(apt) }), base: async () => ({ intent: "contract", accountId: String(aptLeaf), code: "C", title: "t", contractor: "c", amount: "100", signedOn: "", status: "signed" }) },
    { name: "revision", role: "finance", call: on(lineAction as never, `/budget/lines/${apt}`, "finance", { id: String(apt) }), base: async () => ({ intent: "revision", amount: "1", reason: "r" }) },
    { name: "transfer", role: "finance", call: on(lineAction as never, `/budget/lines/${apt}`, "finance", { id: String(apt) }), base: async () => ({ intent: "transfer", toLineId: String(com), amount: "1", reason: "r" }) },
    { name: "reverse", role: "finance", call: on(ledgerAction as never, "/budget/payments", "finance"), base: async () => ({ intent: "reverse", paymentId: String((await prisma.payment.findFirstOrThrow({ where: { kind: { not: "reversal" }, reversedBy: null }, orderBy: { id: "desc" } })).id), reason: "r" }) },
    { name: "void", role: "finance", call: on(lineAction as never, `/budget/lines/${apt}`, "finance", { id: String(apt) }), base: async () => ({ intent: "void", contractId: String(aptContract), reason: "r" }) },
    { name: "to come", role: "finance", call: on(lineAction as never, `/budget/lines/${apt}`, "finance", { id: String(apt) }), base: async () => ({ intent: "to_come", accountId: String(aptLeaf), amount: "1亿", reason: "r" }) },
    { name: "refile", role: "finance", call: on(contractAction as never, `/budget/contracts/${aptContract}`, "finance", { id: String(aptContract) }), base: async () => ({ intent: "refile", accountId: String(aptLeaf), reason: "r" }) },
    { name: "change", role: "finance", call: on(contractAction as never, `/budget/contracts/${aptContract}`, "finance", { id: String(aptContract) }), base: async () => ({ intent: "change", kind: "design_change", code: "FZ", title: "t", claimed: "100", estimate: "80" }) },
    { name: "decide", role: "exec", call: on(contractAction as never, `/budget/contracts/${aptContract}`, "exec", { id: String(aptContract) }), base: async () => ({ intent: "decide", decision: "approve", changeId: String(aptChange), approved: "1", reason: "r" }) },
    { name: "settle", role: "finance", call: on(contractAction as never, `/budget/contracts/${aptContract}`, "finance", { id: String(aptContract) }), base: async () => ({ intent: "settle", settled: "500万", settledOn: "2026-11-20", reason: "r" }) },
    { name: "plan", role: "finance", call: on(planAction as never, "/budget/plan", "finance"), base: async () => ({ [`version:${apt}`]: String((await prisma.budgetLine.findUniqueOrThrow({ where: { id: apt } })).planVersion), [`plan:${apt}:2027-06`]: "400" }) },
    { name: "facility", role: "finance", call: on(financingAction as never, "/financing", "finance"), base: async () => ({ channelId: String(channel), counterparty: "c", committed: "100万", rate: "5", fees: "0", termMonths: "12", conditions: "", status: "negotiating" }) },
    { name: "drawdown", role: "finance", call: on(facilityAction as never, `/financing/facilities/${facility}`, "finance", { id: String(facility) }), base: async () => ({ intent: "drawdown", plannedOn: "2027-03-01", planned: "1", milestoneId: "", note: "" }) },
    { name: "reserve", role: "sales", call: on(unitAction as never, "/sales/units/T1-601", "sales", { code: "T1-601" }), base: async () => ({ intent: "reserve", internal: "on", buyerName: "b", buyerType: "employee", price: "1500000", deposit: "", depositReceived: "", reservedOn: "2026-11-20" }) },
    { name: "deal receipt", role: "sales", call: on(unitAction as never, "/sales/units/T1-1203", "sales", { code: "T1-1203" }), base: async () => ({ intent: "receipt", saleId: String((await prisma.saleRecord.findFirstOrThrow({ where: { unitNo: "T1-1203" } })).id), receivedOn: "2026-11-20", amount: "1", kind: "payment" }) },
    { name: "cancel", role: "sales", call: on(unitAction as never, "/sales/units/T1-1204", "sales", { code: "T1-1204" }), base: async () => ({ intent: "cancel", saleId: String((await prisma.saleRecord.findFirstOrThrow({ where: { unitNo: "T1-1204" }, orderBy: { id: "desc" } })).id), cancelledOn: "2026-11-20", reason: "退房原因", refund: "" }) },
    { name: "lease", role: "sales", call: on(salesAction as never, "/sales", "sales"), base: async () => ({ intent: "lease", tenant: "t", unitNo: "S1", area: "10", monthlyRent: "100", startOn: "2027-01-01", endOn: "2027-12-31", signedOn: "2026-11-20", prepaidRent: "" }) },
    { name: "target", role: "sales", call: on(salesAction as never, "/sales", "sales"), base: async () => ({ intent: "target", year: "2027", product: "commercial_sale", annual: "100万", q1: "25", q2: "25", q3: "25", q4: "25" }) },
    { name: "meeting action", role: "exec", call: on(meetingAction as never, "/meetings/2026-12-08", "exec", { date: "2026-12-08" }), base: async () => ({ intent: "action", title: "t", departmentId: String(eng), ownerId: "", dueOn: "2026-12-20" }) },
    { name: "roster", role: "exec", call: on(meetingsAction as never, "/meetings", "exec"), base: async () => ({ intent: "roster", people: "1,2,3" }) },
    { name: "end own session", role: "pm", call: on(accountAction as never, "/account", "pm"), base: async () => ({ intent: "end", sessionId: "1" }) },
    { name: "end a user's session", role: "admin", call: on(adminUserAction as never, "/admin/users/2", "admin", { id: "2" }), base: async () => ({ intent: "end", sessionId: "1" }) },
    { name: "login", role: "", call: (fields) => callAction(loginAction, "/login", fields), base: async () => ({ username: "nobody", password: "x", redirectTo: "/" }) },
  ];
});

function judge(result: unknown) {
  if (result instanceof Response) {
    // A redirect after success, or a refusal the app answers with (403 forbidden, 404 unknown record).
    expect([302, 403, 404, 413, 429]).toContain(result.status);
    return;
  }
  const value = result as { type?: string; data: { errors?: Record<string, unknown> }; init: ResponseInit | null };
  expect(value.type).toBe("DataWithResponseInit");
  expect([400, 401, 409, 429]).toContain(value.init?.status);
  expect(Object.keys(value.data.errors ?? {}).length).toBeGreaterThan(0);
}

describe("hostile input to every action", () => {
  it("never fails with a server error, and every refusal names a field", async () => {
    for (const target of targets) {
      const base = await target.base();
      const fields = Object.keys(base).filter((f) => f !== "intent");
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom(...fields), hostile, { maxKeys: 3 }), async (overrides) => {
          let result: unknown;
          try {
            result = await target.call({ ...(await target.base()), ...overrides });
          } catch (error) {
            throw new Error(`${target.name} threw for ${JSON.stringify(overrides).slice(0, 300)}: ${(error as Error).stack}`);
          }
          judge(result);
        }),
        { numRuns: 25, seed: 20261127 },
      );
    }
  }, 240_000);

  it("leaves the money invariants intact", async () => {
    const lines = await prisma.budgetLine.findMany({ select: { id: true, originalFen: true } });
    for (const line of lines) {
      const revisions = (await prisma.budgetRevision.aggregate({ where: { lineId: line.id }, _sum: { amountFen: true } }))._sum.amountFen ?? 0n;
      const paid = (await prisma.payment.aggregate({ where: { lineId: line.id }, _sum: { amountFen: true } }))._sum.amountFen ?? 0n;
      expect(paid).toBeLessThanOrEqual(line.originalFen + revisions);
    }
    const transfers = await prisma.budgetRevision.groupBy({ by: ["transferId"], where: { transferId: { not: null } }, _sum: { amountFen: true } });
    for (const t of transfers) expect(t._sum.amountFen).toBe(0n);
    const project = await prisma.project.findFirstOrThrow();
    // The subscription cap, by unit area, on the apartment inventory's area.
    const active = { status: { in: ["reserved", "signed"] } };
    const subscribed = (await prisma.saleRecord.aggregate({ where: { product: "internal_subscription", ...active }, _sum: { areaCsqm: true } }))._sum.areaCsqm ?? 0;
    const apartments = (await prisma.unit.aggregate({ where: { disposition: "sale", building: { use: "apartment" } }, _sum: { grossAreaCsqm: true } }))._sum.grossAreaCsqm!;
    expect(subscribed).toBeLessThanOrEqual(Math.floor((apartments * project.subscriptionCapBps) / 10_000));
    // One active deal per unit, and no deal holding more money than its price or less than nothing.
    const perUnit = await prisma.saleRecord.groupBy({ by: ["unitId"], where: { unitId: { not: null }, ...active }, _count: { _all: true } });
    for (const u of perUnit) expect(u._count._all).toBe(1);
    const deals = await prisma.saleRecord.findMany({ select: { id: true, amountFen: true } });
    const received = new Map((await prisma.receipt.groupBy({ by: ["saleId"], where: { saleId: { not: null } }, _sum: { amountFen: true } })).map((r) => [r.saleId, r._sum.amountFen ?? 0n]));
    for (const d of deals) {
      expect(received.get(d.id) ?? 0n).toBeGreaterThanOrEqual(0n);
      expect(received.get(d.id) ?? 0n).toBeLessThanOrEqual(d.amountFen);
    }
  });
});
