// RFC 4180 CSV read record by record, with the same row visitor as the .xlsx reader, so an import
// stops at its row limit instead of splitting the whole file first. Bounded like a workbook: a field
// holds at most XLSX_LIMITS.maxCellChars characters and a record at most Excel's 16,384 columns.
import { SheetReadError, XLSX_LIMITS, type RowVisitor, type SheetCell } from "./xlsx-reader.server";

const MAX_COLUMNS = 16_384;

/**
 * Comma separated, "quoted" fields with "" for a quote, CRLF/LF/CR line ends. Records whose fields are
 * all empty are skipped; a record's number is its position in the file (1-based), counting those.
 * Throws SheetReadError: "unreadable" for an unterminated quote (it would swallow the rest of the
 * file) or too many columns, "cell_too_long" for a field past the limit.
 */
export function scanCsv(text: string, visit: RowVisitor, maxCellChars: number = XLSX_LIMITS.maxCellChars): void {
  let record: SheetCell[] = [];
  let hasValue = false;
  let field = "";
  let quoted = false;
  let number = 0;
  let i = 0;
  const addChar = (char: string) => {
    field += char;
    if (field.length > maxCellChars) throw new SheetReadError("cell_too_long", maxCellChars);
  };
  const endField = () => {
    if (record.length >= MAX_COLUMNS) throw new SheetReadError("unreadable");
    record.push(field);
    if (field !== "") hasValue = true;
    field = "";
  };
  /** False when the visitor asked to stop. */
  const endRecord = (): boolean => {
    endField();
    number += 1;
    const keepGoing = hasValue ? visit({ number, cells: record }) !== false : true;
    record = [];
    hasValue = false;
    return keepGoing;
  };
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          addChar('"');
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        addChar(char);
      }
      i += 1;
      continue;
    }
    if (char === '"' && field === "") quoted = true;
    else if (char === ",") endField();
    else if (char === "\r" || char === "\n") {
      if (!endRecord()) return;
      if (char === "\r" && text[i + 1] === "\n") i += 1;
    } else addChar(char);
    i += 1;
  }
  if (quoted) throw new SheetReadError("unreadable");
  if (field !== "" || record.length > 0) endRecord();
}
