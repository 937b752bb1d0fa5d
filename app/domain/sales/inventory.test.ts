import { describe, expect, it } from "vitest";
import { normalizeUnitCode, salesControlGrid, statusCounts, unitCode } from "./index";

describe("normalizeUnitCode", () => {
  it.each([
    ["a-1201", "A-1201"],
    ["Ａ－１２０１", "A-1201"],
    [" a 1201 ", "A-1201"],
    ["t1_12__01", "T1-12-01"],
    ["T1—1201", "T1-1201"],
    ["t1 - 1201", "T1-1201"],
    ["A".repeat(40), "A".repeat(40)],
  ])("%j → %j", (raw, code) => expect(normalizeUnitCode(raw)).toBe(code));

  it.each(["", "   ", "A--", "-A", "A-", "A".repeat(41), "<script>", "A/1", "一号楼", "A.1"])("rejects %j", (raw) => expect(normalizeUnitCode(raw)).toBeNull());

  it("builds a unit's code from building, floor and position", () => {
    expect(unitCode("T1", 12, "01")).toBe("T1-1201");
    expect(unitCode("t2", 3, "02")).toBe("T2-302");
    expect(() => unitCode("<", 1, "01")).toThrow(RangeError);
  });
});

describe("salesControlGrid", () => {
  it("puts floors top first, positions ascending and null where a floor lacks a position", () => {
    const units = [
      { id: 1, floor: 1, position: "02" },
      { id: 2, floor: 3, position: "01" },
      { id: 3, floor: 1, position: "01" },
      { id: 4, floor: 2, position: "03" },
      { id: 5, floor: 1, position: "01" }, // duplicate: the first wins
    ];
    const grid = salesControlGrid(units);
    expect(grid.floors).toEqual([3, 2, 1]);
    expect(grid.positions).toEqual(["01", "02", "03"]);
    expect(grid.rows.map((r) => [r.floor, r.cells.map((c) => c?.id ?? null)])).toEqual([
      [3, [2, null, null]],
      [2, [null, null, 4]],
      [1, [3, 1, null]],
    ]);
    expect(JSON.parse(JSON.stringify(grid))).toEqual(grid); // plain data
    expect(salesControlGrid([])).toEqual({ floors: [], positions: [], rows: [] });
  });
});

describe("statusCounts", () => {
  it("counts units and area by status, every status present", () => {
    const counts = statusCounts([
      { status: "available", grossAreaCsqm: 8950 },
      { status: "available", grossAreaCsqm: 12_000 },
      { status: "signed", grossAreaCsqm: 9_001 },
    ]);
    expect(counts.available).toEqual({ count: 2, areaCsqm: 20_950 });
    expect(counts.signed).toEqual({ count: 1, areaCsqm: 9_001 });
    expect(counts.unreleased).toEqual({ count: 0, areaCsqm: 0 });
    expect(counts.leased).toEqual({ count: 0, areaCsqm: 0 });
  });
});
