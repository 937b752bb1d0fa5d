// A bounded .xlsx reader for imports (issue 12): it reads the zip's central directory itself, checks
// every part's declared size and compression ratio before inflating it and the actual size while
// inflating, reads only the parts an import needs (the workbook, its relationships, styles for date
// formats, shared strings and the sheets asked for), and hands rows one at a time to a visitor that
// may stop the scan (an import stops at its row limit). Pure over a Buffer; it yields to the event
// loop every million characters of XML, so a large sheet does not stall other requests. Exports still
// write with exceljs, which loads a whole workbook and every part of it into memory, so not to read.
//
// Cells come out as text, numbers, Dates (numbers whose style is a date format, as exceljs reads
// them) or a FormulaCell: a formula's cached result is never returned, since it is whatever the file
// says it is (a cell may show one payee and cache another).
import { inflateRawSync } from "node:zlib";

/**
 * What one uploaded workbook can make the server do. The upload itself is at most 5 MB
 * (MAX_IMPORT_BYTES in app/models/cost/io/payment-import.server.ts); these bound what it unpacks to.
 */
export const XLSX_LIMITS = {
  /** Entries in the zip's central directory. */
  maxEntries: 10_000,
  /** Uncompressed bytes of any one part read (a sheet's XML, the shared strings). */
  maxPartBytes: 20_000_000,
  /** Uncompressed bytes of the workbook, relationships and styles parts. */
  maxMetaPartBytes: 5_000_000,
  /** Uncompressed bytes read from one file in all (several sheets may be searched for the header row). */
  maxTotalBytes: 50_000_000,
  /** Declared uncompressed:compressed ratio above which a part larger than ratioFloorBytes is refused unread. */
  maxRatio: 400,
  ratioFloorBytes: 1_000_000,
  /** Characters in one cell: Excel's own limit. */
  maxCellChars: 32_767,
} as const;

export type XlsxLimits = { [K in keyof typeof XLSX_LIMITS]: number };

/** Excel's grid. */
const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

/** A cell holding a formula: refused by imports, whatever result the file caches for it. */
export class FormulaCell {
  constructor(readonly formula: string) {}
}

export type SheetCell = string | number | Date | FormulaCell | null;
/**
 * A row with at least one non-empty cell; `number` is the spreadsheet's 1-based row number. `cells`
 * is indexed by column (0 = A) and may be sparse: an empty cell is a hole or null.
 */
export type SheetRow = { number: number; cells: SheetCell[] };
/** Called for each non-empty row in order; return false to stop reading the sheet. */
export type RowVisitor = (row: SheetRow) => boolean | void;

export type SheetReadErrorCode = "unreadable" | "too_large" | "cell_too_long";

/** Why a workbook (or CSV file) was refused; `limit` is the limit that was hit: bytes for too_large, characters for cell_too_long. */
export class SheetReadError extends Error {
  constructor(
    readonly code: SheetReadErrorCode,
    readonly limit?: number,
  ) {
    super(`spreadsheet: ${code}${limit === undefined ? "" : ` (limit ${limit})`}`);
  }
}

const unreadable = () => new SheetReadError("unreadable");

// ─── Zip ─────────────────────────────────────────────────────────────────────

type ZipEntry = { name: string; method: number; flags: number; compressedSize: number; size: number; localOffset: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The central directory: entry names (lower case, no leading "/") → where and how each is stored. */
function centralDirectory(data: Buffer, limits: XlsxLimits): Map<string, ZipEntry> {
  // The end-of-central-directory record is the last 22 bytes plus a comment of at most 65,535.
  let eocd = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at -= 1) {
    if (data.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw unreadable();
  const disk = data.readUInt16LE(eocd + 4);
  const directoryDisk = data.readUInt16LE(eocd + 6);
  const count = data.readUInt16LE(eocd + 10);
  const directorySize = data.readUInt32LE(eocd + 12);
  const directoryOffset = data.readUInt32LE(eocd + 16);
  // Multi-disk and Zip64 archives (0xFFFF/0xFFFFFFFF markers) are never needed for a 5 MB upload.
  if (disk !== 0 || directoryDisk !== 0 || count === 0xffff || directoryOffset === 0xffffffff) throw unreadable();
  if (count > limits.maxEntries) throw unreadable();
  if (directoryOffset + directorySize > eocd) throw unreadable();

  const entries = new Map<string, ZipEntry>();
  let at = directoryOffset;
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > eocd || data.readUInt32LE(at) !== CENTRAL) throw unreadable();
    const flags = data.readUInt16LE(at + 8);
    const method = data.readUInt16LE(at + 10);
    const compressedSize = data.readUInt32LE(at + 20);
    const size = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const localOffset = data.readUInt32LE(at + 42);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > eocd) throw unreadable();
    const name = data.toString(flags & 0x800 ? "utf8" : "latin1", at + 46, at + 46 + nameLength);
    const key = partKey(name);
    // Two entries of one name would let two readers see two different files: refuse.
    if (entries.has(key)) throw unreadable();
    entries.set(key, { name, method, flags, compressedSize, size, localOffset });
    at = end;
  }
  return entries;
}

/** Part names are case-insensitive (OPC); "/xl/x.xml" and "xl/x.xml" are one part. */
function partKey(name: string): string {
  return name.replace(/^\/+/, "").toLowerCase();
}

/** Before inflating anything: what the entry declares must be readable and within the limits. */
function checkDeclared(entry: ZipEntry, maxBytes: number, limits: XlsxLimits) {
  if (entry.flags & 0x1) throw unreadable(); // encrypted
  if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) throw unreadable(); // Zip64
  if (entry.size > maxBytes) throw new SheetReadError("too_large", maxBytes);
  if (entry.size > limits.ratioFloorBytes && entry.size > entry.compressedSize * limits.maxRatio) throw new SheetReadError("too_large", maxBytes);
}

/** One part's bytes (checked by checkDeclared), inflated no further than its declared size. */
function inflateEntry(data: Buffer, entry: ZipEntry): Buffer {
  const local = entry.localOffset;
  if (local + 30 > data.length || data.readUInt32LE(local) !== LOCAL) throw unreadable();
  const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
  const end = start + entry.compressedSize;
  if (end > data.length) throw unreadable();
  const stored = data.subarray(start, end);

  let bytes: Buffer;
  if (entry.method === 0) {
    bytes = stored;
  } else if (entry.method === 8) {
    try {
      // Stops as soon as the output passes the declared size: a part that lies about its size
      // costs no more than one that tells the truth.
      bytes = inflateRawSync(stored, { maxOutputLength: Math.max(entry.size, 1) });
    } catch {
      throw unreadable();
    }
  } else {
    throw unreadable(); // other compression methods are not written by spreadsheet programs
  }
  if (bytes.length !== entry.size) throw unreadable();
  return bytes;
}

// ─── XML ─────────────────────────────────────────────────────────────────────

type XmlHandler = {
  /** A start tag (local name, raw attribute text); return false to stop. */
  open(name: string, attributes: string, selfClosing: boolean): boolean | void;
  /** An end tag; return false to stop. */
  close(name: string): boolean | void;
  /** Whether text (character data) is wanted now: only then is it cut out of the document. */
  capturing(): boolean;
  text(raw: string, cdata: boolean): void;
};

const localName = (qualified: string) => {
  const colon = qualified.indexOf(":");
  return colon === -1 ? qualified : qualified.slice(colon + 1);
};

/**
 * A small, non-validating XML scanner for the SpreadsheetML subset: elements, attributes, text,
 * CDATA, comments and processing instructions. A DOCTYPE is refused (OOXML has none, and entity
 * definitions are how XML bombs work); only the five predefined and numeric entities are expanded.
 * Scans from `from` until the handler stops it or the end (→ -1), or until `budget` characters are
 * behind it (→ where to go on, always at a tag boundary).
 */
function scanXml(xml: string, handler: XmlHandler, from: number, budget: number): number {
  const length = xml.length;
  let at = from;
  while (at < length) {
    if (at - from >= budget) return at;
    const lt = xml.indexOf("<", at);
    if (lt === -1) break;
    if (lt > at && handler.capturing()) handler.text(xml.slice(at, lt), false);
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) {
      if (xml.startsWith("<!--", lt)) {
        const end = xml.indexOf("-->", lt + 4);
        if (end === -1) throw unreadable();
        at = end + 3;
      } else if (xml.startsWith("<![CDATA[", lt)) {
        const end = xml.indexOf("]]>", lt + 9);
        if (end === -1) throw unreadable();
        if (handler.capturing()) handler.text(xml.slice(lt + 9, end), true);
        at = end + 3;
      } else {
        throw unreadable(); // <!DOCTYPE …> and anything else
      }
      continue;
    }
    if (next === 0x3f /* ? */) {
      const end = xml.indexOf("?>", lt + 2);
      if (end === -1) throw unreadable();
      at = end + 2;
      continue;
    }
    const gt = tagEnd(xml, lt);
    if (next === 0x2f /* / */) {
      if (handler.close(localName(xml.slice(lt + 2, gt).trim())) === false) return -1;
    } else {
      const selfClosing = xml.charCodeAt(gt - 1) === 0x2f;
      const body = xml.slice(lt + 1, selfClosing ? gt - 1 : gt);
      const space = body.search(/[\s]/);
      const name = space === -1 ? body : body.slice(0, space);
      if (name === "") throw unreadable();
      const attributes = space === -1 ? "" : body.slice(space);
      const local = localName(name);
      if (handler.open(local, attributes, selfClosing) === false) return -1;
      if (selfClosing && handler.close(local) === false) return -1;
    }
    at = gt + 1;
  }
  return -1;
}

/** Characters scanned between two yields to the event loop (a few tens of milliseconds of work). */
const SLICE_CHARS = 1_000_000;

/** scanXml in slices, letting other requests run in between: a 20 MB sheet does not stall the server. */
async function scan(xml: string, handler: XmlHandler): Promise<void> {
  let at = 0;
  while ((at = scanXml(xml, handler, at, SLICE_CHARS)) !== -1) await new Promise((resolve) => setImmediate(resolve));
}

/** The ">" that ends the tag opened at `lt`, skipping quoted attribute values (they may hold ">"). */
function tagEnd(xml: string, lt: number): number {
  let quote = 0;
  for (let at = lt + 1; at < xml.length; at += 1) {
    const char = xml.charCodeAt(at);
    if (quote !== 0) {
      if (char === quote) quote = 0;
    } else if (char === 0x22 || char === 0x27) {
      quote = char;
    } else if (char === 0x3e) {
      return at;
    } else if (char === 0x3c) {
      throw unreadable();
    }
  }
  throw unreadable();
}

const attributePatterns = new Map<string, RegExp>();

/** An attribute's decoded value by local name ("r:id" matches "id"), or undefined. */
function attribute(attributes: string, name: string): string | undefined {
  if (attributes === "") return undefined;
  let pattern = attributePatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attributePatterns.set(name, pattern);
  }
  const match = pattern.exec(attributes);
  if (!match) return undefined;
  return decodeEntities(match[1] ?? match[2]);
}

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1] === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity] ?? whole;
  });
}

/** SpreadsheetML's own escape for characters XML cannot hold: _x000D_ is a carriage return. */
function decodeXstring(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Collects the text of the elements a handler marks. It gives up well before joining a text far past
 * the cell limit (the exact limit is checked on the decoded text; _x000D_-style escapes shrink 7 to 1).
 */
class TextBuffer {
  private parts: string[] = [];
  private rawLength = 0;
  active = false;
  constructor(private readonly maxChars: number) {}
  start() {
    this.parts = [];
    this.rawLength = 0;
    this.active = true;
  }
  add(raw: string, cdata: boolean) {
    const text = cdata ? raw : decodeEntities(raw);
    this.rawLength += text.length;
    if (this.rawLength > this.maxChars * 8) throw new SheetReadError("cell_too_long", this.maxChars);
    this.parts.push(text);
  }
  stop(): string {
    this.active = false;
    return this.parts.join("");
  }
}

/** Text longer than a cell may hold is refused, wherever it is in the file. */
function checkCell(text: string, maxChars: number): string {
  if (text.length > maxChars) throw new SheetReadError("cell_too_long", maxChars);
  return text;
}

// ─── Workbook ────────────────────────────────────────────────────────────────

type Relationship = { type: string; target: string };

/** Relationship Id → type (last path segment, e.g. "worksheet") and part key, resolved against `base`. */
async function readRelationships(xml: string, base: string): Promise<Map<string, Relationship>> {
  const relationships = new Map<string, Relationship>();
  await scan(xml, {
    open(name, attributes) {
      if (name !== "Relationship") return;
      if (attribute(attributes, "TargetMode") === "External") return;
      const id = attribute(attributes, "Id");
      const type = attribute(attributes, "Type");
      const target = attribute(attributes, "Target");
      if (id && type && target) relationships.set(id, { type: type.slice(type.lastIndexOf("/") + 1), target: resolvePart(base, target) });
    },
    close() {},
    capturing: () => false,
    text() {},
  });
  return relationships;
}

/** A relationship target resolved to a part key: "/xl/a.xml" as is, "worksheets/s.xml" against the source's folder. */
function resolvePart(base: string, target: string): string {
  const segments = target.startsWith("/") ? [] : base.split("/").slice(0, -1);
  for (const segment of target.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return partKey(segments.join("/"));
}

/** The relationships part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels. */
function relationshipsPart(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/**
 * Whether a number format shows a date or time (as exceljs decides, also for the built-in CJK
 * formats it leaves out): y, m, d, h, s or b outside quotes, brackets and escapes.
 */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\\./g, "")
    .replace(/[_*]./g, "");
  return /[ymdhsb]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** Built-in number formats that are dates or times (ECMA-376 18.8.30, with the zh/ja/ko ones). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** For each cell style index, whether it formats numbers as dates. */
async function readDateStyles(xml: string): Promise<boolean[]> {
  const customFormats = new Map<number, string>();
  const dateStyles: boolean[] = [];
  let inCellXfs = false;
  await scan(xml, {
    open(name, attributes) {
      if (name === "numFmt") {
        const id = Number(attribute(attributes, "numFmtId"));
        customFormats.set(id, attribute(attributes, "formatCode") ?? "");
      } else if (name === "cellXfs") {
        inCellXfs = true;
      } else if (name === "xf" && inCellXfs) {
        const id = Number(attribute(attributes, "numFmtId") ?? 0);
        const custom = customFormats.get(id);
        dateStyles.push(custom !== undefined ? isDateFormat(custom) : BUILTIN_DATE_FORMATS.has(id));
      }
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
    capturing: () => false,
    text() {},
  });
  return dateStyles;
}

/** The shared-string table: each <si>'s text (runs joined, phonetic runs left out). */
async function readSharedStrings(xml: string, maxCellChars: number): Promise<string[]> {
  const strings: string[] = [];
  const text = new TextBuffer(maxCellChars);
  let inItem = false;
  let phonetic = 0;
  let itemText = "";
  await scan(xml, {
    open(name) {
      if (name === "si") {
        inItem = true;
        itemText = "";
      } else if (name === "rPh") {
        phonetic += 1;
      } else if (name === "t" && inItem && phonetic === 0) {
        text.start();
      }
    },
    close(name) {
      if (name === "t" && text.active) {
        itemText += text.stop();
        if (itemText.length > maxCellChars * 8) throw new SheetReadError("cell_too_long", maxCellChars);
      } else if (name === "rPh") phonetic = Math.max(0, phonetic - 1);
      else if (name === "si") {
        strings.push(checkCell(decodeXstring(itemText), maxCellChars));
        inItem = false;
      }
    },
    capturing: () => text.active,
    text: (raw, cdata) => text.add(raw, cdata),
  });
  return strings;
}

/** "AB12" → 28; null when it is not a cell reference. */
function columnOf(reference: string): number | null {
  const match = /^\$?([A-Za-z]{1,3})\$?\d*$/.exec(reference);
  if (!match) return null;
  let column = 0;
  for (const letter of match[1].toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column;
}

/** An Excel serial date → the instant, as exceljs reads it (UTC, rounded to the millisecond). */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

export type XlsxWorkbook = {
  /** Worksheet names in workbook order (chart sheets are left out). */
  sheets: string[];
  /** Reads sheet `index` row by row, until the end or until `visit` returns false. */
  scanSheet(index: number, visit: RowVisitor): Promise<void>;
};

/**
 * Opens an .xlsx held in memory. Throws SheetReadError: "unreadable" (not a workbook, damaged, encrypted,
 * a part that inflates to other than its declared size), "too_large" (a part or the whole past the
 * limits) or "cell_too_long". Nothing is inflated until it is needed.
 */
export async function openXlsx(data: Buffer, limits: XlsxLimits = XLSX_LIMITS): Promise<XlsxWorkbook> {
  const entries = centralDirectory(data, limits);
  let inflatedTotal = 0;
  const readPart = (key: string, maxBytes: number): string | null => {
    const entry = entries.get(key);
    if (!entry) return null;
    checkDeclared(entry, maxBytes, limits);
    if (inflatedTotal + entry.size > limits.maxTotalBytes) throw new SheetReadError("too_large", limits.maxTotalBytes);
    const bytes = inflateEntry(data, entry);
    inflatedTotal += bytes.length;
    return bytes.toString("utf8");
  };

  const rootRelationships = readPart("_rels/.rels", limits.maxMetaPartBytes);
  const office = rootRelationships ? [...(await readRelationships(rootRelationships, "")).values()].find((r) => r.type === "officeDocument") : undefined;
  const workbookPart = office?.target ?? "xl/workbook.xml";
  const workbookXml = readPart(workbookPart, limits.maxMetaPartBytes);
  if (workbookXml === null) throw unreadable();
  const relationships = await readRelationships(readPart(relationshipsPart(workbookPart), limits.maxMetaPartBytes) ?? "", workbookPart);

  let date1904 = false;
  const sheets: { name: string; part: string }[] = [];
  await scan(workbookXml, {
    open(name, attributes) {
      if (name === "workbookPr") {
        const value = attribute(attributes, "date1904");
        date1904 = value === "1" || value === "true";
      } else if (name === "sheet") {
        const relationship = relationships.get(attribute(attributes, "id") ?? "");
        if (relationship?.type === "worksheet") sheets.push({ name: attribute(attributes, "name") ?? "", part: relationship.target });
      }
    },
    close() {},
    capturing: () => false,
    text() {},
  });

  // Styles and shared strings are read once, when the first sheet is.
  let shared: { dateStyles: boolean[]; strings: string[] } | null = null;
  const sharedParts = async () => {
    if (!shared) {
      const part = (type: string) => [...relationships.values()].find((r) => r.type === type)?.target;
      const stylesPart = part("styles");
      const stringsPart = part("sharedStrings");
      const stylesXml = stylesPart ? readPart(stylesPart, limits.maxMetaPartBytes) : null;
      const stringsXml = stringsPart ? readPart(stringsPart, limits.maxPartBytes) : null;
      shared = {
        dateStyles: stylesXml ? await readDateStyles(stylesXml) : [],
        strings: stringsXml ? await readSharedStrings(stringsXml, limits.maxCellChars) : [],
      };
    }
    return shared;
  };

  return {
    sheets: sheets.map((sheet) => sheet.name),
    async scanSheet(index, visit) {
      const sheet = sheets[index];
      if (!sheet) throw new RangeError(`no sheet ${index}`);
      const { dateStyles, strings } = await sharedParts();
      const xml = readPart(sheet.part, limits.maxPartBytes);
      if (xml === null) throw unreadable();
      await scanSheetXml(xml, { dateStyles, strings, date1904, maxCellChars: limits.maxCellChars }, visit);
    },
  };
}

type SheetContext = { dateStyles: boolean[]; strings: string[]; date1904: boolean; maxCellChars: number };

/** The rows of a worksheet part, in document order, each handed to `visit` as soon as it ends. */
async function scanSheetXml(xml: string, context: SheetContext, visit: RowVisitor): Promise<void> {
  const { dateStyles, strings, date1904, maxCellChars } = context;
  const text = new TextBuffer(maxCellChars);
  let inSheetData = false;
  let rowNumber = 0;
  let cells: SheetCell[] = [];
  let hasValue = false;
  let column = 0;
  let cell: { type: string; style: number; value: string | null; formula: string | null; inline: string | null; inInline: boolean; phonetic: number; capture: "v" | "f" | "t" | null } | null = null;

  const finishCell = () => {
    if (!cell) return;
    const value = cellValue(cell);
    if (value !== null) {
      cells[column - 1] = value; // sparse: a lone cell in column XFD costs one slot, not 16,384
      hasValue = true;
    }
    cell = null;
  };

  const cellValue = (c: NonNullable<typeof cell>): SheetCell => {
    if (c.formula !== null) return new FormulaCell(c.formula);
    if (c.type === "inlineStr") return c.inline === null ? null : checkCell(decodeXstring(c.inline), maxCellChars);
    if (c.value === null) return null;
    switch (c.type) {
      case "s": {
        const index = Number(c.value);
        if (!Number.isInteger(index) || index < 0 || index >= strings.length) throw unreadable();
        return strings[index];
      }
      case "str":
        return decodeXstring(c.value);
      case "b":
        return c.value.trim() === "1" || c.value.trim() === "true" ? "true" : "false";
      case "e":
        return c.value; // "#N/A" and the like: fails validation as text
      case "d": {
        const date = new Date(c.value);
        return Number.isNaN(date.getTime()) ? c.value : date;
      }
      default: {
        const trimmed = c.value.trim();
        if (trimmed === "") return null;
        const number = Number(trimmed);
        if (!Number.isFinite(number)) return c.value; // not a number: fails validation as text
        return dateStyles[c.style] ? excelDate(number, date1904) : number;
      }
    }
  };

  await scan(xml, {
    open(name, attributes, selfClosing) {
      if (!inSheetData) {
        if (name === "sheetData") inSheetData = true;
        return;
      }
      if (name === "row") {
        const r = attribute(attributes, "r");
        const number = r === undefined ? rowNumber + 1 : Number(r);
        if (!Number.isInteger(number) || number < 1 || number > MAX_ROW) throw unreadable();
        rowNumber = number;
        cells = [];
        hasValue = false;
        column = 0;
      } else if (name === "c") {
        const reference = attribute(attributes, "r");
        const at = reference === undefined ? column + 1 : columnOf(reference);
        if (at === null || at < 1 || at > MAX_COLUMN) throw unreadable();
        column = at;
        if (!selfClosing) {
          cell = { type: attribute(attributes, "t") ?? "n", style: Number(attribute(attributes, "s") ?? 0), value: null, formula: null, inline: null, inInline: false, phonetic: 0, capture: null };
        }
      } else if (cell) {
        if (name === "v") {
          cell.capture = "v";
          text.start();
        } else if (name === "f") {
          cell.formula ??= "";
          cell.capture = "f";
          text.start();
        } else if (name === "is") {
          cell.inInline = true;
          cell.inline ??= "";
        } else if (name === "rPh") {
          cell.phonetic += 1;
        } else if (name === "t" && cell.inInline && cell.phonetic === 0) {
          cell.capture = "t";
          text.start();
        }
      }
    },
    close(name) {
      if (!inSheetData) return;
      if (name === "sheetData") return false; // what follows (merges, links, extensions) is not needed
      if (cell && cell.capture !== null && name === cell.capture) {
        const captured = text.stop();
        if (cell.capture === "v") cell.value = checkCell(captured, maxCellChars);
        else if (cell.capture === "f") cell.formula = checkCell(captured, maxCellChars);
        else if ((cell.inline = (cell.inline ?? "") + captured).length > maxCellChars * 8) throw new SheetReadError("cell_too_long", maxCellChars);
        cell.capture = null;
        return;
      }
      if (name === "rPh" && cell) cell.phonetic = Math.max(0, cell.phonetic - 1);
      else if (name === "is" && cell) cell.inInline = false;
      else if (name === "c") finishCell();
      else if (name === "row") {
        finishCell();
        if (hasValue && visit({ number: rowNumber, cells }) === false) return false;
        cells = [];
        hasValue = false;
      }
    },
    capturing: () => text.active,
    text: (raw, cdata) => text.add(raw, cdata),
  });
}
