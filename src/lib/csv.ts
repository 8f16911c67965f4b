// The one CSV writer behind every export: RFC 4180 quoting, CRLF line ends, and cells a
// spreadsheet would run as a formula neutralised. Files people open in Excel start with
// a UTF-8 byte-order mark, without which Excel on Chinese Windows misreads the text.

export type CsvValue = string | number | boolean | null | undefined;

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";
export const CSV_BOM = "\uFEFF";

// A text cell starting with one of these is read as a formula (CWE-1236); a leading
// single quote makes the spreadsheet show it as text. Numbers are data, never formulas.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: neutralised when it would start a formula, quoted when it holds , " CR or LF. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF line end. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** A whole file; with the byte-order mark unless bom is false. */
export function toCsv(rows: readonly (readonly CsvValue[])[], options: { bom?: boolean } = {}): string {
  return `${options.bom === false ? "" : CSV_BOM}${rows.map(csvLine).join("")}`;
}

/**
 * A file sent as it is read, each chunk of rows `chunks` yields (the header with the
 * first) encoded when the reader wants more: a file of any length holds one chunk in memory.
 */
export function csvStream(chunks: AsyncIterable<readonly (readonly CsvValue[])[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = chunks[Symbol.asyncIterator]();
  let bom = CSV_BOM;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await it.next();
      if (chunk.done) return controller.close();
      controller.enqueue(encoder.encode(bom + chunk.value.map(csvLine).join("")));
      bom = "";
    },
  });
}
