// The /budget payment form names its contract from a select while the contracts fit one, and by its
// number (合同编号) past that, with the latest signed as suggestions: the page does not grow with the
// contract register. A number resolves to the contract (its account, not any account sent); an unknown
// number, or one that two budget lines share, is a field error with what was typed kept.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { CONTRACT_SELECT_LIMIT, CONTRACT_SUGGESTIONS, paymentContractChoices } from "~/models/capital.server";
import { action as budgetAction, loader as budgetLoader } from "~/routes/budget._index";
import { seedReferenceProject } from "../../prisma/seed";
import { leafOf } from "../helpers/factories";
import { callAction, callLoader } from "../helpers/requests";

let projectId: number;
let lines: { id: number; code: string }[];

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  lines = await prisma.budgetLine.findMany({ where: { projectId }, orderBy: { id: "asc" }, select: { id: true, code: true } });
});

type Choices = { all: boolean; total: number; contracts: { id: number; code: string }[] };
type ActionResult = { errors: Record<string, unknown>; values: Record<string, string> };

async function budgetChoices(): Promise<Choices> {
  const data = (await callLoader(budgetLoader, "/budget", { as: "finance" })) as { contracts: Choices };
  return data.contracts;
}

describe("the payment form's contracts", () => {
  it("are all of them, in a select, while they fit one (the seed)", async () => {
    const signed = await prisma.contract.count({ where: { line: { projectId }, status: { notIn: ["draft", "voided"] } } });
    const choices = await budgetChoices();
    expect(choices).toMatchObject({ all: true, total: signed });
    expect(choices.contracts).toHaveLength(signed);
  });

  it("past a select's worth are the latest signed as suggestions, and the total", async () => {
    const lineId = lines[0].id;
    const accountId = await leafOf(lineId);
    const before = (await paymentContractChoices(projectId)).total;
    // Small signed contracts straight into the register (the commitment rules are tested elsewhere).
    await prisma.contract.createMany({
      data: Array.from({ length: CONTRACT_SELECT_LIMIT + 1 - before }, (_, i) => ({
        lineId,
        accountId,
        code: `BULK-${String(i).padStart(3, "0")}`,
        title: "批量合同",
        contractor: "测试单位",
        amountFen: 100n,
        advanceFen: 100n, // payable at once as 预付款 (progress payments need a certified claim)
        signedOn: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000),
        status: "signed",
      })),
    });
    const choices = await budgetChoices();
    expect(choices.all).toBe(false);
    expect(choices.total).toBe(CONTRACT_SELECT_LIMIT + 1);
    expect(choices.contracts).toHaveLength(CONTRACT_SUGGESTIONS);
    // The latest signed first.
    const latest = await prisma.contract.findFirstOrThrow({ where: { line: { projectId }, status: "signed" }, orderBy: [{ signedOn: "desc" }, { id: "desc" }], select: { code: true } });
    expect(choices.contracts[0].code).toBe(latest.code);
  });

  it("take a contract by its number: the payment is on that contract and its account, whatever account was sent", async () => {
    const contract = await prisma.contract.findFirstOrThrow({ where: { code: "BULK-003" }, select: { id: true, accountId: true, lineId: true } });
    const otherLeaf = await leafOf(lines[1].id);
    const response = await callAction(budgetAction, "/budget", { intent: "payment", contractCode: " BULK-003 ", accountId: String(otherLeaf), kind: "advance", paidOn: "2026-11-26", payee: "测试单位", amount: "0.50" }, { as: "finance" });
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).headers.get("Location")).toMatch(/^\/budget\?recorded=\d+$/);
    const paymentId = Number((response as Response).headers.get("Location")!.split("=")[1]);
    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { contractId: true, accountId: true, lineId: true, amountFen: true } });
    expect(payment).toEqual({ contractId: contract.id, accountId: contract.accountId, lineId: contract.lineId, amountFen: 50n });
  });

  it("refuse an unknown number beside the field, keeping what was typed, and record nothing", async () => {
    const count = await prisma.payment.count();
    const result = (await callAction(budgetAction, "/budget", { intent: "payment", contractCode: "NO-SUCH", paidOn: "2026-11-26", payee: "某单位", amount: "12.34" }, { as: "finance" })) as { data: ActionResult; init: { status: number } };
    expect(result.init.status).toBe(400);
    expect(result.data.errors.contractCode).toBe("unknown_contract");
    expect(result.data.values).toMatchObject({ contractCode: "NO-SUCH", payee: "某单位", amount: "12.34" });
    expect(await prisma.payment.count()).toBe(count);
  });

  it("refuse a number two budget lines share", async () => {
    await prisma.contract.create({
      data: { lineId: lines[1].id, accountId: await leafOf(lines[1].id), code: "BULK-004", title: "同号合同", contractor: "测试单位", amountFen: 100n, status: "signed" },
    });
    const result = (await callAction(budgetAction, "/budget", { intent: "payment", contractCode: "BULK-004", paidOn: "2026-11-26", payee: "某单位", amount: "1" }, { as: "finance" })) as { data: ActionResult };
    expect(result.data.errors.contractCode).toBe("ambiguous_contract");
  });

  it("ask for an account when neither a contract nor its number is given", async () => {
    const result = (await callAction(budgetAction, "/budget", { intent: "payment", contractCode: "  ", paidOn: "2026-11-26", payee: "某单位", amount: "1" }, { as: "finance" })) as { data: ActionResult };
    expect(result.data.errors.accountId).toBe("account_required");
  });
});
