// The bounded .xlsx reader: it reads what exceljs read (text, numbers, dates, rich and inline text),
// never a formula's cached result, and refuses hostile archives before or while unpacking them.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { inlineCell, part, repeatedPart, SHEET_HEAD, SHEET_TAIL, stylesXml, xlsxOf, zipOf } from "../../tests/helpers/xlsx-files";
import { FormulaCell, isDateFormat, openXlsx, SheetReadError, XLSX_LIMITS, type SheetCell, type SheetRow } from "./xlsx-reader.server";

/** Every non-empty row of sheet `index`. */
async function rowsOf(data: Buffer, index = 0, limits = XLSX_LIMITS): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  await (await openXlsx(data, limits)).scanSheet(index, (row) => {
    rows.push({ number: row.number, cells: Array.from(row.cells, (cell) => cell ?? null) }); // holes → null
  });
  return rows;
}

/** The SheetReadError code (and limit) a read throws, or "none". */
async function refusal(read: () => unknown): Promise<{ code: string; limit?: number } | "none"> {
  try {
    await read();
    return "none";
  } catch (error) {
    if (error instanceof SheetReadError) return error.limit === undefined ? { code: error.code } : { code: error.code, limit: error.limit };
    throw error;
  }
}

const GB = 2 ** 30;

describe("reading what exceljs read", () => {
  /** What the import saw through exceljs before: values, rich text joined, booleans as text. */
  function exceljsCell(value: ExcelJS.CellValue): SheetCell {
    if (value === null || value === undefined) return null;
    if (typeof value === "string" || typeof value === "number" || value instanceof Date) return value;
    if (typeof value === "boolean") return String(value);
    if (typeof value === "object" && "richText" in value) return value.richText.map((run) => run.text).join("");
    if (typeof value === "object" && "error" in value) return String(value.error);
    if (typeof value === "object" && "text" in value) return exceljsCell(value.text as ExcelJS.CellValue);
    throw new Error(`unexpected ${JSON.stringify(value)}`);
  }

  async function both(build: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void) {
    const workbook = new ExcelJS.Workbook();
    build(workbook.addWorksheet("payments"), workbook);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const oracle = new ExcelJS.Workbook();
    await oracle.xlsx.load(data as unknown as ExcelJS.Buffer);
    const expected: SheetRow[] = [];
    oracle.worksheets[0].eachRow({ includeEmpty: false }, (row) => {
      const cells: SheetCell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => (cells[column - 1] = exceljsCell(cell.value)));
      for (let i = 0; i < cells.length; i += 1) cells[i] ??= null;
      expected.push({ number: row.number, cells });
    });
    return { actual: await rowsOf(data), expected };
  }

  it("reads text, numbers, dates, booleans, errors, rich text and hyperlinks exactly as exceljs does", async () => {
    const { actual, expected } = await both((sheet) => {
      sheet.addRow(["日期", "预算科目编码", "合同编号", "收款单位", "金额(元)", "凭证号", "备注"]);
      sheet.addRow([new Date("2026-11-06T00:00:00Z"), "COM", "HT-2026-001", "市建筑设计研究院", 900_000, "记-2026-11-012", "设计费预付款 30%"]);
      sheet.addRow([new Date("2026-11-07T13:45:00Z"), "FND", null, '某勘察院, "有限"公司 <&>', 1_234_567.89, null, "勘察费\n第一期"]);
      sheet.addRow([new Date("2000-01-01T00:00:00Z"), "001", "", "  前后空格  ", 0.1 + 0.2, 1e-7, -42.5]);
      sheet.addRow([true, false, { error: "#N/A" }, { richText: [{ text: "富" }, { font: { bold: true }, text: "文本" }] }, 99_999_999.99]);
      sheet.addRow([{ text: "链接文字", hyperlink: "https://example.com" }, 46_332, "x".repeat(32_767)]);
      sheet.addRow([]);
      sheet.getRow(9).getCell(5).value = 10_000_000_000;
      sheet.getColumn(1).numFmt = "yyyy-mm-dd";
      sheet.getRow(6).getCell(2).numFmt = "0.00";
    });
    expect(actual).toEqual(expected);
    expect(actual[1].cells[0]).toEqual(new Date("2026-11-06T00:00:00Z"));
    expect(actual[2].cells[4]).toBe(1_234_567.89);
    expect(actual.map((row) => row.number)).toEqual([1, 2, 3, 4, 5, 6, 9]);
  });

  it("reads a 1904-date-system workbook's dates as exceljs does", async () => {
    const { actual, expected } = await both((sheet, workbook) => {
      workbook.properties.date1904 = true;
      sheet.addRow(["date", "amount"]);
      sheet.addRow([new Date("2026-11-06T00:00:00Z"), 1]);
      sheet.getColumn(1).numFmt = "yyyy-mm-dd";
    });
    expect(actual).toEqual(expected);
    expect(actual[1].cells[0]).toEqual(new Date("2026-11-06T00:00:00Z"));
  });

  it("reads inline strings, rich inline text, entities, CDATA, escapes and prefixed elements", async () => {
    const rows =
      `<row r="1">${inlineCell("A1", "日期")}<c r="B1" t="inlineStr"><is><r><t>收款</t></r><r><rPr><b/></rPr><t xml:space="preserve">单位</t></r><rPh><t>しゅう</t></rPh></is></c></row>` +
      `<row r="3"><c r="A3" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &#x4E2D;&#25991; &quot;q&quot;</t></is></c><c r="C3" t="inlineStr"><is><t><![CDATA[<raw & text>]]></t></is></c>` +
      `<c r="D3" t="inlineStr"><is><t>line_x000D_break</t></is></c><c r="E3" t="str"><v>plain str</v></c><c r="F3"/><c r="G3" t="s"><v>1</v></c></row>` +
      `<row><c t="n"><v>12.5</v></c><c><v> </v></c><c t="b"><v>1</v></c></row>`;
    const data = xlsxOf({ sheets: [{ name: "payments", rows }], sharedStrings: ["零", "一 &amp; 二"] });
    expect(await rowsOf(data)).toEqual([
      { number: 1, cells: ["日期", "收款单位"] },
      { number: 3, cells: ['a & b <c> 中文 "q"', null, "<raw & text>", "line\rbreak", "plain str", null, "一 & 二"] },
      { number: 4, cells: [12.5, null, "true"] },
    ]);

    const prefixed = xlsxOf({
      sheets: [
        {
          name: "x",
          part: part(
            "ignored",
            `<?xml version="1.0"?><!-- a comment --><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
          ),
        },
      ],
    });
    expect(await rowsOf(prefixed)).toEqual([{ number: 2, cells: [null, "前缀"] }]);
  });

  it("takes dates from styles: custom date formats and the built-in ones, Chinese included", async () => {
    const styles = stylesXml([0, 14, 31, 57, "yyyy\"年\"m\"月\"d\"日\"", "#,##0.00", "[Red]0.00", "0.00\" 元\"", "@"]);
    const row = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((style, index) => `<c r="${String.fromCharCode(65 + index)}1" s="${style}"><v>46332</v></c>`).join("");
    const [{ cells }] = await rowsOf(xlsxOf({ sheets: [{ name: "s", rows: `<row r="1">${row}</row>` }], styles }));
    const day = new Date("2026-11-06T00:00:00Z");
    expect(cells).toEqual([46332, day, day, day, day, 46332, 46332, 46332, 46332]);
    expect(["yyyy-mm-dd", "h:mm", "[$-804]yyyy年m月d日", "m/d/yy \"h\":mm"].map(isDateFormat)).toEqual([true, true, true, true]);
    expect(["General", "#,##0.00", "0.00E+00", '"day"0', "\\d0", "[Red]#,##0"].map(isDateFormat)).toEqual([false, false, false, false, false, false]);
  });

  it("lists worksheets in workbook order and reads the one asked for", async () => {
    const data = xlsxOf({ sheets: [{ name: "两表对比", rows: `<row r="1">${inlineCell("A1", "first")}</row>` }, { name: "支付台账 & co", rows: `<row r="1">${inlineCell("A1", "second")}</row>` }] });
    const workbook = await openXlsx(data);
    expect(workbook.sheets).toEqual(["两表对比", "支付台账 & co"]);
    expect(await rowsOf(data, 1)).toEqual([{ number: 1, cells: ["second"] }]);
  });
});

describe("formulas", () => {
  it("gives a formula cell, never the result cached in the file", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("payments");
    sheet.addRow(["payee", "amount", "shown"]);
    sheet.addRow(["市建筑设计研究院", 100, "x"]);
    sheet.getCell("A3").value = { formula: "A2", result: "另一家公司" };
    sheet.getCell("B3").value = { formula: "B2*2", result: 200 };
    sheet.getCell("C3").value = { formula: "TODAY()", result: new Date("2026-11-06T00:00:00Z") };
    const rows = await rowsOf(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(rows[2].cells[0]).toEqual(new FormulaCell("A2"));
    expect(rows[2].cells[1]).toEqual(new FormulaCell("B2*2"));
    expect(rows[2].cells[2]).toEqual(new FormulaCell("TODAY()"));
  });

  it("treats a shared formula's dependent cell (an empty <f>) as a formula too", async () => {
    const rows = `<row r="1"><c r="A1" t="str"><f t="shared" ref="A1:A2" si="0">"a"</f><v>a</v></c></row><row r="2"><c r="A2" t="str"><f t="shared" si="0"/><v>cached</v></c></row>`;
    expect(await rowsOf(xlsxOf({ sheets: [{ name: "s", rows }] }))).toEqual([
      { number: 1, cells: [new FormulaCell('"a"')] },
      { number: 2, cells: [new FormulaCell("")] },
    ]);
  });
});

describe("limits", () => {
  const zeros = (bytes: number) => [{ data: Buffer.alloc(1 << 20), times: Math.floor(bytes / (1 << 20)) }];

  it("refuses a part declaring 2 GB before inflating it (the bytes are not even deflate data)", async () => {
    const bomb = { name: "x", compressed: Buffer.from("definitely not deflate"), size: 2 * GB };
    const started = Date.now();
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", part: bomb }] })))).toEqual({ code: "too_large", limit: XLSX_LIMITS.maxPartBytes });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("refuses a truthful 2 GB zero-filled sheet (about 2 MB zipped) at once, without unpacking it", { timeout: 30_000 }, async () => {
    const bomb = repeatedPart("x", zeros(2 * GB));
    expect(bomb.compressed.length).toBeLessThan(3_000_000);
    const before = process.memoryUsage().rss;
    const started = Date.now();
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", part: bomb }] })))).toEqual({ code: "too_large", limit: XLSX_LIMITS.maxPartBytes });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200_000_000);
  });

  it("refuses a part that declares a small size and inflates to 2 GB, stopping at the declared size", { timeout: 30_000 }, async () => {
    const liar = repeatedPart("x", zeros(2 * GB), 1_000);
    const started = Date.now();
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", part: liar }] })))).toEqual({ code: "unreadable" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("refuses shared strings declaring 400 million characters, and a part compressed past the ratio limit", async () => {
    const strings = repeatedPart("x", [{ data: "<sst><si><t>" }, { data: "a".repeat(1 << 20), times: 400 }, { data: "</t></si></sst>" }]);
    const data = xlsxOf({ sheets: [{ name: "s", rows: `<row r="1"><c r="A1" t="s"><v>0</v></c></row>` }], sharedStrings: strings });
    expect(await refusal(() => rowsOf(data))).toEqual({ code: "too_large", limit: XLSX_LIMITS.maxPartBytes });

    const dense = repeatedPart("x", [{ data: SHEET_HEAD }, { data: Buffer.alloc(1 << 20, 0x20), times: 15 }, { data: SHEET_TAIL }]); // 15 MB of spaces
    expect(dense.size / dense.compressed.length).toBeGreaterThan(XLSX_LIMITS.maxRatio);
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", part: dense }] })))).toEqual({ code: "too_large", limit: XLSX_LIMITS.maxPartBytes });
  });

  it("refuses a cell longer than 32,767 characters, in shared strings, inline strings or values", async () => {
    const long = "长".repeat(XLSX_LIMITS.maxCellChars + 1);
    const exact = "长".repeat(XLSX_LIMITS.maxCellChars);
    const tooLong = { code: "cell_too_long", limit: 32_767 };
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", rows: `<row r="1"><c r="A1" t="s"><v>0</v></c></row>` }], sharedStrings: [long] })))).toEqual(tooLong);
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", rows: `<row r="1">${inlineCell("A1", long)}</row>` }] })))).toEqual(tooLong);
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", rows: `<row r="1"><c r="A1" t="str"><v>${long}</v></c></row>` }] })))).toEqual(tooLong);
    const runs = `<c r="A1" t="inlineStr"><is>${`<r><t>${"长".repeat(20_000)}</t></r>`.repeat(2)}</is></c>`;
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", rows: `<row r="1">${runs}</row>` }] })))).toEqual(tooLong);
    expect((await rowsOf(xlsxOf({ sheets: [{ name: "s", rows: `<row r="1">${inlineCell("A1", exact)}</row>` }] })))[0].cells[0]).toHaveLength(32_767);
  });

  it("caps what one file may unpack in all", async () => {
    const rows = `<row r="1">${inlineCell("A1", "x".repeat(10_000))}</row>`;
    const data = xlsxOf({ sheets: [1, 2, 3].map((n) => ({ name: `s${n}`, rows })) });
    const limits = { ...XLSX_LIMITS, maxTotalBytes: 25_000 };
    const workbook = await openXlsx(data, limits);
    await workbook.scanSheet(0, () => {});
    await workbook.scanSheet(1, () => {});
    expect(await refusal(() => workbook.scanSheet(2, () => {}))).toEqual({ code: "too_large", limit: 25_000 });
  });

  it("reads only the parts an import needs: a 2 GB picture or a damaged chart in the file is never opened", async () => {
    const data = xlsxOf({
      sheets: [{ name: "payments", rows: `<row r="1">${inlineCell("A1", "ok")}</row>` }],
      extra: [
        { name: "xl/media/image1.png", compressed: Buffer.from("junk"), size: 2 * GB },
        part("xl/charts/chart1.xml", "<not xml"),
        part("docProps/core.xml", "<!DOCTYPE bomb [<!ENTITY a 'aaaa'>]><x>&a;</x>"),
      ],
    });
    expect(await rowsOf(data)).toEqual([{ number: 1, cells: ["ok"] }]);
  });

  it("stops reading a sheet when the visitor says so: 300,000 rows cost only the rows read", { timeout: 30_000 }, async () => {
    const row = `<row><c><v>1</v></c><c><v>2</v></c></row>`;
    const sheetOf = (thousands: number) => repeatedPart("x", [{ data: SHEET_HEAD }, { data: row.repeat(1_000), times: thousands }, { data: "<row><c><<<garbage" }]);
    const sheet = sheetOf(300);
    expect(sheet.size).toBeLessThan(XLSX_LIMITS.maxPartBytes);
    const data = xlsxOf({ sheets: [{ name: "s", part: sheet }] });
    let seen = 0;
    const started = Date.now();
    await (await openXlsx(data)).scanSheet(0, (r) => {
      seen += 1;
      expect(r.number).toBe(seen);
      return seen <= 5_000;
    });
    expect(seen).toBe(5_001);
    expect(Date.now() - started).toBeLessThan(3_000);
    // Read to the end, such a sheet is refused: the scan above really stopped before the garbage.
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", part: sheetOf(6) }] })))).toEqual({ code: "unreadable" });
  });
});

describe("sharing the server", () => {
  it("lets other work run while it scans a large sheet", { timeout: 30_000 }, async () => {
    const row = `<row><c><v>1</v></c><c><v>2</v></c></row>`;
    const data = xlsxOf({ sheets: [{ name: "s", part: repeatedPart("x", [{ data: SHEET_HEAD }, { data: row.repeat(1_000), times: 400 }, { data: SHEET_TAIL }]) }] });
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    let rows = 0;
    await (await openXlsx(data)).scanSheet(0, () => {
      rows += 1;
    });
    clearInterval(timer);
    expect(rows).toBe(400_000);
    expect(ticks).toBeGreaterThanOrEqual(10); // 16 MB of XML in 1 M-character slices
  });
});

describe("damaged and odd archives", () => {
  const ok = () => xlsxOf({ sheets: [{ name: "s", rows: `<row r="1">${inlineCell("A1", "x")}</row>` }] });

  it("reads a well-formed one", async () => {
    expect(await rowsOf(ok())).toEqual([{ number: 1, cells: ["x"] }]);
  });

  it("refuses truncation, junk, duplicate part names, encryption, unknown methods and Zip64 markers", async () => {
    const unreadable = { code: "unreadable" };
    const file = ok();
    expect(await refusal(() => openXlsx(file.subarray(0, file.length - 10)))).toEqual(unreadable);
    expect(await refusal(() => openXlsx(Buffer.from("PK\u0003\u0004 not really a zip")))).toEqual(unreadable);
    const rows = `<row r="1">${inlineCell("A1", "x")}</row>`;
    const sheet = part("xl/worksheets/sheet1.xml", `${SHEET_HEAD}${rows}${SHEET_TAIL}`);
    const withSheet = (replacement: Partial<typeof sheet>, extra: (typeof sheet)[] = []) =>
      xlsxOf({ sheets: [{ name: "s", part: { ...sheet, ...replacement } }], extra });
    expect(await refusal(() => rowsOf(withSheet({}, [{ ...part("XL/Worksheets/Sheet1.xml", "<other/>") }])))).toEqual(unreadable);
    expect(await refusal(() => rowsOf(withSheet({ flags: 1 })))).toEqual(unreadable);
    expect(await refusal(() => rowsOf(withSheet({ method: 12 })))).toEqual(unreadable);
    expect(await refusal(() => rowsOf(withSheet({ size: 0xffffffff })))).toEqual(unreadable); // Zip64
    expect(await refusal(() => rowsOf(withSheet({ size: sheet.size + 1 })))).toEqual(unreadable); // inflates short of what it declares
    expect(await refusal(() => openXlsx(zipOf([part("a.txt", "no workbook here")])))).toEqual(unreadable);
  });

  it("refuses a DOCTYPE (entity bombs), unterminated tags, references off the grid and unknown shared strings", async () => {
    const unreadable = { code: "unreadable" };
    const bomb = part("x", `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>`);
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", part: bomb }] })))).toEqual(unreadable);
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", rows: `<row r="1"><c r="A1"` }] })))).toEqual(unreadable);
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", rows: `<row r="1"><c r="XFE1"><v>1</v></c></row>` }] })))).toEqual(unreadable);
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", rows: `<row r="1048577"><c><v>1</v></c></row>` }] })))).toEqual(unreadable);
    expect(await refusal(() => rowsOf(xlsxOf({ sheets: [{ name: "s", rows: `<row r="1"><c t="s"><v>3</v></c></row>` }], sharedStrings: ["a"] })))).toEqual(unreadable);
    expect((await rowsOf(xlsxOf({ sheets: [{ name: "s", rows: `<row r="1"><c r="XFD1"><v>1</v></c></row>` }] })))[0].cells).toHaveLength(16_384);
  });

  it("costs nothing extra for rows whose only cell is in the last column", { timeout: 30_000 }, async () => {
    // 400,000 rows × a cell in column XFD: padded rows would be 6.5 billion empty cells.
    const row = `<row><c r="XFD1"><v>1</v></c></row>`;
    const data = xlsxOf({ sheets: [{ name: "s", part: repeatedPart("x", [{ data: SHEET_HEAD }, { data: row.repeat(1_000), times: 400 }, { data: SHEET_TAIL }]) }] });
    let rows = 0;
    let last: SheetRow | null = null;
    const started = Date.now();
    await (await openXlsx(data)).scanSheet(0, (r) => {
      rows += 1;
      last = r;
    });
    expect(rows).toBe(400_000);
    expect((last as SheetRow | null)?.cells[16_383]).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
