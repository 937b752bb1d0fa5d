// Sign-in, roles and the audit trail: every write tried as every role; refused writes change nothing.
import { loader as rootLoader } from "~/root";
import { hashPassword } from "~/utils/password.server";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { can, ROLES, type Permission } from "~/domain/permissions";
import { setPassword } from "~/models/users.server";
import { loader as auditLoader } from "~/routes/audit";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as milestoneAction } from "~/routes/milestones.$id";
import { action as budgetAction } from "~/routes/budget._index";
import { action as lineAction } from "~/routes/budget.lines.$id";
import { action as contractAction } from "~/routes/budget.contracts.$id";
import { action as planAction } from "~/routes/budget.plan";
import { action as ledgerAction } from "~/routes/budget.payments";
import { action as facilityAction } from "~/routes/financing.facilities.$id";
import { action as financingAction } from "~/routes/financing._index";
import { loader as overviewLoader } from "~/routes/_index";
import { action as salesAction } from "~/routes/sales._index";
import { action as leasingAction } from "~/routes/sales.leasing";
import { action as unitAction } from "~/routes/sales.units.$code";
import { action as meetingsAction } from "~/routes/meetings._index";
import { action as meetingAction } from "~/routes/meetings.$date";
import { action as adminUserAction } from "~/routes/admin.users.$id";
import { seedReferenceProject } from "../../prisma/seed";
import { approve, raiseProjectTotal } from "../helpers/approvals";
import { leafOf } from "../helpers/factories";
import { callAction, callLoader, cookieFor, ORIGIN, payload } from "../helpers/requests";

let milestoneId: number;
let lineId: number;
let leafId: number;
let otherLineId: number;
let channelId: number;
let facilityId: number;
/** Approvals submitted by finance, one for each role's attempt to decide. */
const pendingApprovalIds: number[] = [];

beforeAll(async () => {
  const { projectId } = await seedReferenceProject(prisma);
  // Lines and raises add budget: past the seed's 300万 excess the project ceiling would refuse them.
  await raiseProjectTotal(projectId, 100_000_000_00n);
  milestoneId = (await prisma.milestone.findFirstOrThrow({ where: { code: "M04" } })).id;
  lineId = (await prisma.budgetLine.findFirstOrThrow({ where: { code: "APT" } })).id;
  otherLineId = (await prisma.budgetLine.findFirstOrThrow({ where: { code: "COM" } })).id;
  leafId = await leafOf(lineId);
  channelId = (await prisma.financingChannel.findFirstOrThrow({ where: { kind: "social" } })).id;
  // A facility with room to plan, and two planned drawdowns to record as received.
  const facility = await prisma.facility.create({ data: { channelId, counterparty: "权限测试资金方", committedFen: 10_000_000_000n, status: "signed" } });
  facilityId = facility.id;
  const finance = await prisma.user.findUniqueOrThrow({ where: { username: "finance" } });
  for (const _attempt of [...ROLES, "signed out"]) {
    const payload = JSON.stringify({ lineId, amountFen: "-1", reason: "权限测试" });
    const approval = await prisma.approval.create({ data: { projectId, kind: "budget_revision", subjectId: lineId, amountFen: -1n, payload, reason: "权限测试", submittedById: finance.id } });
    pendingApprovalIds.push(approval.id);
  }
  await prisma.drawdown.createMany({
    data: [
      { facilityId, plannedOn: new Date("2026-11-20T00:00:00Z"), plannedFen: 100_000_000n },
      { facilityId, plannedOn: new Date("2026-12-20T00:00:00Z"), plannedFen: 100_000_000n },
    ],
  });
});

let sequence = 0;
const unique = () => `${Date.now()}${(sequence += 1)}`;

async function milestoneForm() {
  const m = await prisma.milestone.findUniqueOrThrow({ where: { id: milestoneId } });
  return {
    version: String(m.version),
    status: "not_started",
    percentComplete: "0",
    actualStart: "",
    actualEnd: "",
    plannedStart: m.plannedStart.toISOString().slice(0, 10),
    plannedEnd: m.plannedEnd.toISOString().slice(0, 10),
    note: `edited ${Math.random()}`,
    reason: "",
  };
}

/** Everything a refused write must leave untouched. */
async function snapshot() {
  return {
    milestones: await prisma.milestone.findMany({ orderBy: { id: "asc" } }),
    lines: await prisma.budgetLine.findMany({ orderBy: { id: "asc" } }),
    revisions: await prisma.budgetRevision.count(),
    approvals: await prisma.approval.findMany({ orderBy: { id: "asc" } }),
    contracts: await prisma.contract.count(),
    contractChanges: await prisma.contractChange.findMany({ orderBy: { id: "asc" } }),
    toCome: await prisma.toComeEstimate.count(),
    payments: await prisma.payment.count(),
    plan: await prisma.fundPlanEntry.findMany({ orderBy: { id: "asc" } }),
    facilities: await prisma.facility.findMany({ orderBy: { id: "asc" } }),
    drawdowns: await prisma.drawdown.findMany({ orderBy: { id: "asc" } }),
    repayments: await prisma.repayment.findMany({ orderBy: { id: "asc" } }),
    sales: await prisma.saleRecord.count(),
    leases: await prisma.lease.count(),
    receipts: await prisma.receipt.count(),
    units: await prisma.unit.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, version: true } }),
    targets: await prisma.salesTarget.findMany({ orderBy: { id: "asc" } }),
    agency: await prisma.agencyContract.findMany({ orderBy: { id: "asc" } }),
    discountAuthority: await prisma.discountAuthority.findMany({ orderBy: [{ projectId: "asc" }, { role: "asc" }] }),
    project: await prisma.project.findMany(),
    meetings: await prisma.meeting.findMany({ orderBy: { id: "asc" } }),
    agendaItems: await prisma.agendaItem.count(),
    actionItems: await prisma.actionItem.findMany({ orderBy: { id: "asc" } }),
    reports: await prisma.actionReport.count(),
    roster: await prisma.chairRosterEntry.findMany({ orderBy: { id: "asc" } }),
    audit: await prisma.auditLog.count(),
    endedSessions: await prisma.session.count({ where: { revokedAt: { not: null } } }),
  };
}

// Contracts with nothing paid on them, for the "void a contract" and "re-file a contract" writes (made before any snapshot is taken).
let voidableContractId = 0;
let refilableContractId = 0;
beforeAll(async () => {
  voidableContractId = (await prisma.contract.create({ data: { lineId, accountId: leafId, code: "HT-VOIDABLE", title: "录错的合同", contractor: "某单位", amountFen: 100n, status: "signed" }, select: { id: true } })).id;
  refilableContractId = (await prisma.contract.create({ data: { lineId, accountId: leafId, code: "HT-REFILE", title: "挂错科目的合同", contractor: "某单位", amountFen: 100n, status: "signed" }, select: { id: true } })).id;
});

// Every write of the app: its permission and how to attempt it. Later areas add theirs here.
const WRITES: { name: string; permission: Permission; attempt: (as: string | null) => Promise<unknown> }[] = [
  {
    name: "update a milestone",
    permission: "schedule.write",
    attempt: async (as) => callAction(milestoneAction, `/milestones/${milestoneId}`, await milestoneForm(), { as, params: { id: String(milestoneId) } }),
  },
  {
    name: "record a payment",
    permission: "capital.write",
    attempt: (as) => callAction(budgetAction, "/budget", { intent: "payment", accountId: String(leafId), amount: "1000", payee: "某单位", paidOn: "2026-11-20" }, { as }),
  },
  {
    name: "add a budget line",
    permission: "capital.write",
    attempt: (as) => callAction(budgetAction, "/budget", { intent: "line", code: `L${unique()}`, name: "新科目", original: "100", reason: "test" }, { as }),
  },
  {
    name: "add a contract",
    permission: "capital.write",
    attempt: (as) =>
      callAction(lineAction, `/budget/lines/${lineId}`, { intent: "contract", accountId: String(leafId), code: `C${unique()}`, title: "合同", contractor: "某单位", amount: "1000", status: "signed" }, { as, params: { id: String(lineId) } }),
  },
  {
    name: "revise a budget line",
    permission: "capital.write",
    attempt: (as) => callAction(lineAction, `/budget/lines/${lineId}`, { intent: "revision", amount: "1", reason: "test" }, { as, params: { id: String(lineId) } }),
  },
  {
    name: "transfer budget between lines",
    permission: "capital.write",
    attempt: (as) =>
      callAction(lineAction, `/budget/lines/${lineId}`, { intent: "transfer", toLineId: String(otherLineId), amount: "1", reason: "test" }, { as, params: { id: String(lineId) } }),
  },
  {
    name: "reverse a payment",
    permission: "capital.write",
    attempt: async (as) => {
      // A payment not reversed yet (only finance's attempt reverses one).
      const payment = await prisma.payment.findFirstOrThrow({ where: { kind: { not: "reversal" }, reversedBy: null }, orderBy: { id: "asc" }, select: { id: true } });
      return callAction(ledgerAction, "/budget/payments", { intent: "reverse", paymentId: String(payment.id), reason: "test" }, { as });
    },
  },
  {
    name: "void a contract",
    permission: "capital.write",
    attempt: (as) => callAction(lineAction, `/budget/lines/${lineId}`, { intent: "void", contractId: String(voidableContractId), reason: "test" }, { as, params: { id: String(lineId) } }),
  },
  {
    name: "re-file a contract to another cost account",
    permission: "capital.write",
    attempt: async (as) => {
      // To a leaf of its line other than the one it is on now (each allowed attempt moves it).
      const contract = await prisma.contract.findUniqueOrThrow({ where: { id: refilableContractId }, select: { accountId: true } });
      const other = await prisma.costAccount.findFirstOrThrow({ where: { lineId, parentId: { not: null }, id: { not: contract.accountId! } }, select: { id: true } });
      return callAction(contractAction, `/budget/contracts/${refilableContractId}`, { intent: "refile", accountId: String(other.id), reason: "test" }, { as, params: { id: String(refilableContractId) } });
    },
  },
  {
    name: "enter a contract change",
    permission: "capital.write",
    attempt: async (as) => {
      const contractId = (await prisma.contract.findFirstOrThrow({ where: { code: "HT-2026-002" } })).id;
      return callAction(contractAction, `/budget/contracts/${contractId}`, { intent: "change", kind: "site_instruction", code: `QZ${unique()}`, title: "签证", claimed: "1000", estimate: "800" }, { as, params: { id: String(contractId) } });
    },
  },
  {
    name: "revise a line's cost to come",
    permission: "capital.write",
    attempt: (as) => callAction(lineAction, `/budget/lines/${lineId}`, { intent: "to_come", accountId: String(leafId), amount: "1亿", reason: "test" }, { as, params: { id: String(lineId) } }),
  },
  {
    name: "decide an approval",
    permission: "approvals.decide",
    attempt: (as) => approve(pendingApprovalIds.shift()!, as),
  },
  {
    name: "change the fund-usage plan",
    permission: "capital.write",
    attempt: async (as) => {
      const { planVersion } = await prisma.budgetLine.findUniqueOrThrow({ where: { id: lineId } });
      return callAction(planAction, "/budget/plan", { [`version:${lineId}`]: String(planVersion), [`plan:${lineId}:2027-06`]: String(400 + (sequence += 1)) }, { as });
    },
  },
  {
    name: "create a financing facility",
    permission: "financing.write",
    attempt: (as) => callAction(financingAction, "/financing", { channelId: String(channelId), counterparty: `F${unique()}`, committed: "100万", rate: "5", status: "negotiating" }, { as }),
  },
  {
    name: "edit a financing facility",
    permission: "financing.write",
    attempt: async (as) => {
      const f = await prisma.facility.findUniqueOrThrow({ where: { id: facilityId } });
      return onFacility(as, { intent: "facility", version: String(f.version), counterparty: f.counterparty, committed: "1亿", rate: "6", status: f.status, conditions: `edited ${unique()}` });
    },
  },
  {
    name: "plan a drawdown",
    permission: "financing.write",
    attempt: (as) => onFacility(as, { intent: "drawdown", plannedOn: "2027-03-01", planned: "100" }),
  },
  {
    name: "record a drawdown as received",
    permission: "financing.write",
    attempt: async (as) => {
      const d = await prisma.drawdown.findFirstOrThrow({ where: { facilityId, actualOn: null }, orderBy: { id: "asc" } });
      return onFacility(as, { intent: "actual", drawdownId: String(d.id), actualOn: "2026-11-27", actual: "100万" });
    },
  },
  {
    name: "add a repayment",
    permission: "financing.write",
    attempt: (as) => onFacility(as, { intent: "repayment", dueOn: "2028-11-20", amount: "100万" }),
  },
  {
    name: "reserve a unit (内部认购)",
    permission: "sales.write",
    attempt: async (as) => {
      // The next apartment still for sale: an internal subscription, allowed before the pre-sale permit.
      const unit = await prisma.unit.findFirstOrThrow({ where: { status: "available", building: { code: "T1" } }, orderBy: [{ floor: "asc" }, { position: "asc" }] });
      const fields = { intent: "reserve", internal: "on", buyerName: `员工${unique()}`, buyerType: "employee", price: (Number(unit.listPriceFen) / 100).toFixed(2), deposit: "", reservedOn: "2026-11-20" };
      return callAction(unitAction, `/sales/units/${unit.code}`, fields, { as, params: { code: unit.code } });
    },
  },
  {
    name: "record a deal's receipt",
    permission: "sales.write",
    attempt: async (as) => {
      const deal = await prisma.saleRecord.findFirstOrThrow({ where: { unitNo: "T1-1203", status: "reserved" } });
      return callAction(unitAction, "/sales/units/T1-1203", { intent: "receipt", saleId: String(deal.id), receivedOn: "2026-11-27", amount: "1", kind: "payment" }, { as, params: { code: "T1-1203" } });
    },
  },
  {
    name: "record a lease",
    permission: "sales.write",
    attempt: (as) =>
      // Leases are recorded on the leasing page (招商, /sales/leasing).
      callAction(leasingAction, "/sales/leasing", { intent: "lease", tenant: "某品牌", unitNo: `S-${unique()}`, area: "120", monthlyRent: "30000", startOn: "2027-10-01", endOn: "2030-09-30", signedOn: "2026-11-20", prepaidRent: "90000" }, { as }),
  },
  {
    name: "set a sales target",
    permission: "sales.write",
    attempt: (as) => callAction(salesAction, "/sales", { intent: "target", year: "2027", product: "commercial_lease", annual: `${1000 + (sequence += 1)}万`, q1: "10", q2: "20", q3: "30", q4: "40" }, { as }),
  },
  {
    name: "save the agency contract",
    permission: "sales.write",
    attempt: (as) =>
      callAction(salesAction, "/sales", { intent: "agency", agency: "策划公司", year: "2027", periodStart: "2027-01-01", periodEnd: "2027-12-31", task: `${5000 + (sequence += 1)}万`, incentiveRate: "0.8", basis: "signing", incentiveTerms: "" }, { as }),
  },
  {
    // 让价权限 is set by an approver (the executives who decide 特批), not by the sellers it limits.
    name: "set the discount authority",
    permission: "approvals.decide",
    attempt: (as) => callAction(salesAction, "/sales", { intent: "discount", sales: "3", exec: String(5 + ((sequence += 1) % 3)) }, { as }),
  },
  {
    name: "change the subscription cap",
    permission: "sales.write",
    attempt: (as) => callAction(salesAction, "/sales", { intent: "cap", capPercent: String(10 + ((sequence += 1) % 5)) }, { as }),
  },
  {
    name: "set a meeting's theme",
    permission: "meeting.run",
    attempt: (as) => callAction(meetingsAction, "/meetings", { intent: "theme", date: "2026-12-08", theme: `主题 ${unique()}`, themeEn: "", themeArea: "technical" }, { as }),
  },
  {
    name: "swap two chairs",
    permission: "meeting.run",
    attempt: (as) => callAction(meetingsAction, "/meetings", { intent: "swap", date: "2026-12-15", otherDate: "2026-12-22" }, { as }),
  },
  {
    name: "edit the chair roster",
    permission: "meeting.run",
    attempt: async (as) => {
      const roster = await prisma.chairRosterEntry.findMany({ orderBy: { position: "asc" }, select: { personId: true } });
      const seats = [...roster.slice(1), roster[0]].map((r, i) => [`seat${i}`, String(r.personId)]);
      return callAction(meetingsAction, "/meetings", { intent: "roster", ...Object.fromEntries(seats) }, { as });
    },
  },
  {
    name: "change the meeting time",
    permission: "meeting.run",
    attempt: (as) => callAction(meetingsAction, "/meetings", { intent: "series", weekday: "2", time: `09:${String((sequence += 1) % 60).padStart(2, "0")}` }, { as }),
  },
  {
    name: "add an agenda item",
    permission: "meeting.run",
    attempt: (as) => callAction(meetingAction, "/meetings/2026-12-08", { intent: "manual", title: `议题 ${unique()}` }, { as, params: { date: "2026-12-08" } }),
  },
  {
    name: "start a meeting",
    permission: "meeting.run",
    attempt: async (as) => {
      // A meeting starts only with a theme on an area (its leader chairs).
      await callAction(meetingAction, "/meetings/2027-03-02", { intent: "theme", theme: "桩基施工", themeEn: "", themeArea: "engineering" }, { as, params: { date: "2027-03-02" } });
      return callAction(meetingAction, "/meetings/2027-03-02", { intent: "start" }, { as, params: { date: "2027-03-02" } });
    },
  },
  {
    name: "assign an action item",
    permission: "meeting.run",
    attempt: async (as) => {
      const department = await prisma.department.findFirstOrThrow({ where: { code: "ENG" } });
      return callAction(meetingAction, "/meetings/2026-12-08", { intent: "action", title: `事项 ${unique()}`, departmentId: String(department.id), ownerId: "", dueOn: "2026-12-20" }, { as, params: { date: "2026-12-08" } });
    },
  },
  // Reporting on an action item is not a role's write: whose item it is decides (its department, or the
  // person it is assigned to) — covered per person in tests/integration/meeting-record.test.ts.
  {
    name: "end one of a user's sessions",
    permission: "users.manage",
    attempt: async (as) => {
      const member = await prisma.user.findUniqueOrThrow({ where: { username: "member" } });
      await cookieFor("member");
      const session = await prisma.session.findFirstOrThrow({ where: { userId: member.id, revokedAt: null }, orderBy: { id: "desc" } });
      return callAction(adminUserAction, `/admin/users/${member.id}`, { intent: "end", sessionId: String(session.id) }, { as, params: { id: String(member.id) } });
    },
  },
  {
    name: "end all of a user's sessions",
    permission: "users.manage",
    attempt: async (as) => {
      const member = await prisma.user.findUniqueOrThrow({ where: { username: "member" } });
      await cookieFor("member");
      return callAction(adminUserAction, `/admin/users/${member.id}`, { intent: "endAll" }, { as, params: { id: String(member.id) } });
    },
  },
];

function onFacility(as: string | null, fields: Record<string, string>) {
  return callAction(facilityAction, `/financing/facilities/${facilityId}`, fields, { as, params: { id: String(facilityId) } });
}

describe("role × write matrix", () => {
  for (const write of WRITES) {
    for (const role of ROLES) {
      const allowed = can([role], write.permission);
      it(`${role} ${allowed ? "may" : "may not"} ${write.name}`, async () => {
        const before = await snapshot();
        const result = await write.attempt(role);
        if (allowed) {
          expect(result).toBeInstanceOf(Response);
          expect((result as Response).status).toBe(302);
          expect(await prisma.auditLog.count()).toBeGreaterThan(before.audit); // a transfer audits both lines
        } else {
          expect(result).toBeInstanceOf(Response);
          expect((result as Response).status).toBe(403);
          expect(await (result as Response).text()).toContain("无权操作");
          expect(await snapshot()).toEqual(before);
        }
      });
    }
    it(`an anonymous visitor may not ${write.name}`, async () => {
      const before = await snapshot();
      const result = (await write.attempt(null)) as Response;
      expect(result.status).toBe(302);
      expect(result.headers.get("Location")).toMatch(/^\/login/);
      expect(await snapshot()).toEqual(before);
    });
  }

  it("gives the pm role the schedule and nothing else", () => {
    expect(can(["pm"], "schedule.write")).toBe(true);
    expect(can(["pm"], "capital.write")).toBe(false);
    expect(can(["pm", "finance"], "capital.write")).toBe(true); // several roles add up
  });
});

describe("cross-site requests", () => {
  it("refuses a POST from another origin, or with none, and changes nothing", async () => {
    for (const headers of [{ Origin: "https://evil.example" }, { Origin: "null" }]) {
      const before = await snapshot();
      const result = (await callAction(milestoneAction, `/milestones/${milestoneId}`, await milestoneForm(), {
        as: "pm",
        params: { id: String(milestoneId) },
        headers,
      })) as Response;
      expect(result.status).toBe(403);
      expect(await snapshot()).toEqual(before);
    }
  });
});

describe("signing in", () => {
  const login = (fields: Record<string, string>, headers: Record<string, string> = {}) => callAction(loginAction, "/login", fields, { headers });

  it("lists the demo accounts on the login page while demo data is loaded", async () => {
    const data = (await callLoader(loginLoader, "/login")) as { demoUsers: { username: string }[]; demoPassword: string | null };
    expect(data.demoPassword).toBe("groundwork");
    expect(data.demoUsers.map((u) => u.username)).toEqual(["admin", "pm", "finance", "sales", "exec", "member"]);
  });

  it("gives the header the signed-in person's name and title in both languages", async () => {
    const root = (await callLoader(rootLoader, "/", { as: "exec" })) as { user: { person: { name: string; nameEn: string; title: string; titleEn: string } | null } };
    expect(root.user.person).toEqual({ name: "王建国", nameEn: "Wang Jianguo", title: "总经理", titleEn: "General Manager" });
    const admin = (await callLoader(rootLoader, "/", { as: "admin" })) as { user: { person: unknown; displayName: string } };
    expect(admin.user.person).toBeNull();
  });

  it("hints only at demo accounts still on the demo password, and at none once every one has changed it", async () => {
    const saved = await prisma.user.findMany({ select: { id: true, passwordHash: true } });
    try {
      const other = await hashPassword("另一个安全的口令-2026");
      await prisma.user.update({ where: { username: "exec" }, data: { passwordHash: other } });
      let data = (await callLoader(loginLoader, "/login")) as { demoUsers: { username: string }[]; demoPassword: string | null };
      expect(data.demoUsers.map((u) => u.username)).toEqual(["admin", "pm", "finance", "sales", "member"]);
      await prisma.user.updateMany({ data: { passwordHash: other } });
      data = (await callLoader(loginLoader, "/login")) as { demoUsers: { username: string }[]; demoPassword: string | null };
      expect(data.demoUsers).toEqual([]);
      expect(data.demoPassword).toBeNull();
    } finally {
      for (const u of saved) await prisma.user.update({ where: { id: u.id }, data: { passwordHash: u.passwordHash } });
    }
  });

  it("signs in with the right password: a session cookie that is HttpOnly and SameSite=Lax", async () => {
    const result = (await login({ username: "finance", password: "groundwork", redirectTo: "/budget" })) as Response;
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/budget");
    const cookie = result.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^gw_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // The cookie opens the app.
    const page = await overviewLoader({ request: new Request(`${ORIGIN}/`, { headers: { Cookie: cookie.split(";")[0] } }), params: {}, context: {} });
    expect(page).not.toBeInstanceOf(Response);
  });

  it("refuses a wrong password without saying which part was wrong, and never echoes it", async () => {
    for (const fields of [{ username: "finance", password: "wrong" }, { username: "nobody", password: "groundwork" }]) {
      const result = payload<{ errors: Record<string, string>; values: Record<string, string> }>(await login(fields));
      expect(result.status).toBe(401);
      expect(result.data.errors.form).toBe("bad_credentials");
      expect(result.data.values.password).toBe("");
    }
  });

  it("shows field errors for empty fields", async () => {
    const result = payload<{ errors: Record<string, string> }>(await login({ username: "", password: "" }));
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ username: "required", password: "required" });
  });

  it("stops after five failures for a user, even with the right password", async () => {
    for (let i = 0; i < 5; i++) expect(payload(await login({ username: "sales", password: `bad${i}` })).status).toBe(401);
    const blocked = payload<{ errors: Record<string, string>; retryAfterSeconds: number }>(await login({ username: "sales", password: "groundwork" }));
    expect(blocked.status).toBe(429);
    expect(blocked.data.errors.form).toBe("too_many_attempts");
    expect(blocked.data.retryAfterSeconds).toBeGreaterThan(0);
    // Other users are unaffected.
    expect(((await login({ username: "exec", password: "groundwork" })) as Response).status).toBe(302);
  });

  it("limits failures per client address behind a trusted proxy", async () => {
    process.env.TRUST_PROXY = "1";
    try {
      const from = (ip: string) => ({ "X-Forwarded-For": `203.0.113.9, ${ip}` });
      for (let i = 0; i < 20; i++) await login({ username: `guess${i}`, password: "x" }, from("198.51.100.7"));
      expect(payload(await login({ username: "member", password: "groundwork" }, from("198.51.100.7"))).status).toBe(429);
      expect(((await login({ username: "member", password: "groundwork" }, from("198.51.100.8"))) as Response).status).toBe(302);
    } finally {
      delete process.env.TRUST_PROXY;
    }
  });

  it("sends anonymous visitors to the login page and back where they were going", async () => {
    const result = (await callLoader(overviewLoader, "/budget?x=1")) as Response;
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/login?redirectTo=%2Fbudget%3Fx%3D1");
  });

  it("signs out", async () => {
    const result = (await callAction(logoutAction, "/logout", {}, { as: "pm" })) as Response;
    expect(result.status).toBe(302);
    expect(result.headers.get("Set-Cookie")).toMatch(/gw_session=;.*Expires=Thu, 01 Jan 1970/i);
  });

  it("ends existing sessions when the password changes", async () => {
    const cookie = await cookieFor("admin");
    const open = () => overviewLoader({ request: new Request(`${ORIGIN}/`, { headers: { Cookie: cookie } }), params: {}, context: {} }).catch((r) => r);
    expect(await open()).not.toBeInstanceOf(Response);
    await setPassword("admin", "a-new-long-password", { userId: null });
    const after = await open();
    expect(after).toBeInstanceOf(Response);
    expect((after as Response).status).toBe(302);
    expect(((await login({ username: "admin", password: "groundwork" })) as { init?: ResponseInit }).init?.status).toBe(401);
    expect(((await login({ username: "admin", password: "a-new-long-password" })) as Response).status).toBe(302);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "User", action: "update" }, orderBy: { id: "desc" } });
    expect(audit.after).toContain("(changed)");
    expect(audit.after).not.toContain("a-new-long-password");
  });

  it("stores passwords hashed, never in plain text", async () => {
    const users = await prisma.user.findMany({ select: { passwordHash: true } });
    for (const user of users) {
      expect(user.passwordHash).toMatch(/^scrypt\$/);
      expect(user.passwordHash).not.toContain("groundwork");
    }
  });
});

describe("the audit log page", () => {
  it("is for executives and admins", async () => {
    expect(((await callLoader(auditLoader, "/audit", { as: "pm" })) as Response).status).toBe(403);
    expect(await callLoader(auditLoader, "/audit", { as: "exec" })).not.toBeInstanceOf(Response);
  });

  it("filters by person, area and date", async () => {
    const pm = await prisma.user.findUniqueOrThrow({ where: { username: "pm" } });
    const byPm = (await callLoader(auditLoader, `/audit?user=${pm.id}`, { as: "exec" })) as { records: { user: { id: number } | null; link: string | null }[] };
    expect(byPm.records.length).toBeGreaterThan(0);
    expect(byPm.records.every((r) => r.user?.id === pm.id)).toBe(true);
    expect(byPm.records[0].link).toBe(`/milestones/${milestoneId}`);

    const admin = (await callLoader(auditLoader, "/audit?area=admin", { as: "exec" })) as { records: { area: string }[] };
    expect(admin.records.length).toBeGreaterThan(0);
    expect(admin.records.every((r) => r.area === "admin")).toBe(true);

    const future = (await callLoader(auditLoader, "/audit?from=2099-01-01", { as: "exec" })) as { records: unknown[] };
    expect(future.records).toEqual([]);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const todays = (await callLoader(auditLoader, `/audit?from=${today}&to=${today}`, { as: "exec" })) as { records: unknown[] };
    // Today's writes only: the demo history dated earlier in November stays out.
    const startOfToday = new Date(Date.parse(`${today}T00:00:00Z`) - 8 * 3600_000);
    expect(todays.records.length).toBe(await prisma.auditLog.count({ where: { at: { gte: startOfToday } } }));
    expect(await prisma.auditLog.count({ where: { at: { lt: startOfToday } } })).toBeGreaterThan(0);
  });

  it("reports a bad filter beside its field instead of failing", async () => {
    const result = (await callLoader(auditLoader, "/audit?from=2026-02-30&area=nope", { as: "exec" })) as { errors: Record<string, string>; records: unknown[] };
    expect(result.errors).toMatchObject({ from: "invalid_date", area: "invalid_choice" });
  });
});
