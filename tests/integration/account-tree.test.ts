// 成本科目 on every page (issue 13, point 1): the seed's tree rolls up leaf → first level → part, the
// budget table's line figures are exactly the sums of their leaves, the dynamic cost is judged
// against the current target at every level, and a red leaf shows on /budget, the line page, the
// dashboard and the agenda even when its part is only amber (or within its target).
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { budgetTable } from "~/models/capital.server";
import { accountFigures } from "~/models/cost/accounts.server";
import { loader as dashboardLoader } from "~/routes/_index";
import { loader as budgetLoader } from "~/routes/budget._index";
import { loader as lineLoader } from "~/routes/budget.lines.$id";
import { loader as meetingLoader } from "~/routes/meetings.$date";
import { seedReferenceProject } from "../../prisma/seed";
import { callLoader } from "../helpers/requests";

const W = (wan: number) => BigInt(Math.round(wan * 100)) * 10_000n; // 万元 → 分

let projectId: number;
beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
});

const rowOf = async (code: string) => (await budgetTable(projectId)).find((r) => r.code === code)!;
const accountOf = async (code: string) => (await rowOf(code.slice(0, 3))).accounts.find((a) => a.code === code)!;
type Agenda = { agenda: { refType: string; refId: number | null; title: string; titleEn: string; detail: string }[] };

describe("the seed's figures", () => {
  it("make every line exactly the sum of its leaves (target, contracts, estimates, to come, paid)", async () => {
    const rows = await budgetTable(projectId);
    for (const row of rows) {
      const leaves = row.accounts.filter((a) => a.leaf);
      const sum = (pick: (a: (typeof leaves)[number]) => bigint) => leaves.reduce((total, a) => total + pick(a), 0n);
      expect(sum((a) => a.dynamic.dynamicFen)).toBe(row.dynamic.dynamicFen);
      expect(sum((a) => a.dynamic.targetFen)).toBe(row.targetFen);
      // The line's commitment (the budget rule) and paid (the ledger) are the leaves' too.
      expect(sum((a) => a.dynamic.contractsFen)).toBe(row.committedFen);
      expect(sum((a) => a.paidFen)).toBe(row.paidFen);
      // A first-level account is the sum of the leaves under it.
      for (const first of row.accounts.filter((a) => !a.leaf)) {
        const under = row.accounts.filter((a) => a.parentId === first.id);
        expect(under.reduce((total, a) => total + a.dynamic.dynamicFen, 0n)).toBe(first.dynamic.dynamicFen);
      }
    }
    expect(rows.reduce((total, r) => total + r.targetFen, 0n)).toBe(W(46000));
  });

  it("put the tower over its 24,000万 target (not its 24,300万 budget), its finishes red", async () => {
    const apt = await rowOf("APT");
    // Design 500万 + the pending layout change's 32万 estimate + 23,900万 to come (finishes revised to 4,200万).
    expect(apt.dynamic).toMatchObject({ contractsFen: W(500), pendingEstimatesFen: W(32), toComeFen: W(23900), dynamicFen: W(24432), targetFen: W(24000), varianceFen: W(432), level: "red" });
    expect(apt.currentFen).toBe(W(24300));
    expect((await accountOf("APT.02.03")).dynamic).toMatchObject({ targetFen: W(3800), toComeFen: W(4200), varianceFen: W(400), level: "red" });
    expect((await accountOf("APT.02")).dynamic).toMatchObject({ targetFen: W(21300), dynamicFen: W(21780), level: "red" });
    expect(apt.accountAlerts[0]).toMatchObject({ code: "APT.02", level: "red" }); // the largest overrun first
  });

  it("show the foundation amber while its piles are red, and the podium within target while its design is red", async () => {
    const fnd = await rowOf("FND");
    expect(fnd.dynamic).toMatchObject({ dynamicFen: W(7720), targetFen: W(8000), level: "amber" });
    expect((await accountOf("FND.02")).dynamic.level).toBe("amber");
    expect((await accountOf("FND.02.01")).dynamic).toMatchObject({ targetFen: W(3600), dynamicFen: W(3700), varianceFen: W(100), level: "red" });
    const com = await rowOf("COM");
    expect(com.dynamic.level).toBe("ok");
    // The design contract at 318万 (300万 + an approved 18万 change) and 40万 to come against 350万.
    expect((await accountOf("COM.01.01")).dynamic).toMatchObject({ contractsFen: W(318), toComeFen: W(40), dynamicFen: W(358), level: "red" });
  });

  it("count a reversed payment outside contracts net on its leaf (21万 − 21万 + 12万)", async () => {
    const permits = await accountOf("COM.01.02");
    expect(permits.dynamic.paidOutsideContractsFen).toBe(W(12));
    expect(permits.paidFen).toBe(W(12));
    expect(permits.dynamic.dynamicFen).toBe(W(128) + W(12));
  });
});

describe("the pages", () => {
  it("/budget carries each part's tree and the line page its own", async () => {
    const page = (await callLoader(budgetLoader, "/budget", { as: "member" })) as { rows: { code: string; targetFen: string; budgetTargetGapFen: string; accounts: { code: string; depth: number }[] }[] };
    const apt = page.rows.find((r) => r.code === "APT")!;
    expect(apt.accounts.slice(0, 3).map((a) => [a.code, a.depth])).toEqual([
      ["APT.01", 1],
      ["APT.01.01", 2],
      ["APT.01.02", 2],
    ]);
    expect(apt).toMatchObject({ targetFen: String(W(24000)), budgetTargetGapFen: String(W(300)) });
    const lineId = (await rowOf("FND")).id;
    const line = (await callLoader(lineLoader, `/budget/lines/${lineId}`, { as: "member", params: { id: String(lineId) } })) as { figures: { accounts: { code: string; dynamic: { level: string } }[] } };
    expect(line.figures.accounts.find((a) => a.code === "FND.02.01")?.dynamic.level).toBe("red");
    expect(line.figures.accounts.every((a) => a.code.startsWith("FND."))).toBe(true);
  });

  it("the dashboard names the red leaves of a red, an amber and a within-target part", async () => {
    const dashboard = (await callLoader(dashboardLoader, "/", { as: "exec" })) as { dynamicCost: { total: { targetFen: string }; lines: { code: string; level: string; targetFen: string; redAccounts: { code: string; varianceFen: string }[] }[] } };
    expect(dashboard.dynamicCost.total.targetFen).toBe(String(W(46000)));
    const line = (code: string) => dashboard.dynamicCost.lines.find((l) => l.code === code);
    expect(line("APT")).toMatchObject({ level: "red", targetFen: String(W(24000)) });
    expect(line("APT")!.redAccounts.map((a) => a.code)).toEqual(["APT.02.03", "APT.02.01", "APT.01.01"]);
    expect(line("APT")!.redAccounts[0].varianceFen).toBe(String(W(400)));
    expect(line("FND")!.redAccounts.map((a) => a.code)).toEqual(["FND.02.01"]);
    expect(line("COM")).toMatchObject({ level: "ok", redAccounts: [{ code: "COM.01.01" }] });
  });

  it("the agenda raises one item per part with a red leaf, naming the leaves and their overrun", async () => {
    const meeting = (await callLoader(meetingLoader, "/meetings/2026-12-01", { as: "exec", params: { date: "2026-12-01" } })) as Agenda;
    const items = meeting.agenda.filter((i) => i.refType === "DynamicCost");
    const item = async (code: string) => {
      const lineId = (await rowOf(code)).id;
      return items.find((i) => i.refId === lineId)!;
    };
    const apt = await item("APT");
    expect(apt.title).toContain("动态成本超目标成本");
    expect(apt.title).toContain("APT.02.03 装饰装修 超目标 400.00万元");
    expect(apt.titleEn).toContain("APT.02.03 Finishes over target by");
    expect(apt.detail).toContain(`varianceFen=${W(432)}`);
    expect(apt.detail).toContain("redAccounts=APT.02.03,APT.02.01,APT.01.01");
    expect((await item("FND")).title).toContain("FND.02.01 桩基工程 超目标 100.00万元");
    expect((await item("COM")).detail).toContain("redAccounts=COM.01.01");
    expect(items).toHaveLength(3);
  });
});

describe("the read model", () => {
  it("moves with a new estimate on one leaf, and only that leaf's ancestors move", async () => {
    const before = await accountFigures(projectId);
    const leaf = await prisma.costAccount.findFirstOrThrow({ where: { projectId, code: "COM.02.03" } });
    await prisma.toComeEstimate.create({ data: { lineId: leaf.lineId, accountId: leaf.id, amountFen: W(2000) + W(250) + 1n, reason: "精装标准提高" } });
    const after = await accountFigures(projectId);
    expect(after).not.toBe(before); // the cache saw the write
    const leafAfter = after.leaves.find((l) => l.accountId === leaf.id)!;
    expect(leafAfter.toComeFen).toBe(W(2250) + 1n);
    const com = await rowOf("COM");
    expect(com.dynamic.dynamicFen).toBe(W(13218) + W(250) + 1n);
    expect((await accountOf("COM.02.03")).dynamic).toMatchObject({ varianceFen: W(50) + 1n, level: "red" });
    expect((await rowOf("APT")).dynamic.dynamicFen).toBe(W(24432));
  });

  it("with no approved version, every target is 0 and the pages say so", async () => {
    await prisma.targetCostVersion.updateMany({ where: { projectId, status: "approved" }, data: { status: "rejected" } });
    try {
      const view = await accountFigures(projectId);
      expect(view.target).toBeNull();
      const rows = await budgetTable(projectId);
      expect(rows.every((r) => r.targetFen === 0n && r.dynamic.level === "red" && !r.hasTarget && r.accountAlerts.length === 0)).toBe(true);
      const page = (await callLoader(budgetLoader, "/budget", { as: "member" })) as { target: unknown };
      expect(page.target).toBeNull();
    } finally {
      await prisma.targetCostVersion.updateMany({ where: { projectId, no: 1 }, data: { status: "approved" } });
    }
  });
});
