// The cash flow to completion (issue 14) against the reference project, today pinned to 2026-11-27:
// a milestone slip moves both the spending tied to it and the drawdowns that wait for it; the
// secured-only scenario never looks better than the expected one; a payment is cash out at once.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { cashflowView } from "~/models/cashflow.server";
import { action as milestoneAction } from "~/routes/milestones.$id";
import { civilToDate } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";
import { milestoneForm } from "../helpers/factories";
import { callAction } from "../helpers/requests";

const TODAY = "2026-11-27";
let projectId: number;
let milestoneId: Record<string, number>;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  milestoneId = Object.fromEntries((await prisma.milestone.findMany({ select: { id: true, code: true } })).map((m) => [m.code, m.id]));
});

const view = () => cashflowView(projectId, TODAY);
type View = Awaited<ReturnType<typeof view>>;
const month = (v: View, scenario: "secured" | "expected", key: string) => v.scenarios[scenario].months.find((m) => m.month === key)!;
const out = (v: View, key: string, kind: "spending" | "payment" | "interest" | "repayment" | "fee") => BigInt(month(v, "secured", key).outFen[kind] ?? "0");
const inOf = (v: View, key: string, kind: "drawdown_forecast" | "drawdown" | "equity") => BigInt(month(v, "expected", key).inFen[kind] ?? "0");
const replan = async (code: string, plannedEnd: string, reason: string) =>
  callAction(milestoneAction, `/milestones/${milestoneId[code]}`, { ...(await milestoneForm(milestoneId[code])), plannedEnd, reason }, { as: "pm", params: { id: String(milestoneId[code]) } });

describe("the cash flow to completion", () => {
  it("runs past 2027 to completion and spends the whole remaining dynamic cost", async () => {
    const v = await view();
    expect(v.horizon.from).toBe("2026-11");
    expect(v.horizon.projectEnd).toBe("2029-06-29"); // handover (M28)
    expect(v.horizon.to).toBe("2029-11"); // the group loan's maturity: 36 months from 2026-11-12
    const spent = v.scenarios.secured.months.reduce((sum, m) => sum + BigInt(m.outFen.spending ?? "0"), 0n);
    expect(spent).toBe(BigInt(v.spending.remainingTotalFen));
    const paid = v.scenarios.secured.months.reduce((sum, m) => sum + BigInt(m.outFen.payment ?? "0"), 0n);
    // Paid + still to spend = the dynamic cost (no leaf is overpaid in the demo).
    expect(paid + spent).toBe(BigInt(v.spending.dynamicTotalFen));
    // The group loan (1000万 drawn 2026-11-12, 4.5 %) settles its first interest on 20 Dec: 39 days
    // × 10,000,000元 × 4.5 % ÷ 360 = 48,750元.
    expect(out(v, "2026-12", "interest")).toBe(4_875_000n);
    // …and its 5000万 falls due at maturity (nothing is scheduled before): a balloon repayment.
    expect(out(v, "2029-11", "repayment")).toBe(5_000_000_000n);
  });

  it("counts facilities in negotiation only in the expected scenario, so the secured gap comes first and peaks higher", async () => {
    const v = await view();
    const { secured, expected } = v.scenarios;
    // June 2027: the bank's 3000万 (M19) and the vendor's 2000万 (M20), both negotiating, at 50 %.
    expect(BigInt(month(v, "secured", "2027-06").inFen.drawdown_forecast ?? "0")).toBe(2_000_000_000n); // the group's own
    expect(inOf(v, "2027-06", "drawdown_forecast")).toBe(2_000_000_000n + 2_500_000_000n);
    expect(secured.firstGap).not.toBeNull();
    expect(secured.firstGap!.month < expected.firstGap!.month).toBe(true);
    expect(BigInt(secured.peak!.gapFen)).toBeGreaterThan(BigInt(expected.peak!.gapFen));
  });

  it("moves both the spending tied to a milestone and the drawdowns waiting for it when the milestone slips", async () => {
    const before = await view();
    // The main-works tender M17 runs two months longer: M19 (permit) and M20 (contractor) slip 56
    // days, the foundation M22 after them; the bank's permit loan (M19) and the vendor's (M20) move
    // from June to July, and the main structure's spending (tied to M19, M22…) moves with them.
    const saved = (await replan("M17", "2027-06-30", "主体工程招标延期")) as Response;
    expect(saved.status).toBe(302);
    try {
      const after = await view();
      // Drawdowns: June loses 2,500万 of expected money (50 % of 5000万) to July.
      expect(inOf(before, "2027-06", "drawdown_forecast") - inOf(after, "2027-06", "drawdown_forecast")).toBe(2_500_000_000n);
      expect(inOf(after, "2027-07", "drawdown_forecast") - inOf(before, "2027-07", "drawdown_forecast")).toBe(2_500_000_000n);
      // Spending: the foundation's window (M22) now ends in November, not September: less is spent
      // by September, more in October–November; the total to spend is unchanged.
      const until = (v: View, key: string) => v.scenarios.secured.months.filter((m) => m.month <= key).reduce((sum, m) => sum + BigInt(m.outFen.spending ?? "0"), 0n);
      expect(until(after, "2027-09")).toBeLessThan(until(before, "2027-09"));
      // …and the podium's structure (M23, after the foundation) now runs into February 2028: its
      // spending reaches January, where there was none of it before.
      expect(out(after, "2028-01", "spending")).toBeGreaterThan(out(before, "2028-01", "spending"));
      expect(after.spending.remainingTotalFen).toBe(before.spending.remainingTotalFen);
    } finally {
      expect(((await replan("M17", "2027-04-30", "恢复原计划")) as Response).status).toBe(302);
    }
    const restored = await view();
    expect(restored.scenarios.secured.months.map((m) => m.outFen.spending)).toEqual(before.scenarios.secured.months.map((m) => m.outFen.spending));
  });

  it("takes a payment as cash out of its month at once, and takes it off what is still to spend", async () => {
    const before = await view();
    // 10万 more on the podium design contract (300万, 90万 paid): its cost is fixed by the contract,
    // so what is still to spend falls by what was paid.
    const contract = await prisma.contract.findFirstOrThrow({ where: { code: "HT-2026-001" } });
    await prisma.payment.create({ data: { lineId: contract.lineId, accountId: contract.accountId, contractId: contract.id, paidOn: civilToDate("2026-11-26"), payee: contract.contractor, amountFen: 10_000_000n, kind: "advance" } });
    const after = await view();
    expect(out(after, "2026-11", "payment") - out(before, "2026-11", "payment")).toBe(10_000_000n);
    expect(BigInt(before.spending.remainingTotalFen) - BigInt(after.spending.remainingTotalFen)).toBe(10_000_000n);
  });

  it("weights the expected scenario by the probabilities finance sets", async () => {
    const before = await view();
    await prisma.scenarioProbability.update({ where: { projectId_status: { projectId, status: "negotiating" } }, data: { bps: 2000 } });
    const after = await view();
    // June's negotiating 5000万: 50 % → 20 %.
    expect(inOf(before, "2027-06", "drawdown_forecast") - inOf(after, "2027-06", "drawdown_forecast")).toBe(1_500_000_000n);
    expect(after.scenarios.secured.months).toEqual(before.scenarios.secured.months);
    await prisma.scenarioProbability.update({ where: { projectId_status: { projectId, status: "negotiating" } }, data: { bps: 5000 } });
  });

  it("counts equity (资本金) in, and a reversal out", async () => {
    const before = await view();
    const row = await prisma.equityContribution.create({ data: { projectId, receivedOn: civilToDate("2026-11-20"), amountFen: 1_000_000_000n, source: "集团公司" } });
    await prisma.equityContribution.create({ data: { projectId, receivedOn: civilToDate("2026-11-21"), amountFen: -1_000_000_000n, source: "集团公司", reversalOfId: row.id, reason: "重复录入" } });
    const after = await view();
    expect(inOf(after, "2026-11", "equity")).toBe(inOf(before, "2026-11", "equity"));
  });

  it("bounds the horizon whatever the dates: a milestone ending in 2099 costs at most 180 months", async () => {
    await prisma.milestone.update({ where: { id: milestoneId.M28 }, data: { plannedEnd: civilToDate("2099-12-31") } });
    try {
      const v = await view();
      expect(v.scenarios.secured.months.length).toBeLessThanOrEqual(180);
      expect(v.horizon.to).toBe("2041-10");
    } finally {
      await prisma.milestone.update({ where: { id: milestoneId.M28 }, data: { plannedEnd: civilToDate("2029-06-29") } });
    }
  });
});
