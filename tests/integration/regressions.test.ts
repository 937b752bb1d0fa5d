// Regressions found in review: each once produced a wrong figure, a 500, or a write it should not have.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { action as budgetAction } from "~/routes/budget._index";
import { action as lineAction } from "~/routes/budget.lines.$id";
import { loader as ledgerLoader } from "~/routes/budget.payments";
import { action as planAction } from "~/routes/budget.plan";
import { loader as auditLoader } from "~/routes/audit";
import { action as loginAction } from "~/routes/login";
import { action as meetingAction, loader as meetingLoader } from "~/routes/meetings.$date";
import { action as salesAction } from "~/routes/sales._index";
import { seedReferenceProject } from "../../prisma/seed";
import { submitAndApprove } from "../helpers/approvals";
import { callAction, callLoader, payload } from "../helpers/requests";
import { leafOf } from "../helpers/factories";

let fnd: number;
beforeAll(async () => {
  await seedReferenceProject(prisma);
  fnd = (await prisma.budgetLine.findFirstOrThrow({ where: { code: "FND" } })).id;
});

describe("money bound outside contracts", () => {
  it("counts payments made without a contract against new contracts and cuts", async () => {
    // 3000万 paid on FND (8000万) without a contract leaves 5000万 to contract.
    // Above the 500万 approval threshold: submitted by finance, posted when an approver approves it.
    expect(((await submitAndApprove(callAction(budgetAction, "/budget", { intent: "payment", accountId: String(await leafOf(fnd)), amount: "3000万", payee: "x", paidOn: "2026-11-20" }, { as: "finance" }))) as Response).status).toBe(302);
    const fndLeaf = await leafOf(fnd);
    const contract = (fields: Record<string, string>) => callAction(lineAction, `/budget/lines/${fnd}`, { intent: "contract", accountId: String(fndLeaf), status: "signed", title: "t", contractor: "c", ...fields }, { as: "finance", params: { id: String(fnd) } });
    expect(payload<{ errors: Record<string, unknown> }>(await contract({ code: "R1", amount: "5000.01万" })).data.errors.amount).toEqual({ message: "over_commitment", vars: { headroomFen: "5000000000" } });
    expect(((await contract({ code: "R1", amount: "5000万" })) as Response).status).toBe(302);
    const cut = payload<{ errors: Record<string, unknown> }>(await callAction(lineAction, `/budget/lines/${fnd}`, { intent: "revision", amount: "-1", reason: "x" }, { as: "finance", params: { id: String(fnd) } }));
    expect(cut.data.errors.amount).toEqual({ message: "below_floor", vars: { floorFen: "8000000000" } });
  });

  it("refuses payments on a closed contract", async () => {
    const line = await prisma.budgetLine.findFirstOrThrow({ where: { code: "COM" } });
    const closed = await prisma.contract.create({ data: { lineId: line.id, accountId: await leafOf(line.id), code: "CLOSED", title: "t", contractor: "c", amountFen: 1_000_000n, status: "closed" } });
    const result = payload<{ errors: Record<string, unknown> }>(await callAction(budgetAction, "/budget", { intent: "payment", contractId: String(closed.id), amount: "1", payee: "x", paidOn: "2026-11-20" }, { as: "finance" }));
    expect(result.data.errors.contractId).toBe("contract_closed");
  });
});

describe("input that once caused a 500 or a lasting problem", () => {
  it("refuses fund-plan months outside the schedule", async () => {
    for (const month of ["2027-13", "9999-01", "2026-10"]) {
      const result = payload<{ errors: Record<string, unknown> }>(await callAction(planAction, "/budget/plan", { [`plan:${fnd}:${month}`]: "1" }, { as: "finance" }));
      expect(result.status).toBe(400);
    }
    expect(await prisma.fundPlanEntry.count({ where: { month: { in: ["2027-13", "9999-01", "2026-10"] } } })).toBe(0);
  });

  it("answers huge ids and far dates in query strings without a 500", async () => {
    const ledger = (await callLoader(ledgerLoader, "/budget/payments?line=99999999999999999999", { as: "finance" })) as { errors: Record<string, unknown> };
    expect(ledger.errors.line).toBeDefined();
    const audit = (await callLoader(auditLoader, "/audit?to=9999-12-31&user=99999999999999999999", { as: "exec" })) as { errors: Record<string, unknown> };
    expect(audit.errors).toMatchObject({ to: "date_out_of_range" });
    expect(((await callLoader(meetingLoader, "/meetings/9999-12-28", { as: "exec", params: { date: "9999-12-28" } })) as Response).status).toBe(404);
  });

  it("treats inherited names as unknown intents", async () => {
    for (const intent of ["constructor", "toString", "__proto__"]) {
      expect(payload(await callAction(salesAction, "/sales", { intent }, { as: "sales" })).status).toBe(400);
      expect(payload(await callAction(meetingAction, "/meetings/2026-12-08", { intent }, { as: "exec", params: { date: "2026-12-08" } })).status).toBe(400);
    }
  });

  it("never redirects off the site after sign-in", async () => {
    for (const redirectTo of ["/\\evil.com", "//evil.com", "/\t/evil.com", "https://evil.com"]) {
      const result = (await callAction(loginAction, "/login", { username: "exec", password: "groundwork", redirectTo })) as Response;
      expect(result.headers.get("Location")).toBe("/");
    }
  });

  it("shows a hand-written agenda detail as text, whatever it contains", async () => {
    expect(((await callAction(meetingAction, "/meetings/2026-12-08", { intent: "manual", title: "预算讨论", detail: "costFen=约300万;a=b" }, { as: "exec", params: { date: "2026-12-08" } })) as Response).status).toBe(302);
    const page = (await callLoader(meetingLoader, "/meetings/2026-12-08", { as: "exec", params: { date: "2026-12-08" } })) as { agenda: { title: string }[] };
    expect(page.agenda.some((i) => i.title === "预算讨论")).toBe(true);
  });
});

describe("the meeting series", () => {
  it("creates no meeting before the first one, and a report never creates a meeting", async () => {
    const before = await prisma.meeting.count();
    const early = payload<{ errors: Record<string, unknown> }>(await callAction(meetingAction, "/meetings/2026-11-10", { intent: "manual", title: "x" }, { as: "exec", params: { date: "2026-11-10" } }));
    expect(early.data.errors.date).toBe("not_meeting_day");
    const item = await prisma.actionItem.findFirstOrThrow({ where: { status: "open", department: { code: "LEA" } } });
    expect(((await callAction(meetingAction, "/meetings/2026-11-10", { intent: "report", actionItemId: String(item.id), text: "t", reportedOn: "2026-11-27" }, { as: "member", params: { date: "2026-11-10" } })) as Response).status).toBe(302);
    expect(await prisma.meeting.count()).toBe(before);
  });
});
