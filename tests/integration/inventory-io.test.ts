// The unit inventory workbook (房源/价目表, issue 15): the export read back unchanged, an import that is
// all or nothing with every row error listed, unit codes compared after normalisation ("A-1201" is
// "a-1201"), units under an active deal keeping all but their prices, and hostile files refused with a
// clear answer, never a throw. Against a fresh SQLite file holding the reference project.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { yuan } from "~/models/cost/io/workbook.server";
import { importInventory, MAX_INVENTORY_BYTES, MAX_INVENTORY_UNITS } from "~/models/sales/inventory-io.server";
import { action as importAction, loader as importLoader } from "~/routes/sales.units.import";
import { loader as exportLoader } from "~/routes/sales.units[.]xlsx";
import { seedReferenceProject } from "../../prisma/seed";
import { callLoader, cookieFor, ORIGIN, payload } from "../helpers/requests";
import { download, workbookOf } from "../helpers/workbooks";
import { inlineCell, repeatedPart, xlsxOf } from "../helpers/xlsx-files";

type RowError = { row: number; sheet: string; field: string; message: string; vars?: Record<string, string> };
type Result = { ok: true; created: number; updated: number; buildings: { created: number; updated: number } } | { ok: false; errors: RowError[] };

const BUILDING_HEADER = ["楼栋编码", "楼栋名称", "英文名称", "业态", "预售许可证节点"];
const UNIT_HEADER = ["楼栋", "楼层", "户号", "房号", "户型", "建筑面积(m²)", "套内面积(m²)", "表价(元)", "底价(元)", "销售/租赁", "状态"];
const EN_UNIT_HEADER = ["Building", "Floor", "Position", "Unit", "Room type", "Gross area (m²)", "Net area (m²)", "List price (yuan)", "Floor price (yuan)", "Sale/lease", "Status"];

let projectId: number;

// The reference project holds the tower T1 (floors 3–30 × 8, some reserved by 内部认购) and the podium
// P1 (20 shops for sale, 10 units for lease without prices). The first import adds a second tower of
// 3 floors × 2 and a shop for lease.
const BUILDINGS = [
  ["T2", "2号公寓楼", "Tower 2", "公寓", "M24"],
  ["S2", "商业街", "High street", "商业", ""],
];
const UNITS = [
  ["T2", 1, "01", "", "两室一厅", 89.57, 72.1, 1_234_567.89, 1_200_000, "销售", ""],
  ["T2", 1, "02", "", "三室两厅", 120, 98.35, 1_650_000, 1_600_000, "销售", "未推"],
  ["T2", 2, "01", "", "两室一厅", 89.57, 72.1, 1_244_567.89, 1_210_000, "销售", ""],
  ["T2", 2, "02", "", "三室两厅", 120, 98.35, 1_660_000, 1_610_000, "销售", ""],
  ["T2", 3, "01", "", "两室一厅", 89.57, 72.1, 1_254_567.89, 1_220_000, "销售", ""],
  ["T2", 3, "02", "", "三室两厅", 120, 98.35, 1_670_000, 1_620_000, "销售", ""],
  ["S2", 1, "01", "S2-101", "商铺", "56.20", "50", "", "", "租赁", ""],
];
const SEEDED_UNITS = 254;

async function workbook(sheets: { buildings?: unknown[][]; units?: unknown[][]; unitHeader?: string[]; unitSheet?: string }) {
  const book = new ExcelJS.Workbook();
  if (sheets.buildings) {
    const sheet = book.addWorksheet("楼栋");
    sheet.addRow(BUILDING_HEADER);
    for (const row of sheets.buildings) sheet.addRow(row);
  }
  if (sheets.units) {
    const sheet = book.addWorksheet(sheets.unitSheet ?? "房源");
    sheet.addRow(sheets.unitHeader ?? UNIT_HEADER);
    for (const row of sheets.units) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A multipart upload to the import page's action, the way the browser sends it. */
async function upload(body: Buffer | string, as = "sales", filename = "units.xlsx") {
  const form = new FormData();
  form.append("file", new Blob([typeof body === "string" ? body : new Uint8Array(body)]), filename);
  const request = new Request(`${ORIGIN}/sales/units/import`, { method: "POST", body: form, headers: { Origin: ORIGIN, Cookie: await cookieFor(as) } });
  try {
    return await importAction({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const imported = async (body: Buffer | string, as = "sales") => payload<Result>(await upload(body, as));

async function snapshot() {
  const units = await prisma.unit.findMany({
    orderBy: { code: "asc" },
    select: { code: true, floor: true, position: true, roomType: true, grossAreaCsqm: true, netAreaCsqm: true, listPriceFen: true, floorPriceFen: true, disposition: true, status: true, version: true, building: { select: { code: true } } },
  });
  const buildings = await prisma.building.findMany({ orderBy: { code: "asc" }, select: { code: true, name: true, nameEn: true, use: true, presaleMilestoneId: true, sortOrder: true } });
  return { units, buildings, audit: await prisma.auditLog.count() };
}

const rowsOf = (sheet: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
};

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
});

describe("the first import", () => {
  it("creates the buildings and units, exactly, with one audit entry", async () => {
    const before = await prisma.auditLog.count({ where: { area: "sales" } });
    expect(await imported(await workbook({ buildings: BUILDINGS, units: UNITS }))).toEqual({ status: 200, data: { ok: true, created: 7, updated: 0, buildings: { created: 2, updated: 0 } } });
    const t2 = await prisma.building.findFirstOrThrow({ where: { projectId, code: "T2" }, include: { presaleMilestone: { select: { code: true } } } });
    expect([t2.name, t2.nameEn, t2.use, t2.presaleMilestone?.code, t2.sortOrder]).toEqual(["2号公寓楼", "Tower 2", "apartment", "M24", 2]);
    const units = await prisma.unit.findMany({ where: { projectId, building: { code: { in: ["T2", "S2"] } } }, orderBy: { code: "asc" } });
    expect(units.map((u) => u.code)).toEqual(["S2-101", "T2-101", "T2-102", "T2-201", "T2-202", "T2-301", "T2-302"]);
    const first = units.find((u) => u.code === "T2-101")!;
    expect([first.floor, first.position, first.roomType, first.grossAreaCsqm, first.netAreaCsqm, first.listPriceFen, first.floorPriceFen, first.disposition, first.status]).toEqual([
      1, "01", "两室一厅", 8957, 7210, 123_456_789n, 120_000_000n, "sale", "available",
    ]);
    const shop = units.find((u) => u.code === "S2-101")!;
    expect([shop.grossAreaCsqm, shop.netAreaCsqm, shop.listPriceFen, shop.floorPriceFen, shop.disposition]).toEqual([5620, 5000, 0n, 0n, "lease"]);
    expect(units.find((u) => u.code === "T2-102")!.status).toBe("unreleased");
    expect(await prisma.unit.count({ where: { projectId } })).toBe(SEEDED_UNITS + 7);
    const [audit] = await prisma.auditLog.findMany({ where: { area: "sales" }, orderBy: { id: "desc" }, take: 1 });
    expect(await prisma.auditLog.count({ where: { area: "sales" } })).toBe(before + 1);
    expect(JSON.parse(audit.after!)).toMatchObject({ created: 7, updated: 0, buildings: { created: 2, updated: 0 } });
  });
});

describe("export and import back", () => {
  it("exports both sheets with the import's headers, and the file imports back changing nothing", async () => {
    const response = await download(exportLoader, "/sales/units.xlsx", { as: "member" });
    expect(response.status).toBe(200);
    const book = await workbookOf(response.clone());
    expect(book.worksheets.map((s) => s.name)).toEqual(["楼栋", "房源", "说明"]);
    const units = rowsOf(book.getWorksheet("房源")!);
    expect(units).toHaveLength(1 + SEEDED_UNITS + 7);
    expect(units[0]).toEqual(UNIT_HEADER);
    // T1 first (its floors from the lowest), 15,100元/m² × 89 m², 底价 94 % of it.
    expect(units[1]).toEqual(["T1", 3, "01", "T1-301", "两室两厅一卫", 89, 70.5, 1_343_900, 1_263_300, "销售", "未推"]);
    expect(units.find((row) => row[3] === "T1-1203")?.[10]).toBe("认购");
    expect(units.at(-1)).toEqual(["S2", 1, "01", "S2-101", "商铺", 56.2, 50, 0, 0, "租赁", "可售"]);
    expect(rowsOf(book.getWorksheet("楼栋")!).slice(1)).toEqual([
      ["T1", "公寓塔楼", "Apartment tower", "公寓", "M24"],
      ["P1", "商业裙楼", "Commercial podium", "商业", "M24"],
      ["T2", "2号公寓楼", "Tower 2", "公寓", "M24"],
      ["S2", "商业街", "High street", "商业", ""],
    ]);

    const before = await snapshot();
    const file = Buffer.from(await response.arrayBuffer());
    expect(await imported(file)).toEqual({ status: 200, data: { ok: true, created: 0, updated: 0, buildings: { created: 0, updated: 0 } } });
    const after = await snapshot();
    expect(after.units).toEqual(before.units);
    expect(after.buildings).toEqual(before.buildings);
  });

  it("the English export reads back too", async () => {
    const response = await download(exportLoader, "/sales/units.xlsx", { as: "exec", lang: "en" });
    const book = await workbookOf(response.clone());
    expect(book.worksheets.map((s) => s.name)).toEqual(["Buildings", "Units", "Help"]);
    expect(rowsOf(book.getWorksheet("Units")!)[0]).toEqual(EN_UNIT_HEADER);
    const before = await snapshot();
    expect((await imported(Buffer.from(await response.arrayBuffer()))).data).toEqual({ ok: true, created: 0, updated: 0, buildings: { created: 0, updated: 0 } });
    expect((await snapshot()).units).toEqual(before.units);
  });

  it("needs a signed-in user to download, and sales.write to import", async () => {
    expect((await download(exportLoader, "/sales/units.xlsx", { as: null })).status).toBe(302);
    const denied = await upload(await workbook({ units: UNITS }), "member");
    expect(denied instanceof Response ? denied.status : 200).toBe(403);
    const page = await callLoader(importLoader, "/sales/units/import", { as: "member" });
    expect(page).toEqual({ maxMb: MAX_INVENTORY_BYTES / 1_000_000, maxUnits: MAX_INVENTORY_UNITS });
  });
});

describe("all or nothing", () => {
  it("lists every bad row and saves nothing when one row is wrong", async () => {
    const before = await snapshot();
    const units = [
      ["T2", 4, "01", "", "两室一厅", 89.57, 72.1, 1_300_000, 1_250_000, "销售", ""], // fine on its own
      ["T2", 4, "02", "", "三室两厅", 98, 120, 1_300_000, 1_350_000, "销售", ""], // net > gross, floor price > list
      ["T2", 201, "01", "", "", 89.571, -3, "abc", 0, "出让", "签约"],
      ["X9", 1, "01", "", "", 50, 40, 500_000, 400_000, "", ""],
      ["T2", 5, "ABCDE", "", "", 50, 40, "", 0, "", ""],
    ];
    const result = await imported(await workbook({ units }));
    expect(result.status).toBe(400);
    if (result.data.ok) throw new Error("imported");
    expect(result.data.errors.map((e) => [e.sheet, e.row, e.field, e.message])).toEqual([
      ["房源", 3, "netArea", "inventory_net_over_gross"],
      ["房源", 3, "floorPrice", "inventory_floor_over_list"],
      ["房源", 4, "floor", "inventory_invalid_floor"],
      ["房源", 4, "grossArea", "inventory_invalid_area"],
      ["房源", 4, "netArea", "inventory_invalid_area"],
      ["房源", 4, "listPrice", "inventory_invalid_price"],
      ["房源", 4, "disposition", "inventory_invalid_disposition"],
      ["房源", 6, "position", "inventory_invalid_position"],
    ]);
    // A unit for sale needs both prices above zero.
    const prices = await imported(await workbook({ units: [["T2", 5, "01", "", "", 50, 40, "", 0, "", ""]] }));
    expect(prices.data).toEqual({
      ok: false,
      errors: [
        { row: 2, sheet: "房源", field: "listPrice", message: "required" },
        { row: 2, sheet: "房源", field: "floorPrice", message: "inventory_invalid_price" },
      ],
    });
    // The unknown building is found once the rows are valid on their own: fix the rest and it is listed.
    const second = await imported(await workbook({ units: [units[0], units[3]] }));
    expect(second).toEqual({ status: 400, data: { ok: false, errors: [{ row: 3, sheet: "房源", field: "building", message: "inventory_unknown_building", vars: { code: "X9" } }] } });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a new unit said to be signed, a unit moved elsewhere, a taken position and an unknown milestone", async () => {
    const before = await snapshot();
    const result = await imported(
      await workbook({
        buildings: [["T3", "3号楼", "", "公寓", "M99"]],
        units: [
          ["T2", 5, "01", "", "", 50, 40, 500_000, 400_000, "", "签约"],
          ["T2", 6, "01", "T2-101", "两室一厅", 89.57, 72.1, 1_234_567.89, 1_200_000, "销售", ""],
          ["T2", 2, "01", "T2-2-01", "", 50, 40, 500_000, 400_000, "", ""],
        ],
      }),
    );
    expect(result.data).toEqual({
      ok: false,
      errors: [
        { row: 2, sheet: "楼栋", field: "presale", message: "inventory_unknown_milestone", vars: { code: "M99" } },
        { row: 2, sheet: "房源", field: "status", message: "inventory_status_new" },
        { row: 3, sheet: "房源", field: "floor", message: "inventory_unit_moved", vars: { code: "T2-101" } },
        { row: 4, sheet: "房源", field: "position", message: "inventory_position_taken", vars: { code: "T2-201" } },
      ],
    });
    expect(await snapshot()).toEqual(before);
  });
});

describe("unit codes", () => {
  it("refuses \"A-1201\" and \"a-1201\" in one file as the same unit", async () => {
    const before = await snapshot();
    const result = await imported(
      await workbook({
        buildings: [["A", "A座", "Block A", "公寓", ""]],
        units: [
          ["A", 12, "01", "A-1201", "", 90, 75, 1_000_000, 950_000, "", ""],
          ["A", 12, "02", "a-1201", "", 90, 75, 1_000_000, 950_000, "", ""],
          ["A", 12, "03", "Ａ－１２０１", "", 90, 75, 1_000_000, 950_000, "", ""],
        ],
      }),
    );
    expect(result.data).toEqual({
      ok: false,
      errors: [
        { row: 3, sheet: "房源", field: "unitCode", message: "inventory_duplicate_unit", vars: { code: "A-1201", row: "2" } },
        { row: 4, sheet: "房源", field: "unitCode", message: "inventory_duplicate_unit", vars: { code: "A-1201", row: "2" } },
      ],
    });
    expect(await snapshot()).toEqual(before);
  });

  it("updates the stored unit when the file writes its code otherwise (\"t2 301\" is T2-301)", async () => {
    const result = await imported(await workbook({ units: [["t2", 3, "01", " t2 301 ", "两室一厅", 89.57, 72.1, 1_264_567.89, 1_220_000, "销售", ""]] }));
    expect(result.data).toEqual({ ok: true, created: 0, updated: 1, buildings: { created: 0, updated: 0 } });
    const unit = await prisma.unit.findFirstOrThrow({ where: { projectId, code: "T2-301" } });
    expect([unit.listPriceFen, unit.version]).toEqual([126_456_789n, 2]);
    expect(await prisma.unit.count({ where: { projectId } })).toBe(SEEDED_UNITS + 7);
  });
});

describe("units under an active deal", () => {
  const rowOf = (unit: { floor: number; position: string; code: string; roomType: string; grossAreaCsqm: number; netAreaCsqm: number; listPriceFen: bigint; floorPriceFen: bigint }, building: string) => [
    building, unit.floor, unit.position, unit.code, unit.roomType, unit.grossAreaCsqm / 100, unit.netAreaCsqm / 100, yuan(unit.listPriceFen), yuan(unit.floorPriceFen), "销售", "",
  ];

  it("keep their areas, room type and disposition; only their prices may change", async () => {
    const unit = await prisma.unit.findFirstOrThrow({ where: { projectId, code: "T2-201" } });
    await prisma.saleRecord.create({
      data: { projectId, unitId: unit.id, product: "apartment_presale", unitNo: unit.code, areaCsqm: unit.grossAreaCsqm, unitPriceFen: 1_389_500n, amountFen: 124_456_789n, status: "reserved", reservedOn: new Date("2026-11-20T00:00:00Z") },
    });
    const subscribed = await prisma.unit.findFirstOrThrow({ where: { projectId, code: "T1-1203" } }); // reserved by the seed's 内部认购
    const before = await snapshot();
    const changedArea = await imported(
      await workbook({
        units: [
          ["T2", 2, "01", "", "两室两厅", 90.57, 72.1, 1_244_567.89, 1_210_000, "租赁", ""],
          [...rowOf(subscribed, "T1").slice(0, 6), (subscribed.netAreaCsqm - 100) / 100, ...rowOf(subscribed, "T1").slice(7)],
        ],
      }),
    );
    expect(changedArea.data).toEqual({
      ok: false,
      errors: [
        { row: 2, sheet: "房源", field: "roomType", message: "inventory_locked_reserved" },
        { row: 2, sheet: "房源", field: "grossArea", message: "inventory_locked_reserved" },
        { row: 2, sheet: "房源", field: "disposition", message: "inventory_locked_reserved" },
        { row: 3, sheet: "房源", field: "netArea", message: "inventory_locked_reserved" },
      ],
    });
    expect(await snapshot()).toEqual(before);

    // New prices on the reserved units and a new area on a free one: all fine.
    const repriced = await imported(
      await workbook({
        units: [
          ["T2", 2, "01", "", "两室一厅", 89.57, 72.1, 1_300_000, 1_250_000, "销售", "可售"],
          ["T2", 2, "02", "", "三室两厅", 121.5, 99, 1_660_000, 1_610_000, "销售", ""],
          [...rowOf(subscribed, "T1").slice(0, 7), 2_000_000, 1_900_000, "销售", "认购"],
        ],
      }),
    );
    expect(repriced.data).toEqual({ ok: true, created: 0, updated: 3, buildings: { created: 0, updated: 0 } });
    const after = await prisma.unit.findMany({ where: { projectId, code: { in: ["T1-1203", "T2-201", "T2-202"] } }, orderBy: { code: "asc" } });
    expect(after.map((u) => [u.code, u.grossAreaCsqm, u.netAreaCsqm, u.listPriceFen, u.floorPriceFen, u.status])).toEqual([
      ["T1-1203", subscribed.grossAreaCsqm, subscribed.netAreaCsqm, 200_000_000n, 190_000_000n, "reserved"],
      ["T2-201", 8957, 7210, 130_000_000n, 125_000_000n, "available"],
      ["T2-202", 12150, 9900, 166_000_000n, 161_000_000n, "available"],
    ]);
  });
});

describe("hostile files", () => {
  const fileError = (message: string, vars?: Record<string, string>) => ({ ok: false, errors: [{ row: 0, sheet: "", field: "file", message, ...(vars ? { vars } : {}) }] });

  it("refuses a file that is not a workbook", async () => {
    const before = await snapshot();
    expect(await imported("楼栋,楼层,户号\nT1,1,01\n")).toEqual({ status: 400, data: fileError("inventory_not_xlsx") });
    expect(await imported(Buffer.from("PK\u0003\u0004 not really a zip at all"))).toEqual({ status: 400, data: fileError("inventory_not_xlsx") });
    expect(await imported(await workbook({ buildings: BUILDINGS }))).toEqual({ status: 400, data: fileError("inventory_no_units_sheet") });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an oversized upload with 413, and an oversized buffer without throwing", async () => {
    const huge = Buffer.alloc(MAX_INVENTORY_BYTES + 1_000, 0x41);
    const maxMb = String(MAX_INVENTORY_BYTES / 1_000_000);
    expect(await imported(huge)).toEqual({ status: 413, data: fileError("inventory_file_too_large", { maxMb }) });
    expect(await importInventory(projectId, huge, { userId: null })).toEqual(fileError("inventory_file_too_large", { maxMb }));
  });

  it("refuses a zip bomb and a sheet past the row limit quickly", { timeout: 60_000 }, async () => {
    const before = await snapshot();
    const bomb = xlsxOf({ sheets: [{ name: "房源", part: repeatedPart("x", [{ data: Buffer.alloc(1 << 20), times: 1024 }]) }] });
    expect((await imported(bomb)).data).toEqual(fileError("unpacked_too_large", { maxMb: "40" }));

    const header = `<row r="1">${["楼栋", "楼层", "户号"].map((text, i) => inlineCell(`${"ABC"[i]}1`, text)).join("")}</row>`;
    const rows: string[] = [header];
    for (let r = 2; r <= MAX_INVENTORY_UNITS + 2; r += 1) rows.push(`<row r="${r}">${inlineCell(`A${r}`, "T1")}<c r="B${r}"><v>${r}</v></c>${inlineCell(`C${r}`, "01")}</row>`);
    const long = xlsxOf({ sheets: [{ name: "房源", rows: rows.join("") }] });
    const started = Date.now();
    const result = await imported(long);
    expect(result.status).toBe(400);
    if (result.data.ok) throw new Error("imported");
    expect(result.data.errors.slice(0, 2)).toEqual([
      { row: 0, sheet: "房源", field: "file", message: "inventory_missing_columns", vars: { columns: "建筑面积(m²)、套内面积(m²)、表价(元)、底价(元)" } },
      { row: 0, sheet: "房源", field: "file", message: "inventory_too_many_rows", vars: { sheet: "房源", max: "50,000" } },
    ]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await snapshot()).toEqual(before);
  });
});
