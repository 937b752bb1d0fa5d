// The cash-flow page (/financing/cashflow, issue 14) through its loader and action against a fresh
// SQLite file holding the reference project (today pinned to 2026-11-27): both scenarios and the
// fallback on a junk scenario, the probabilities form (refused above 100 %, values kept; a new
// probability changes the expected scenario), the escrow form (nodes must increase), 403 without
// financing.write, and the Excel export.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { action, loader } from "~/routes/financing.cashflow";
import { loader as exportLoader } from "~/routes/financing.cashflow[.]xlsx";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction, callLoader, payload } from "../helpers/requests";
import { download, workbookOf } from "../helpers/workbooks";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let projectId: number;
let milestoneId: Record<string, number>;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  milestoneId = Object.fromEntries((await prisma.milestone.findMany({ where: { projectId }, select: { id: true, code: true } })).map((m) => [m.code, m.id]));
});

type View = Exclude<Awaited<ReturnType<typeof loader>>, Response>;
type Result = { intent: string; errors: Record<string, unknown>; values: Record<string, string> };

async function view(path = "/financing/cashflow", as = "exec"): Promise<View> {
  const result = await callLoader(loader, path, { as });
  if (result instanceof Response) throw new Error(`loader answered ${result.status}`);
  return result;
}
const post = (fields: Record<string, string>, as = "finance") => callAction(action, "/financing/cashflow?scenario=expected", fields, { as });
const PROBABILITIES = { negotiating: "50", approved: "90", signed: "100", drawing: "100", sales_forecast: "70" };

describe("the cash-flow page", () => {
  it("answers both scenarios, secured by default and on junk", async () => {
    const secured = await view();
    expect(secured.scenario).toBe("secured");
    expect(secured.months.length).toBeGreaterThan(12);
    expect(secured.months[0].month).toBe(secured.horizon.from);
    expect(secured.months.at(-1)!.month).toBe(secured.horizon.to);
    const expected = await view("/financing/cashflow?scenario=expected");
    expect(expected.scenario).toBe("expected");
    // The monthly table differs (the expected scenario counts the facilities in negotiation, weighted).
    expect(expected.months.map((m) => m.totalInFen)).not.toEqual(secured.months.map((m) => m.totalInFen));
    // Both summaries come with either scenario.
    expect(expected.summaries).toEqual(secured.summaries);
    for (const junk of ["junk", "", "SECURED", "expected%00", "<script>"]) {
      const fallback = await view(`/financing/cashflow?scenario=${encodeURIComponent(junk)}`);
      expect(fallback.scenario).toBe("secured");
      expect(fallback.months).toEqual(secured.months);
    }
    const twice = await view("/financing/cashflow?scenario=expected&scenario=secured");
    expect(twice.scenario).toBe("expected");
  });

  it("finds the secured scenario's first gap no later than the expected one's", async () => {
    const { summaries } = await view();
    expect(summaries.secured.firstGap).not.toBeNull();
    expect(summaries.secured.peak).not.toBeNull();
    if (summaries.expected.firstGap) expect(summaries.secured.firstGap!.month <= summaries.expected.firstGap.month).toBe(true);
    // The demo: short from October 2027 on secured money alone, December 2027 as expected.
    expect(summaries.secured.firstGap!.month).toBe("2027-10");
    expect(summaries.expected.firstGap!.month).toBe("2027-12");
  });

  it("refuses a probability of 120 % beside the field and keeps what was typed", async () => {
    const result = await post({ intent: "probabilities", ...PROBABILITIES, negotiating: "120", approved: "85.5" });
    const { status, data } = payload<Result>(result);
    expect(status).toBe(400);
    expect(data.intent).toBe("probabilities");
    expect(data.errors).toEqual({ negotiating: "percent_invalid" });
    expect(data.values).toMatchObject({ negotiating: "120", approved: "85.5" });
    for (const bad of ["-1", "abc", "50.123", "100.01", ""]) {
      const refused = payload<Result>(await post({ intent: "probabilities", ...PROBABILITIES, signed: bad }));
      expect(refused.status).toBe(400);
      expect(refused.data.errors).toHaveProperty("signed");
    }
    // Nothing written: the seed's probabilities stand.
    const rows = await prisma.scenarioProbability.findMany({ where: { projectId } });
    expect(Object.fromEntries(rows.map((r) => [r.status, r.bps]))).toEqual({ negotiating: 5000, approved: 9000, signed: 10000, drawing: 10000, sales_forecast: 7000 });
  });

  it("accepts 40 % for negotiating facilities and the expected scenario changes", async () => {
    const before = await view("/financing/cashflow?scenario=expected");
    const result = await post({ intent: "probabilities", ...PROBABILITIES, negotiating: "40" });
    expect(result).toBeInstanceOf(Response);
    expect((result as Response).status).toBe(302);
    expect((result as Response).headers.get("Location")).toBe("/financing/cashflow?scenario=expected&done=probabilities");
    const rows = await prisma.scenarioProbability.findMany({ where: { projectId }, orderBy: { status: "asc" } });
    expect(Object.fromEntries(rows.map((r) => [r.status, r.bps]))).toEqual({ approved: 9000, drawing: 10000, negotiating: 4000, sales_forecast: 7000, signed: 10000 });
    const audit = await prisma.auditLog.findFirst({ where: { entity: "ScenarioProbability" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ area: "financing", action: "update", entityId: projectId });
    expect(JSON.parse(audit!.after!)).toMatchObject({ negotiating: 4000 });

    const after = await view("/financing/cashflow?scenario=expected");
    expect(after.probabilities.find((p) => p.status === "negotiating")!.bps).toBe(4000);
    // Less of the negotiating money counts: less cash in, and the gap comes sooner or is larger.
    expect(BigInt(after.summaries.expected.totalInFen)).toBeLessThan(BigInt(before.summaries.expected.totalInFen));
    expect(after.summaries.expected.peak!.gapFen).not.toBe(before.summaries.expected.peak!.gapFen);
    const june = (v: View) => v.months.find((m) => m.month === "2027-06")!;
    // June 2027: the bank's 3000万 and the vendor's 2000万 at 40 % (was 50 %), the group's 2000万 in full.
    expect(june(before).inFen.drawdown_forecast).toBe(String(2500n * 1_000_000n + 2000n * 1_000_000n));
    expect(june(after).inFen.drawdown_forecast).toBe(String(2000n * 1_000_000n + 2000n * 1_000_000n));
    // The secured scenario does not move.
    expect(after.summaries.secured).toEqual(before.summaries.secured);
    // Accepted with decimals too.
    expect(((await post({ intent: "probabilities", ...PROBABILITIES, negotiating: "40.25" })) as Response).status).toBe(302);
    expect((await prisma.scenarioProbability.findUnique({ where: { projectId_status: { projectId, status: "negotiating" } } }))!.bps).toBe(4025);
  });

  it("answers 403 to a user without financing.write", async () => {
    for (const as of ["exec", "sales", "member"]) {
      const result = await post({ intent: "probabilities", ...PROBABILITIES }, as);
      expect(result).toBeInstanceOf(Response);
      expect((result as Response).status).toBe(403);
    }
    const escrow = await post({ intent: "escrow", city: "X", keyPerSqm: "1" }, "pm");
    expect((escrow as Response).status).toBe(403);
  });

  it("refuses escrow nodes that do not increase, and saves them in order otherwise", async () => {
    const before = await prisma.escrowNode.findMany({ where: { projectId }, orderBy: { sortOrder: "asc" } });
    const refused = await post({
      intent: "escrow",
      city: "本市",
      keyPerSqm: "3000",
      node0Milestone: String(milestoneId.M22),
      node0Release: "30",
      node1Milestone: String(milestoneId.M25),
      node1Release: "30",
      node2Milestone: String(milestoneId.M27),
      node2Release: "20",
    });
    const { status, data } = payload<Result>(refused);
    expect(status).toBe(400);
    expect(data.errors).toEqual({ node1Release: "escrow_not_increasing", node2Release: "escrow_not_increasing" });
    expect(data.values).toMatchObject({ node1Release: "30", node2Release: "20" });
    // Above 100 %, a duplicate milestone, another project's milestone id, and too many rows are refused too.
    expect(payload<Result>(await post({ intent: "escrow", city: "本市", keyPerSqm: "3000", node0Milestone: String(milestoneId.M22), node0Release: "120" })).data.errors).toEqual({ node0Release: "percent_invalid" });
    expect(
      payload<Result>(await post({ intent: "escrow", city: "本市", keyPerSqm: "3000", node0Milestone: String(milestoneId.M22), node0Release: "30", node1Milestone: String(milestoneId.M22), node1Release: "60" })).data.errors,
    ).toEqual({ node1Milestone: "escrow_duplicate_milestone" });
    expect(payload<Result>(await post({ intent: "escrow", city: "本市", keyPerSqm: "3000", node0Milestone: "999999", node0Release: "30" })).data.errors).toEqual({ node0Milestone: "invalid_choice" });
    expect(payload<Result>(await post({ intent: "escrow", city: "本市", keyPerSqm: "3000", node25Milestone: String(milestoneId.M22), node25Release: "30" })).data.errors).toEqual({ nodes: "escrow_too_many_nodes" });
    expect(await prisma.escrowNode.findMany({ where: { projectId }, orderBy: { sortOrder: "asc" } })).toEqual(before);

    const saved = await post({
      intent: "escrow",
      city: "本市",
      keyPerSqm: "2500",
      node0Milestone: String(milestoneId.M22),
      node0Release: "40",
      node1Milestone: "",
      node1Release: "",
      node2Milestone: String(milestoneId.M28),
      node2Release: "100",
    });
    expect((saved as Response).status).toBe(302);
    const nodes = await prisma.escrowNode.findMany({ where: { projectId }, orderBy: { sortOrder: "asc" }, select: { milestoneId: true, releaseBps: true, sortOrder: true } });
    expect(nodes).toEqual([
      { milestoneId: milestoneId.M22, releaseBps: 4000, sortOrder: 0 },
      { milestoneId: milestoneId.M28, releaseBps: 10000, sortOrder: 1 },
    ]);
    expect(await prisma.escrowSetting.findUnique({ where: { projectId } })).toMatchObject({ city: "本市", keyFenPerSqm: 250_000n });
    const audit = await prisma.auditLog.findFirst({ where: { entity: "EscrowSetting" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ area: "financing", entityId: projectId });
    const v = await view();
    expect(v.escrow.keyFenPerSqm).toBe("250000");
    expect(v.escrow.nodes.map((n) => [n.code, n.releaseBps])).toEqual([
      ["M22", 4000],
      ["M28", 10000],
    ]);
    expect(v.escrowForm.nodes).toEqual([
      { milestoneId: milestoneId.M22, releaseBps: 4000 },
      { milestoneId: milestoneId.M28, releaseBps: 10000 },
    ]);
  });

  it("refuses an unknown intent", async () => {
    const { status, data } = payload<Result>(await post({ intent: "constructor" }));
    expect(status).toBe(400);
    expect(data.errors).toEqual({ form: "invalid" });
  });

  it("exports the chosen scenario as a workbook of three sheets", async () => {
    const response = await download(exportLoader, "/financing/cashflow.xlsx?scenario=expected");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(XLSX);
    const workbook = await workbookOf(response);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["月度现金流（预期）", "融资利息", "汇总"]);
    const monthly = workbook.worksheets[0];
    expect(monthly.getRow(1).getCell(1).value).toBe("月份");
    expect(monthly.getRow(1).getCell(2).value).toBe("现金流入");
    const headers = (monthly.getRow(2).values as unknown[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(["资本金", "已提款", "预计提款", "计划支出", "利息", "流入合计", "流出合计", "净现金流", "累计余额", "资金缺口"]));
    expect(monthly.pageSetup).toMatchObject({ orientation: "landscape", fitToWidth: 1, printTitlesRow: "1:2" });
    const v = await view("/financing/cashflow?scenario=expected");
    expect(monthly.rowCount).toBe(2 + v.months.length);
    const gapColumn = headers.indexOf("资金缺口") + 1;
    const last = monthly.getRow(monthly.rowCount);
    const lastGap = v.months.at(-1)!.gapFen;
    expect(last.getCell(gapColumn).value).toBe(Number(BigInt(lastGap) / 100n) + Number(BigInt(lastGap) % 100n) / 100);
    expect(typeof last.getCell(gapColumn).value).toBe("number");

    const facilities = workbook.worksheets[1];
    expect(facilities.rowCount).toBe(1 + v.facilities.length);
    const summary = workbook.worksheets[2];
    const items = (summary.getColumn(1).values as unknown[]).filter(Boolean);
    expect(items).toEqual(expect.arrayContaining(["首次资金缺口", "峰值资金需求", "预期情景的概率", "洽谈中"]));

    // English headers, and junk falls back to secured.
    const en = await workbookOf(await download(exportLoader, "/financing/cashflow.xlsx?scenario=junk", { lang: "en" }));
    expect(en.worksheets.map((s) => s.name)).toEqual(["Cash flow (Secured only)", "Facility interest", "Summary"]);
  });
});
