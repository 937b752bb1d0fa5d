// Deals on units of the inventory through the models (app/models/sales/deals.server.ts), against a fresh
// SQLite file with the reference project: the pre-sale permit gate (M24), internal subscriptions against
// their cap by unit area (and under parallel requests), the double-sale race, price gates (底价 and 让价权限),
// the receivable schedule, 退房 with a refund, 换房, 更名, and the financing channel the deposits feed.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { reserveSchema } from "~/domain/sales-deals-forms.server";
import { financingView } from "~/models/financing.server";
import { salesView } from "~/models/sales/overview.server";
import { cancelDeal, changeUnit, dealDetail, recordDealReceipt, renameBuyer, reserveUnit, signDeal, subscribedUnitArea, type DealActor } from "~/models/sales/deals.server";
import { action as unitAction } from "~/routes/sales.units.$code";
import { civilToDate } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction, payload } from "../helpers/requests";

const WAN = 1_000_000n; // 1万元 in 分
const TODAY = "2026-11-27";

let projectId: number;
let SALES: DealActor;
let EXEC: DealActor;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  SALES = { userId: (await prisma.user.findUniqueOrThrow({ where: { username: "sales" } })).id, roles: ["sales"] };
  EXEC = { userId: (await prisma.user.findUniqueOrThrow({ where: { username: "exec" } })).id, roles: ["exec"] };
});

type Outcome = { ok: boolean; field?: string; message?: string; vars?: Record<string, string>; saleId?: number; receiptId?: number };
const outcome = (r: unknown) => r as Outcome;

const unitOf = (code: string) => prisma.unit.findUniqueOrThrow({ where: { projectId_code: { projectId, code } }, include: { building: true } });
const activeDeals = (code: string) => prisma.saleRecord.count({ where: { projectId, unitNo: code, status: { in: ["reserved", "signed"] } } });

type ReserveOptions = { internal?: boolean; price?: bigint; deposit?: bigint; depositReceived?: boolean; reservedOn?: string; buyerName?: string; buyerType?: "individual" | "company" | "employee"; key?: string };
async function reserve(code: string, actor: DealActor, options: ReserveOptions = {}) {
  const unit = await unitOf(code);
  const internal = options.internal ?? false;
  const deposit = options.deposit ?? 0n;
  return outcome(
    await reserveUnit(
      projectId,
      {
        unitCode: code,
        internal,
        buyerName: options.buyerName ?? (internal ? "内部员工" : "张三"),
        buyerType: options.buyerType ?? (internal ? "employee" : "individual"),
        price: options.price ?? unit.listPriceFen,
        deposit,
        depositReceived: options.depositReceived ?? deposit > 0n,
        reservedOn: options.reservedOn ?? TODAY,
        idempotencyKey: options.key as string,
      },
      actor,
    ),
  );
}
const sign = async (saleId: number, signedOn: string, plan: "full" | "mortgage" | "instalments" = "mortgage") =>
  outcome(await signDeal(projectId, { saleId, signedOn, plan, downPaymentPercent: 30, instalments: 3, idempotencyKey: undefined as unknown as string }, SALES));
const receive = async (saleId: number, amount: bigint, receivedOn = TODAY) =>
  outcome(await recordDealReceipt(projectId, { saleId, amount, receivedOn, kind: "payment", idempotencyKey: undefined as unknown as string }, SALES));
const netReceived = async (saleId: number) => (await prisma.receipt.aggregate({ where: { saleId }, _sum: { amountFen: true } }))._sum.amountFen ?? 0n;
const dealOn = (code: string) => prisma.saleRecord.findFirstOrThrow({ where: { projectId, unitNo: code, status: { in: ["reserved", "signed"] } } });

async function capCsqm() {
  const project = await prisma.project.findUniqueOrThrow({ where: { id: projectId } });
  const area = await prisma.unit.aggregate({ where: { projectId, disposition: "sale", building: { use: "apartment" } }, _sum: { grossAreaCsqm: true } });
  return Math.floor((area._sum.grossAreaCsqm! * project.subscriptionCapBps) / 10_000);
}
const subscribed = () => subscribedUnitArea(prisma, projectId);

/** Available units on the given floors of the tower, in code order. */
const availableOn = (floors: number[]) =>
  prisma.unit.findMany({ where: { projectId, floor: { in: floors }, status: "available", building: { code: "T1" } }, orderBy: [{ floor: "asc" }, { position: "asc" }] });

async function markPermitDone(actualEnd: string) {
  await prisma.milestone.updateMany({ where: { projectId, code: "M24" }, data: { status: "done", percentComplete: 100, actualEnd: civilToDate(actualEnd) } });
}

describe("internal subscription (内部认购) before the pre-sale permit", () => {
  it("starts from the seed: 12 subscriptions counted by unit area, the permit not done", async () => {
    const permit = await prisma.milestone.findFirstOrThrow({ where: { projectId, code: "M24" } });
    expect(permit.status).not.toBe("done");
    expect(await prisma.saleRecord.count({ where: { projectId, product: "internal_subscription", status: "reserved" } })).toBe(12);
    const units = await prisma.unit.aggregate({ where: { projectId, deals: { some: { product: "internal_subscription", status: "reserved" } } }, _sum: { grossAreaCsqm: true } });
    expect(await subscribed()).toBe(units._sum.grossAreaCsqm);
    expect(await subscribed()).toBe(165_300); // 1,653 m²
    // 12 % of the tower's 30,016 m² for sale.
    expect(await capCsqm()).toBe(360_192);
  });

  it("is for employees only, and for apartments only", async () => {
    const parsed = reserveSchema(TODAY).safeParse({ unitCode: "T1-0601", internal: "on", buyerName: "外人", buyerType: "individual", price: "1000000", reservedOn: TODAY, idempotencyKey: randomUUID() });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["buyerType", "subscription_employee"]]);
    const before = await prisma.saleRecord.count();
    // The model holds it for every caller, not only the form.
    expect(await reserve("T1-601", SALES, { internal: true, buyerType: "individual" })).toMatchObject({ ok: false, field: "buyerType", message: "subscription_employee" });
    expect(await reserve("P1-101", SALES, { internal: true })).toMatchObject({ ok: false, field: "unitCode", message: "subscription_apartments_only" });
    expect(await reserve("P1-201", SALES, { internal: true })).toMatchObject({ ok: false, message: "unit_for_lease" });
    expect(await reserve("T1-301", SALES, { internal: true })).toMatchObject({ ok: false, message: "unit_unreleased" });
    expect(await prisma.saleRecord.count()).toBe(before);
  });

  it("is allowed before the permit and counted by the unit's area until the cap; the next one over it is refused", async () => {
    const cap = await capCsqm();
    let remaining = cap - (await subscribed());
    let refusedOnce = false;
    for (const unit of await availableOn([6, 7, 8])) {
      const result = await reserve(unit.code, SALES, { internal: true, deposit: 5n * WAN });
      if (unit.grossAreaCsqm <= remaining) {
        expect(result, unit.code).toMatchObject({ ok: true });
        remaining -= unit.grossAreaCsqm;
      } else {
        refusedOnce = true;
        expect(result, unit.code).toEqual({ ok: false, field: "unitCode", message: "over_cap", vars: { remaining: (remaining / 100).toFixed(2), cap: (cap / 100).toFixed(2), area: (unit.grossAreaCsqm / 100).toFixed(2) } });
        expect((await unitOf(unit.code)).status).toBe("available");
      }
    }
    expect(refusedOnce).toBe(true);
    expect(await subscribed()).toBe(cap - remaining);
    expect(await subscribed()).toBeLessThanOrEqual(cap);
    expect(remaining).toBeLessThan(8_900); // not even the smallest apartment (89 m²) fits
    const view = await salesView(projectId, 2026, TODAY);
    expect(view.subscription).toMatchObject({ capCsqm: cap, subscribedCsqm: cap - remaining });
  });

  it("never exceeds the cap under many parallel reservations of different units", async () => {
    await prisma.project.update({ where: { id: projectId }, data: { subscriptionCapBps: 1500 } });
    const cap = await capCsqm();
    const room = cap - (await subscribed());
    const units = (await availableOn([9, 10, 11])).slice(0, 20);
    expect(units.reduce((sum, u) => sum + u.grossAreaCsqm, 0)).toBeGreaterThan(room);
    const results = await Promise.all(units.map((u, i) => reserve(u.code, SALES, { internal: true, buyerName: `员工${i}`, key: i % 2 ? randomUUID() : undefined })));
    const accepted = units.filter((_, i) => results[i].ok);
    expect(accepted.length).toBeGreaterThan(0);
    for (const r of results.filter((r) => !r.ok)) expect(r.message).toBe("over_cap");
    expect(await subscribed()).toBeLessThanOrEqual(cap);
    expect(await subscribed()).toBe(cap - room + accepted.reduce((sum, u) => sum + u.grossAreaCsqm, 0));
    for (const u of units) expect(await activeDeals(u.code), u.code).toBe(accepted.includes(u) ? 1 : 0);
  }, 240_000);
});

describe("the pre-sale permit gate (M24)", () => {
  it("refuses a public reservation and a signing before the permit is done", async () => {
    const before = await prisma.saleRecord.count();
    const refused = await reserve("T1-1601", SALES);
    expect(refused).toMatchObject({ ok: false, field: "unitCode", message: "presale_permit_missing", vars: { milestone: "M24", plannedEnd: "2027-11-30" } });
    expect(await prisma.saleRecord.count()).toBe(before);
    const subscription = await dealOn("T1-1203");
    expect(await sign(subscription.id, "2026-11-25")).toMatchObject({ ok: false, field: "signedOn", message: "presale_permit_missing" });
    expect((await prisma.saleRecord.findUniqueOrThrow({ where: { id: subscription.id } })).status).toBe("reserved");
    expect((await unitOf("T1-1601")).status).toBe("available");
  });

  it("lets them through once M24 is done, but not dated before the permit's actual end", async () => {
    await markPermitDone("2026-11-20");
    expect(await reserve("T1-1601", SALES, { reservedOn: "2026-11-19" })).toMatchObject({ ok: false, message: "presale_permit_missing" });
    const reserved = await reserve("T1-1601", SALES, { reservedOn: "2026-11-21" });
    expect(reserved).toMatchObject({ ok: true });
    expect((await unitOf("T1-1601")).status).toBe("reserved");

    const subscription = await dealOn("T1-1203");
    expect(await sign(subscription.id, "2026-11-19")).toMatchObject({ ok: false, field: "signedOn", message: "presale_permit_missing" });
    expect(await sign(subscription.id, "2026-11-20")).toMatchObject({ ok: true });
    expect((await unitOf("T1-1203")).status).toBe("signed");
    expect(await sign(reserved.saleId!, "2026-11-22")).toMatchObject({ ok: true });
    expect((await prisma.saleRecord.findUniqueOrThrow({ where: { id: reserved.saleId! } })).signedOn).toEqual(civilToDate("2026-11-22"));
  });
});

describe("one active deal per unit", () => {
  it("lets exactly one of 20 parallel reservations of a unit through", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => reserve("T1-1202", i % 2 ? SALES : EXEC, { buyerName: `买家${i}`, key: i % 3 === 0 ? undefined : randomUUID() })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect(r).toMatchObject({ field: "unitCode", message: "unit_taken" });
    expect(await activeDeals("T1-1202")).toBe(1);
    expect(await prisma.saleRecord.count({ where: { unitNo: "T1-1202" } })).toBe(1);
    expect((await unitOf("T1-1202")).status).toBe("reserved");
  }, 240_000);

  it("takes 't1-1201' and 'T1-1201' for one unit on the unit page", async () => {
    const fields = { intent: "reserve", buyerName: "李四", buyerType: "individual", price: "", deposit: "", reservedOn: TODAY };
    const unit = await unitOf("T1-1201");
    fields.price = (Number(unit.listPriceFen) / 100).toFixed(2);
    expect(reserveSchema(TODAY).parse({ ...fields, unitCode: "t1-1201", idempotencyKey: randomUUID() }).unitCode).toBe("T1-1201");
    const first = await callAction(unitAction, "/sales/units/t1-1201", fields, { as: "sales", params: { code: "t1-1201" } });
    expect(first).toBeInstanceOf(Response);
    expect((first as Response).status).toBe(302);
    expect((first as Response).headers.get("Location")).toBe("/sales/units/T1-1201?saved=reserve");
    const second = payload<{ errors: Record<string, unknown> }>(await callAction(unitAction, "/sales/units/T1-1201", { ...fields, buyerName: "王五" }, { as: "sales", params: { code: "T1-1201" } }));
    expect(second.status).toBe(400);
    expect(second.data.errors.unitCode).toMatchObject({ message: "unit_taken" });
    expect(await activeDeals("T1-1201")).toBe(1);
    expect((await dealOn("T1-1201")).buyerName).toBe("李四");
  });
});

describe("price gates", () => {
  it("refuses below the floor price for everyone, beyond the role's authority; exec may go further than sales", async () => {
    const unit = await unitOf("T1-1701");
    const list = unit.listPriceFen;
    const salesMin = list - (list * 300n) / 10_000n;
    expect(unit.floorPriceFen).toBeLessThan(salesMin);
    const before = await prisma.saleRecord.count();
    for (const actor of [SALES, EXEC]) {
      expect(await reserve("T1-1701", actor, { price: unit.floorPriceFen - 1n })).toMatchObject({ ok: false, field: "price", message: "price_below_floor" });
    }
    const belowSales = salesMin - 1n;
    expect(await reserve("T1-1701", SALES, { price: belowSales })).toMatchObject({ ok: false, field: "price", message: "price_over_authority", vars: { min: (Number(salesMin) / 100).toFixed(2) } });
    expect(await prisma.saleRecord.count()).toBe(before);
    expect(await reserve("T1-1701", EXEC, { price: belowSales })).toMatchObject({ ok: true });
    // Each one's own limit is fine: sales 3 %, exec 6 % (and never below the floor).
    const minOf = (u: { listPriceFen: bigint; floorPriceFen: bigint }, bps: bigint) => {
      const byAuthority = u.listPriceFen - (u.listPriceFen * bps) / 10_000n;
      return byAuthority > u.floorPriceFen ? byAuthority : u.floorPriceFen;
    };
    const second = await unitOf("T1-1702");
    expect(await reserve("T1-1702", SALES, { price: minOf(second, 300n) })).toMatchObject({ ok: true });
    const third = await unitOf("T1-1705");
    const execMin = minOf(third, 600n);
    expect(execMin).toBeLessThan(minOf(third, 300n));
    expect(await reserve("T1-1705", SALES, { price: execMin })).toMatchObject({ ok: false, message: "price_over_authority" });
    expect(await reserve("T1-1705", EXEC, { price: execMin - 1n })).toMatchObject({ ok: false });
    expect(await reserve("T1-1705", EXEC, { price: execMin })).toMatchObject({ ok: true });
  });
});

describe("signing and collecting", () => {
  let saleId: number;
  let price: bigint;

  it("makes a receivable schedule that sums to the price", async () => {
    const unit = await unitOf("T1-1902");
    price = unit.listPriceFen;
    const reserved = await reserve("T1-1902", SALES, { deposit: 5n * WAN, reservedOn: "2026-11-21" });
    expect(reserved.ok).toBe(true);
    saleId = reserved.saleId!;
    expect(await netReceived(saleId)).toBe(5n * WAN);
    expect(await sign(saleId, "2026-11-22", "mortgage")).toMatchObject({ ok: true });
    const rows = await prisma.saleInstalment.findMany({ where: { saleId }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.kind)).toEqual(["deposit", "down_payment", "mortgage"]);
    expect(rows.reduce((sum, r) => sum + r.amountFen, 0n)).toBe(price);
    expect(rows[0].amountFen).toBe(5n * WAN);
    const detail = (await dealDetail(projectId, saleId, TODAY))!;
    expect(detail.status).toBe("signed");
    expect(detail.schedule.rows.reduce((sum, r) => sum + r.amountFen, 0n)).toBe(price);
    expect(detail.owedFen).toBe(price - 5n * WAN);
    expect(detail.schedule.totals.overdueFen).toBe(0n);
  });

  it("refuses a receipt over what is owed, and shows what falls overdue after its due date", async () => {
    const owed = price - (await netReceived(saleId));
    const count = await prisma.receipt.count();
    expect(await receive(saleId, owed + 1n)).toEqual({ ok: false, field: "amount", message: "over_owed", vars: { headroomFen: owed.toString() } });
    expect(await prisma.receipt.count()).toBe(count);

    const rows = await prisma.saleInstalment.findMany({ where: { saleId }, orderBy: { seq: "asc" } });
    const down = rows[1];
    const mortgage = rows[2];
    // The down payment is due a week after signing: overdue after that, unpaid.
    const late = (await dealDetail(projectId, saleId, "2026-12-10"))!;
    expect(late.schedule.totals.overdueFen).toBe(down.amountFen);
    expect(late.schedule.totals.oldestOverdueDays).toBeGreaterThan(0);
    expect(await receive(saleId, down.amountFen)).toMatchObject({ ok: true });
    expect((await dealDetail(projectId, saleId, "2026-12-10"))!.schedule.totals.overdueFen).toBe(0n);
    // The mortgage release is due 60 days after signing.
    const later = (await dealDetail(projectId, saleId, "2027-02-01"))!;
    expect(later.schedule.totals.overdueFen).toBe(mortgage.amountFen);
    expect(later.owedFen).toBe(mortgage.amountFen);
    expect(await receive(saleId, mortgage.amountFen + 1n)).toMatchObject({ ok: false, message: "over_owed" });
  });
});

describe("退房 (cancellation) with a refund", () => {
  it("refunds as a negative receipt, frees the unit and takes the deal out of achievement; money is never deleted", async () => {
    const deal = await dealOn("T1-1902");
    const received = await netReceived(deal.id);
    const receiptsBefore = await prisma.receipt.findMany({ orderBy: { id: "asc" } });
    const dayTotal = () => prisma.saleDayTotal.findFirst({ where: { projectId, product: "apartment_presale", day: "2026-11-22" } });
    const totalBefore = (await dayTotal())!.amountFen;
    const achieved = async () => salesView(projectId, 2026, TODAY).then((v) => v.byProduct.find((p) => p.product === "apartment_presale")!.year.achievedFen);
    const achievedBefore = await achieved();
    expect(achievedBefore).toBeGreaterThanOrEqual(deal.amountFen);

    const input = { saleId: deal.id, cancelledOn: TODAY, reason: "客户资金问题", refund: received + 1n, idempotencyKey: undefined as unknown as string };
    expect(outcome(await cancelDeal(projectId, input, SALES))).toMatchObject({ ok: false, field: "refund", message: "refund_over_received" });
    const keep = 1n * WAN;
    expect(outcome(await cancelDeal(projectId, { ...input, refund: received - keep }, SALES))).toMatchObject({ ok: true });

    const after = await prisma.saleRecord.findUniqueOrThrow({ where: { id: deal.id } });
    expect(after).toMatchObject({ status: "cancelled", cancelReason: "客户资金问题", cancelledOn: civilToDate(TODAY) });
    expect((await unitOf("T1-1902")).status).toBe("available");
    const refund = await prisma.receipt.findFirstOrThrow({ where: { saleId: deal.id, kind: "refund" } });
    expect(refund.amountFen).toBe(-(received - keep));
    expect(await netReceived(deal.id)).toBe(keep);
    // Every receipt is still there, unchanged; one more row.
    const receiptsAfter = await prisma.receipt.findMany({ orderBy: { id: "asc" } });
    expect(receiptsAfter).toHaveLength(receiptsBefore.length + 1);
    expect(receiptsAfter.slice(0, receiptsBefore.length)).toEqual(receiptsBefore);
    // Achievement (SaleDayTotal, by triggers) drops by the deal's price.
    expect(totalBefore - ((await dayTotal())?.amountFen ?? 0n)).toBe(deal.amountFen);
    expect(achievedBefore - (await achieved())).toBe(deal.amountFen);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "SaleRecord", entityId: deal.id, action: "cancel" } });
    expect(audit).toMatchObject({ userId: SALES.userId, reason: "客户资金问题" });
    // A cancelled deal takes no more money and cannot be cancelled again; the unit can be sold again.
    expect(await receive(deal.id, 1n)).toMatchObject({ ok: false, message: "invalid_choice" });
    expect(outcome(await cancelDeal(projectId, { ...input, refund: 0n }, SALES))).toMatchObject({ ok: false, message: "invalid_choice" });
    expect(await reserve("T1-1902", SALES, { buyerName: "新买家" })).toMatchObject({ ok: true });
  });
});

describe("换房 (change of unit)", () => {
  it("moves the money to the new deal with a transfer pair, and closes the old deal as changed with its reason", async () => {
    const reserved = await reserve("T1-2001", SALES, { deposit: 10n * WAN, reservedOn: "2026-11-23" });
    expect(await sign(reserved.saleId!, "2026-11-24", "full")).toMatchObject({ ok: true });
    expect(await receive(reserved.saleId!, 20n * WAN)).toMatchObject({ ok: true });
    const moved = await netReceived(reserved.saleId!);
    expect(moved).toBe(30n * WAN);
    const target = await unitOf("T1-2002");
    const result = outcome(
      await changeUnit(projectId, { saleId: reserved.saleId!, newUnitCode: "T1-2002", price: target.listPriceFen, changedOn: TODAY, reason: "客户要求换至大户型", idempotencyKey: undefined as unknown as string }, SALES),
    );
    expect(result).toMatchObject({ ok: true });
    const old = await prisma.saleRecord.findUniqueOrThrow({ where: { id: reserved.saleId! } });
    expect(old).toMatchObject({ status: "changed", cancelReason: "客户要求换至大户型", changedToId: result.saleId });
    const created = await prisma.saleRecord.findUniqueOrThrow({ where: { id: result.saleId! } });
    expect(created).toMatchObject({ unitNo: "T1-2002", status: "signed", amountFen: target.listPriceFen, buyerName: old.buyerName });
    const transfers = await prisma.receipt.findMany({ where: { kind: "transfer", saleId: { in: [old.id, created.id] } } });
    expect(transfers).toHaveLength(2);
    expect(transfers.reduce((sum, r) => sum + r.amountFen, 0n)).toBe(0n);
    expect(transfers.find((r) => r.saleId === created.id)!.amountFen).toBe(moved);
    expect(await netReceived(old.id)).toBe(0n);
    expect(await netReceived(created.id)).toBe(moved);
    expect((await unitOf("T1-2001")).status).toBe("available");
    expect((await unitOf("T1-2002")).status).toBe("signed");
    const schedule = await prisma.saleInstalment.findMany({ where: { saleId: created.id } });
    expect(schedule.reduce((sum, r) => sum + r.amountFen, 0n)).toBe(target.listPriceFen);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "SaleRecord", entityId: old.id, action: "change_unit" } });
    expect(audit.reason).toBe("客户要求换至大户型");
    // Not onto a unit that is taken.
    expect(outcome(await changeUnit(projectId, { saleId: created.id, newUnitCode: "T1-1202", price: (await unitOf("T1-1202")).listPriceFen, changedOn: TODAY, reason: "再换", idempotencyKey: undefined as unknown as string }, SALES))).toMatchObject({
      ok: false,
      message: "unit_taken",
    });
  });
});

describe("更名 (change of buyer)", () => {
  it("renames the buyer with an audited reason", async () => {
    const deal = await dealOn("T1-2002");
    const input = { saleId: deal.id, buyerName: "张三、李梅", reason: "增加配偶为共同买受人" };
    expect(outcome(await renameBuyer(projectId, input, SALES))).toMatchObject({ ok: true });
    expect((await prisma.saleRecord.findUniqueOrThrow({ where: { id: deal.id } })).buyerName).toBe("张三、李梅");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "SaleRecord", entityId: deal.id, action: "rename" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ userId: SALES.userId, reason: "增加配偶为共同买受人" });
    expect(JSON.parse(audit.before!)).toEqual({ buyerName: deal.buyerName });
    expect(JSON.parse(audit.after!)).toEqual({ buyerName: "张三、李梅" });
    expect(outcome(await renameBuyer(projectId, input, SALES))).toMatchObject({ ok: false, field: "buyerName", message: "rename_same" });
  });
});

describe("financing", () => {
  const channel = async (kind: string) => (await financingView(projectId, TODAY)).channels.find((c) => c.kind === kind)!.salesFen;

  it("counts internal-subscription deposits in the internal_subscription channel, and a refund reduces it", async () => {
    const before = await channel("internal_subscription");
    const presaleBefore = await channel("presale");
    const seeded = await dealOn("T1-2608");
    const deposit = await netReceived(seeded.id);
    expect(deposit).toBe(5n * WAN);
    expect(outcome(await cancelDeal(projectId, { saleId: seeded.id, cancelledOn: TODAY, reason: "员工离职", refund: deposit, idempotencyKey: undefined as unknown as string }, SALES))).toMatchObject({ ok: true });
    expect(before - (await channel("internal_subscription"))).toBe(deposit);

    // The freed 141 m² takes a new 89 m² subscription with a 3万 deposit.
    const reserved = await reserve("T1-2201", SALES, { internal: true, deposit: 3n * WAN });
    expect(reserved).toMatchObject({ ok: true });
    expect((await channel("internal_subscription")) - before).toBe(3n * WAN - deposit);
    expect(await channel("presale")).toBe(presaleBefore);
  });
});
