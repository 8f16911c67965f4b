import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvLine, toCsv } from "../../src/lib/csv";

describe("the CSV writer", () => {
  it("neutralises text that a spreadsheet would run as a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t"]) expect(csvCell(`${start}SUM(A1:A9)`)).toBe(`'${start}SUM(A1:A9)`);
    expect(csvCell("\r1+1")).toBe(`"'\r1+1"`);
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("+86 10 1234")).toBe("'+86 10 1234");
    // Text with the characters elsewhere, and numbers, are data.
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("社区-街道")).toBe("社区-街道");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(2.5)).toBe("2.5");
  });

  it("quotes per RFC 4180", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("cr\rlf")).toBe('"cr\rlf"');
    expect(csvCell("plain 文本")).toBe("plain 文本");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(true)).toBe("true");
  });

  it("writes records with CRLF and a byte-order mark unless told not to", () => {
    expect(csvLine(["a", 1, null])).toBe("a,1,\r\n");
    expect(csvLine([])).toBe("\r\n");
    expect(
      toCsv([
        ["name", "n"],
        ["甲,乙", 2],
      ]),
    ).toBe(`${CSV_BOM}name,n\r\n"甲,乙",2\r\n`);
    expect(toCsv([["x"]], { bom: false })).toBe("x\r\n");
  });
});
