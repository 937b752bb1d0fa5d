// Hand-built .xlsx files for the import's reader tests: ordinary ones (inline strings, styles, a
// 1904 date system) and hostile ones (bombs, parts that lie about their size, huge sheets), built
// cheaply: a repeated piece is deflated once and its compressed bytes repeated.
import { constants, crc32, deflateRawSync } from "node:zlib";

export type ZipPart = {
  name: string;
  /** Raw-deflate bytes (or the stored bytes with method 0). */
  compressed: Buffer;
  /** What the central directory declares as the uncompressed size. */
  size: number;
  crc?: number;
  method?: number;
  flags?: number;
};

/** A deflated part holding `data`, declaring its real size. */
export function part(name: string, data: string | Buffer): ZipPart {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  return { name, compressed: deflateRawSync(bytes), size: bytes.length, crc: crc32(bytes) };
}

/**
 * A part whose content is `pieces` in order, each repeated `times` (default once), deflated without
 * ever holding the whole: each piece is compressed once as a self-contained block (full flush) and
 * its bytes repeated. 2 GB of zeros is about 2 MB this way.
 */
export function repeatedPart(name: string, pieces: { data: string | Buffer; times?: number }[], declaredSize?: number): ZipPart {
  const blocks: Buffer[] = [];
  let size = 0;
  let crc = 0;
  for (const piece of pieces) {
    const bytes = typeof piece.data === "string" ? Buffer.from(piece.data, "utf8") : piece.data;
    const times = piece.times ?? 1;
    const block = deflateRawSync(bytes, { finishFlush: constants.Z_FULL_FLUSH });
    for (let i = 0; i < times; i += 1) blocks.push(block);
    size += bytes.length * times;
    if (size < 100_000_000) for (let i = 0; i < times; i += 1) crc = crc32(bytes, crc); // beyond that nobody checks it
  }
  blocks.push(Buffer.from([0x03, 0x00])); // a final, empty block ends the stream
  return { name, compressed: Buffer.concat(blocks), size: declaredSize ?? size, crc };
}

/** A zip archive of `parts`, in order, with the sizes each part declares. */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, "utf8");
    const method = p.method ?? 8;
    const flags = (p.flags ?? 0) | 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(p.crc ?? 0, 14);
    local.writeUInt32LE(p.compressed.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(p.crc ?? 0, 16);
    central.writeUInt32LE(p.compressed.length, 20);
    central.writeUInt32LE(p.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.compressed);
    centrals.push(central, name);
    offset += local.length + name.length + p.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A worksheet part's XML around `rows` (the <row> elements). */
export function sheetXml(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`;
}

export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>`;
export const SHEET_TAIL = "</sheetData></worksheet>";

/** Shared strings <si> items → the part's XML. */
export function sharedStringsXml(items: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${items.length}" uniqueCount="${items.length}">${items.map((item) => `<si><t xml:space="preserve">${item}</t></si>`).join("")}</sst>`;
}

/** A styles part whose cell styles have these number formats (built-in ids or custom codes). */
export function stylesXml(formats: (number | string)[]): string {
  const custom = formats.flatMap((format, index) => (typeof format === "string" ? [{ id: 164 + index, code: format }] : []));
  const numFmts = custom.length ? `<numFmts count="${custom.length}">${custom.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${f.code.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"/>`).join("")}</numFmts>` : "";
  const xfs = formats.map((format, index) => `<xf numFmtId="${typeof format === "number" ? format : 164 + index}" fontId="0" fillId="0" borderId="0" xfId="0"/>`).join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${numFmts}<cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs><cellXfs count="${formats.length}">${xfs}</cellXfs></styleSheet>`;
}

export type WorkbookSpec = {
  /** Sheets in order: a name and either rows XML (wrapped by sheetXml) or a ready part (its name is replaced). */
  sheets: { name: string; rows?: string; part?: ZipPart }[];
  sharedStrings?: ZipPart | string[];
  styles?: string;
  date1904?: boolean;
  /** Parts the workbook carries but an import does not need (images, drawings, docProps). */
  extra?: ZipPart[];
};

/** A minimal workbook as Excel lays it out: content types, relationships, workbook, sheets. */
export function xlsxOf(spec: WorkbookSpec): Buffer {
  const rels = spec.sheets.map((_, index) => `<Relationship Id="rId${index + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`);
  if (spec.sharedStrings) rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (spec.styles) rels.push(`<Relationship Id="rIdY" Type="${REL}/styles" Target="/xl/styles.xml"/>`);
  const parts: ZipPart[] = [
    part("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`),
    part("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    part(
      "xl/workbook.xml",
      `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>${spec.date1904 ? '<workbookPr date1904="1"/>' : "<workbookPr/>"}<sheets>${spec.sheets
        .map((sheet, index) => `<sheet name="${sheet.name.replace(/&/g, "&amp;")}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`)
        .join("")}</sheets></workbook>`,
    ),
    part("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`),
  ];
  spec.sheets.forEach((sheet, index) => {
    const name = `xl/worksheets/sheet${index + 1}.xml`;
    parts.push(sheet.part ? { ...sheet.part, name } : part(name, sheetXml(sheet.rows ?? "")));
  });
  if (spec.sharedStrings) parts.push(Array.isArray(spec.sharedStrings) ? part("xl/sharedStrings.xml", sharedStringsXml(spec.sharedStrings)) : { ...spec.sharedStrings, name: "xl/sharedStrings.xml" });
  if (spec.styles) parts.push(part("xl/styles.xml", spec.styles));
  parts.push(...(spec.extra ?? []));
  return zipOf(parts);
}

/** An inline-string cell. */
export const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
