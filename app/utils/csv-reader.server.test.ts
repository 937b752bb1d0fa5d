// CSV read record by record: quoting as RFC 4180, blank records skipped, the scan stopping when the
// import has seen enough, and the same per-cell limit as a workbook.
import { describe, expect, it } from "vitest";
import { scanCsv } from "./csv-reader.server";
import { SheetReadError, type SheetRow } from "./xlsx-reader.server";

function rowsOf(text: string, stopAfter = Infinity): SheetRow[] {
  const rows: SheetRow[] = [];
  scanCsv(text, (row) => {
    rows.push(row);
    return rows.length < stopAfter;
  });
  return rows;
}

function refusal(text: string): string {
  try {
    rowsOf(text);
    return "none";
  } catch (error) {
    if (error instanceof SheetReadError) return error.code;
    throw error;
  }
}

describe("scanCsv", () => {
  it("reads quoted fields, doubled quotes, embedded line ends and every line-end style", () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\n,,\nlast,row\rcr,only';
    expect(rowsOf(text)).toEqual([
      { number: 1, cells: ["a", "b", "c"] },
      { number: 2, cells: ["x, y", 'say "hi"', "two\nlines"] },
      { number: 5, cells: ["last", "row"] },
      { number: 6, cells: ["cr", "only"] },
    ]);
  });

  it("stops when the visitor says so, never looking at the rest", () => {
    const text = "h1,h2\n" + "1,2\n".repeat(300_000) + '"an unterminated quote';
    expect(refusal(text)).toBe("unreadable"); // read to the end, the file is refused …
    const rows = rowsOf(text, 5_001); // … but a scan that stops early never reaches the quote
    expect(rows).toHaveLength(5_001);
    expect(rows.at(-1)).toEqual({ number: 5_001, cells: ["1", "2"] });
  });

  it("refuses a field past 32,767 characters and a record past 16,384 columns", () => {
    expect(refusal(`a,${"x".repeat(32_767)}\n`)).toBe("none");
    expect(refusal(`a,${"x".repeat(32_768)}\n`)).toBe("cell_too_long");
    expect(refusal(`a,"${"x".repeat(40_000)}"\n`)).toBe("cell_too_long");
    expect(refusal(`${",".repeat(16_383)}x\n`)).toBe("none");
    expect(refusal(`${",".repeat(16_384)}x\n`)).toBe("unreadable");
  });
});
