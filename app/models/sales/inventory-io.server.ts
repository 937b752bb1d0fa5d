// The unit inventory as a workbook (房源/价目表, issue 15): a Buildings sheet (楼栋) and a Units sheet
// (房源), exported in the reader's language and imported back in either.
//
// As the payment import (app/models/cost/io/payment-import.server.ts): the file goes through the bounded
// .xlsx reader (never exceljs, which would unpack a hostile workbook whole), columns are found by their
// headers (Chinese or English: the export's own names), every row is checked and every problem listed
// (1-based spreadsheet rows; row 0 is the file itself), and the import is all or nothing: one bad row
// and nothing is written. Areas and prices are read through decimal text, never by float arithmetic.
//
// What an import may change: buildings (name, use, pre-sale permit milestone) and units, upserted by
// their normalised code ("a-1201" is "A-1201"). A unit with an active deal (认购/签约) or lease keeps
// everything but its list and floor prices. Units are never deleted, nor moved, and their status is
// never imported (new units are available, or unreleased when the status column says so).
import { z } from "zod";
import type { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import { ACTIVE_DEAL_STATUSES, BUILDING_USES, DISPOSITIONS, normalizeUnitCode, unitCode, UNIT_STATUSES, type UnitStatus } from "~/domain/sales";
import { translator, type MessageKey } from "~/i18n";
import type { Lang } from "~/utils/money";
import { dateToCivil } from "~/utils/dates";
import { parseYuanToFen } from "~/utils/money";
import { FormulaCell, openXlsx, SheetReadError, XLSX_LIMITS, type SheetCell } from "~/utils/xlsx-reader.server";
import { recordAudit } from "~/models/audit.server";
import { normalizeHeader } from "~/models/cost/io/payment-columns.server";
import { importReads } from "~/models/cost/io/payment-import.server";
import { MONEY_FORMAT, newWorkbook, styleHeader, toBuffer, yuan } from "~/models/cost/io/workbook.server";

/** The upload (a 50,000-unit price list written by the export is about 2–3 MB). */
export const MAX_INVENTORY_BYTES = 10_000_000;
export const MAX_INVENTORY_UNITS = 50_000;
export const MAX_INVENTORY_BUILDINGS = 1_000;
/** Beyond this many row errors the list is cut short (with a file-level note). */
export const MAX_REPORTED_ERRORS = 500;
/** The reader's limits, widened for a 50,000-row sheet (its XML is some 25 MB); everything else as for payments. */
const READ_LIMITS = { ...XLSX_LIMITS, maxPartBytes: 40_000_000, maxTotalBytes: 60_000_000 };
/** Sheets looked at for a header, at most (a workbook may hold thousands of empty ones). */
const MAX_SHEETS = 20;

const MAX_AREA_CSQM = 10_000_000; // 100,000 m²
const MAX_PRICE_FEN = 1_000_000_000_000n; // 100亿元
const TEXT_LIMITS = { name: 100, nameEn: 100, roomType: 50, presale: 40 } as const;

export type InventoryRowError = { row: number; sheet: string; field: string; message: string; vars?: Record<string, string> };
export type InventoryImportResult =
  | { ok: true; created: number; updated: number; buildings: { created: number; updated: number } }
  | { ok: false; errors: InventoryRowError[] };

// ─── Columns ────────────────────────────────────────────────────────────────
// Each column's header is its message (inventoryIo.col.*) in the reader's language; the importer takes
// either language, or the field's own name.

const BUILDING_COLUMNS = [
  { key: "code", required: true, width: 12 },
  { key: "name", required: true, width: 24 },
  { key: "nameEn", required: false, width: 24 },
  { key: "use", required: true, width: 10 },
  { key: "presale", required: false, width: 18 },
] as const;

const UNIT_COLUMNS = [
  { key: "building", required: true, width: 10 },
  { key: "floor", required: true, width: 8 },
  { key: "position", required: true, width: 8 },
  { key: "unitCode", required: false, width: 14 },
  { key: "roomType", required: false, width: 14 },
  { key: "grossArea", required: true, width: 14 },
  { key: "netArea", required: true, width: 14 },
  { key: "listPrice", required: true, width: 18 },
  { key: "floorPrice", required: true, width: 18 },
  { key: "disposition", required: false, width: 10 },
  { key: "status", required: false, width: 10 },
] as const;

type BuildingField = (typeof BUILDING_COLUMNS)[number]["key"];
type UnitField = (typeof UNIT_COLUMNS)[number]["key"];
type SheetKind = "buildings" | "units";

const colKey = (field: string) => `inventoryIo.col.${field}` as MessageKey;
const zh = translator("zh");
const en = translator("en");

function headerMap<F extends string>(columns: readonly { key: F }[], extra: Record<string, F>): Map<string, F> {
  const map = new Map<string, F>();
  for (const column of columns) {
    for (const name of [zh(colKey(column.key)), en(colKey(column.key)), column.key]) map.set(normalizeHeader(name), column.key);
  }
  for (const [alias, key] of Object.entries(extra)) map.set(normalizeHeader(alias), key);
  return map;
}

const BUILDING_HEADERS = headerMap<BuildingField>(BUILDING_COLUMNS, { 楼栋: "code", 楼号: "code", 名称: "name", 用途: "use", 预售许可证: "presale", presalemilestone: "presale" });
const UNIT_HEADERS = headerMap<UnitField>(UNIT_COLUMNS, {
  楼栋编码: "building",
  楼号: "building",
  buildingcode: "building",
  房间号: "unitCode",
  房源编码: "unitCode",
  code: "unitCode",
  unit: "unitCode",
  位置: "position",
  位置号: "position",
  建筑面积: "grossArea",
  套内面积: "netArea",
  表价: "listPrice",
  底价: "floorPrice",
  grossarea: "grossArea",
  netarea: "netArea",
  listprice: "listPrice",
  floorprice: "floorPrice",
});

const SHEET_NAMES: Record<SheetKind, string[]> = {
  buildings: ["楼栋", "楼栋表", "buildings", "building"],
  units: ["房源", "房源表", "价目表", "房源价目表", "units", "unit", "pricelist"],
};

/** Choice cells: the value by its name in either language or by itself. */
function choiceMap<V extends string>(values: readonly V[], prefix: string, extra: Record<string, V> = {}): Map<string, V> {
  const map = new Map<string, V>();
  for (const value of values) {
    for (const name of [zh(`${prefix}.${value}` as MessageKey), en(`${prefix}.${value}` as MessageKey), value]) map.set(normalizeHeader(name), value);
  }
  for (const [alias, value] of Object.entries(extra)) map.set(normalizeHeader(alias), value);
  return map;
}

const USE_BY_NAME = choiceMap(BUILDING_USES, "inventoryIo.use", { 住宅: "apartment", 商铺: "commercial" });
const DISPOSITION_BY_NAME = choiceMap(DISPOSITIONS, "inventoryIo.disposition", { 出售: "sale", 出租: "lease" });
const STATUS_BY_NAME = choiceMap(UNIT_STATUSES, "inventoryIo.status", { 待售: "available", 未推售: "unreleased", 已认购: "reserved", 已签约: "signed", 出租: "leased" });

// ─── Export ─────────────────────────────────────────────────────────────────

/** The inventory workbook: Buildings, Units (in building order, floor, position) and a help sheet. */
export async function inventoryWorkbook(projectId: number, lang: Lang = "zh"): Promise<Buffer> {
  const t = translator(lang);
  const [buildings, units] = await Promise.all([
    prisma.building.findMany({
      where: { projectId },
      orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
      select: { id: true, code: true, name: true, nameEn: true, use: true, presaleMilestone: { select: { code: true } } },
    }),
    prisma.unit.findMany({
      where: { projectId },
      select: {
        buildingId: true,
        code: true,
        floor: true,
        position: true,
        roomType: true,
        grossAreaCsqm: true,
        netAreaCsqm: true,
        listPriceFen: true,
        floorPriceFen: true,
        disposition: true,
        status: true,
      },
    }),
  ]);
  const order = new Map(buildings.map((building, index) => [building.id, index]));
  const codeOf = new Map(buildings.map((building) => [building.id, building.code]));
  units.sort((a, b) => (order.get(a.buildingId) ?? 0) - (order.get(b.buildingId) ?? 0) || a.floor - b.floor || a.position.localeCompare(b.position) || a.code.localeCompare(b.code));

  const workbook = newWorkbook();
  const text = { style: { numFmt: "@" } }; // codes stay text: "01" is not 1
  const buildingSheet = workbook.addWorksheet(t("inventoryIo.sheet.buildings"), { views: [{ state: "frozen", ySplit: 1 }] });
  buildingSheet.columns = BUILDING_COLUMNS.map((column) => ({ key: column.key, header: t(colKey(column.key)), width: column.width, ...text }));
  styleHeader(buildingSheet);
  for (const building of buildings) {
    buildingSheet.addRow({
      code: building.code,
      name: building.name,
      nameEn: building.nameEn,
      use: choiceName(t, "inventoryIo.use", building.use),
      presale: building.presaleMilestone?.code ?? "",
    });
  }

  const unitSheet = workbook.addWorksheet(t("inventoryIo.sheet.units"), { views: [{ state: "frozen", xSplit: 4, ySplit: 1 }] });
  const numeric = new Set<UnitField>(["floor", "grossArea", "netArea", "listPrice", "floorPrice"]);
  unitSheet.columns = UNIT_COLUMNS.map((column) => ({
    key: column.key,
    header: t(colKey(column.key)),
    width: column.width,
    style: { numFmt: column.key === "floor" ? "0" : numeric.has(column.key) ? MONEY_FORMAT : "@" },
  }));
  styleHeader(unitSheet);
  for (const unit of units) {
    unitSheet.addRow({
      building: codeOf.get(unit.buildingId) ?? "",
      floor: unit.floor,
      position: unit.position,
      unitCode: unit.code,
      roomType: unit.roomType,
      grossArea: unit.grossAreaCsqm / 100,
      netArea: unit.netAreaCsqm / 100,
      listPrice: yuan(unit.listPriceFen),
      floorPrice: yuan(unit.floorPriceFen),
      disposition: choiceName(t, "inventoryIo.disposition", unit.disposition),
      status: choiceName(t, "inventoryIo.status", unit.status),
    });
  }
  // The status column is read only on import: greyed.
  unitSheet.getColumn("status").eachCell({ includeEmpty: false }, (cell, row) => {
    if (row > 1) cell.font = { color: { argb: "FF808080" } };
  });

  const help = workbook.addWorksheet(t("inventoryIo.sheet.help"));
  help.getColumn(1).width = 110;
  help.addRow([t("inventoryIo.title")]).font = { bold: true };
  const vars = { maxMb: String(MAX_INVENTORY_BYTES / 1_000_000), maxUnits: MAX_INVENTORY_UNITS.toLocaleString("en-US") };
  for (const key of ["inventoryIo.rule1", "inventoryIo.rule2", "inventoryIo.rule3", "inventoryIo.rule4", "inventoryIo.rule5"] as const) {
    help.addRow([t(key, vars)]).alignment = { wrapText: true, vertical: "top" };
  }
  return toBuffer(workbook);
}

function choiceName(t: ReturnType<typeof translator>, prefix: string, value: string): string {
  const key = `${prefix}.${value}` as MessageKey;
  const name = t(key);
  return name === key ? value : name;
}

// ─── Reading ────────────────────────────────────────────────────────────────

type RawRow<F extends string> = { row: number; cells: Partial<Record<F, SheetCell>> };
type SheetRead<F extends string> = { name: string; rows: RawRow<F>[]; columns: Set<F> };
type FileRead = { buildings: SheetRead<BuildingField> | null; units: SheetRead<UnitField> | null; errors: InventoryRowError[] };

const fileError = (message: string, vars?: Record<string, string>): InventoryRowError => ({ row: 0, sheet: "", field: "file", message, ...(vars ? { vars } : {}) });

function isZip(data: Buffer): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
}

function isBlank(cell: SheetCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

/** Reads both sheets' rows (not yet checked). Never throws for whatever the file holds. */
async function readInventoryFile(data: Buffer): Promise<FileRead> {
  const none = (error: InventoryRowError): FileRead => ({ buildings: null, units: null, errors: [error] });
  if (data.length > MAX_INVENTORY_BYTES) return none(fileError("inventory_file_too_large", { maxMb: String(MAX_INVENTORY_BYTES / 1_000_000) }));
  if (data.length === 0) return none(fileError("empty_file"));
  if (!isZip(data)) return none(fileError("inventory_not_xlsx"));
  try {
    const workbook = await openXlsx(data, READ_LIMITS);
    const found: FileRead = { buildings: null, units: null, errors: [] };
    const sheets = workbook.sheets.slice(0, MAX_SHEETS).map((name, index) => ({ name, index, kind: sheetKindByName(name) }));
    // Sheets named as the export names them first, then any other sheet whose header says what it is.
    sheets.sort((a, b) => Number(a.kind === null) - Number(b.kind === null) || a.index - b.index);
    for (const sheet of sheets) {
      if (found.buildings && found.units) break;
      await readSheet(workbook.scanSheet.bind(workbook, sheet.index), sheet.name, sheet.kind, found);
    }
    if (!found.units && found.errors.length === 0) found.errors.push(fileError("inventory_no_units_sheet"));
    return found;
  } catch (error) {
    if (error instanceof SheetReadError) {
      if (error.code === "too_large") return none(fileError("unpacked_too_large", { maxMb: String(Math.floor((error.limit ?? 0) / 1_000_000)) }));
      if (error.code === "cell_too_long") return none(fileError("cell_too_long", { max: String(error.limit) }));
      return none(fileError("inventory_not_xlsx"));
    }
    // Whatever a file holds must not become a 500: a reader bug is logged and the file refused.
    console.error("inventory import: unexpected error while reading", error);
    return none(fileError("inventory_not_xlsx"));
  }
}

function sheetKindByName(name: string): SheetKind | null {
  const normalized = normalizeHeader(name);
  for (const kind of ["units", "buildings"] as const) {
    if (SHEET_NAMES[kind].some((alias) => normalizeHeader(alias) === normalized)) return kind;
    if (normalizeHeader(zh(`inventoryIo.sheet.${kind}`)) === normalized || normalizeHeader(en(`inventoryIo.sheet.${kind}`)) === normalized) return kind;
  }
  return null;
}

/**
 * One sheet: its header is the first of its first 10 non-empty rows naming at least two columns of
 * the sheet's kind (by its name, or else the kind whose columns the row names: floor and position say
 * units). Rows after it with anything in those columns are kept, up to the kind's limit.
 */
async function readSheet(scan: (visit: (row: { number: number; cells: SheetCell[] }) => boolean | void) => Promise<void>, name: string, named: SheetKind | null, found: FileRead) {
  let searched = 0;
  let kind: SheetKind | null = null;
  let columns: Map<number, string> | null = null;
  const rows: RawRow<string>[] = [];
  let tooMany = false;
  await scan(({ number, cells }) => {
    if (!columns) {
      const header = headerOf(cells, named);
      if (header) {
        if (found[header.kind]) return false; // that sheet was read already
        kind = header.kind;
        columns = header.columns;
        return true;
      }
      searched += 1;
      return searched < 10;
    }
    if (![...columns.keys()].some((index) => !isBlank(cells[index]))) return true;
    if (rows.length >= (kind === "units" ? MAX_INVENTORY_UNITS : MAX_INVENTORY_BUILDINGS)) {
      tooMany = true;
      return false; // refused: no need to read on
    }
    const row: RawRow<string> = { row: number, cells: {} };
    for (const [index, field] of columns) row.cells[field] = cells[index] ?? null;
    rows.push(row);
    return true;
  });
  const sheetKind = kind as SheetKind | null;
  const sheetColumns = columns as Map<number, string> | null;
  if (!sheetKind || !sheetColumns) return;
  const present = new Set(sheetColumns.values());
  const required = (sheetKind === "units" ? UNIT_COLUMNS : BUILDING_COLUMNS).filter((column) => column.required && !present.has(column.key));
  if (required.length > 0) {
    found.errors.push({ row: 0, sheet: name, field: "file", message: "inventory_missing_columns", vars: { columns: required.map((column) => zh(colKey(column.key))).join("、") } });
  }
  if (tooMany) {
    const max = sheetKind === "units" ? MAX_INVENTORY_UNITS : MAX_INVENTORY_BUILDINGS;
    found.errors.push({ row: 0, sheet: name, field: "file", message: "inventory_too_many_rows", vars: { sheet: name, max: max.toLocaleString("en-US") } });
  }
  if (sheetKind === "units") found.units = { name, rows: rows as RawRow<UnitField>[], columns: present as Set<UnitField> };
  else found.buildings = { name, rows: rows as RawRow<BuildingField>[], columns: present as Set<BuildingField> };
}

function headerOf(cells: SheetCell[], named: SheetKind | null): { kind: SheetKind; columns: Map<number, string> } | null {
  const match = (headers: Map<string, string>) => {
    const columns = new Map<number, string>();
    const seen = new Set<string>();
    cells.forEach((cell, index) => {
      const field = typeof cell === "string" ? headers.get(normalizeHeader(cell)) : undefined;
      if (field && !seen.has(field)) {
        seen.add(field);
        columns.set(index, field);
      }
    });
    return columns;
  };
  const units = match(UNIT_HEADERS as Map<string, string>);
  const buildings = match(BUILDING_HEADERS as Map<string, string>);
  if (named === "units") return units.size >= 2 ? { kind: "units", columns: units } : null;
  if (named === "buildings") return buildings.size >= 2 ? { kind: "buildings", columns: buildings } : null;
  const values = new Set(units.values());
  if (values.has("floor") && values.has("position")) return { kind: "units", columns: units };
  if (buildings.size >= 3 && !values.has("floor")) return { kind: "buildings", columns: buildings };
  return null;
}

// ─── Checking rows (zod) ────────────────────────────────────────────────────

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; vars?: Record<string, string> };

/** A double as the decimal Excel displays: 15 significant digits, trailing zeros dropped. */
function decimalText(value: number): string {
  const text = value.toPrecision(15);
  if (/e/i.test(text)) return text;
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** Cell → text (trimmed; numbers as Excel shows them); a formula is refused by the schema. */
function cellText(cell: SheetCell | undefined): string | FormulaCell {
  if (cell instanceof FormulaCell) return cell;
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : dateToCivil(cell);
  if (typeof cell === "number") return Number.isFinite(cell) ? decimalText(cell) : "";
  return cell.trim();
}

/** A zod field over a cell's text: `parse` gives the value or the message (an errors.* key). */
function cellField<T>(parse: (text: string) => Parsed<T>) {
  return z.custom<string | FormulaCell>().transform((input, ctx) => {
    if (input instanceof FormulaCell) {
      ctx.addIssue({ code: "custom", message: "formula_cell" });
      return z.NEVER;
    }
    const result = parse(input);
    if (!result.ok) {
      ctx.addIssue({ code: "custom", message: result.message, params: result.vars ? { vars: result.vars } : undefined });
      return z.NEVER;
    }
    return result.value;
  });
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const no = <T>(message: string, vars?: Record<string, string>): Parsed<T> => ({ ok: false, message, vars });

const requiredText = (max: number) => (text: string) => (text === "" ? no<string>("required") : text.length > max ? no<string>("too_long", { max: String(max) }) : ok(text));
const optionalText = (max: number) => (text: string) => (text.length > max ? no<string>("too_long", { max: String(max) }) : ok(text));

function buildingCode(text: string): Parsed<string> {
  if (text === "") return no("required");
  const code = normalizeUnitCode(text);
  return code && code.length <= 20 ? ok(code) : no("inventory_invalid_building_code");
}

function choice<V extends string>(names: Map<string, V>, message: string, fallback?: V) {
  return (text: string): Parsed<V> => {
    if (text === "") return fallback ? ok(fallback) : no("required");
    const value = names.get(normalizeHeader(text));
    return value ? ok(value) : no(message);
  };
}

function floorNumber(text: string): Parsed<number> {
  const cleaned = text.normalize("NFKC").replace(/\s*(层|楼|f)$/i, "").replace(/^[−–]/, "-");
  if (!/^-?\d{1,3}$/.test(cleaned)) return text === "" ? no("required") : no("inventory_invalid_floor");
  const floor = Number(cleaned);
  return floor >= -5 && floor <= 200 ? ok(floor === 0 ? 0 : floor) : no("inventory_invalid_floor");
}

function positionText(text: string): Parsed<string> {
  if (text === "") return no("required");
  const position = text.normalize("NFKC").trim().toUpperCase();
  return /^[A-Z0-9]{1,4}$/.test(position) ? ok(position) : no("inventory_invalid_position");
}

/** m² with at most 2 decimals → hundredths of m², exactly (through the decimal text). */
function areaCsqm(text: string): Parsed<number> {
  if (text === "") return no("required");
  const cleaned = text.normalize("NFKC").replace(/\s*(m²|m2|㎡|平方米|平米)$/i, "").replace(/,/g, "");
  const match = /^(\d{1,6})(?:\.(\d+))?$/.exec(cleaned);
  if (!match) return no("inventory_invalid_area");
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > 2) return no("inventory_invalid_area");
  const csqm = Number(match[1]) * 100 + Number(fraction.padEnd(2, "0"));
  return csqm > 0 && csqm <= MAX_AREA_CSQM ? ok(csqm) : no("inventory_invalid_area");
}

/** A price in 元 → 分, exactly; blank is null. Zero is checked with the row: a unit for lease may have no price. */
function priceFen(text: string): Parsed<bigint | null> {
  if (text === "") return ok(null);
  const fen = parseYuanToFen(text.normalize("NFKC").replace(/^[¥￥]\s*/, ""));
  return fen !== null && fen >= 0n && fen <= MAX_PRICE_FEN ? ok(fen) : no("inventory_invalid_price");
}

function unitCodeText(text: string): Parsed<string | null> {
  if (text === "") return ok(null);
  const code = normalizeUnitCode(text);
  return code ? ok(code) : no("inventory_invalid_code");
}

const statusOf = (text: string): Parsed<UnitStatus | null> => (text === "" ? ok(null) : choice(STATUS_BY_NAME, "inventory_invalid_status")(text));

const buildingRowSchema = z.object({
  code: cellField(buildingCode),
  name: cellField(requiredText(TEXT_LIMITS.name)),
  nameEn: cellField(optionalText(TEXT_LIMITS.nameEn)),
  use: cellField(choice(USE_BY_NAME, "inventory_invalid_use")),
  presale: cellField((text) => (text === "" ? ok(null) : text.length > TEXT_LIMITS.presale ? no<string | null>("too_long", { max: String(TEXT_LIMITS.presale) }) : ok(text.normalize("NFKC").trim()))),
});

const unitRowSchema = z
  .object({
    building: cellField(buildingCode),
    floor: cellField(floorNumber),
    position: cellField(positionText),
    unitCode: cellField(unitCodeText),
    roomType: cellField(optionalText(TEXT_LIMITS.roomType)),
    grossArea: cellField(areaCsqm),
    netArea: cellField(areaCsqm),
    listPrice: cellField(priceFen),
    floorPrice: cellField(priceFen),
    disposition: cellField(choice(DISPOSITION_BY_NAME, "inventory_invalid_disposition", "sale" as (typeof DISPOSITIONS)[number])),
    status: cellField(statusOf),
  })
  .superRefine((row, ctx) => {
    if (row.netArea > row.grossArea) ctx.addIssue({ code: "custom", path: ["netArea"], message: "inventory_net_over_gross" });
    // A unit for sale has both prices, above zero; one for lease may have none (its rent is the lease's).
    if (row.disposition === "sale") {
      for (const field of ["listPrice", "floorPrice"] as const) {
        if (row[field] === null) ctx.addIssue({ code: "custom", path: [field], message: "required" });
        else if (row[field] === 0n) ctx.addIssue({ code: "custom", path: [field], message: "inventory_invalid_price" });
      }
    }
    if ((row.floorPrice ?? 0n) > (row.listPrice ?? 0n)) ctx.addIssue({ code: "custom", path: ["floorPrice"], message: "inventory_floor_over_list" });
  })
  .transform((row) => ({ ...row, listPrice: row.listPrice ?? 0n, floorPrice: row.floorPrice ?? 0n }));

type BuildingRow = z.infer<typeof buildingRowSchema> & { row: number };
type UnitRow = Omit<z.infer<typeof unitRowSchema>, "unitCode"> & { row: number; code: string };

function issuesOf(error: z.ZodError, row: number, sheet: string): InventoryRowError[] {
  return error.issues.map((issue) => {
    const vars = (issue as { params?: { vars?: Record<string, string> } }).params?.vars;
    return { row, sheet, field: String(issue.path[0] ?? "file"), message: issue.message, ...(vars ? { vars } : {}) };
  });
}

function values<F extends string>(raw: RawRow<F>, fields: readonly { key: F }[]): Record<F, string | FormulaCell> {
  return Object.fromEntries(fields.map((column) => [column.key, cellText(raw.cells[column.key])])) as Record<F, string | FormulaCell>;
}

/** The unit's code when none is written: building-floor+position; below ground "B1" for floor −1. */
function derivedCode(building: string, floor: number, position: string): string {
  if (floor >= 0) return unitCode(building, floor, position);
  return normalizeUnitCode(`${building}-B${-floor}${position}`) ?? `${building}-B${-floor}${position}`;
}

/** Every row checked on its own and against the file's other rows (duplicates). */
function checkRows(read: FileRead) {
  const errors: InventoryRowError[] = [];
  const buildings: BuildingRow[] = [];
  const units: UnitRow[] = [];
  if (read.buildings) {
    const sheet = read.buildings.name;
    const firstRow = new Map<string, number>();
    for (const raw of read.buildings.rows) {
      const parsed = buildingRowSchema.safeParse(values(raw, BUILDING_COLUMNS));
      if (!parsed.success) {
        errors.push(...issuesOf(parsed.error, raw.row, sheet));
        continue;
      }
      const first = firstRow.get(parsed.data.code);
      if (first !== undefined) {
        errors.push({ row: raw.row, sheet, field: "code", message: "inventory_duplicate_building", vars: { code: parsed.data.code, row: String(first) } });
        continue;
      }
      firstRow.set(parsed.data.code, raw.row);
      buildings.push({ ...parsed.data, row: raw.row });
    }
  }
  if (read.units) {
    const sheet = read.units.name;
    const firstRow = new Map<string, number>();
    for (const raw of read.units.rows) {
      const parsed = unitRowSchema.safeParse(values(raw, UNIT_COLUMNS));
      if (!parsed.success) {
        errors.push(...issuesOf(parsed.error, raw.row, sheet));
        continue;
      }
      const { unitCode: written, ...rest } = parsed.data;
      const code = written ?? derivedCode(rest.building, rest.floor, rest.position);
      const first = firstRow.get(code);
      if (first !== undefined) {
        errors.push({ row: raw.row, sheet, field: "unitCode", message: "inventory_duplicate_unit", vars: { code, row: String(first) } });
        continue;
      }
      firstRow.set(code, raw.row);
      units.push({ ...rest, code, row: raw.row });
    }
  }
  return { errors, buildings, units };
}

function capErrors(errors: InventoryRowError[]): InventoryRowError[] {
  // File-level errors first, then by sheet (in the order the sheets' errors were found: buildings
  // before units) and row; a row's own errors stay in column order (the sort is stable).
  const sheetRank = new Map<string, number>();
  for (const error of errors) if (!sheetRank.has(error.sheet)) sheetRank.set(error.sheet, sheetRank.size);
  const rank = (error: InventoryRowError) => (error.row === 0 ? -1 : (sheetRank.get(error.sheet) ?? 0));
  const sorted = [...errors].sort((a, b) => rank(a) - rank(b) || a.row - b.row);
  const rowErrors = sorted.filter((error) => error.row > 0);
  if (rowErrors.length <= MAX_REPORTED_ERRORS) return sorted;
  return [...sorted.filter((error) => error.row === 0), ...rowErrors.slice(0, MAX_REPORTED_ERRORS), fileError("too_many_errors", { count: String(rowErrors.length) })];
}

// ─── Import ─────────────────────────────────────────────────────────────────

/**
 * Imports an uploaded inventory workbook, all or nothing, in one write transaction: buildings and
 * units upserted by code, one audit entry with the counts. Returns the row errors instead when any row
 * (or the file) is wrong; messages are errors.* keys without the prefix, as the other imports'.
 * Throws Busy (from importReads) when other files are being read: the route answers 503.
 */
export async function importInventory(projectId: number, data: Buffer, actor: { userId: number | null }): Promise<InventoryImportResult> {
  const read = await importReads.run(() => readInventoryFile(data));
  if (read.errors.length > 0) return { ok: false, errors: capErrors(read.errors) };
  const checked = checkRows(read);
  if (checked.errors.length > 0) return { ok: false, errors: capErrors(checked.errors) };
  if (checked.units.length === 0 && checked.buildings.length === 0) return { ok: false, errors: [fileError("empty_file")] };
  const buildingSheet = read.buildings?.name ?? "";
  const unitSheet = read.units?.name ?? "";
  return writeTransaction((tx) => applyRows(tx, projectId, checked.buildings, checked.units, { buildingSheet, unitSheet }, actor));
}

type UnitRecord = {
  id: number;
  code: string;
  buildingId: number;
  floor: number;
  position: string;
  roomType: string;
  grossAreaCsqm: number;
  netAreaCsqm: number;
  listPriceFen: bigint;
  floorPriceFen: bigint;
  disposition: string;
  status: string;
};

async function applyRows(
  tx: Prisma.TransactionClient,
  projectId: number,
  buildingRows: BuildingRow[],
  unitRows: UnitRow[],
  sheets: { buildingSheet: string; unitSheet: string },
  actor: { userId: number | null },
): Promise<InventoryImportResult> {
  const errors: InventoryRowError[] = [];
  const [existingBuildings, milestones, existingUnits, deals, leases] = await Promise.all([
    tx.building.findMany({ where: { projectId }, select: { id: true, code: true, name: true, nameEn: true, use: true, presaleMilestoneId: true, sortOrder: true } }),
    tx.milestone.findMany({ where: { projectId }, select: { id: true, code: true } }),
    tx.unit.findMany({
      where: { projectId },
      select: { id: true, code: true, buildingId: true, floor: true, position: true, roomType: true, grossAreaCsqm: true, netAreaCsqm: true, listPriceFen: true, floorPriceFen: true, disposition: true, status: true },
    }),
    tx.saleRecord.findMany({ where: { projectId, unitId: { not: null }, status: { in: [...ACTIVE_DEAL_STATUSES] } }, select: { unitId: true, status: true } }),
    tx.lease.findMany({ where: { projectId, unitId: { not: null }, status: "signed" }, select: { unitId: true } }),
  ]);

  // Buildings.
  const buildingByCode = new Map(existingBuildings.map((building) => [building.code.toUpperCase(), building]));
  const milestoneByCode = new Map(milestones.map((milestone) => [milestone.code.normalize("NFKC").toUpperCase(), milestone.id]));
  type BuildingWrite = { row: BuildingRow; presaleMilestoneId: number | null };
  const buildingWrites: BuildingWrite[] = [];
  for (const row of buildingRows) {
    let presaleMilestoneId: number | null = null;
    if (row.presale !== null) {
      const id = milestoneByCode.get(row.presale.toUpperCase());
      if (id === undefined) {
        errors.push({ row: row.row, sheet: sheets.buildingSheet, field: "presale", message: "inventory_unknown_milestone", vars: { code: row.presale } });
        continue;
      }
      presaleMilestoneId = id;
    }
    buildingWrites.push({ row, presaleMilestoneId });
  }
  const fileBuildings = new Set(buildingRows.map((row) => row.code));

  // Units: a unit under an active deal or lease keeps all but its prices.
  const lockOf = new Map<number, string>();
  for (const unit of existingUnits) if (unit.status === "reserved" || unit.status === "signed" || unit.status === "leased") lockOf.set(unit.id, unit.status);
  for (const lease of leases) if (lease.unitId !== null) lockOf.set(lease.unitId, "leased");
  for (const deal of deals) if (deal.unitId !== null && lockOf.get(deal.unitId) !== "signed") lockOf.set(deal.unitId, deal.status);
  const unitByCode = new Map<string, UnitRecord>(existingUnits.map((unit) => [unit.code, unit]));
  const buildingCodeById = new Map(existingBuildings.map((building) => [building.id, building.code.toUpperCase()]));
  // Who holds each place (building, floor, position) once the file is in: the file's units and the others.
  const placeKey = (building: string, floor: number, position: string) => `${building}|${floor}|${position}`;
  const places = new Map<string, string>();
  const fileCodes = new Set(unitRows.map((row) => row.code));
  for (const unit of existingUnits) {
    if (!fileCodes.has(unit.code)) places.set(placeKey(buildingCodeById.get(unit.buildingId) ?? "", unit.floor, unit.position), unit.code);
  }

  type UnitChange = { row: UnitRow; existing: UnitRecord | null };
  const unitChanges: UnitChange[] = [];
  for (const row of unitRows) {
    const fail = (field: UnitField, message: string, vars?: Record<string, string>) => errors.push({ row: row.row, sheet: sheets.unitSheet, field, message, ...(vars ? { vars } : {}) });
    const before = errors.length;
    if (!fileBuildings.has(row.building) && !buildingByCode.has(row.building)) fail("building", "inventory_unknown_building", { code: row.building });
    const place = placeKey(row.building, row.floor, row.position);
    const holder = places.get(place);
    if (holder !== undefined && holder !== row.code) fail("position", "inventory_position_taken", { code: holder });
    else places.set(place, row.code);
    const existing = unitByCode.get(row.code) ?? null;
    if (existing) {
      const at = { building: buildingCodeById.get(existing.buildingId), floor: existing.floor, position: existing.position };
      if (at.building !== row.building || at.floor !== row.floor || at.position !== row.position) {
        const field: UnitField = at.building !== row.building ? "building" : at.floor !== row.floor ? "floor" : "position";
        fail(field, "inventory_unit_moved", { code: row.code });
      }
      const lock = lockOf.get(existing.id);
      if (lock) {
        const message = `inventory_locked_${lock}`;
        if (existing.roomType !== row.roomType) fail("roomType", message);
        if (existing.grossAreaCsqm !== row.grossArea) fail("grossArea", message);
        if (existing.netAreaCsqm !== row.netArea) fail("netArea", message);
        if (existing.disposition !== row.disposition) fail("disposition", message);
      }
    } else if (row.status !== null && row.status !== "available" && row.status !== "unreleased") {
      fail("status", "inventory_status_new");
    }
    if (errors.length === before) unitChanges.push({ row, existing });
  }
  if (errors.length > 0) return { ok: false, errors: capErrors(errors) };

  // Writes: buildings first (new units need their ids), then units; nothing is deleted.
  let buildingsCreated = 0;
  let buildingsUpdated = 0;
  let nextOrder = existingBuildings.reduce((max, building) => Math.max(max, building.sortOrder), 0);
  const buildingIds = new Map(existingBuildings.map((building) => [building.code.toUpperCase(), building.id]));
  for (const { row, presaleMilestoneId } of buildingWrites) {
    const fields = { name: row.name, nameEn: row.nameEn, use: row.use, presaleMilestoneId };
    const existing = buildingByCode.get(row.code);
    if (!existing) {
      nextOrder += 1;
      const created = await tx.building.create({ data: { projectId, code: row.code, sortOrder: nextOrder, ...fields }, select: { id: true } });
      buildingIds.set(row.code, created.id);
      buildingsCreated += 1;
    } else if (existing.name !== fields.name || existing.nameEn !== fields.nameEn || existing.use !== fields.use || existing.presaleMilestoneId !== fields.presaleMilestoneId) {
      await tx.building.update({ where: { id: existing.id }, data: fields });
      buildingsUpdated += 1;
    }
  }

  const creates: Prisma.UnitCreateManyInput[] = [];
  let updated = 0;
  for (const { row, existing } of unitChanges) {
    const fields = {
      roomType: row.roomType,
      grossAreaCsqm: row.grossArea,
      netAreaCsqm: row.netArea,
      listPriceFen: row.listPrice,
      floorPriceFen: row.floorPrice,
      disposition: row.disposition,
    };
    if (!existing) {
      const buildingId = buildingIds.get(row.building);
      if (buildingId === undefined) throw new Error(`inventory import: building ${row.building} vanished`);
      creates.push({ projectId, buildingId, code: row.code, floor: row.floor, position: row.position, status: row.status === "unreleased" ? "unreleased" : "available", ...fields });
      continue;
    }
    const changed =
      existing.roomType !== fields.roomType ||
      existing.grossAreaCsqm !== fields.grossAreaCsqm ||
      existing.netAreaCsqm !== fields.netAreaCsqm ||
      existing.listPriceFen !== fields.listPriceFen ||
      existing.floorPriceFen !== fields.floorPriceFen ||
      existing.disposition !== fields.disposition;
    if (!changed) continue;
    await tx.unit.update({ where: { id: existing.id }, data: { ...fields, version: { increment: 1 } } });
    updated += 1;
  }
  for (let at = 0; at < creates.length; at += 500) await tx.unit.createMany({ data: creates.slice(at, at + 500) });

  const counts = { created: creates.length, updated, buildings: { created: buildingsCreated, updated: buildingsUpdated } };
  await recordAudit(tx, {
    userId: actor.userId,
    area: "sales",
    entity: "unit_inventory_import",
    entityId: projectId,
    action: "update",
    after: { ...counts, rows: unitRows.length, buildingRows: buildingRows.length },
  });
  return { ok: true, ...counts };
}
