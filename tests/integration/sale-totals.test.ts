// SaleDayTotal is kept by triggers: after any sequence of sales signed, changed (product, day, amount,
// area), cancelled, re-signed and deleted, committed or rolled back, its rows equal the signed sales
// summed by product and civil day (the seed's reserved internal subscriptions, with no signing day, among
// them), and the sales page's figures match sums over the deals themselves, after real deals on units
// (认购, 签约, 退房) made through the deal models.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { salesView } from "~/models/sales/overview.server";
import { cancelDeal, reserveUnit, signDeal } from "~/models/sales/deals.server";
import { civilToDate, dateToCivil } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";

let projectId: number;
const PRODUCTS = ["apartment_presale", "internal_subscription", "commercial_sale"];

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
});

async function expectedTotals() {
  const sales = await prisma.saleRecord.findMany({ where: { status: "signed" }, select: { projectId: true, product: true, signedOn: true, amountFen: true, areaCsqm: true } });
  const totals = new Map<string, { amountFen: bigint; areaCsqm: number; count: number }>();
  for (const s of sales) {
    const key = `${s.projectId}|${s.product}|${dateToCivil(s.signedOn!)}`;
    const total = totals.get(key) ?? { amountFen: 0n, areaCsqm: 0, count: 0 };
    totals.set(key, { amountFen: total.amountFen + s.amountFen, areaCsqm: total.areaCsqm + s.areaCsqm, count: total.count + 1 });
  }
  return totals;
}

async function storedTotals() {
  const rows = await prisma.saleDayTotal.findMany();
  return new Map(rows.map((r) => [`${r.projectId}|${r.product}|${r.day}`, { amountFen: r.amountFen, areaCsqm: r.areaCsqm, count: r.count }]));
}

const day = fc.integer({ min: 0, max: 500 }).map((offset) => new Date(Date.UTC(2026, 10, 1) + offset * 86_400_000));
const fields = { product: fc.nat(), on: day, amountFen: fc.bigInt({ min: 1n, max: 90_000_000n }), areaCsqm: fc.integer({ min: 1, max: 20_000 }) };
type Op =
  | { kind: "sign"; product: number; on: Date; amountFen: bigint; areaCsqm: number }
  | { kind: "change"; pick: number; product: number; on: Date; amountFen: bigint; areaCsqm: number }
  | { kind: "cancel" | "resign" | "delete"; pick: number }
  | { kind: "rollback"; product: number; on: Date; amountFen: bigint; areaCsqm: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("sign" as const), ...fields }),
  fc.record({ kind: fc.constant("change" as const), pick: fc.nat(), ...fields }),
  fc.record({ kind: fc.constantFrom("cancel" as const, "resign" as const, "delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("rollback" as const), ...fields }),
);

let unit = 0;
const sale = (o: { product: number; on: Date; amountFen: bigint; areaCsqm: number }) => ({
  projectId,
  product: PRODUCTS[o.product % PRODUCTS.length],
  unitNo: `TOT-${(unit += 1)}`,
  areaCsqm: o.areaCsqm,
  unitPriceFen: 1n,
  amountFen: o.amountFen,
  signedOn: o.on,
});

async function apply(operation: Op) {
  if (operation.kind === "sign") {
    await prisma.saleRecord.create({ data: sale(operation) });
  } else if (operation.kind === "rollback") {
    await prisma
      .$transaction(async (tx) => {
        await tx.saleRecord.create({ data: sale(operation) });
        throw new Error("rolled back");
      })
      .catch(() => undefined);
  } else {
    // Only this test's own records: the seed's deals on units stay as the deal models left them.
    const ids = (await prisma.saleRecord.findMany({ where: { unitNo: { startsWith: "TOT-" } }, select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id);
    if (ids.length === 0) return;
    const id = ids[operation.pick % ids.length];
    if (operation.kind === "delete") await prisma.saleRecord.delete({ where: { id } });
    else if (operation.kind === "cancel") await prisma.saleRecord.update({ where: { id }, data: { status: "cancelled" } });
    else if (operation.kind === "resign") await prisma.saleRecord.update({ where: { id }, data: { status: "signed" } });
    else if (operation.kind === "change") {
      const { unitNo: _unit, projectId: _project, ...data } = sale(operation);
      await prisma.saleRecord.update({ where: { id }, data });
    }
  }
}

describe("sale totals kept by triggers", () => {
  it("stay equal to the signed sales after any sequence of signings, changes, cancellations, deletes and rollbacks", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (operations) => {
        for (const operation of operations) await apply(operation);
        expect(await storedTotals()).toEqual(await expectedTotals());
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it("give the sales page the same count, subscribed area and achievement as sums over the deals", async () => {
    // Real deals on units once the pre-sale permit (M24) is done: signed in 2027, one of them cancelled.
    await prisma.milestone.updateMany({ where: { projectId, code: "M24" }, data: { status: "done", percentComplete: 100, actualEnd: civilToDate("2026-11-20") } });
    const actor = { userId: null, roles: ["exec"] };
    const deal = async (code: string, signedOn: string) => {
      const unit = await prisma.unit.findUniqueOrThrow({ where: { projectId_code: { projectId, code } } });
      const input = { unitCode: code, internal: false, buyerName: "买家", buyerType: "individual" as const, price: unit.listPriceFen, deposit: 0n, depositReceived: false, reservedOn: "2026-11-25", idempotencyKey: "" };
      const reserved = (await reserveUnit(projectId, input, actor)) as { ok: boolean; saleId: number };
      expect(reserved.ok, code).toBe(true);
      expect((await signDeal(projectId, { saleId: reserved.saleId, signedOn, plan: "full", downPaymentPercent: 30, instalments: 3, idempotencyKey: "" }, actor)).ok, code).toBe(true);
      return reserved.saleId;
    };
    await deal("T1-1001", "2027-01-15");
    await deal("P1-101", "2027-02-10");
    const cancelled = await deal("T1-1002", "2027-01-20");
    expect((await cancelDeal(projectId, { saleId: cancelled, cancelledOn: "2027-02-01", reason: "客户退房", refund: 0n, idempotencyKey: "" }, actor)).ok).toBe(true);
    expect(await storedTotals()).toEqual(await expectedTotals());

    const view = await salesView(projectId, 2027, "2026-11-27");
    const deals = await prisma.saleRecord.findMany({ where: { projectId }, select: { product: true, status: true, reservedOn: true, signedOn: true, amountFen: true, areaCsqm: true } });
    expect(view.saleCount).toBe(deals.length);
    const active = deals.filter((s) => s.status === "reserved" || s.status === "signed");
    // Internal subscriptions count by unit area while active, and as achieved when reserved.
    const subscriptions = active.filter((s) => s.product === "internal_subscription");
    expect(subscriptions.length).toBeGreaterThanOrEqual(12);
    expect(view.subscription.subscribedCsqm).toBe(subscriptions.reduce((sum, s) => sum + s.areaCsqm, 0));
    for (const product of PRODUCTS) {
      const inYear =
        product === "internal_subscription"
          ? subscriptions.filter((s) => dateToCivil(s.reservedOn ?? s.signedOn!).startsWith("2027"))
          : deals.filter((s) => s.product === product && s.status === "signed" && dateToCivil(s.signedOn!).startsWith("2027"));
      expect(view.byProduct.find((p) => p.product === product)!.year.achievedFen, product).toBe(inYear.reduce((sum, s) => sum + s.amountFen, 0n));
    }
    expect(view.byProduct.find((p) => p.product === "apartment_presale")!.year.achievedFen).toBeGreaterThan(0n);
    expect(view.byProduct.find((p) => p.product === "commercial_sale")!.year.achievedFen).toBeGreaterThan(0n);
  });
});
