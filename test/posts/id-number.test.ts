import { describe, expect, it } from "vitest";
import { idBirthDate, idCheckCharacter, isValidIdNumber, isValidMobile, normalizeMobile } from "../../src/lib/id-number";
import { countRows } from "../helpers";
import { districtWith } from "../fixtures/district";
import { idNumber, json, POSTS_CAST } from "./fixtures";

// 居民身份证号码 per GB 11643-1999 and mainland mobile numbers: real-format numbers pass,
// every single-character change and adjacent swap is caught, and the forms say which
// field is wrong.

const TODAY = "2026-11-26";
// The standard's own example and numbers built like real ones (address code, birth date, sequence).
const REAL = ["11010519491231002X", idNumber("19900312", "284", "150203"), idNumber("20000416", "102", "150203"), idNumber("19790114", "071", "150202")];

describe("ID number check character (GB 11643)", () => {
  it("accepts real-format numbers, with the X upper- or lower-case", () => {
    for (const id of REAL) expect(isValidIdNumber(id, TODAY), id).toBe(true);
    expect(isValidIdNumber("11010519491231002x", TODAY)).toBe(true);
    expect(idCheckCharacter("11010519491231002")).toBe("X");
    expect(idBirthDate("11010519491231002X")).toBe("1949-12-31");
    // The standard's other example, born in 1880, is well formed but no longer a plausible person.
    expect(idCheckCharacter("44052418800101001")).toBe("4");
    expect(isValidIdNumber("440524188001010014", TODAY)).toBe(false);
  });

  it("refuses every single changed character and every swap of two different neighbours", () => {
    for (const id of REAL) {
      for (let i = 0; i < 18; i++) {
        for (const ch of "0123456789X") {
          if (ch === id[i] || (i < 17 && ch === "X")) continue;
          const mutated = id.slice(0, i) + ch + id.slice(i + 1);
          // A change in the date may leave a real date and a valid check only if the check also changed: it cannot.
          expect(isValidIdNumber(mutated, TODAY), `${id} → ${mutated}`).toBe(false);
        }
      }
      for (let i = 0; i < 17; i++) {
        if (id[i] === id[i + 1]) continue;
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        expect(isValidIdNumber(swapped, TODAY), `${id} swapped at ${i}`).toBe(false);
      }
    }
  });

  it("refuses wrong lengths, letters, impossible or future birth dates and unknown provinces even with a right check character", () => {
    const withCheck = (first17: string) => first17 + idCheckCharacter(first17);
    expect(isValidIdNumber("11010519491231002", TODAY)).toBe(false); // 17 characters
    expect(isValidIdNumber("11010519491231002X1", TODAY)).toBe(false);
    expect(isValidIdNumber("1101051949123100AX", TODAY)).toBe(false);
    expect(isValidIdNumber(withCheck("15020319900230123"), TODAY)).toBe(false); // 30 February
    expect(isValidIdNumber(withCheck("15020319901301123"), TODAY)).toBe(false); // month 13
    expect(isValidIdNumber(withCheck("15020320301212123"), TODAY)).toBe(false); // born in the future
    expect(isValidIdNumber(withCheck("15020318800101123"), TODAY)).toBe(false); // before 1900
    expect(isValidIdNumber(withCheck("99020319900101123"), TODAY)).toBe(false); // no province 99
    expect(isValidIdNumber(withCheck("15020319960229123"), TODAY)).toBe(true); // a leap day
  });
});

describe("mobile phone numbers", () => {
  it("accepts mainland mobiles in the ways people write them, stored as 11 digits", () => {
    for (const phone of ["13812345678", "199 4723 1006", "+86 158-4720-1234", "008615847201234"]) expect(isValidMobile(phone), phone).toBe(true);
    expect(normalizeMobile("+86 158-4720-1234")).toBe("15847201234");
  });

  it("refuses landlines, short numbers and numbers not starting 13-19", () => {
    for (const phone of ["0472-5123456", "1381234567", "138123456789", "12812345678", "23812345678", "1381234567a"]) expect(isValidMobile(phone), phone).toBe(false);
  });
});

describe("forms", () => {
  it("answers 422 field by field for a bad ID number and phone, and stores nothing", async () => {
    const d = await districtWith("210101", POSTS_CAST);
    const good = idNumber("19900312", "284");
    const mutated = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    const res = await d.admin.b.api(d.path("/api/v1/workers"), {
      method: "POST",
      json: { name: "张三", areaCode: `${d.code}001`, qualification: "none", certificateNo: "", idNumber: mutated, phone: "0472-5123456" },
    });
    const problem = await json<{ errors: { field: string; code: string }[] }>(res, 422);
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: "idNumber", code: "id_number_invalid" }), expect.objectContaining({ field: "phone", code: "phone_invalid" })]));
    expect(await countRows(d.db, "social_workers", "district_id = ?", d.code)).toBe(0);

    // The page shows the same in words, next to the fields, with what was typed kept.
    const page = await d.admin.b.submit(d.path("/workers"), { name: "张三", areaCode: `${d.code}001`, qualification: "none", certificateNo: "", idNumber: mutated, phone: "12345" });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain("身份证号码无效");
    expect(html).toContain("请输入有效的手机号码");
    expect(html).toContain(`value="${mutated}"`);

    const ok = await d.admin.b.api(d.path("/api/v1/workers"), {
      method: "POST",
      json: { name: "张三", areaCode: `${d.code}001`, qualification: "none", certificateNo: "", idNumber: good.toLowerCase(), phone: "+86 139 0472 1188" },
    });
    const created = await json<{ idNumberMasked: string; phoneMasked: string }>(ok, 201);
    expect(created.idNumberMasked).toBe(`${good.slice(0, 6)}********${good.slice(-4)}`);
    expect(created.phoneMasked).toBe("139****1188");
  });
});
