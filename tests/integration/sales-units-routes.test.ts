// The 销控表 and unit pages (routes/sales.units._index.tsx, routes/sales.units.$code.tsx) through their
// loaders and actions, against a fresh SQLite file with the reference project and a small test building
// (TX, apartments, 3 floors × 2 units) whose pre-sale permit is a seeded milestone: the grid and its
// legend, a unit's 404 and canonical address, a refused form keeping what was typed, the permit gate,
// and a deal 认购 → 签约 → 回款, then 换房 and 退房 with the unit's history.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { loader as gridLoader } from "~/routes/sales.units._index";
import { action as unitAction, loader as unitLoader } from "~/routes/sales.units.$code";
import { civilToDate } from "~/utils/dates";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction, callLoader, payload } from "../helpers/requests";

const WAN = 1_000_000n; // 1万元 in 分

let projectId: number;
let permitId: number;

type FieldError = string | { message: string; vars?: Record<string, string> };
type Refused = { intent: string; errors: Record<string, FieldError>; values: Record<string, string> };
type UnitPage = Exclude<Awaited<ReturnType<typeof unitLoader>>, Response>;
type GridPage = Exclude<Awaited<ReturnType<typeof gridLoader>>, Response>;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  const permit = await prisma.milestone.findFirstOrThrow({ where: { projectId, status: { not: "done" } }, orderBy: { sortOrder: "asc" }, select: { id: true } });
  permitId = permit.id;
  const building = await prisma.building.create({ data: { projectId, code: "TX", name: "测试公寓楼", nameEn: "Test tower", use: "apartment", presaleMilestoneId: permitId, sortOrder: -1 } });
  const units = [1, 2, 3].flatMap((floor) =>
    ["01", "02"].map((position) => ({
      projectId,
      buildingId: building.id,
      code: `TX-${floor}${position}`,
      floor,
      position,
      roomType: "两室一厅",
      grossAreaCsqm: 8_950,
      netAreaCsqm: 7_200,
      listPriceFen: 100n * WAN,
      floorPriceFen: 95n * WAN,
      status: floor === 3 && position === "02" ? "unreleased" : "available",
    })),
  );
  await prisma.unit.createMany({ data: units });
});

const unitPage = async (code: string, as = "sales") => callLoader(unitLoader, `/sales/units/${code}`, { as, params: { code } });
const onUnit = (code: string, fields: Record<string, string>, as = "sales") => callAction(unitAction, `/sales/units/${code}`, fields, { as, params: { code } });
const refused = (result: unknown) => payload<Refused>(result);
const messageOf = (result: unknown, field: string) => {
  const error = refused(result).data.errors[field];
  return typeof error === "string" ? error : error?.message;
};
const location = (result: unknown) => (result instanceof Response ? `${result.status} ${result.headers.get("Location")}` : `not a redirect: ${JSON.stringify(result)}`);
const reserveFields = (extra: Record<string, string> = {}) => ({ intent: "reserve", buyerName: "张三", buyerType: "individual", price: "1000000", deposit: "50000", depositReceived: "on", reservedOn: "2026-11-20", ...extra });

async function markPermitDone() {
  await prisma.milestone.update({ where: { id: permitId }, data: { status: "done", percentComplete: 100, actualStart: civilToDate("2026-10-01"), actualEnd: civilToDate("2026-11-01") } });
}

describe("the 销控表", () => {
  it("shows the building as floors × positions with the legend's counts and area", async () => {
    const page = (await callLoader(gridLoader, "/sales/units?building=TX", { as: "member" })) as GridPage;
    expect(page.building?.code).toBe("TX");
    expect(page.buildings.map((b) => b.code)).toContain("TX");
    expect(page.control!.grid.positions).toEqual(["01", "02"]);
    expect(page.control!.grid.rows.map((r) => r.floor)).toEqual([3, 2, 1]);
    expect(page.control!.grid.rows[0].cells.map((c) => c && [c.code, c.status])).toEqual([["TX-301", "available"], ["TX-302", "unreleased"]]);
    expect(page.building!.byStatus.available).toEqual({ count: 5, areaCsqm: 5 * 8_950 });
    expect(page.building!.byStatus.unreleased).toEqual({ count: 1, areaCsqm: 8_950 });
    expect(page.building!.presaleMilestone).toMatchObject({ id: permitId, done: false });
    expect(page.pages).toEqual([]);
  });

  it("pages a building by floor range when asked", async () => {
    const page = (await callLoader(gridLoader, "/sales/units?building=TX&from=1&to=2", { as: "member" })) as GridPage;
    expect(page.control!.grid.rows.map((r) => r.floor)).toEqual([2, 1]);
    expect(page.range).toEqual({ from: 1, to: 2 });
    expect(page.pages.length).toBeGreaterThan(0);
  });
});

describe("a unit's page", () => {
  it("is a 404 for a code that is not a unit, and one address for a unit however it is typed", async () => {
    expect(((await unitPage("TX-999")) as Response).status).toBe(404);
    expect(((await unitPage("not a code!")) as Response).status).toBe(404);
    expect(location(await unitPage("tx 101"))).toBe("302 /sales/units/TX-101");
    const page = (await unitPage("TX-101")) as UnitPage;
    expect(page.unit).toMatchObject({ code: "TX-101", status: "available", listPriceFen: String(100n * WAN), floorPriceFen: String(95n * WAN), grossAreaCsqm: 8_950 });
    expect(page.deal).toBeNull();
    // 100万 ÷ 89.50 m² = 11,173.18 元/m²; the sales role may give 3 %: 97万.
    expect(page.listPerSqmFen).toBe("1117318");
    expect(page.minPriceFen).toBe(String(97n * WAN));
  });

  it("refuses a write without sales.write", async () => {
    expect(((await onUnit("TX-101", reserveFields(), "member")) as Response).status).toBe(403);
  });
});

describe("a deal through the unit page", () => {
  it("keeps what was typed when a field is wrong", async () => {
    const result = await onUnit("TX-101", reserveFields({ price: "一百万", buyerName: "李四", deposit: "20000" }));
    const { status, data } = refused(result);
    expect(status).toBe(400);
    expect(data.intent).toBe("reserve");
    expect(data.errors.price).toBe("invalid_amount");
    expect(data.values).toMatchObject({ buyerName: "李四", price: "一百万", deposit: "20000", reservedOn: "2026-11-20", depositReceived: "on" });
    expect(await prisma.saleRecord.count({ where: { unitId: { not: null }, unitNo: "TX-101" } })).toBe(0);
  });

  it("refuses a public reservation before the pre-sale permit, beside the form, keeping the values", async () => {
    const result = await onUnit("TX-101", reserveFields());
    expect(refused(result).status).toBe(400);
    expect(refused(result).data.errors.unitCode).toMatchObject({ message: "presale_permit_missing" });
    expect(refused(result).data.values.buyerName).toBe("张三");
  });

  it("refuses a price beyond the seller's discount authority", async () => {
    await markPermitDone();
    const result = await onUnit("TX-101", reserveFields({ price: "960000" }));
    expect(messageOf(result, "price")).toBe("price_over_authority");
  });

  it("reserves, signs on a mortgage and records collections", async () => {
    expect(location(await onUnit("TX-101", reserveFields()))).toBe("302 /sales/units/TX-101?saved=reserve");
    let page = (await unitPage("TX-101")) as UnitPage;
    expect(page.unit.status).toBe("reserved");
    expect(page.deal).toMatchObject({ status: "reserved", buyerName: "张三", amountFen: String(100n * WAN), depositFen: String(5n * WAN), receivedFen: String(5n * WAN) });
    expect(page.deal!.schedule.rows.map((r) => [r.kind, r.amountFen, r.outstandingFen])).toEqual([["deposit", String(5n * WAN), "0"]]);
    const saleId = String(page.deal!.id);

    // The unit is taken: a second reservation is refused.
    expect(messageOf(await onUnit("TX-101", reserveFields({ buyerName: "王五" })), "unitCode")).toBe("unit_taken");

    // Signing: a wrong down payment keeps the values, then a mortgage with 30 % down.
    const wrong = await onUnit("TX-101", { intent: "sign", saleId, signedOn: "2026-11-25", plan: "mortgage", downPaymentPercent: "10", instalments: "3" });
    expect(messageOf(wrong, "downPaymentPercent")).toBe("down_payment_range");
    expect(refused(wrong).data.values).toMatchObject({ plan: "mortgage", downPaymentPercent: "10", signedOn: "2026-11-25" });
    expect(messageOf(await onUnit("TX-101", { intent: "sign", saleId, signedOn: "2026-11-19", plan: "mortgage", downPaymentPercent: "30", instalments: "3" }), "signedOn")).toBe("signed_before_reserved");
    expect(location(await onUnit("TX-101", { intent: "sign", saleId, signedOn: "2026-11-25", plan: "mortgage", downPaymentPercent: "30", instalments: "3" }))).toBe("302 /sales/units/TX-101?saved=sign");
    page = (await unitPage("TX-101")) as UnitPage;
    expect(page.unit.status).toBe("signed");
    expect(page.deal!.schedule.rows.map((r) => [r.kind, r.dueOn, r.amountFen])).toEqual([
      ["deposit", "2026-11-20", String(5n * WAN)],
      ["down_payment", "2026-12-02", String(25n * WAN)],
      ["mortgage", "2027-01-24", String(70n * WAN)],
    ]);

    // 回款: the down payment, then more than is owed is refused.
    expect(location(await onUnit("TX-101", { intent: "receipt", saleId, receivedOn: "2026-11-27", amount: "250000", kind: "payment" }))).toBe("302 /sales/units/TX-101?saved=receipt");
    page = (await unitPage("TX-101")) as UnitPage;
    expect(page.deal).toMatchObject({ receivedFen: String(30n * WAN), owedFen: String(70n * WAN) });
    expect(page.deal!.receipts.map((r) => [r.kind, r.amountFen])).toEqual([["deposit", String(5n * WAN)], ["payment", String(25n * WAN)]]);
    expect(page.deal!.schedule.totals.overdueFen).toBe("0");
    expect(messageOf(await onUnit("TX-101", { intent: "receipt", saleId, receivedOn: "2026-11-27", amount: "700000.01", kind: "mortgage" }), "amount")).toBe("over_owed");

    // The grid shows it signed, with the buyer.
    const grid = (await callLoader(gridLoader, "/sales/units?building=TX", { as: "sales" })) as GridPage;
    const cell = grid.control!.grid.rows.find((r) => r.floor === 1)!.cells[0]!;
    expect(cell).toMatchObject({ code: "TX-101", status: "signed", buyerName: "张三", internal: false, overdue: false });
    expect(grid.building!.byStatus.signed).toEqual({ count: 1, areaCsqm: 8_950 });
  });

  it("renames the buyer, moves the deal to another unit, then cancels it with a refund", async () => {
    let page = (await unitPage("TX-101")) as UnitPage;
    const saleId = String(page.deal!.id);
    expect(messageOf(await onUnit("TX-101", { intent: "rename", saleId, buyerName: "张三", reason: "家庭变更" }), "buyerName")).toBe("rename_same");
    const noReason = await onUnit("TX-101", { intent: "rename", saleId, buyerName: "张三丰", reason: " " });
    expect(messageOf(noReason, "reason")).toBe("reason_needed");
    expect(refused(noReason).data.values.buyerName).toBe("张三丰");
    expect(location(await onUnit("TX-101", { intent: "rename", saleId, buyerName: "张三丰", reason: "夫妻加名" }))).toBe("302 /sales/units/TX-101?saved=rename");

    // 换房 to "tx-201" as typed: the deal and its money move; the page is the new unit's.
    expect(location(await onUnit("TX-101", { intent: "change", saleId, newUnitCode: "tx-201", price: "1000000", changedOn: "2026-11-27", reason: "换到低楼层" }))).toBe("302 /sales/units/TX-201?saved=change");
    page = (await unitPage("TX-101")) as UnitPage;
    expect(page.unit.status).toBe("available");
    expect(page.deal).toBeNull();
    expect(page.history.map((d) => [d.status, d.cancelReason, d.buyerName])).toEqual([["changed", "换到低楼层", "张三丰"]]);
    page = (await unitPage("TX-201")) as UnitPage;
    expect(page.deal).toMatchObject({ status: "signed", buyerName: "张三丰", receivedFen: String(30n * WAN) });

    // 退房 with a refund above what was received is refused; then 20万 refunded, the rest kept.
    const newSaleId = String(page.deal!.id);
    expect(messageOf(await onUnit("TX-201", { intent: "cancel", saleId: newSaleId, cancelledOn: "2026-11-27", refund: "300000.01", reason: "买方贷款未获批" }), "refund")).toBe("refund_over_received");
    expect(location(await onUnit("TX-201", { intent: "cancel", saleId: newSaleId, cancelledOn: "2026-11-27", refund: "200000", reason: "买方贷款未获批" }))).toBe("302 /sales/units/TX-201?saved=cancel");
    page = (await unitPage("TX-201")) as UnitPage;
    expect(page.unit.status).toBe("available");
    expect(page.history[0]).toMatchObject({ status: "cancelled", cancelReason: "买方贷款未获批" });
  });

  it("answers an unknown intent with a form error", async () => {
    const result = await onUnit("TX-102", { intent: "constructor" });
    expect(refused(result)).toMatchObject({ status: 400, data: { errors: { form: "invalid" } } });
  });
});

describe("many buildings", () => {
  it("names the other buildings only (their figures stay on the server) and still opens the one asked for", async () => {
    for (let i = 0; i < 12; i++) await prisma.building.create({ data: { projectId, code: `ZB${i}`, name: `测试楼${i}`, use: "apartment" } });
    const page = (await callLoader(gridLoader, "/sales/units?building=TX", { as: "member" })) as { buildings: Record<string, unknown>[]; building: { code: string; byStatus: unknown } };
    expect(page.buildings.length).toBeGreaterThan(12);
    for (const b of page.buildings) expect(Object.keys(b).sort()).toEqual(["code", "name", "nameEn", "unitCount"]);
    expect(page.building.code).toBe("TX");
    expect(page.building.byStatus).toBeTruthy();
  });
});
