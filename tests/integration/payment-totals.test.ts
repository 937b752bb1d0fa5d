// PaymentMonthTotal and AccountOutsideTotal are kept by triggers: after any sequence of payments recorded, imported and
// reversed (红冲: a new, negative row dated another day), committed or rolled back, its rows equal the
// payments summed by line, contract and civil month, and the budget figures read from it match a sum
// over the payments themselves. Payments are append-only: an UPDATE or DELETE is refused by the database.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { budgetTable, recordPayment } from "~/models/capital.server";
import { dateToCivil, monthOf } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";
import { leafOf } from "../helpers/factories";

let projectId: number;
let lines: { id: number; code: string }[];
let contracts: { id: number; lineId: number; accountId: number | null }[];
/** A leaf cost account of each line, for payments outside contracts (the triggers require one). */
const leafByLine = new Map<number, number>();

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  lines = await prisma.budgetLine.findMany({ where: { projectId }, select: { id: true, code: true } });
  contracts = await prisma.contract.findMany({ where: { lineId: { in: lines.map((l) => l.id) }, status: "signed" }, select: { id: true, lineId: true, accountId: true } });
  for (const line of lines) leafByLine.set(line.id, await leafOf(line.id));
});

/** What the totals must be: every payment, summed in JS by line, contract and civil month. */
async function expectedTotals() {
  const payments = await prisma.payment.findMany({ select: { lineId: true, contractId: true, paidOn: true, amountFen: true } });
  const totals = new Map<string, { amountFen: bigint; count: number }>();
  for (const p of payments) {
    const key = `${p.lineId}|${p.contractId ?? 0}|${monthOf(dateToCivil(p.paidOn))}`;
    const total = totals.get(key) ?? { amountFen: 0n, count: 0 };
    totals.set(key, { amountFen: total.amountFen + p.amountFen, count: total.count + 1 });
  }
  return totals;
}

/** What AccountOutsideTotal must be: the payments outside contracts, summed in JS by account. */
async function expectedOutside() {
  const payments = await prisma.payment.findMany({ where: { contractId: null }, select: { accountId: true, amountFen: true } });
  const totals = new Map<number, { amountFen: bigint; count: number }>();
  for (const p of payments) {
    const total = totals.get(p.accountId!) ?? { amountFen: 0n, count: 0 };
    totals.set(p.accountId!, { amountFen: total.amountFen + p.amountFen, count: total.count + 1 });
  }
  return totals;
}

async function storedOutside() {
  const rows = await prisma.accountOutsideTotal.findMany();
  return new Map(rows.map((r) => [r.accountId, { amountFen: r.amountFen, count: r.count }]));
}

async function storedTotals() {
  const rows = await prisma.paymentMonthTotal.findMany();
  return new Map(rows.map((r) => [`${r.lineId}|${r.contractKey}|${r.month}`, { amountFen: r.amountFen, count: r.count }]));
}

const day = fc.integer({ min: 0, max: 400 }).map((offset) => new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000));
const amount = fc.bigInt({ min: 1n, max: 5_000_000n });

type Op =
  | { kind: "insert"; line: number; contract: number | null; on: Date; amountFen: bigint }
  | { kind: "reverse"; pick: number; on: Date }
  | { kind: "update"; pick: number; amountFen: bigint }
  | { kind: "delete"; pick: number }
  | { kind: "rollback"; line: number; on: Date; amountFen: bigint };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), line: fc.nat(), contract: fc.option(fc.nat()), on: day, amountFen: amount }),
  fc.record({ kind: fc.constant("reverse" as const), pick: fc.nat(), on: day }),
  fc.record({ kind: fc.constant("update" as const), pick: fc.nat(), amountFen: amount }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("rollback" as const), line: fc.nat(), on: day, amountFen: amount }),
);

/** A line, and a contract of that line when asked for one and the line has any; the contract's account, or a leaf of the line. */
function target(line: number, contract: number | null) {
  const lineId = lines[line % lines.length].id;
  const own = contracts.filter((c) => c.lineId === lineId);
  const chosen = contract === null || own.length === 0 ? null : own[contract % own.length];
  return { lineId, accountId: chosen ? chosen.accountId : leafByLine.get(lineId)!, contractId: chosen?.id ?? null };
}

async function apply(operation: Op) {
  if (operation.kind === "insert") {
    await prisma.payment.create({ data: { ...target(operation.line, operation.contract), paidOn: operation.on, payee: "性质测试", amountFen: operation.amountFen } });
  } else if (operation.kind === "reverse") {
    // A reversing row as reversePayment writes it (the rules are tested in corrections.test.ts).
    const open = await prisma.payment.findMany({ where: { kind: { not: "reversal" }, reversedBy: null }, select: { id: true, lineId: true, accountId: true, contractId: true, amountFen: true }, orderBy: { id: "asc" } });
    if (open.length === 0) return;
    const original = open[operation.pick % open.length];
    await prisma.payment.create({
      data: { lineId: original.lineId, accountId: original.accountId, contractId: original.contractId, paidOn: operation.on, payee: "性质测试", amountFen: -original.amountFen, kind: "reversal", reversalOfId: original.id, reason: "性质测试" },
    });
  } else if (operation.kind === "update" || operation.kind === "delete") {
    // Refused by the append-only triggers: nothing changes, so the totals must still match.
    const ids = (await prisma.payment.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((p) => p.id);
    if (ids.length === 0) return;
    const id = ids[operation.pick % ids.length];
    const attempt = operation.kind === "delete" ? prisma.payment.delete({ where: { id } }) : prisma.payment.update({ where: { id }, data: { amountFen: operation.amountFen } });
    await expect(attempt).rejects.toThrow(); // the append-only trigger (or, for a reversed row, its reversal's foreign key)
  } else {
    await prisma
      .$transaction(async (tx) => {
        await tx.payment.create({ data: { ...target(operation.line, null), paidOn: operation.on, payee: "回滚", amountFen: operation.amountFen } });
        throw new Error("rolled back");
      })
      .catch(() => undefined);
  }
}

describe("payment totals kept by triggers", () => {
  it("start equal to the seeded payments", async () => {
    expect(await storedTotals()).toEqual(await expectedTotals());
    expect(await storedOutside()).toEqual(await expectedOutside());
  });

  it("stay equal to the payments after any sequence of inserts, reversals, refused changes and deletes, and rollbacks", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (operations) => {
        for (const operation of operations) await apply(operation);
        expect(await storedTotals()).toEqual(await expectedTotals());
        expect(await storedOutside()).toEqual(await expectedOutside());
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it("give the budget table the same paid figures as a sum over the payments", async () => {
    const recorded = await recordPayment(projectId, { accountId: leafByLine.get(lines[0].id)!, contractId: null, amount: 123_456n, paidOn: "2026-11-26", payee: "核对", voucherNo: "", note: "", idempotencyKey: randomUUID() }, { userId: null });
    expect(recorded.ok).toBe(true);
    const paidByLine = await prisma.payment.groupBy({ by: ["lineId"], _sum: { amountFen: true } });
    for (const row of await budgetTable(projectId)) {
      expect(row.paidFen, row.code).toBe(paidByLine.find((p) => p.lineId === row.id)?._sum.amountFen ?? 0n);
    }
  });
});
