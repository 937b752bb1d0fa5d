// A double click must not record money twice (issue 12). Every money form carries an idempotency key made
// by its page's loader; the write and a row (user, key) commit together under a unique index, so a key
// records once and every copy of the request is answered with what the first one recorded. A refused
// write stores no key. Against a fresh SQLite file holding the reference project.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { action as budgetAction, loader as budgetLoader } from "~/routes/budget._index";
import { action as importAction } from "~/routes/budget.import";
import { action as lineAction, loader as lineLoader } from "~/routes/budget.lines.$id";
import { loader as ledgerLoader } from "~/routes/budget.payments";
import { action as facilityAction, loader as facilityLoader } from "~/routes/financing.facilities.$id";
import { action as financingAction, loader as financingLoader } from "~/routes/financing._index";
import { action as leasingAction, loader as leasingLoader } from "~/routes/sales.leasing";
import { action as unitAction, loader as unitLoader } from "~/routes/sales.units.$code";
import { seedReferenceProject } from "../../prisma/seed";
import { raiseProjectTotal } from "../helpers/approvals";
import { callAction, callLoader, cookieFor, ORIGIN, payload } from "../helpers/requests";
import { leafOf } from "../helpers/factories";

type Errors = { errors: Record<string, string | { message: string; vars?: Record<string, string> }>; values: Record<string, string> };

let line: Record<string, number>;
let channelId: number;

beforeAll(async () => {
  const { projectId } = await seedReferenceProject(prisma);
  // Test lines and raises add budget: past the seed's 300万 excess the project ceiling would refuse them.
  await raiseProjectTotal(projectId, 100_000_000_00n);
  line = Object.fromEntries((await prisma.budgetLine.findMany({ select: { id: true, code: true } })).map((l) => [l.code, l.id]));
  channelId = (await prisma.financingChannel.findFirstOrThrow({ select: { id: true } })).id;
  // A second finance user, for keys that are one user's own.
  await prisma.user.create({ data: { username: "finance2", displayName: "第二财务", roles: { create: [{ role: "finance" }] } } });
});

/** A payment outside contracts on the line's leaf cost account (`lineId` names the line; the form posts its account). */
const pay = async ({ lineId, ...fields }: Record<string, string>, as = "finance") =>
  callAction(budgetAction, "/budget", { intent: "payment", paidOn: "2026-11-20", payee: "重复提交测试", voucherNo: "", note: "", contractId: "", accountId: String(await leafOf(Number(lineId))), ...fields }, { as });
const location = (result: unknown) => {
  expect(result, JSON.stringify(result)).toBeInstanceOf(Response);
  expect((result as Response).status).toBe(302);
  return (result as Response).headers.get("Location")!;
};
const recordedId = (result: unknown) => Number(/^\/budget\?recorded=(\d+)$/.exec(location(result))?.[1]);
const paymentsOn = (lineId: number) => prisma.payment.count({ where: { lineId } });

/** A budget line of its own for a test, with `original` of budget and nothing paid. */
async function freshLine(code: string, original: string) {
  return Number(/^\/budget\/lines\/(\d+)$/.exec(location(await callAction(budgetAction, "/budget", { intent: "line", code, name: code, nameEn: "", original, reason: "test" }, { as: "finance" })))![1]);
}

describe("a payment posted with an idempotency key", () => {
  it("is recorded once when posted twice, and the second answer names the payment the first recorded", async () => {
    const lineId = await freshLine("TWICE", "1000");
    const idempotencyKey = randomUUID();
    const audits = await prisma.auditLog.count({ where: { entity: "Payment" } });
    const first = recordedId(await pay({ lineId: String(lineId), amount: "1000", idempotencyKey }));
    // The whole headroom is used: a second payment would be refused (and noted as a refusal); the copy is neither.
    const second = recordedId(await pay({ lineId: String(lineId), amount: "1000", idempotencyKey }));
    expect(second).toBe(first);
    expect(await paymentsOn(lineId)).toBe(1);
    expect(await prisma.paymentRefusal.count({ where: { lineId } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { entity: "Payment" } })).toBe(audits + 1);
    expect(await prisma.idempotencyKey.findFirstOrThrow({ where: { key: idempotencyKey } })).toMatchObject({ scope: "payment", entityId: first });
  });

  it("is recorded once when the same post arrives 20 times at once, and every answer names that payment", async () => {
    const lineId = await freshLine("BURST", "100万");
    const idempotencyKey = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => pay({ lineId: String(lineId), amount: "1000", idempotencyKey })));
    const ids = results.map(recordedId);
    expect(await paymentsOn(lineId)).toBe(1);
    const payment = await prisma.payment.findFirstOrThrow({ where: { lineId } });
    expect(new Set(ids)).toEqual(new Set([payment.id]));
    expect(payment.amountFen).toBe(100_000n);
  }, 120_000); // 20 serialized write transactions on a machine that may be loaded

  it("is recorded twice under two keys (two forms, two payments)", async () => {
    const lineId = await freshLine("TWOKEYS", "100万");
    const first = recordedId(await pay({ lineId: String(lineId), amount: "1000", idempotencyKey: randomUUID() }));
    const second = recordedId(await pay({ lineId: String(lineId), amount: "1000", idempotencyKey: randomUUID() }));
    expect(second).not.toBe(first);
    expect(await paymentsOn(lineId)).toBe(2);
  });

  it("refused over budget, stays free for the corrected post, which records once", async () => {
    const lineId = await freshLine("FIXED", "1000");
    const idempotencyKey = randomUUID();
    const refused = payload<Errors>(await pay({ lineId: String(lineId), amount: "1000.01", idempotencyKey }));
    expect(refused.status).toBe(400);
    expect(refused.data.errors.amount).toEqual({ message: "over_budget", vars: { headroomFen: "100000" } });
    expect(await prisma.idempotencyKey.count({ where: { key: idempotencyKey } })).toBe(0);
    const corrected = recordedId(await pay({ lineId: String(lineId), amount: "999", idempotencyKey }));
    expect(recordedId(await pay({ lineId: String(lineId), amount: "999", idempotencyKey }))).toBe(corrected);
    expect(await paymentsOn(lineId)).toBe(1);
    expect(await prisma.paymentRefusal.count({ where: { lineId } })).toBe(1); // the one refused post, no more
  });

  it("is refused as invalid (a bad field) without using the key", async () => {
    const lineId = await freshLine("INVALID", "1000");
    const idempotencyKey = randomUUID();
    expect(payload<Errors>(await pay({ lineId: String(lineId), amount: "abc", idempotencyKey })).data.errors.amount).toBe("invalid_amount");
    recordedId(await pay({ lineId: String(lineId), amount: "10", idempotencyKey }));
    expect(await paymentsOn(lineId)).toBe(1);
  });

  it("is one user's own: another user's post with the same key records their own payment", async () => {
    const lineId = await freshLine("USERS", "1000");
    const idempotencyKey = randomUUID();
    const mine = recordedId(await pay({ lineId: String(lineId), amount: "100", idempotencyKey }, "finance"));
    const theirs = recordedId(await pay({ lineId: String(lineId), amount: "100", idempotencyKey }, "finance2"));
    expect(theirs).not.toBe(mine);
    expect(await paymentsOn(lineId)).toBe(2);
    // And each user's copy is still answered with their own payment.
    expect(recordedId(await pay({ lineId: String(lineId), amount: "100", idempotencyKey }, "finance2"))).toBe(theirs);
    expect(recordedId(await pay({ lineId: String(lineId), amount: "100", idempotencyKey }, "finance"))).toBe(mine);
    expect(await paymentsOn(lineId)).toBe(2);
  });

  it("is required: a post without one, or with a malformed one, records nothing and says so beside the form", async () => {
    const lineId = await freshLine("NOKEY", "1000");
    const fields = { intent: "payment", accountId: String(await leafOf(lineId)), amount: "10", paidOn: "2026-11-20", payee: "x" };
    const missing = payload<Errors>(await callAction(budgetAction, "/budget", fields, { as: "finance", freshKey: false }));
    expect(missing.status).toBe(400);
    expect(missing.data.errors).toEqual({ idempotencyKey: "form_key" });
    expect(missing.data.values).toMatchObject({ amount: "10", payee: "x" }); // what was typed is kept
    for (const idempotencyKey of ["", "short", "x".repeat(101), "bad key with spaces!", "<script>alert(1)</script>"]) {
      expect(payload<Errors>(await pay({ lineId: String(lineId), amount: "10", idempotencyKey })).data.errors.idempotencyKey, idempotencyKey).toBe("form_key");
    }
    expect(await paymentsOn(lineId)).toBe(0);
  });

  it("used by another form, answers that the form was already submitted and records nothing", async () => {
    const lineId = await freshLine("OTHERFORM", "1000");
    const idempotencyKey = randomUUID();
    location(await callAction(lineAction, `/budget/lines/${lineId}`, { intent: "revision", amount: "1", reason: "先调整", idempotencyKey }, { as: "finance", params: { id: String(lineId) } }));
    const reused = payload<Errors>(await pay({ lineId: String(lineId), amount: "10", idempotencyKey }));
    expect(reused.status).toBe(400);
    expect(reused.data.errors).toEqual({ idempotencyKey: "already_submitted" });
    expect(await paymentsOn(lineId)).toBe(0);
  });
});

describe("every money form", () => {
  type Form = { name: string; post: (idempotencyKey: string) => Promise<unknown>; count: () => Promise<number> };
  const forms: Form[] = [];
  let facilityId: number;
  let drawdownId: number;
  let saleId: number;
  let sequence = 0;
  const unique = () => `${Date.now()}${(sequence += 1)}`;

  beforeAll(async () => {
    const aptLeaf = await leafOf(line.APT);
    const onLine = (fields: Record<string, string>) => callAction(lineAction, `/budget/lines/${line.APT}`, fields, { as: "finance", params: { id: String(line.APT) } });
    const onFacility = (fields: Record<string, string>) => callAction(facilityAction, `/financing/facilities/${facilityId}`, fields, { as: "finance", params: { id: String(facilityId) } });
    // Leases are recorded on the leasing page (招商, /sales/leasing).
    const onLeasing = (fields: Record<string, string>) => callAction(leasingAction, "/sales/leasing", fields, { as: "sales" });
    const facility = { channelId: String(channelId), counterparty: "重复提交测试银行", committed: "1亿", rate: "4.5", fees: "", termMonths: "36", conditions: "", status: "signed" };
    facilityId = Number(/^\/financing\/facilities\/(\d+)$/.exec(location(await callAction(financingAction, "/financing", facility, { as: "finance" })))![1]);
    location(await onFacility({ intent: "drawdown", plannedOn: "2026-12-01", planned: "100万", milestoneId: "", note: "待到账" }));
    drawdownId = (await prisma.drawdown.findFirstOrThrow({ where: { facilityId }, select: { id: true } })).id;
    // Deals are made on the unit page: internal subscriptions (allowed before the pre-sale permit) of the
    // next apartment still for sale, and receipts on one of the seed's subscriptions.
    const onUnit = (code: string, fields: Record<string, string>) => callAction(unitAction, `/sales/units/${code}`, fields, { as: "sales", params: { code } });
    // A copy of a form posts the same unit as the first: one unit per key.
    const unitOfKey = new Map<string, Promise<{ code: string; listPriceFen: bigint }>>();
    let picked = 0;
    const reserve = async (idempotencyKey: string) => {
      if (!unitOfKey.has(idempotencyKey)) {
        unitOfKey.set(idempotencyKey, prisma.unit.findFirstOrThrow({ where: { status: "available", building: { code: "T1" } }, orderBy: [{ floor: "asc" }, { position: "asc" }], skip: picked++ }));
      }
      const unit = await unitOfKey.get(idempotencyKey)!;
      return onUnit(unit.code, { intent: "reserve", internal: "on", buyerName: `员工${unique()}`, buyerType: "employee", price: (Number(unit.listPriceFen) / 100).toFixed(2), deposit: "1000", depositReceived: "on", reservedOn: "2026-11-20", idempotencyKey });
    };
    saleId = (await prisma.saleRecord.findFirstOrThrow({ where: { unitNo: "T1-1203", status: "reserved" }, select: { id: true } })).id;

    forms.push(
      { name: "budget line", post: (idempotencyKey) => callAction(budgetAction, "/budget", { intent: "line", code: `L${unique()}`, name: "新科目", nameEn: "", original: "100", reason: "r", idempotencyKey }, { as: "finance" }), count: () => prisma.budgetLine.count() },
      { name: "contract", post: (idempotencyKey) => onLine({ intent: "contract", accountId: String(aptLeaf), status: "signed", code: `C${unique()}`, title: "合同", contractor: "某单位", amount: "100", signedOn: "", idempotencyKey }), count: () => prisma.contract.count() },
      // Revisions and transfers are submitted for approval: one Approval row each.
      { name: "revision", post: (idempotencyKey) => onLine({ intent: "revision", amount: "1", reason: "调增", idempotencyKey }), count: () => prisma.approval.count({ where: { kind: "budget_revision" } }) },
      { name: "transfer", post: (idempotencyKey) => onLine({ intent: "transfer", toLineId: String(line.COM), amount: "1", reason: "调剂", idempotencyKey }), count: () => prisma.approval.count({ where: { kind: "budget_transfer" } }) },
      { name: "facility", post: (idempotencyKey) => callAction(financingAction, "/financing", { ...facility, counterparty: `资金方${unique()}`, idempotencyKey }, { as: "finance" }), count: () => prisma.facility.count() },
      { name: "drawdown", post: (idempotencyKey) => onFacility({ intent: "drawdown", plannedOn: "2027-03-01", planned: "10万", milestoneId: "", note: "", idempotencyKey }), count: () => prisma.drawdown.count() },
      {
        name: "drawdown received",
        post: (idempotencyKey) => onFacility({ intent: "actual", drawdownId: String(drawdownId), actualOn: "2026-11-27", actual: "100万", idempotencyKey }),
        count: () => prisma.drawdown.count({ where: { actualOn: { not: null } } }),
      },
      { name: "repayment", post: (idempotencyKey) => onFacility({ intent: "repayment", dueOn: "2029-11-20", amount: "10万", idempotencyKey }), count: () => prisma.repayment.count() },
      { name: "reservation", post: reserve, count: () => prisma.saleRecord.count() },
      {
        name: "lease",
        post: (idempotencyKey) => onLeasing({ intent: "lease", tenant: "某品牌", unitNo: `S-${unique()}`, area: "120", monthlyRent: "30000", startOn: "2027-10-01", endOn: "2030-09-30", signedOn: "2026-11-20", prepaidRent: "90000", idempotencyKey }),
        count: () => prisma.lease.count(),
      },
      { name: "receipt", post: (idempotencyKey) => onUnit("T1-1203", { intent: "receipt", saleId: String(saleId), receivedOn: "2026-11-27", amount: "1000", kind: "payment", idempotencyKey }), count: () => prisma.receipt.count() },
    );
  });

  it("records once when posted twice with one key, and answers the copy as the first (same redirect)", async () => {
    for (const form of forms) {
      const before = await form.count();
      const idempotencyKey = randomUUID();
      const first = location(await form.post(idempotencyKey));
      const after = await form.count();
      expect(after, form.name).toBeGreaterThan(before);
      expect(location(await form.post(idempotencyKey)), form.name).toBe(first);
      expect(await form.count(), form.name).toBe(after);
    }
  });

  it("records once when the same post arrives 5 times at once", async () => {
    for (const form of forms.filter((f) => f.name !== "drawdown received")) {
      const before = await form.count();
      const idempotencyKey = randomUUID();
      const answers = (await Promise.all(Array.from({ length: 5 }, () => form.post(idempotencyKey)))).map(location);
      expect(new Set(answers).size, form.name).toBe(1);
      expect((await form.count()) - before, form.name).toBe(1);
    }
  }, 120_000);

  it("records again under a new key", async () => {
    for (const form of forms.filter((f) => f.name !== "drawdown received")) {
      const before = await form.count();
      location(await form.post(randomUUID()));
      location(await form.post(randomUUID()));
      expect((await form.count()) - before, form.name).toBe(2);
    }
  });

  it("requires a key", async () => {
    for (const form of forms) {
      const before = await form.count();
      const refused = payload<Errors>(await form.post(""));
      expect(refused.status, form.name).toBe(400);
      expect(refused.data.errors.idempotencyKey, form.name).toBe("form_key");
      expect(await form.count(), form.name).toBe(before);
    }
  });
});

describe("the pages with money forms", () => {
  it("make a new key on every load (so a form shown again after a write posts a new one)", async () => {
    const loads: [string, Parameters<typeof callLoader>[0], string, Record<string, string>?][] = [
      ["/budget", budgetLoader, "finance"],
      [`/budget/lines/${line.COM}`, lineLoader, "finance", { id: String(line.COM) }],
      ["/budget/payments", ledgerLoader, "finance"],
      ["/financing", financingLoader, "finance"],
      [`/financing/facilities/${(await prisma.facility.findFirstOrThrow()).id}`, facilityLoader, "finance", { id: String((await prisma.facility.findFirstOrThrow()).id) }],
      // /sales itself holds no money form any more: deals and receipts are on the unit page, leases on /sales/leasing.
      ["/sales/units/T1-1203", unitLoader, "sales", { code: "T1-1203" }],
      ["/sales/leasing", leasingLoader, "sales"],
    ];
    for (const [path, loader, as, params] of loads) {
      const keyOf = async () => ((await callLoader(loader, path, { as, params })) as { idempotencyKey: string }).idempotencyKey;
      const [first, second] = [await keyOf(), await keyOf()];
      expect(first, path).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(second, path).not.toBe(first);
    }
  });
});

describe("a payment import", () => {
  type ImportResult = { ok: true; imported: number } | { ok: false; errors: { row: number; field: string; message: string }[] };
  async function upload(csv: string, idempotencyKey: string | null) {
    const form = new FormData();
    if (idempotencyKey !== null) form.append("idempotencyKey", idempotencyKey);
    form.append("file", new Blob([csv]), "payments.csv");
    const request = new Request(`${ORIGIN}/budget/import`, { method: "POST", body: form, headers: { Origin: ORIGIN, Cookie: await cookieFor("finance") } });
    return payload<ImportResult>(await importAction({ request, params: {}, context: {} }));
  }
  // Outside contracts each row names its leaf cost account (成本科目).
  const csv = (payee: string) => `日期,预算科目编码,成本科目,收款单位,金额(元)\n2026-11-01,COM,COM.02.01,${payee},100\n2026-11-02,COM,COM.02.01,${payee},200\n2026-11-03,APT,APT.02.01,${payee},300\n`;
  const importedBy = (payee: string) => prisma.payment.count({ where: { payee } });

  it("sent twice from one form imports once, and answers the copy with the first import's count", async () => {
    const idempotencyKey = randomUUID();
    expect((await upload(csv("导入一次"), idempotencyKey)).data).toEqual({ ok: true, imported: 3 });
    expect((await upload(csv("导入一次"), idempotencyKey)).data).toEqual({ ok: true, imported: 3 });
    expect(await importedBy("导入一次")).toBe(3);
  });

  it("sent 5 times at once imports once", async () => {
    const idempotencyKey = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => upload(csv("并发导入"), idempotencyKey)));
    expect(answers.map((a) => a.data)).toEqual(Array.from({ length: 5 }, () => ({ ok: true, imported: 3 })));
    expect(await importedBy("并发导入")).toBe(3);
  }, 120_000);

  it("refuses another file under a used key, and a post without a key, importing nothing", async () => {
    const idempotencyKey = randomUUID();
    await upload(csv("第一份"), idempotencyKey);
    const other = await upload(csv("第二份"), idempotencyKey);
    expect(other.status).toBe(400);
    expect(other.data).toEqual({ ok: false, errors: [{ row: 0, field: "file", message: "already_submitted" }] });
    const keyless = await upload(csv("无标识"), null);
    expect(keyless.status).toBe(400);
    expect(keyless.data).toEqual({ ok: false, errors: [{ row: 0, field: "file", message: "form_key" }] });
    expect(await importedBy("第二份")).toBe(0);
    expect(await importedBy("无标识")).toBe(0);
  });

  it("refused (over budget) leaves the key free for the corrected file", async () => {
    const idempotencyKey = randomUUID();
    const tooMuch = await upload("日期,预算科目编码,成本科目,收款单位,金额(元)\n2026-11-01,COM,COM.02.01,超额导入,200000000\n", idempotencyKey);
    expect(tooMuch.data).toMatchObject({ ok: false, errors: [{ row: 2, field: "amount" }] }); // refused on its amount, not on its account
    expect((await upload(csv("改正后导入"), idempotencyKey)).data).toEqual({ ok: true, imported: 3 });
    expect(await importedBy("改正后导入")).toBe(3);
  });
});
