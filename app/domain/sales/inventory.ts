// Unit inventory (房源): unit statuses, the normalised unit code, the 销控表 grid (floors × positions)
// and counts by status. Pure; areas in integer hundredths of m² (csqm).

export const UNIT_STATUSES = ["unreleased", "available", "reserved", "signed", "leased"] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];
export const DISPOSITIONS = ["sale", "lease"] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
export const BUILDING_USES = ["apartment", "commercial"] as const;
export type BuildingUse = (typeof BUILDING_USES)[number];
export const DEAL_STATUSES = ["reserved", "signed", "cancelled", "changed"] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];
/** Deals that hold their unit (one per unit at a time). */
export const ACTIVE_DEAL_STATUSES = ["reserved", "signed"] as const satisfies readonly DealStatus[];

export const UNIT_CODE_MAX = 40;
const UNIT_CODE = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;

/**
 * A unit code as stored: full-width folded to half-width (NFKC), trimmed, upper case, and any run of
 * spaces, dashes ("-", "－", "—", "–") or underscores one "-". Null when the result is not letters and
 * digits in dash-separated groups of at most 40 characters. "ａ－１２０１", " a 1201 " → "A-1201".
 */
export function normalizeUnitCode(raw: string): string | null {
  const code = raw
    .normalize("NFKC")
    .trim()
    .toUpperCase()
    .replace(/[\s_\-\u2010-\u2015\u2212\uFF0D]+/g, "-");
  if (code.length === 0 || code.length > UNIT_CODE_MAX || !UNIT_CODE.test(code)) return null;
  return code;
}

/** The code of the unit at `floor` and `position` of a building: ("T1", 12, "01") → "T1-1201". */
export function unitCode(buildingCode: string, floor: number, position: string): string {
  const code = normalizeUnitCode(`${buildingCode}-${floor}${position}`);
  if (code === null) throw new RangeError(`not a unit code: ${buildingCode} ${floor} ${position}`);
  return code;
}

export type ControlGrid<U> = { floors: number[]; positions: string[]; rows: { floor: number; cells: (U | null)[] }[] };

/**
 * The 销控表: one row per floor (top floor first), one cell per position (ascending; "01" before "02"),
 * null where a floor has no unit at that position. Plain data (serialisable). A duplicate floor and
 * position keeps the first unit.
 */
export function salesControlGrid<U extends { floor: number; position: string }>(units: readonly U[]): ControlGrid<U> {
  const floors = [...new Set(units.map((u) => u.floor))].sort((a, b) => b - a);
  const positions = [...new Set(units.map((u) => u.position))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const at = new Map<string, U>();
  for (const u of units) {
    const key = `${u.floor}|${u.position}`;
    if (!at.has(key)) at.set(key, u);
  }
  return { floors, positions, rows: floors.map((floor) => ({ floor, cells: positions.map((p) => at.get(`${floor}|${p}`) ?? null) })) };
}

export type StatusCount = { count: number; areaCsqm: number };

/** Units and gross area by status; every known status is present (zero when none). */
export function statusCounts(units: readonly { status: string; grossAreaCsqm: number }[]): Record<UnitStatus, StatusCount> & Record<string, StatusCount> {
  const counts: Record<string, StatusCount> = Object.fromEntries(UNIT_STATUSES.map((s) => [s, { count: 0, areaCsqm: 0 }]));
  for (const u of units) {
    const c = (counts[u.status] ??= { count: 0, areaCsqm: 0 });
    c.count += 1;
    c.areaCsqm += u.grossAreaCsqm;
  }
  return counts as Record<UnitStatus, StatusCount> & Record<string, StatusCount>;
}
