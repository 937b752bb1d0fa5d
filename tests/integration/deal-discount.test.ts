// Who may discount how far (让价权限, issue 15): the seller reserves within the sales role's authority
// (3 % below 表价 in the demo); a deeper price goes to an approver as 特批 (deal_discount), up to the
// approver role's authority (set to 5 % here) and never below 底价; approved, it lets one reservation by that buyer at
// that price through. The seller never approves their own request.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { decideApproval } from "~/models/approvals.server";
import { cancelDeal, requestDiscount, reserveUnit } from "~/models/sales/deals.server";
import { seedReferenceProject } from "../../prisma/seed";

let projectId: number;
let sales: { userId: number; roles: string[] };
let exec: { userId: number; roles: string[] };
const CODE = "T1-1001";
let listFen: bigint;
let floorFen: bigint;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  const id = async (username: string) => (await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
  sales = { userId: await id("sales"), roles: ["sales"] };
  exec = { userId: await id("exec"), roles: ["exec"] };
  const unit = await prisma.unit.findFirstOrThrow({ where: { projectId, code: CODE } });
  listFen = unit.listPriceFen;
  floorFen = unit.floorPriceFen;
  // The approvers' authority at 5 %, so that it stops short of 底价 (94 % of 表价).
  await prisma.discountAuthority.update({ where: { projectId_role: { projectId, role: "exec" } }, data: { maxDiscountBps: 500 } });
  // The permit is done, so a public reservation may be made.
  await prisma.milestone.updateMany({ where: { projectId, code: "M24" }, data: { status: "done", actualEnd: new Date("2026-11-02T00:00:00.000Z") } });
});

const off = (bps: bigint) => listFen - (listFen * bps) / 10_000n;
const reserve = (price: bigint, buyerName = "买受人甲", actor = sales) =>
  reserveUnit(projectId, { unitCode: CODE, internal: false, buyerName, buyerType: "individual", price, deposit: 0n, depositReceived: false, reservedOn: "2026-11-20", idempotencyKey: undefined } as never, actor);
const request = (price: bigint, buyerName = "买受人甲") => requestDiscount(projectId, { unitCode: CODE, buyerName, price, reason: "团购客户，按营销会议意见", idempotencyKey: undefined } as never, sales);

describe("special discounts (特批)", () => {
  it("refuses a request the seller does not need, one beyond the approver's authority and one below the floor", async () => {
    expect(await request(off(200n))).toMatchObject({ ok: false, message: "discount_within_authority" });
    expect(off(550n)).toBeGreaterThan(floorFen); // 底价 is 94 % of 表价 in the demo
    expect(await request(off(550n))).toMatchObject({ ok: false, message: "price_over_authority" });
    expect(await request(floorFen - 100n)).toMatchObject({ ok: false, message: "price_below_floor" });
    expect(await prisma.approval.count({ where: { projectId, kind: "deal_discount" } })).toBe(0);
  });

  it("lets one reservation through at the approved price, for that buyer, once approved by someone else", async () => {
    const price = off(400n);
    expect(await reserve(price)).toMatchObject({ ok: false, message: "price_over_authority" });
    const submitted = await request(price);
    expect(submitted.ok).toBe(true);
    const approvalId = (submitted as { approvalId: number }).approvalId;
    // Pending: not yet.
    expect(await reserve(price)).toMatchObject({ ok: false, message: "price_over_authority" });
    // The seller may not decide it (no approval permission), the approver may.
    expect(await decideApproval(projectId, approvalId, { decision: "approve", note: "" }, sales)).toMatchObject({ ok: false });
    expect(await decideApproval(projectId, approvalId, { decision: "approve", note: "同意" }, exec)).toMatchObject({ ok: true });
    // Another buyer, or a lower price, is not covered.
    expect(await reserve(price, "买受人乙")).toMatchObject({ ok: false, message: "price_over_authority" });
    expect(await reserve(price - 100n)).toMatchObject({ ok: false, message: "price_over_authority" });
    const reserved = await reserve(price);
    expect(reserved.ok).toBe(true);
    const saleId = (reserved as { saleId: number }).saleId;
    expect((await prisma.saleRecord.findUniqueOrThrow({ where: { id: saleId } })).discountApprovalId).toBe(approvalId);
    // 退房, then the same price again: the approval was used once.
    expect((await cancelDeal(projectId, { saleId, cancelledOn: "2026-11-21", reason: "客户放弃", refund: 0n, idempotencyKey: undefined } as never, sales)).ok).toBe(true);
    expect(await reserve(price)).toMatchObject({ ok: false, message: "price_over_authority" });
  });
});
