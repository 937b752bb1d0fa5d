// Progress payments (进度款) through the contract page's actions: terms, claim → certify by another user
// → pay up to what is payable; the advance; retention release after the defect period; races.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { importPayments } from "~/models/capital.server";
import { action as budgetAction } from "~/routes/budget._index";
import { action as contractAction, loader as contractLoader } from "~/routes/budget.contracts.$id";
import { action as lineAction } from "~/routes/budget.lines.$id";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction, callLoader, payload } from "../helpers/requests";
import { leafOf } from "../helpers/factories";

type Errors = { errors: Record<string, string | { message: string; vars?: Record<string, string> }>; values: Record<string, string> };
type Page = { progress: { summary: Record<string, string | null>; claims: { period: string; status: string; certifiedFen: string | null; advanceRecoveryFen: string; payableFen: string | null; paidFen: string }[]; terms: { version: number } } };

let contractId: number;
let fnd: number;

const on = (fields: Record<string, string>, as = "finance") => callAction(contractAction, `/budget/contracts/${contractId}`, fields, { as, params: { id: String(contractId) } });
const page = async (id = contractId) => (await callLoader(contractLoader, `/budget/contracts/${id}`, { as: "exec", params: { id: String(id) } })) as Page;
const pay = (amount: string, kind = "payment", paidOn = "2026-11-20") => on({ intent: "payment", kind, amount, paidOn, payee: "测试施工单位", voucherNo: "", note: "" });
const status = (result: unknown) => (result instanceof Response ? result.status : payload(result).status);
const errorsOf = (result: unknown) => payload<Errors>(result).data.errors;
const terms = async (fields: Record<string, string>) =>
  on({ intent: "terms", paymentRatio: "80", advance: "3000000", retention: "3", defectPeriodMonths: "12", completedOn: "", version: String((await page()).progress.terms.version), ...fields });

beforeAll(async () => {
  await seedReferenceProject(prisma);
  fnd = (await prisma.budgetLine.findFirstOrThrow({ where: { code: "FND" } })).id;
  const created = await callAction(lineAction, `/budget/lines/${fnd}`, { intent: "contract", accountId: String(await leafOf(fnd)), code: "HT-T-001", title: "桩基工程", contractor: "测试施工单位", amount: "1000万", signedOn: "2026-11-01", status: "signed" }, { as: "finance", params: { id: String(fnd) } });
  expect(status(created)).toBe(302);
  contractId = (await prisma.contract.findFirstOrThrow({ where: { code: "HT-T-001" } })).id;
  // A user who both enters and certifies claims: maker-checker still holds.
  await prisma.user.create({ data: { username: "both", displayName: "兼任", roles: { create: [{ role: "finance" }, { role: "pm" }] } } });
});

describe("contract terms", () => {
  it("refuses retention above 3 %, an advance above 30 %, a defect period outside 1–24 months, and keeps the input", async () => {
    const refused = await terms({ retention: "3.5", advance: "3000000.01", defectPeriodMonths: "25", paymentRatio: "101" });
    expect(status(refused)).toBe(400);
    expect(errorsOf(refused)).toMatchObject({ retention: "retention_over_cap", defectPeriodMonths: "months_range", paymentRatio: "percent_invalid" });
    expect(payload<Errors>(refused).data.values.retention).toBe("3.5");
    expect(errorsOf(await terms({ advance: "3000000.01" }))).toEqual({ advance: { message: "advance_over_cap", vars: { maxFen: "300000000" } } });
    expect(status(await terms({}))).toBe(302);
    expect(await prisma.contract.findUniqueOrThrow({ where: { id: contractId } })).toMatchObject({ paymentRatioBps: 8000, advanceFen: 300_000_000n, retentionBps: 300, defectPeriodMonths: 12 });
    // A save against the version shown before is stale.
    expect(errorsOf(await on({ intent: "terms", paymentRatio: "70", advance: "0", retention: "0", defectPeriodMonths: "12", version: "1" }))).toEqual({ form: "terms_stale" });
  });

  it("lets only capital.write change them", async () => {
    expect(status(await on({ intent: "terms", paymentRatio: "80", advance: "0", retention: "3", defectPeriodMonths: "12", version: "2" }, "pm"))).toBe(403);
  });
});

describe("progress claims and payments", () => {
  it("pays the advance up to its term, not outside a contract", async () => {
    expect(status(await pay("3000000", "advance"))).toBe(302);
    expect(errorsOf(await pay("0.01", "advance"))).toEqual({ amount: { message: "over_advance", vars: { advanceRoomFen: "0" } } });
    const outside = await callAction(budgetAction, "/budget", { intent: "payment", accountId: String(await leafOf(fnd)), contractId: "", kind: "advance", paidOn: "2026-11-20", payee: "x", amount: "1", voucherNo: "", note: "" }, { as: "finance" });
    expect(errorsOf(outside)).toEqual({ kind: "kind_needs_contract" });
  });

  it("pays nothing before a certified claim", async () => {
    expect(errorsOf(await pay("0.01"))).toEqual({ amount: { message: "over_payable", vars: { payableFen: "0" } } });
  });

  it("is certified by a user with cost.certify other than the claimant, not above the claim", async () => {
    expect(status(await on({ intent: "claim", period: "2026-10", claimed: "500万" }, "both"))).toBe(302);
    const claim = await prisma.progressClaim.findFirstOrThrow({ where: { contractId, period: "2026-10" } });
    const certify = (fields: Record<string, string>, as: string) => on({ intent: "certify", claimId: String(claim.id), supervised: "", certified: "500万", advanceRecovery: "", ...fields }, as);
    expect(status(await certify({}, "finance"))).toBe(403);
    expect(errorsOf(await certify({}, "both"))).toEqual({ form: "certifier_is_claimant" });
    expect(errorsOf(await certify({ certified: "5000000.01" }, "pm"))).toEqual({ certified: { message: "above_claimed", vars: { claimedFen: "500000000" } } });
    expect(status(await certify({ supervised: "500万" }, "pm"))).toBe(302);
    expect(errorsOf(await certify({}, "pm"))).toEqual({ form: "claim_already_certified" });
    // Proportional recovery: 300万 × 500 / 800 = 187.5万; payable 400万 − 187.5万 = 212.5万.
    const { progress } = await page();
    expect(progress.claims[0]).toMatchObject({ period: "2026-10", status: "certified", certifiedFen: "500000000", advanceRecoveryFen: "187500000", payableFen: "212500000" });
    expect(progress.summary).toMatchObject({ payableFen: "212500000", advanceOutstandingFen: "112500000", retentionHeldFen: "30000000", certifiedFen: "500000000" });
  });

  it("refuses a cumulative value below the period before, and a second claim for a period", async () => {
    const lower = await on({ intent: "claim", period: "2026-11", claimed: "400万" });
    expect(errorsOf(lower)).toEqual({ claimed: { message: "cumulative_decreasing", vars: { period: "2026-10", previousFen: "500000000" } } });
    expect(payload<Errors>(lower).data.values.claimed).toBe("400万");
    expect(errorsOf(await on({ intent: "claim", period: "2026-10", claimed: "600万" }))).toEqual({ period: "duplicate_period" });
    expect(errorsOf(await on({ intent: "claim", period: "2026-12", claimed: "600万" }))).toEqual({ period: "period_in_future" });
  });

  it("refuses a payment over the payable beside the amount, to the 分, and records nothing", async () => {
    const before = await prisma.payment.count();
    const refused = await pay("2125000.01");
    expect(status(refused)).toBe(400);
    expect(errorsOf(refused)).toEqual({ amount: { message: "over_payable", vars: { payableFen: "212500000" } } });
    expect(payload<Errors>(refused).data.values.amount).toBe("2125000.01");
    expect(await prisma.payment.count()).toBe(before);
  });

  it("lets 20 parallel payments take exactly the last payable amount", async () => {
    expect(status(await pay("200万"))).toBe(302); // 12.5万 left
    const results = await Promise.all(Array.from({ length: 20 }, () => pay("10000")));
    expect(results.filter((r) => status(r) === 302)).toHaveLength(12);
    for (const r of results.filter((r) => status(r) !== 302)) expect(errorsOf(r).amount).toMatchObject({ message: "over_payable" });
    const { progress } = await page();
    expect(progress.summary).toMatchObject({ payableFen: "500000", progressPaidFen: "212000000" });
    expect(progress.claims[0].paidFen).toBe("212000000"); // linked to the certified claim
    const paid = await prisma.payment.aggregate({ where: { contractId, kind: "payment" }, _sum: { amountFen: true } });
    expect(paid._sum.amountFen).toBe(212_000_000n);
  }, 240_000);

  it("holds for imported payments too, counting the file's earlier rows on the contract", async () => {
    const project = await prisma.project.findFirstOrThrow();
    const row = (n: number) => ({ row: n, paidOn: "2026-11-26", lineCode: "FND", contractCode: "HT-T-001", accountId: null, payee: "测试施工单位", amountFen: 300_000n, voucherNo: "", note: "" });
    const result = await importPayments(project.id, [row(2), row(3)], { userId: null });
    expect(result).toEqual({ ok: false, errors: [{ row: 3, field: "amount", message: "over_payable", vars: { payableFen: "500000" } }] });
  });

  it("refuses a file mixing payment kinds on one contract (an advance changes what progress may pay), saving nothing", async () => {
    const project = await prisma.project.findFirstOrThrow();
    const before = await prisma.payment.count();
    const row = (n: number, kind: "payment" | "advance") => ({ row: n, paidOn: "2026-11-26", lineCode: "FND", contractCode: "HT-T-001", accountId: null, payee: "测试施工单位", amountFen: 1_000n, voucherNo: "", note: "", kind });
    const result = await importPayments(project.id, [row(2, "payment"), row(3, "advance")], { userId: null });
    expect(result).toEqual({ ok: false, errors: [{ row: 3, field: "kind", message: "import_mixed_kinds" }] });
    expect(await prisma.payment.count()).toBe(before);
  });

  it("releases retention only after completion plus the defect period", async () => {
    expect(errorsOf(await pay("1", "retention_release"))).toEqual({ kind: "retention_not_completed" });
    expect(status(await terms({ completedOn: "2026-11-01" }))).toBe(302);
    expect((await page()).progress.summary.releaseOn).toBe("2027-11-01");
    expect(errorsOf(await pay("1", "retention_release", "2026-11-27"))).toEqual({ paidOn: { message: "retention_before_release", vars: { date: "2027-11-01" } } });
    expect(await prisma.payment.count({ where: { contractId, kind: "retention_release" } })).toBe(0);
  });
});

describe("the demo", () => {
  it("shows the design contract's two certified claims and its progress payment", async () => {
    const design = await prisma.contract.findFirstOrThrow({ where: { code: "HT-2026-001" } });
    const { progress } = await page(design.id);
    expect(progress.claims.map((c) => [c.period, c.status, c.paidFen])).toEqual([
      ["2026-10", "certified", "38250000"],
      ["2026-11", "certified", "0"],
    ]);
    // 150万 × 80 % − 56.25万 recovered − 38.25万 paid = 25.5万.
    expect(progress.summary).toMatchObject({ payableFen: "25500000", advancePaidFen: "90000000", advanceOutstandingFen: "33750000" });
  });
});
