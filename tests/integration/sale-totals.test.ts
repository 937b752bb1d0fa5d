// SaleDayTotal is kept by triggers: after any sequence of sales signed, changed (product, day, amount,
// area), cancelled, re-signed and deleted, committed or rolled back, its rows equal the signed sales
// summed by product and civil day, and the sales page's figures match sums over the sales themselves.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { salesView } from "~/models/sales.server";
import { dateToCivil } from "~/utils/dates";
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
  unitNo: `P${(unit += 1)}`,
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
    const ids = (await prisma.saleRecord.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id);
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

  it("give the sales page the same count, subscribed area and achievement as sums over the sales", async () => {
    const view = await salesView(projectId, 2027, "2026-11-27");
    const signed = await prisma.saleRecord.findMany({ where: { projectId, status: "signed" }, select: { product: true, signedOn: true, amountFen: true, areaCsqm: true } });
    expect(view.saleCount).toBe(signed.length);
    expect(view.subscription.subscribedCsqm).toBe(signed.filter((s) => s.product === "internal_subscription").reduce((sum, s) => sum + s.areaCsqm, 0));
    for (const product of PRODUCTS) {
      const inYear = signed.filter((s) => s.product === product && dateToCivil(s.signedOn!).startsWith("2027"));
      expect(view.byProduct.find((p) => p.product === product)!.year.achievedFen, product).toBe(inYear.reduce((sum, s) => sum + s.amountFen, 0n));
    }
  });
});
