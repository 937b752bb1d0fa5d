// Deals on units: 认购 (reservation with a deposit) → 签约 (signing, with its receivable schedule) → 回款,
// and 退房, 换房 and 更名 with a reason. The only module that writes deals. Every write runs in one write
// transaction (one at a time per process, docs/decisions/005) that re-reads the unit and its active deal,
// and a partial unique index allows one active deal per unit in the database, so two requests for the
// same unit cannot both succeed. Gates: public reservations and every signing need the building's
// pre-sale permit (商品房预售许可证) done; internal subscriptions (内部认购) are reservations before it,
// capped by area at the project's share of the apartment area.
import { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import {
  applyReceipts,
  checkDealPrice,
  checkSubscriptionCap,
  DEFAULT_DISCOUNT_AUTHORITY,
  maxDiscountBps,
  receivableSchedule,
  reservationSchedule,
  unitPricePerSqmFen,
  type Product,
} from "~/domain/sales";
import type { CancelInput, ChangeUnitInput, DealReceiptInput, DiscountRequestInput, RenameInput, ReserveInput, SignInput } from "~/domain/sales-deals-forms.server";
import { submitForApproval } from "../approvals.server";
import { civilToDate, dateToCivil, type CivilDate } from "~/utils/dates";
import { recordAudit } from "../audit.server";
import { once, withoutKey } from "../idempotency.server";

type Tx = Prisma.TransactionClient;
export type DealActor = { userId: number | null; roles: readonly string[] };
type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });
const yuan = (fen: bigint) => (Number(fen) / 100).toFixed(2);
const sqm = (csqm: number) => (csqm / 100).toFixed(2);

export const ACTIVE = ["reserved", "signed"];

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** The discount authority by role: the project's settings, else the defaults. */
export async function discountAuthorityOf(tx: Tx | typeof prisma, projectId: number): Promise<Record<string, number>> {
  const rows = await tx.discountAuthority.findMany({ where: { projectId }, select: { role: true, maxDiscountBps: true } });
  return rows.length > 0 ? Object.fromEntries(rows.map((r) => [r.role, r.maxDiscountBps])) : { ...DEFAULT_DISCOUNT_AUTHORITY };
}

const unitSelect = {
  id: true,
  code: true,
  status: true,
  disposition: true,
  grossAreaCsqm: true,
  listPriceFen: true,
  floorPriceFen: true,
  building: { select: { use: true, presaleMilestone: { select: { code: true, name: true, nameEn: true, status: true, actualEnd: true, plannedEnd: true } } } },
} as const;
type UnitRow = Prisma.UnitGetPayload<{ select: typeof unitSelect }>;

/** The pre-sale permit gate: the building's permit milestone done on or before `on`. */
function permitRefusal(unit: UnitRow, on: CivilDate, field: string): Refusal | null {
  const permit = unit.building.presaleMilestone;
  if (!permit) return null;
  const doneOn = permit.status === "done" && permit.actualEnd ? dateToCivil(permit.actualEnd) : null;
  if (doneOn && doneOn <= on) return null;
  return refuse(field, "presale_permit_missing", { milestone: permit.code, name: permit.name, plannedEnd: dateToCivil(permit.plannedEnd) });
}

/** The apartment area the internal-subscription cap is a share of: the inventory's, else the project's figure. */
async function apartmentArea(tx: Tx, projectId: number, fallbackCsqm: number): Promise<number> {
  const sum = await tx.unit.aggregate({ where: { projectId, disposition: "sale", building: { use: "apartment" } }, _sum: { grossAreaCsqm: true } });
  return sum._sum.grossAreaCsqm ?? fallbackCsqm;
}

/** Area under active internal subscriptions, by unit area (建筑面积). */
export async function subscribedUnitArea(tx: Tx | typeof prisma, projectId: number, exceptSaleId?: number): Promise<number> {
  const sum = await tx.saleRecord.aggregate({
    where: { projectId, product: "internal_subscription", status: { in: ACTIVE }, ...(exceptSaleId ? { id: { not: exceptSaleId } } : {}) },
    _sum: { areaCsqm: true },
  });
  return sum._sum.areaCsqm ?? 0;
}

async function capRefusal(tx: Tx, projectId: number, areaCsqm: number, field: string, exceptSaleId?: number): Promise<Refusal | null> {
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { apartmentAreaCsqm: true, subscriptionCapBps: true } });
  const check = checkSubscriptionCap({
    apartmentAreaCsqm: await apartmentArea(tx, projectId, project.apartmentAreaCsqm),
    capBps: project.subscriptionCapBps,
    subscribedCsqm: await subscribedUnitArea(tx, projectId, exceptSaleId),
    areaCsqm,
  });
  return check.ok ? null : refuse(field, "over_cap", { remaining: sqm(check.remainingCsqm), cap: sqm(check.capCsqm), area: sqm(areaCsqm) });
}

async function priceRefusal(tx: Tx, projectId: number, unit: UnitRow, priceFen: bigint, roles: readonly string[], field: string): Promise<Refusal | null> {
  const check = checkDealPrice({ listPriceFen: unit.listPriceFen, floorPriceFen: unit.floorPriceFen, priceFen, maxDiscountBps: maxDiscountBps(roles, await discountAuthorityOf(tx, projectId)) });
  if (check.ok) return null;
  return refuse(field, check.reason === "below_floor" ? "price_below_floor" : "price_over_authority", { min: yuan(check.minFen), list: yuan(unit.listPriceFen) });
}

/** Why `unit` cannot take a new deal, if it cannot. */
async function unitRefusal(tx: Tx, unit: UnitRow | null, field: string): Promise<Refusal | null> {
  if (!unit) return refuse(field, "unit_not_found");
  if (unit.disposition !== "sale") return refuse(field, "unit_for_lease");
  if (unit.status === "unreleased") return refuse(field, "unit_unreleased");
  const active = await tx.saleRecord.findFirst({ where: { unitId: unit.id, status: { in: ACTIVE } }, select: { id: true } });
  if (active || unit.status !== "available") return refuse(field, "unit_taken", { unit: unit.code });
  return null;
}

const productOf = (use: string, internal: boolean): Product => (internal ? "internal_subscription" : use === "apartment" ? "apartment_presale" : "commercial_sale");

async function netReceived(tx: Tx | typeof prisma, saleId: number): Promise<bigint> {
  const sum = await tx.receipt.aggregate({ where: { saleId }, _sum: { amountFen: true } });
  return sum._sum.amountFen ?? 0n;
}

// ─── 认购 ────────────────────────────────────────────────────────────────────

export async function reserveUnit(projectId: number, input: ReserveInput, actor: DealActor) {
  try {
    return await once(
      { userId: actor.userId, key: input.idempotencyKey, scope: "sale" },
      async (tx) => {
        const unit = await tx.unit.findUnique({ where: { projectId_code: { projectId, code: input.unitCode } }, select: unitSelect });
        const taken = await unitRefusal(tx, unit, "unitCode");
        if (taken) return taken;
        const u = unit!;
        if (input.internal) {
          // 内部认购 is for employees (the form checks it too; this holds for every caller).
          if (input.buyerType !== "employee") return refuse("buyerType", "subscription_employee");
          if (u.building.use !== "apartment") return refuse("unitCode", "subscription_apartments_only");
          const over = await capRefusal(tx, projectId, u.grossAreaCsqm, "unitCode");
          if (over) return over;
        } else {
          const gate = permitRefusal(u, input.reservedOn, "unitCode");
          if (gate) return gate;
        }
        // Beyond the seller's own authority, an approved 特批 (deal_discount) for this unit, buyer and
        // a price at or below this one lets the deal through, once (a unique index on the deal's column).
        let discountApprovalId: number | null = null;
        const priceRefused = await priceRefusal(tx, projectId, u, input.price, actor.roles, "price");
        if (priceRefused) {
          discountApprovalId = priceRefused.message === "price_over_authority" ? await approvedDiscount(tx, projectId, u.id, input.buyerName, input.price) : null;
          if (discountApprovalId === null) return priceRefused;
        }
        const product = productOf(u.building.use, input.internal);
        const sale = await tx.saleRecord.create({
          data: {
            projectId,
            unitId: u.id,
            product,
            unitNo: u.code,
            areaCsqm: u.grossAreaCsqm,
            unitPriceFen: unitPricePerSqmFen(input.price, u.grossAreaCsqm),
            amountFen: input.price,
            listPriceFen: u.listPriceFen,
            depositFen: input.deposit,
            reservedOn: civilToDate(input.reservedOn),
            buyerName: input.buyerName,
            buyerType: input.buyerType,
            status: "reserved",
            discountApprovalId,
            createdById: actor.userId,
          },
          select: { id: true },
        });
        const schedule = reservationSchedule({ depositFen: input.deposit, reservedOn: input.reservedOn });
        if (schedule.length > 0) await tx.saleInstalment.createMany({ data: schedule.map((row) => ({ saleId: sale.id, seq: row.seq, kind: row.kind, dueOn: civilToDate(row.dueOn), amountFen: row.amountFen })) });
        if (input.depositReceived && input.deposit > 0n) {
          await tx.receipt.create({ data: { saleId: sale.id, receivedOn: civilToDate(input.reservedOn), amountFen: input.deposit, kind: "deposit", note: "" } });
        }
        await tx.unit.update({ where: { id: u.id }, data: { status: "reserved", version: { increment: 1 } } });
        await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "SaleRecord", entityId: sale.id, action: "reserve", after: { ...withoutKey(input), product, listPriceFen: u.listPriceFen } });
        return { ok: true as const, saleId: sale.id };
      },
      (done) => done.saleId,
      async (saleId) => (saleId ? { ok: true as const, saleId } : null),
    );
  } catch (error) {
    // Two reservations of one unit at once: the partial unique index refuses the second.
    if (isUniqueViolation(error)) return refuse("unitCode", "unit_taken", { unit: input.unitCode });
    throw error;
  }
}

/** An approved, unused 特批 discount for this unit and buyer at a price no higher than `priceFen`. */
async function approvedDiscount(tx: Tx, projectId: number, unitId: number, buyerName: string, priceFen: bigint): Promise<number | null> {
  const approvals = await tx.approval.findMany({ where: { projectId, kind: "deal_discount", subjectId: unitId, status: "approved" }, orderBy: { id: "desc" }, take: 20, select: { id: true, payload: true } });
  for (const approval of approvals) {
    const payload = JSON.parse(approval.payload) as { buyerName?: string; priceFen?: string };
    if (payload.buyerName !== buyerName || !payload.priceFen || !/^\d{1,20}$/.test(payload.priceFen) || BigInt(payload.priceFen) > priceFen) continue;
    const used = await tx.saleRecord.findFirst({ where: { discountApprovalId: approval.id }, select: { id: true } });
    if (!used) return approval.id;
  }
  return null;
}

/**
 * 特批: a price below what the seller's roles may give, submitted for an approver's decision. Never below
 * 底价, never beyond the largest authority an approver holds (exec), never for a price the seller may give
 * anyway. Approved, it lets the seller's reservation at that price (or higher) through, once.
 */
export async function requestDiscount(projectId: number, input: DiscountRequestInput, actor: DealActor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "sale" },
    async (tx) => {
      if (actor.userId === null) return refuse("price", "not_approver");
      const unit = await tx.unit.findUnique({ where: { projectId_code: { projectId, code: input.unitCode } }, select: unitSelect });
      const taken = await unitRefusal(tx, unit, "unitCode");
      if (taken) return taken;
      const u = unit!;
      const own = await priceRefusal(tx, projectId, u, input.price, actor.roles, "price");
      if (!own) return refuse("price", "discount_within_authority");
      if (own.message === "price_below_floor") return own;
      const approverLimit = await priceRefusal(tx, projectId, u, input.price, ["exec"], "price");
      if (approverLimit) return approverLimit;
      const approvalId = await submitForApproval(tx, {
        projectId,
        kind: "deal_discount",
        subjectId: u.id,
        amountFen: u.listPriceFen - input.price,
        payload: { unitCode: u.code, buyerName: input.buyerName, priceFen: input.price, listPriceFen: u.listPriceFen, floorPriceFen: u.floorPriceFen },
        reason: input.reason,
        submittedById: actor.userId,
      });
      return { ok: true as const, approvalId };
    },
    (done) => done.approvalId,
    async (approvalId) => (approvalId ? { ok: true as const, approvalId } : null),
  );
}

// ─── 签约 ────────────────────────────────────────────────────────────────────

async function activeDeal(tx: Tx, projectId: number, saleId: number) {
  const deal = await tx.saleRecord.findUnique({
    where: { id: saleId },
    select: { id: true, projectId: true, unitId: true, status: true, product: true, amountFen: true, depositFen: true, areaCsqm: true, reservedOn: true, signedOn: true, buyerName: true, buyerType: true, unit: { select: unitSelect } },
  });
  return deal && deal.projectId === projectId && ACTIVE.includes(deal.status) ? deal : null;
}

export async function signDeal(projectId: number, input: SignInput, actor: DealActor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "sale" },
    async (tx) => {
      const deal = await activeDeal(tx, projectId, input.saleId);
      if (!deal || deal.status !== "reserved") return refuse("saleId", "deal_not_reserved");
      const reservedOn = deal.reservedOn ? dateToCivil(deal.reservedOn) : null;
      if (reservedOn && input.signedOn < reservedOn) return refuse("signedOn", "signed_before_reserved", { reservedOn });
      if (deal.unit) {
        const gate = permitRefusal(deal.unit, input.signedOn, "signedOn");
        if (gate) return gate;
      }
      const schedule = receivableSchedule({
        priceFen: deal.amountFen,
        depositFen: deal.depositFen,
        reservedOn,
        signedOn: input.signedOn,
        plan: input.plan,
        downPaymentBps: input.downPaymentPercent * 100,
        instalments: input.instalments,
      });
      // The reservation's deposit row becomes the first row of the full schedule.
      await tx.saleInstalment.deleteMany({ where: { saleId: deal.id } });
      await tx.saleInstalment.createMany({ data: schedule.map((row) => ({ saleId: deal.id, seq: row.seq, kind: row.kind, dueOn: civilToDate(row.dueOn), amountFen: row.amountFen })) });
      await tx.saleRecord.update({ where: { id: deal.id }, data: { status: "signed", signedOn: civilToDate(input.signedOn), paymentPlan: input.plan } });
      if (deal.unitId) await tx.unit.update({ where: { id: deal.unitId }, data: { status: "signed", version: { increment: 1 } } });
      await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "SaleRecord", entityId: deal.id, action: "sign", before: { status: "reserved" }, after: { ...withoutKey(input), schedule } });
      return { ok: true as const, saleId: deal.id };
    },
    (done) => done.saleId,
    async (saleId) => (saleId ? { ok: true as const, saleId } : null),
  );
}

// ─── 回款 ────────────────────────────────────────────────────────────────────

/** Money received on an active deal; never more than is still owed on its price. */
export async function recordDealReceipt(projectId: number, input: DealReceiptInput, actor: DealActor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "receipt" },
    async (tx) => {
      const deal = await activeDeal(tx, projectId, input.saleId);
      if (!deal) return refuse("saleId", "invalid_choice");
      const owedFen = deal.amountFen - (await netReceived(tx, deal.id));
      if (input.amount > owedFen) return refuse("amount", "over_owed", { headroomFen: owedFen.toString() });
      const receipt = await tx.receipt.create({ data: { saleId: deal.id, receivedOn: civilToDate(input.receivedOn), amountFen: input.amount, kind: input.kind }, select: { id: true } });
      await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "Receipt", entityId: receipt.id, action: "create", after: withoutKey(input) });
      return { ok: true as const, receiptId: receipt.id };
    },
    (added) => added.receiptId,
    async (receiptId) => (receiptId ? { ok: true as const, receiptId } : null),
  );
}

// ─── 退房 ────────────────────────────────────────────────────────────────────

/** 退房: the deal is cancelled with its reason, the unit is for sale again, and a refund is a negative receipt. */
export async function cancelDeal(projectId: number, input: CancelInput, actor: DealActor) {
  return once(
    { userId: actor.userId, key: input.idempotencyKey, scope: "sale" },
    async (tx) => {
      const deal = await activeDeal(tx, projectId, input.saleId);
      if (!deal) return refuse("saleId", "invalid_choice");
      const received = await netReceived(tx, deal.id);
      if (input.refund > received) return refuse("refund", "refund_over_received", { received: yuan(received) });
      const since = dateToCivil(deal.signedOn ?? deal.reservedOn ?? new Date(0));
      if (input.cancelledOn < since) return refuse("cancelledOn", "cancelled_before_deal", { since });
      if (input.refund > 0n) await tx.receipt.create({ data: { saleId: deal.id, receivedOn: civilToDate(input.cancelledOn), amountFen: -input.refund, kind: "refund", note: input.reason } });
      await tx.saleRecord.update({ where: { id: deal.id }, data: { status: "cancelled", cancelledOn: civilToDate(input.cancelledOn), cancelReason: input.reason } });
      if (deal.unitId) await tx.unit.update({ where: { id: deal.unitId }, data: { status: "available", version: { increment: 1 } } });
      await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "SaleRecord", entityId: deal.id, action: "cancel", before: { status: deal.status }, after: { status: "cancelled", ...withoutKey(input), keptFen: received - input.refund }, reason: input.reason });
      return { ok: true as const, saleId: deal.id };
    },
    (done) => done.saleId,
    async (saleId) => (saleId ? { ok: true as const, saleId } : null),
  );
}

// ─── 换房 ────────────────────────────────────────────────────────────────────

/**
 * 换房: the deal moves to another unit at a new price. The old deal is closed as "changed" (pointing at
 * the new one), the money received moves with a pair of transfer receipts (out of the old, into the new,
 * same day), and the new deal keeps the old one's stage: a signed deal is signed again on the new unit.
 */
export async function changeUnit(projectId: number, input: ChangeUnitInput, actor: DealActor) {
  try {
    return await once(
      { userId: actor.userId, key: input.idempotencyKey, scope: "sale" },
      async (tx) => {
        const deal = await activeDeal(tx, projectId, input.saleId);
        if (!deal) return refuse("saleId", "invalid_choice");
        const unit = await tx.unit.findUnique({ where: { projectId_code: { projectId, code: input.newUnitCode } }, select: unitSelect });
        const taken = await unitRefusal(tx, unit, "newUnitCode");
        if (taken) return taken;
        const u = unit!;
        if (deal.unit && deal.unit.building.use !== u.building.use) return refuse("newUnitCode", "change_other_use");
        if (deal.product === "internal_subscription") {
          const over = await capRefusal(tx, projectId, u.grossAreaCsqm, "newUnitCode", deal.id);
          if (over) return over;
        }
        if (deal.status === "signed" || deal.product !== "internal_subscription") {
          const gate = permitRefusal(u, input.changedOn, "newUnitCode");
          if (gate) return gate;
        }
        const priceRefused = await priceRefusal(tx, projectId, u, input.price, actor.roles, "price");
        if (priceRefused) return priceRefused;
        const received = await netReceived(tx, deal.id);
        if (received > input.price) return refuse("price", "price_below_received", { received: yuan(received) });
        const depositFen = deal.depositFen > input.price ? input.price : deal.depositFen;
        const created = await tx.saleRecord.create({
          data: {
            projectId,
            unitId: u.id,
            product: deal.product,
            unitNo: u.code,
            areaCsqm: u.grossAreaCsqm,
            unitPriceFen: unitPricePerSqmFen(input.price, u.grossAreaCsqm),
            amountFen: input.price,
            listPriceFen: u.listPriceFen,
            depositFen,
            reservedOn: deal.reservedOn,
            signedOn: deal.status === "signed" ? civilToDate(input.changedOn) : null,
            buyerName: deal.buyerName,
            buyerType: deal.buyerType,
            status: deal.status,
            paymentPlan: "full",
            createdById: actor.userId,
          },
          select: { id: true },
        });
        const reservedOn = deal.reservedOn ? dateToCivil(deal.reservedOn) : null;
        const schedule =
          deal.status === "signed"
            ? receivableSchedule({ priceFen: input.price, depositFen, reservedOn, signedOn: input.changedOn, plan: "full" })
            : reservationSchedule({ depositFen, reservedOn: reservedOn ?? input.changedOn });
        if (schedule.length > 0) await tx.saleInstalment.createMany({ data: schedule.map((row) => ({ saleId: created.id, seq: row.seq, kind: row.kind, dueOn: civilToDate(row.dueOn), amountFen: row.amountFen })) });
        if (received !== 0n) {
          const on = civilToDate(input.changedOn);
          await tx.receipt.create({ data: { saleId: deal.id, receivedOn: on, amountFen: -received, kind: "transfer", note: `→ ${u.code}` } });
          await tx.receipt.create({ data: { saleId: created.id, receivedOn: on, amountFen: received, kind: "transfer", note: `← ${deal.unit?.code ?? ""}` } });
        }
        await tx.saleRecord.update({ where: { id: deal.id }, data: { status: "changed", cancelledOn: civilToDate(input.changedOn), cancelReason: input.reason, changedToId: created.id } });
        if (deal.unitId) await tx.unit.update({ where: { id: deal.unitId }, data: { status: "available", version: { increment: 1 } } });
        await tx.unit.update({ where: { id: u.id }, data: { status: deal.status, version: { increment: 1 } } });
        await recordAudit(tx, {
          userId: actor.userId,
          area: "sales",
          entity: "SaleRecord",
          entityId: deal.id,
          action: "change_unit",
          before: { unit: deal.unit?.code, amountFen: deal.amountFen },
          after: { unit: u.code, amountFen: input.price, newSaleId: created.id, movedFen: received },
          reason: input.reason,
        });
        return { ok: true as const, saleId: created.id };
      },
      (done) => done.saleId,
      async (saleId) => (saleId ? { ok: true as const, saleId } : null),
    );
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("newUnitCode", "unit_taken", { unit: input.newUnitCode });
    throw error;
  }
}

// ─── 更名 ────────────────────────────────────────────────────────────────────

export async function renameBuyer(projectId: number, input: RenameInput, actor: DealActor) {
  return writeTransaction(async (tx) => {
    const deal = await activeDeal(tx, projectId, input.saleId);
    if (!deal) return refuse("saleId", "invalid_choice");
    if (deal.buyerName === input.buyerName) return refuse("buyerName", "rename_same");
    await tx.saleRecord.update({ where: { id: deal.id }, data: { buyerName: input.buyerName } });
    await recordAudit(tx, { userId: actor.userId, area: "sales", entity: "SaleRecord", entityId: deal.id, action: "rename", before: { buyerName: deal.buyerName }, after: { buyerName: input.buyerName }, reason: input.reason });
    return { ok: true as const, saleId: deal.id };
  });
}

// ─── Reading one deal ────────────────────────────────────────────────────────

/** A deal with its receivable schedule applied to the money received, as of `today`. */
export async function dealDetail(projectId: number, saleId: number, today: CivilDate) {
  const deal = await prisma.saleRecord.findFirst({
    where: { id: saleId, projectId },
    select: {
      id: true,
      unitNo: true,
      product: true,
      status: true,
      amountFen: true,
      listPriceFen: true,
      depositFen: true,
      unitPriceFen: true,
      areaCsqm: true,
      paymentPlan: true,
      reservedOn: true,
      signedOn: true,
      cancelledOn: true,
      cancelReason: true,
      changedToId: true,
      buyerName: true,
      buyerType: true,
      instalments: { orderBy: { seq: "asc" }, select: { seq: true, kind: true, dueOn: true, amountFen: true } },
      receipts: { orderBy: [{ receivedOn: "asc" }, { id: "asc" }], select: { id: true, receivedOn: true, amountFen: true, kind: true, note: true } },
    },
  });
  if (!deal) return null;
  const received = deal.receipts.reduce((sum, r) => sum + r.amountFen, 0n);
  const schedule = deal.instalments.map((row) => ({ seq: row.seq, kind: row.kind, dueOn: dateToCivil(row.dueOn), amountFen: row.amountFen }));
  const active = ACTIVE.includes(deal.status);
  const applied = applyReceipts(schedule, active ? received : 0n, today);
  return {
    ...deal,
    reservedOn: deal.reservedOn ? dateToCivil(deal.reservedOn) : null,
    signedOn: deal.signedOn ? dateToCivil(deal.signedOn) : null,
    cancelledOn: deal.cancelledOn ? dateToCivil(deal.cancelledOn) : null,
    instalments: undefined,
    receipts: deal.receipts.map((r) => ({ ...r, receivedOn: dateToCivil(r.receivedOn) })),
    receivedFen: received,
    owedFen: active ? deal.amountFen - received : 0n,
    schedule: applied,
  };
}
export type DealDetail = NonNullable<Awaited<ReturnType<typeof dealDetail>>>;
